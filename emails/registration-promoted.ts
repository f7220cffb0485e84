import { renderMail, type RenderedMail } from "./layout";
import { CANCEL_HINT, factsParagraph, type SessionFacts } from "./session-facts";

export function renderRegistrationPromoted(facts: SessionFacts, input: { releasedElsewhere: string | null }): RenderedMail {
  return renderMail({
    subject: `Nachgerückt – Ihr Platz ist bestätigt: ${facts.seriesTitle}, ${facts.when}`,
    paragraphs: [
      "Ein Platz ist frei geworden – Sie sind von der Warteliste nachgerückt. Ihr Platz ist bestätigt:",
      factsParagraph(facts),
      ...(input.releasedElsewhere ? [`Ihren bisherigen Platz am ${input.releasedElsewhere} haben wir wie gewünscht freigegeben.`] : []),
      CANCEL_HINT,
    ],
    action: { label: "Zum Termin", url: facts.url },
    reason: "Sie erhalten diese E-Mail, weil Sie auf der Warteliste dieses Termins standen.",
  });
}
