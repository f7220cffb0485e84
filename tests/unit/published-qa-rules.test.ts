// The pure rules of the published Q&A (decision 015): the general group's key, when a section's
// text counts as changed, and how a summary names its source.
import { describe, expect, it } from "vitest";
import { GENERAL_HEADING, generalKey, sameSectionText, summaryTitles } from "~/summaries/published.server";

const section = { number: "§ 6", title: "Datenschutz", body: "", paragraphs: [{ number: 1, body: "Nur in freigegebenen Systemen." }] };

describe("published Q&A rules", () => {
  it("keeps the general group apart from a section anchored 'allgemein'", () => {
    expect(generalKey(new Set(["s1", "s6"]))).toBe("allgemein");
    expect(generalKey(new Set(["allgemein", "s1"]))).toBe("allgemein-ohne-abschnitt");
    expect(GENERAL_HEADING).toBe("Allgemein (ohne Abschnitt)");
  });

  it("counts a section as changed when heading, text or paragraphs differ, not for whitespace", () => {
    expect(sameSectionText(section, { ...section, paragraphs: [{ number: 1, body: "Nur in  freigegebenen\nSystemen." }] })).toBe(true);
    expect(sameSectionText(section, { ...section, title: "Datenschutz und Informationssicherheit" })).toBe(false);
    expect(sameSectionText(section, { ...section, paragraphs: [...section.paragraphs, { number: 2, body: "Sonst anonymisieren." }] })).toBe(
      false,
    );
    expect(sameSectionText(section, { ...section, paragraphs: [{ number: 1, body: "Nur in ausdrücklich freigegebenen Systemen." }] })).toBe(
      false,
    );
  });

  it("names a session summary by its date (Berlin) and a series summary by its title", () => {
    expect(summaryTitles({ kind: "session", startsAt: new Date("2026-03-03T09:00:00Z"), seriesTitle: "Einführung" })).toEqual({
      title: "Fragen und Antworten aus der Infoveranstaltung am Di., 3. März 2026",
      source: "Veranstaltungsreihe „Einführung“",
      itemSource: "aus der Infoveranstaltung am Di., 3. März 2026",
    });
    // 23:30 UTC on 2 March is already 3 March in Berlin.
    expect(summaryTitles({ kind: "session", startsAt: new Date("2026-03-02T23:30:00Z"), seriesTitle: "E" }).title).toMatch(
      /3\. März 2026$/,
    );
    expect(summaryTitles({ kind: "series", seriesTitle: "Für Führungskräfte" })).toEqual({
      title: "Fragen und Antworten: Für Führungskräfte",
      source: "Zusammenfassung der Veranstaltungsreihe",
      itemSource: "aus der Veranstaltungsreihe „Für Führungskräfte“",
    });
  });
});
