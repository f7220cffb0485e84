import { renderMail, type RenderedMail } from "./layout";

// To everyone who held a seat, and to named authors of included questions. It carries the
// link, never a question or an answer: the same mail goes to many people, and an anonymous
// question's text must never reach an outbox row.
export function renderSummaryPublishedMail(input: {
  title: string;
  update: boolean;
  /** The recipient asked (named) at least one question that is included. */
  ownQuestionIncluded: boolean;
  heldSeat: boolean;
  url: string;
}): RenderedMail {
  const paragraphs = [
    input.update
      ? `Die Zusammenfassung der Fragen und Antworten zu „${input.title}“ wurde aktualisiert.`
      : `Die Fragen und Antworten zu „${input.title}“ sind jetzt als Zusammenfassung veröffentlicht, geordnet nach den Abschnitten der Dienstvereinbarung KI.`,
  ];
  if (input.ownQuestionIncluded) paragraphs.push("Eine Frage, die Sie namentlich eingereicht haben, ist darin enthalten und beantwortet.");
  return renderMail({
    subject: input.update ? `Zusammenfassung aktualisiert: ${input.title}` : `Fragen und Antworten veröffentlicht: ${input.title}`,
    paragraphs,
    action: { label: "Zusammenfassung lesen", url: input.url },
    reason: input.heldSeat
      ? "Sie erhalten diese E-Mail, weil Sie für diese Infoveranstaltung angemeldet waren."
      : "Sie erhalten diese E-Mail, weil Sie eine der beantworteten Fragen namentlich eingereicht haben.",
  });
}
