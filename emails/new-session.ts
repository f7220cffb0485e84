import { renderMail, type RenderedMail } from "./layout";

export function renderNewSessionMail(input: { seriesTitle: string; when: string; where: string; url: string }): RenderedMail {
  return renderMail({
    subject: `Neuer Termin: ${input.seriesTitle}, ${input.when}`,
    paragraphs: [
      `Für „${input.seriesTitle}“ gibt es einen neuen Termin:`,
      `${input.when}\n${input.where}`,
      "Die Plätze werden in der Reihenfolge der Anmeldungen vergeben.",
    ],
    action: { label: "Termin ansehen und anmelden", url: input.url },
    reason:
      "Sie erhalten diese E-Mail einmalig, weil Sie gebeten haben, über neue Termine dieser Veranstaltungsreihe informiert zu werden.",
  });
}
