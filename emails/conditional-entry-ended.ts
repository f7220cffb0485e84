import { renderMail, type RenderedMail } from "./layout";
import { factsParagraph, type SessionFacts } from "./session-facts";

/** A conditional waitlist entry ends when the date whose seat it keeps begins. */
export function renderConditionalEntryEnded(facts: SessionFacts, input: { keptWhen: string }): RenderedMail {
  return renderMail({
    subject: `Warteliste beendet: ${facts.seriesTitle}, ${facts.when}`,
    paragraphs: [
      `Sie standen auf der Warteliste für diesen Termin und hatten Ihren Platz am ${input.keptWhen} behalten, bis hier ein Platz frei wird:`,
      factsParagraph(facts),
      `Ihr Termin am ${input.keptWhen} hat inzwischen begonnen. Damit bleibt es bei diesem Termin; Ihr Eintrag auf der Warteliste ist beendet.`,
    ],
    action: { label: "Zum Termin", url: facts.url },
    reason: "Sie erhalten diese E-Mail, weil Sie auf der Warteliste dieses Termins standen.",
  });
}
