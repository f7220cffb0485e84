import { renderMail, type RenderedMail } from "./layout";
import { factsParagraph, type SessionFacts } from "./session-facts";

/** The old date of a rebooking: its calendar entry is withdrawn with this mail's CANCEL. */
export function renderRegistrationReleased(facts: SessionFacts): RenderedMail {
  return renderMail({
    subject: `Platz freigegeben (umgebucht): ${facts.seriesTitle}, ${facts.when}`,
    paragraphs: [
      "Sie haben auf einen anderen Termin umgebucht. Ihren Platz für diesen Termin haben wir freigegeben:",
      factsParagraph(facts),
      "Der Termin wird aus Ihrem Kalender entfernt.",
    ],
    action: { label: "Zum Termin", url: facts.url },
    reason: "Sie erhalten diese E-Mail, weil Sie Ihre Anmeldung umgebucht haben.",
  });
}
