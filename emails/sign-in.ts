import { renderMail, type RenderedMail } from "./layout";

export function renderSignInMail(input: { url: string; code: string; validMinutes: number }): RenderedMail {
  return renderMail({
    subject: `Ihr Login-Code: ${input.code}`,
    paragraphs: [
      "Sie möchten sich bei den KI-Infoveranstaltungen einloggen.",
      `Öffnen Sie den folgenden Link und klicken Sie dort auf „Jetzt einloggen“. Oder geben Sie im selben Browser, in dem Sie den Login angefordert haben, diesen Code ein: ${input.code}`,
    ],
    action: { label: "Zum Login", url: input.url },
    afterAction: [
      `Link und Code gelten ${input.validMinutes} Minuten und nur einmal.`,
      "Wenn Sie keinen Login angefordert haben, können Sie diese E-Mail ignorieren. Niemand kann sich ohne Zugriff auf Ihr Postfach einloggen.",
    ],
    reason: "Sie erhalten diese E-Mail, weil mit Ihrer Adresse ein Login angefordert wurde.",
  });
}
