import { renderMail, type RenderedMail } from "./layout";
import { CANCEL_HINT, factsParagraph, type SessionFacts } from "./session-facts";

/** From a waitlist (or an open offer) of one date to a free seat in another. */
export function renderRegistrationSwitched(facts: SessionFacts, input: { previousWhen: string }): RenderedMail {
  return renderMail({
    subject: `Termin gewechselt: ${facts.seriesTitle}, ${facts.when}`,
    paragraphs: [
      `Sie haben von der Warteliste für den ${input.previousWhen} auf einen freien Platz gewechselt. Ihr Platz ist bestätigt:`,
      factsParagraph(facts),
      "Ihren Eintrag auf der bisherigen Warteliste haben wir gelöscht.",
      CANCEL_HINT,
    ],
    action: { label: "Zum Termin", url: facts.url },
    reason: "Sie erhalten diese E-Mail, weil Sie den Termin gewechselt haben.",
  });
}
