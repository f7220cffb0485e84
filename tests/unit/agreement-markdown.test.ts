import { describe, expect, it } from "vitest";
import { paragraphAnchor, sectionAnchor, slugify } from "~/agreement/anchors";
import {
  agreementToMarkdown,
  NO_SECTIONS_MESSAGE,
  parseAgreementMarkdown,
  parseHeading,
  parseSectionText,
  type AgreementDocument,
} from "~/agreement/markdown";
import { BEISPIELTEXT_LABEL, MUSTER_DIENSTVEREINBARUNG_MARKDOWN } from "~/agreement/muster-dienstvereinbarung";

function parse(source: string): AgreementDocument {
  const result = parseAgreementMarkdown(source);
  if (!result.ok) throw new Error(result.errors.map((e) => e.message).join("\n"));
  return result.document;
}

describe("anchors", () => {
  it("are s<number> for a §, s<number>-<n> for a paragraph, and slugs for unnumbered parts", () => {
    expect(sectionAnchor("§ 6", "Datenschutz")).toBe("s6");
    expect(sectionAnchor("§ 6a", "")).toBe("s6a");
    expect(paragraphAnchor("s6", 2)).toBe("s6-2");
    expect(sectionAnchor(null, "Präambel")).toBe("praeambel");
    expect(sectionAnchor("Anlage 1", "Liste der freigegebenen Anwendungen")).toBe("anlage-1");
    expect(slugify("Übergangs- und Schlußbestimmungen")).toBe("uebergangs-und-schlussbestimmungen");
    expect(slugify("Café Größe")).toBe("cafe-groesse");
    expect(slugify("2027 Nachtrag")).toBe("abschnitt-2027-nachtrag");
    expect(slugify("???")).toBe("");
  });
});

describe("parseHeading", () => {
  it("splits number and title, with or without a separator", () => {
    expect(parseHeading("§ 6 Datenschutz, Vertraulichkeit")).toEqual({
      number: "§ 6",
      title: "Datenschutz, Vertraulichkeit",
      anchor: "s6",
    });
    expect(parseHeading("§6 – Datenschutz")).toEqual({ number: "§ 6", title: "Datenschutz", anchor: "s6" });
    expect(parseHeading("§ 14")).toEqual({ number: "§ 14", title: "", anchor: "s14" });
    expect(parseHeading("Präambel")).toEqual({ number: null, title: "Präambel", anchor: "praeambel" });
    expect(parseHeading("Anlage 1: Liste")).toEqual({ number: "Anlage 1", title: "Liste", anchor: "anlage-1" });
    expect(parseHeading("Anlagen")).toEqual({ number: null, title: "Anlagen", anchor: "anlagen" });
  });
});

describe("parseAgreementMarkdown", () => {
  it("reads the title, the intro, numbered and unnumbered sections", () => {
    const doc = parse(
      [
        "\uFEFF# Dienstvereinbarung KI",
        "",
        "Ein Beispiel.",
        "",
        "## Präambel",
        "",
        "Wir nutzen Chancen.",
        "",
        "## § 1 Geltungsbereich",
        "",
        "Gilt für alle.",
        "",
        "## Anlage 1 Liste",
        "",
        "- Textassistent",
      ].join("\r\n"),
    );
    expect(doc.title).toBe("Dienstvereinbarung KI");
    expect(doc.intro).toBe("Ein Beispiel.");
    expect(doc.sections.map((s) => [s.number, s.title, s.anchor, s.body])).toEqual([
      [null, "Präambel", "praeambel", "Wir nutzen Chancen."],
      ["§ 1", "Geltungsbereich", "s1", "Gilt für alle."],
      ["Anlage 1", "Liste", "anlage-1", "- Textassistent"],
    ]);
    expect(doc.sections.every((s) => s.paragraphs.length === 0)).toBe(true);
  });

  it("splits paragraphs at (1), (2) …, keeping a numbered list inside a paragraph", () => {
    const doc = parse(
      [
        "## § 5 Einsatzzwecke",
        "Vorbemerkung.",
        "(1) Zulässig sind:",
        "1. Entwürfe",
        "2. Zusammenfassungen",
        "",
        "(2) Unzulässig ist",
        "die Auswahl von Personal.",
      ].join("\n"),
    );
    const [section] = doc.sections;
    expect(section!.body).toBe("Vorbemerkung.");
    expect(section!.paragraphs).toEqual([
      { number: 1, anchor: "s5-1", body: "Zulässig sind:\n1. Entwürfe\n2. Zusammenfassungen" },
      { number: 2, anchor: "s5-2", body: "Unzulässig ist\ndie Auswahl von Personal." },
    ]);
  });

  it("splits paragraphs at numbered items when there is no (1), with their indented continuation", () => {
    const doc = parse(
      ["## § 10 Qualifizierung", "", "1. Schulung vor dem Zugang.", "   Auch für Vertretungen.", "", "2. Während der Arbeitszeit."].join(
        "\n",
      ),
    );
    expect(doc.sections[0]!.paragraphs).toEqual([
      { number: 1, anchor: "s10-1", body: "Schulung vor dem Zugang.\nAuch für Vertretungen." },
      { number: 2, anchor: "s10-2", body: "Während der Arbeitszeit." },
    ]);
  });

  it("ignores headings and markers inside fenced code", () => {
    const doc = parse(["## § 1 Beispiel", "```", "## § 2 kein Abschnitt", "(1) kein Absatz", "```"].join("\n"));
    expect(doc.sections).toHaveLength(1);
    expect(doc.sections[0]!.paragraphs).toEqual([]);
  });

  it("refuses a file without sections with a German message", () => {
    expect(parseAgreementMarkdown("# Nur ein Titel\n\nUnd etwas Text.\n### Keine zweite Ebene")).toEqual({
      ok: false,
      errors: [{ line: null, message: NO_SECTIONS_MESSAGE }],
    });
    expect(parseAgreementMarkdown("")).toMatchObject({ ok: false });
  });

  it("refuses a duplicate anchor and a duplicate paragraph, naming the lines", () => {
    const result = parseAgreementMarkdown(["## § 6 Datenschutz", "(1) a", "(1) b", "## §6 Noch einmal"].join("\n"));
    expect(result.ok).toBe(false);
    const messages = result.ok ? [] : result.errors.map((e) => e.message);
    expect(messages).toEqual([
      "Zeile 3: Absatz (1) kommt in „§ 6 Datenschutz“ doppelt vor.",
      expect.stringContaining("Zeile 4: „§ 6 Noch einmal“ ergibt dieselbe Sprungmarke „s6“ wie „§ 6 Datenschutz“ in Zeile 1."),
    ]);
  });

  it("refuses an empty heading and one without letters or digits", () => {
    const result = parseAgreementMarkdown(["## ", "## !!!"].join("\n"));
    expect(result.ok ? [] : result.errors.map((e) => e.line)).toEqual([1, 2]);
  });
});

describe("parseSectionText (the section editor)", () => {
  it("re-reads paragraphs from the edited text and refuses a ## heading", () => {
    expect(parseSectionText("Einleitung\n\n(1) Eins\n\n(2) Zwei", "s3", "§ 3")).toEqual({
      ok: true,
      body: "Einleitung",
      paragraphs: [
        { number: 1, anchor: "s3-1", body: "Eins" },
        { number: 2, anchor: "s3-2", body: "Zwei" },
      ],
    });
    const refused = parseSectionText("(1) Eins\n## Neu", "s3", "§ 3");
    expect(refused.ok).toBe(false);
  });
});

describe("the seeded Muster-Dienstvereinbarung", () => {
  const doc = parse(MUSTER_DIENSTVEREINBARUNG_MARKDOWN);

  it("has the Präambel, §§ 1–14 and Anlage 1, labelled as an example", () => {
    expect(doc.intro).toContain(BEISPIELTEXT_LABEL);
    expect(doc.sections.map((s) => s.anchor)).toEqual(["praeambel", ...Array.from({ length: 14 }, (_, i) => `s${i + 1}`), "anlage-1"]);
    for (const section of doc.sections.filter((s) => s.number?.startsWith("§"))) {
      expect(section.paragraphs.length, section.anchor).toBeGreaterThanOrEqual(2);
      expect(section.paragraphs.length, section.anchor).toBeLessThanOrEqual(4);
    }
    expect(doc.sections.find((s) => s.anchor === "s6")!.paragraphs.map((p) => p.anchor)).toEqual(["s6-1", "s6-2", "s6-3"]);
  });

  it("round trip: exported to Markdown and imported again, it has the same sections and paragraphs", () => {
    const again = parse(agreementToMarkdown(doc));
    expect(again).toEqual(doc);
  });

  it("round trip of numbered-item paragraphs: they come back as (n) with the same numbers and text", () => {
    const items = parse("# T\n\n## § 1 A\n\n1. Eins\n   weiter\n2. Zwei\n");
    expect(parse(agreementToMarkdown(items))).toEqual(items);
  });
});
