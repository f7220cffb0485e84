import { describe, expect, it } from "vitest";
import { auditActionLabel, deletionSummaryText, exportFileName } from "~/privacy/labels";

describe("Meine Daten: words", () => {
  it("says what a deletion did, with singular and plural", () => {
    expect(deletionSummaryText({ cancelledPlaces: 1, anonymisedRegistrations: 1, anonymisedQuestions: 1, removedVotes: 1 })).toBe(
      "1 kommende Anmeldung abgemeldet, 1 Anmeldung anonymisiert, 1 Frage anonymisiert, 1 Stimme entfernt.",
    );
    expect(deletionSummaryText({ cancelledPlaces: 0, anonymisedRegistrations: 2, anonymisedQuestions: 1000, removedVotes: 0 })).toBe(
      "0 kommende Anmeldungen abgemeldet, 2 Anmeldungen anonymisiert, 1.000 Fragen anonymisiert, 0 Stimmen entfernt.",
    );
  });

  it("shows an unknown audit action as stored instead of hiding it", () => {
    expect(auditActionLabel("registration_promoted")).toBe("Nachgerückt");
    expect(auditActionLabel("something_new")).toBe("something_new");
  });

  it("names the download by the German date", () => {
    expect(exportFileName(new Date("2027-03-03T22:30:00Z"))).toBe("meine-daten-2027-03-03.json");
    expect(exportFileName(new Date("2027-03-03T23:30:00Z"))).toBe("meine-daten-2027-03-04.json");
  });
});
