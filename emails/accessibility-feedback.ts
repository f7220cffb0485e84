import { renderMail, type RenderedMail } from "./layout";

/**
 * A barrier reported on the accessibility statement, to the functional mailbox. The outbox has
 * no Reply-To, so the sender's address (if given) is in the text, to answer by hand.
 */
export function renderAccessibilityFeedbackMail(input: {
  message: string;
  name: string;
  replyTo: string;
  page: string;
  appUrl: string;
}): RenderedMail {
  const from = [input.name, input.replyTo ? `<${input.replyTo}>` : ""].filter(Boolean).join(" ");
  return renderMail({
    subject: "Rückmeldung zur Barrierefreiheit",
    greeting: "Guten Tag,",
    paragraphs: [
      "über das Formular der Erklärung zur Barrierefreiheit ist eine Rückmeldung eingegangen.",
      `Nachricht:\n${input.message}`,
      `Seite: ${input.page || "nicht angegeben"}`,
      `Von: ${from || "ohne Namen und ohne E-Mail-Adresse"}`,
      input.replyTo
        ? `Bitte antworten Sie an ${input.replyTo} – nicht mit „Antworten“ auf diese E-Mail, die vom Funktionspostfach selbst kommt.`
        : "Die Person hat keine E-Mail-Adresse für eine Antwort angegeben.",
    ],
    action: { label: "Erklärung zur Barrierefreiheit", url: `${input.appUrl}/barrierefreiheit` },
    reason: "Sie erhalten diese E-Mail, weil diese Adresse das Funktionspostfach der KI-Infoveranstaltungen ist.",
  });
}
