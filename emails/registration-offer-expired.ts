import { renderMail, type RenderedMail } from "./layout";
import { factsParagraph, type SessionFacts } from "./session-facts";

export function renderRegistrationOfferExpired(facts: SessionFacts): RenderedMail {
  return renderMail({
    subject: `Angebot abgelaufen: ${facts.seriesTitle}, ${facts.when}`,
    paragraphs: [
      "Die Frist für den angebotenen Platz ist abgelaufen; er ist an die nächste Person auf der Warteliste gegangen:",
      factsParagraph(facts),
      "Sie können sich gern für einen anderen Termin anmelden.",
    ],
    action: { label: "Zu den Terminen", url: facts.url },
    reason: "Sie erhalten diese E-Mail, weil Ihnen ein Platz für diesen Termin angeboten worden war.",
  });
}
