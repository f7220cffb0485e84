import { renderMail, type RenderedMail } from "./layout";
import { CANCEL_HINT, factsParagraph, type SessionFacts } from "./session-facts";

export function renderRegistrationRebooked(facts: SessionFacts, input: { previousWhen: string }): RenderedMail {
  return renderMail({
    subject: `Umgebucht: ${facts.seriesTitle}, ${facts.when}`,
    paragraphs: [
      `Sie sind umgebucht. Ihr Platz am ${input.previousWhen} ist freigegeben; Ihr neuer Platz ist bestätigt:`,
      factsParagraph(facts),
      CANCEL_HINT,
    ],
    action: { label: "Zum Termin", url: facts.url },
    reason: "Sie erhalten diese E-Mail, weil Sie Ihre Anmeldung auf diesen Termin umgebucht haben.",
  });
}
