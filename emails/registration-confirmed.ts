import { renderMail, type RenderedMail } from "./layout";
import { CANCEL_HINT, factsParagraph, type SessionFacts } from "./session-facts";

export function renderRegistrationConfirmed(facts: SessionFacts): RenderedMail {
  return renderMail({
    subject: `Anmeldung bestätigt: ${facts.seriesTitle}, ${facts.when}`,
    paragraphs: ["Ihre Anmeldung ist bestätigt. Sie haben einen Platz für:", factsParagraph(facts), CANCEL_HINT],
    action: { label: "Zum Termin", url: facts.url },
    reason: "Sie erhalten diese E-Mail, weil Sie sich für diesen Termin angemeldet haben.",
  });
}
