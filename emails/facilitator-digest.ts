import { renderMail, type RenderedMail } from "./layout";

// Numbers only, never question texts: some of the questions may be anonymous.
export function renderFacilitatorDigestMail(input: { newQuestions: number; waiting: number; url: string }): RenderedMail {
  const fresh = input.newQuestions === 1 ? "1 neue Frage" : `${input.newQuestions} neue Fragen`;
  const waiting = input.waiting === 1 ? "1 Frage wartet" : `${input.waiting} Fragen warten`;
  return renderMail({
    subject: `${fresh} zu Ihren Terminen`,
    paragraphs: [
      `seit der letzten Übersicht sind ${fresh} zu den Terminen und Veranstaltungsreihen eingegangen, die Sie moderieren.`,
      `Insgesamt ${waiting} auf Ihre Prüfung.`,
    ],
    action: { label: "Fragen prüfen", url: input.url },
    reason: "Sie erhalten diese Übersicht höchstens einmal am Tag, weil Sie Termine moderieren und neue Fragen eingegangen sind.",
  });
}
