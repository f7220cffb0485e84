import type { AnsweredHow } from "./question-answered";
import { renderMail, type RenderedMail } from "./layout";

// Names only the recipient's own question: the other question may be anonymous, and no
// mail carries an anonymous question's text.
export function renderQuestionMergedMail(input: {
  questionText: string;
  /** The answer, when the question it went into has one already. */
  answer: { text: string; how: AnsweredHow } | null;
  url: string;
}): RenderedMail {
  const paragraphs = [
    "Ihre Frage wurde mit einer gleichartigen Frage zusammengeführt. Sie wird gemeinsam mit ihr beantwortet; Ihre Stimme und die Stimmen Ihrer Kolleginnen und Kollegen zählen dort mit.",
    `Ihre Frage:\n${input.questionText}`,
  ];
  if (input.answer) {
    paragraphs.push(
      input.answer.how === "in_session"
        ? `Die Frage wurde bereits im Termin beantwortet – Notiz der Moderation:\n${input.answer.text}`
        : `Die Frage ist bereits beantwortet:\n${input.answer.text}`,
    );
  } else {
    paragraphs.push("Sobald sie beantwortet ist, erhalten Sie eine weitere E-Mail.");
  }
  return renderMail({
    subject: "Ihre Frage wurde mit einer gleichartigen Frage zusammengeführt",
    paragraphs,
    action: { label: "Ihre Fragen ansehen", url: input.url },
    reason: "Sie erhalten diese E-Mail einmalig, weil Sie diese Frage namentlich eingereicht haben.",
  });
}
