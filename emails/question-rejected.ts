import { renderMail, type RenderedMail } from "./layout";

export function renderQuestionRejectedMail(input: { questionText: string; reason: string; url: string }): RenderedMail {
  return renderMail({
    subject: "Ihre Frage wurde nicht angenommen",
    paragraphs: [
      "Die Moderation hat Ihre Frage zur Dienstvereinbarung KI nicht angenommen.",
      `Ihre Frage:\n${input.questionText}`,
      `Begründung:\n${input.reason}`,
      "Sie können gern eine neue, anders formulierte Frage einreichen oder sich an die Ansprechstelle wenden, die in der Dienstvereinbarung genannt ist.",
    ],
    action: { label: "Ihre Fragen ansehen", url: input.url },
    reason: "Sie erhalten diese E-Mail einmalig, weil Sie diese Frage namentlich eingereicht haben.",
  });
}
