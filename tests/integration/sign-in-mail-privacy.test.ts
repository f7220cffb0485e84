import { describe, expect, it } from "vitest";
import { requestSignIn } from "~/auth/sign-in.server";
import { listUndeliveredMails, SIGN_IN_MAIL_LABEL } from "~/mail/mail-admin.server";
import { queueMail } from "~/mail/outbox.server";
import { deliverDueMails } from "~/mail/sender.server";
import { createMailTransport } from "~/mail/transport.server";
import { renderMail } from "~emails/layout";
import { createTestDb } from "../support/db";
import { testEnv } from "../support/env";
import { signInMails } from "../support/sign-in-mails";
import { startSmtpServer } from "../support/smtp";

const BROWSER = "some-browser-aaaaaaaaaaaaaaaaaa";

describe("/admin/mail and sign-in mails", () => {
  it("shows an undelivered sign-in mail as 'Login-Mail', never its subject with the code", async () => {
    const refused = ["kollegin@stadt.example"];
    const smtp = await startSmtpServer({ rejectRecipients: refused });
    const { db } = createTestDb();
    const env = testEnv({ SMTP_URL: smtp.url });
    const transport = createMailTransport(env);
    try {
      requestSignIn(db, env, { email: "kollegin@stadt.example", redirectTo: null, clientIp: "10.3.0.1", browserSecret: BROWSER });
      const { code, token, mail } = signInMails(db, "kollegin@stadt.example")[0]!;
      expect(mail.subject).toContain(code);
      queueMail(
        db,
        {
          dedupeKey: "confirm:x1",
          kind: "confirmation",
          recipient: "kollegin@stadt.example",
          mail: renderMail({ subject: "Anmeldung bestätigt", paragraphs: ["Text"], reason: "Test." }),
        },
        new Date(),
      );
      const options = { owner: "a", from: env.mailFrom, retryDelaysMs: [60_000], now: () => new Date() };
      expect(await deliverDueMails(db, transport, options)).toMatchObject({ failed: 2 });

      const listed = listUndeliveredMails(db);
      expect(listed.map((m) => [m.kind, m.subject]).sort()).toEqual([
        ["confirmation", "Anmeldung bestätigt"],
        ["login", SIGN_IN_MAIL_LABEL],
      ]);
      expect(SIGN_IN_MAIL_LABEL).toBe("Login-Mail");
      expect(JSON.stringify(listed)).not.toContain(code);
      expect(JSON.stringify(listed)).not.toContain(token);
    } finally {
      transport.close();
      await smtp.close();
    }
  });
});
