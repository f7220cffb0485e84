import { renderMail, type RenderedMail } from "./layout";
import { factsParagraph, type SessionFacts } from "./session-facts";

/** "Termin ausgefallen": the session had begun and could not go on. */
export function renderSessionCalledOff(facts: SessionFacts, input: { reason: string }): RenderedMail {
  return renderMail({
    subject: `Termin ausgefallen: ${facts.seriesTitle}, ${facts.when}`,
    paragraphs: [
      "Dieser Termin konnte leider nicht stattfinden:",
      factsParagraph(facts),
      `Grund: ${input.reason}`,
      "Bitte melden Sie sich für einen anderen Termin dieser Reihe an, sobald einer angeboten wird.",
    ],
    action: { label: "Zu den Terminen", url: facts.url },
    reason: "Sie erhalten diese E-Mail, weil Sie für diesen Termin einen Platz hatten.",
  });
}
