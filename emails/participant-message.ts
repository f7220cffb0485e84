import { renderMail, type RenderedMail } from "./layout";
import { factsParagraph, type SessionFacts } from "./session-facts";

export function renderParticipantMessage(facts: SessionFacts, input: { text: string; sender: string }): RenderedMail {
  return renderMail({
    subject: `Nachricht zu Ihrem Termin: ${facts.seriesTitle}, ${facts.when}`,
    paragraphs: [`Nachricht von ${input.sender}:`, input.text, "Zum Termin:", factsParagraph(facts)],
    action: { label: "Zum Termin", url: facts.url },
    reason: "Sie erhalten diese E-Mail, weil Sie für diesen Termin angemeldet sind oder auf der Warteliste stehen.",
  });
}
