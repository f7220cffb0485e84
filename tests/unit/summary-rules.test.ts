import { describe, expect, it } from "vitest";
import { mayEdit, mayPublish, publishProblem, refersToEarlierVersion, sectionText, statusAfterEdit } from "~/summaries/rules";

describe("summary rules", () => {
  it("publishes only an approved revision while co-approval is on, any working one otherwise", () => {
    expect(mayPublish("approved", true)).toBe(true);
    for (const status of ["draft", "in_review", "published", "superseded"] as const) expect(mayPublish(status, true)).toBe(false);
    for (const status of ["draft", "in_review", "approved"] as const) expect(mayPublish(status, false)).toBe(true);
    expect(mayPublish("published", false)).toBe(false);
  });

  it("keeps a revision in review as submitted; editing an approved one takes the approval back", () => {
    expect(mayEdit("in_review")).toBe(false);
    expect(mayEdit("draft")).toBe(true);
    expect(statusAfterEdit("approved")).toBe("draft");
    expect(statusAfterEdit("draft")).toBe("draft");
  });

  it("needs at least one item, each with question and answer", () => {
    expect(publishProblem([])).toBe("empty");
    expect(publishProblem([{ questionText: "Frage?", answer: "  " }])).toBe("item_without_answer");
    expect(publishProblem([{ questionText: "Frage?", answer: "Ja." }])).toBeNull();
  });

  it("marks an item only when its section is of another version and the same anchor's text differs or is gone", () => {
    const old = { versionId: 1, text: sectionText({ body: "Keine Daten.", paragraphs: [{ number: 1, body: "Nie." }] }) };
    expect(refersToEarlierVersion(old, { versionId: 1, text: "anders" })).toBe(false);
    expect(
      refersToEarlierVersion(old, {
        versionId: 2,
        text: sectionText({ body: "Keine  Daten.\n", paragraphs: [{ number: 1, body: "Nie." }] }),
      }),
    ).toBe(false);
    expect(
      refersToEarlierVersion(old, {
        versionId: 2,
        text: sectionText({ body: "Keine Daten.", paragraphs: [{ number: 1, body: "Selten." }] }),
      }),
    ).toBe(true);
    expect(refersToEarlierVersion(old, { versionId: 2, text: null })).toBe(true);
  });
});
