import { renderMail, type RenderedMail } from "./layout";

export type AnsweredHow = "in_session" | "written";

// Only ever sent to a named author, about their own question: the text is theirs, the
// answer the facilitators' (its Markdown source reads fine as plain text).
export function renderQuestionAnsweredMail(input: {
  questionText: string;
  answer: string;
  how: AnsweredHow;
  /** The question was merged into another one, and that one was answered. */
  viaMerge: boolean;
  url: string;
}): RenderedMail {
  return renderMail({
    subject: "Ihre Frage wurde beantwortet",
    paragraphs: [
      input.viaMerge
        ? "Ihre Frage wurde mit einer gleichartigen Frage zusammengeführt, und diese ist jetzt beantwortet."
        : "Ihre Frage zur Dienstvereinbarung KI ist beantwortet.",
      `Ihre Frage:\n${input.questionText}`,
      input.how === "in_session" ? `Im Termin beantwortet – Notiz der Moderation:\n${input.answer}` : `Antwort:\n${input.answer}`,
    ],
    action: { label: "Ihre Fragen ansehen", url: input.url },
    reason: "Sie erhalten diese E-Mail einmalig, weil Sie diese Frage namentlich eingereicht haben.",
  });
}
