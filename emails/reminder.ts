import { renderMail, type RenderedMail } from "./layout";
import { CANCEL_HINT, factsParagraph, type SessionFacts } from "./session-facts";

export function renderReminder(facts: SessionFacts): RenderedMail {
  return renderMail({
    subject: `Erinnerung: ${facts.seriesTitle}, ${facts.when}`,
    paragraphs: [
      "Wir erinnern Sie an Ihren Termin:",
      factsParagraph(facts),
      "Sie können Ihre Fragen aus der Praxis vorab auf der Seite des Termins einreichen.",
      CANCEL_HINT,
    ],
    action: { label: "Zum Termin", url: facts.url },
    reason: "Sie erhalten diese E-Mail einmalig, weil Sie für diesen Termin einen Platz haben.",
  });
}
