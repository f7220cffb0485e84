import { renderMail, type RenderedMail } from "./layout";
import { CANCEL_HINT, factsParagraph, type SessionFacts } from "./session-facts";

export type Change = { label: string; old: string; new: string };

export function renderSessionChanged(facts: SessionFacts, input: { changes: Change[]; holdsSeat: boolean }): RenderedMail {
  return renderMail({
    subject: `Termin geändert: ${facts.seriesTitle}, ${facts.when}`,
    paragraphs: [
      "Der Termin, für den Sie angemeldet sind, hat sich geändert:",
      input.changes.map((change) => `${change.label}: ${change.old} → ${change.new}`).join("\n"),
      "Aktuell gilt:",
      factsParagraph(facts),
      input.holdsSeat
        ? `Ihr Kalendereintrag wird mit dieser E-Mail aktualisiert. ${CANCEL_HINT}`
        : "Sie stehen auf der Warteliste; sobald Sie nachrücken, erhalten Sie eine Kalendereinladung.",
    ],
    action: { label: "Zum Termin", url: facts.url },
    reason: "Sie erhalten diese E-Mail, weil Sie für diesen Termin angemeldet sind oder auf der Warteliste stehen.",
  });
}
