import { renderMail, type RenderedMail } from "./layout";
import { factsParagraph, type SessionFacts } from "./session-facts";

export function renderSessionCancelled(facts: SessionFacts, input: { reason: string }): RenderedMail {
  return renderMail({
    subject: `Veranstaltung abgesagt: ${facts.seriesTitle}, ${facts.when}`,
    paragraphs: [
      "Leider müssen wir diesen Termin absagen:",
      factsParagraph(facts),
      `Grund: ${input.reason}`,
      "Ihre Anmeldung ist damit aufgehoben. Bitte melden Sie sich für einen anderen Termin an.",
    ],
    action: { label: "Zu den Terminen", url: facts.url },
    reason: "Sie erhalten diese E-Mail, weil Sie für diesen Termin angemeldet waren oder auf der Warteliste standen.",
  });
}
