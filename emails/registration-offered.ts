import { renderMail, type RenderedMail } from "./layout";
import { factsParagraph, type SessionFacts } from "./session-facts";

export function renderRegistrationOffered(facts: SessionFacts, input: { deadline: string }): RenderedMail {
  return renderMail({
    subject: `Platz frei – bitte bis ${input.deadline} annehmen: ${facts.seriesTitle}, ${facts.when}`,
    paragraphs: [
      "Ein Platz ist frei geworden, und Sie sind als Nächste oder Nächster auf der Warteliste. Wir halten ihn für Sie frei:",
      factsParagraph(facts),
      `Bitte nehmen Sie den Platz bis ${input.deadline} auf der Seite des Termins an („Platz annehmen“) oder lehnen Sie ihn ab. Danach geht er an die nächste Person auf der Warteliste.`,
    ],
    action: { label: "Platz annehmen oder ablehnen", url: facts.url },
    reason: "Sie erhalten diese E-Mail, weil Sie auf der Warteliste dieses Termins stehen.",
  });
}
