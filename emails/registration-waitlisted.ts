import { renderMail, type RenderedMail } from "./layout";
import { factsParagraph, type SessionFacts } from "./session-facts";

export function renderRegistrationWaitlisted(
  facts: SessionFacts,
  input: { position: number; keepsSeatElsewhere: boolean; mode: "auto" | "offer" },
): RenderedMail {
  return renderMail({
    subject: `Warteliste, Platz ${input.position}: ${facts.seriesTitle}, ${facts.when}`,
    paragraphs: [
      `Der Termin ist ausgebucht. Sie stehen auf Platz ${input.position} der Warteliste für:`,
      factsParagraph(facts),
      input.mode === "auto"
        ? "Sobald ein Platz frei wird, rücken Sie in der Reihenfolge der Warteliste automatisch nach und erhalten eine E-Mail."
        : "Sobald ein Platz frei wird, bieten wir ihn Ihnen in der Reihenfolge der Warteliste an; Sie haben dann eine Frist, um ihn anzunehmen.",
      ...(input.keepsSeatElsewhere
        ? ["Ihr bisheriger Platz in einem anderen Termin dieser Reihe bleibt Ihnen, bis Sie hier nachrücken."]
        : []),
    ],
    action: { label: "Zum Termin", url: facts.url },
    reason: "Sie erhalten diese E-Mail, weil Sie sich für diesen Termin auf die Warteliste gesetzt haben.",
  });
}
