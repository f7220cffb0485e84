import { renderMail, type RenderedMail } from "./layout";
import { factsParagraph, type SessionFacts } from "./session-facts";

export function renderRegistrationCancelled(facts: SessionFacts, input: { wasWaitlisted: boolean }): RenderedMail {
  return renderMail({
    subject: `Abmeldung bestätigt: ${facts.seriesTitle}, ${facts.when}`,
    paragraphs: [
      input.wasWaitlisted
        ? "Sie stehen nicht mehr auf der Warteliste für:"
        : "Ihre Abmeldung ist bestätigt. Ihr Platz ist freigegeben für:",
      factsParagraph(facts),
      "Sie können sich jederzeit wieder für einen Termin anmelden, solange Plätze frei sind.",
    ],
    action: { label: "Zum Termin", url: facts.url },
    reason: "Sie erhalten diese E-Mail, weil Sie sich von diesem Termin abgemeldet haben.",
  });
}
