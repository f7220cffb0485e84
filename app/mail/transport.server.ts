// Where mail goes: a real SMTP server when SMTP_URL is set, otherwise .eml files in the
// data folder (demo mode), listed at /dev/mail.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import nodemailer, { type SendMailOptions, type TransportOptions } from "nodemailer";
import type { Env } from "~/lib/env.server";

export type OutgoingMail = {
  id: number;
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  ics: { method: string; content: string } | null;
  /** Images the HTML shows by `cid:` (the city's logo, decision 017). */
  inlineImages?: { cid: string; content: Buffer; contentType: string }[];
};

export type MailTransport = {
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
};

/** What /dev/mail shows of a mail written to disk. */
export type StoredMailSummary = {
  file: string;
  to: string;
  subject: string;
  text: string;
  writtenAt: string;
  hasInvite: boolean;
};

function toNodemailer(mail: OutgoingMail): SendMailOptions {
  return {
    from: mail.from,
    to: mail.to,
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    // iMIP (RFC 6047): the text/calendar part's method must equal the VCALENDAR METHOD;
    // without `method` nodemailer writes PUBLISH. nodemailer adds the same invite once more as
    // an `einladung.ics` attachment (for clients that ignore the inline part); a second one of
    // our own would show Outlook users two identical files.
    ...(mail.inlineImages?.length
      ? {
          attachments: mail.inlineImages.map((image) => ({
            cid: image.cid,
            content: image.content,
            contentType: image.contentType,
            contentDisposition: "inline" as const,
            filename: image.contentType === "image/png" ? "logo.png" : "logo.jpg",
          })),
        }
      : {}),
    ...(mail.ics ? { icalEvent: { method: mail.ics.method, content: mail.ics.content, filename: "einladung.ics" } } : {}),
  };
}

export function createMailTransport(env: Env): MailTransport {
  if (env.smtpUrl) {
    const transporter = nodemailer.createTransport({
      url: env.smtpUrl,
      // Fail a dead server fast; the outbox retries with backoff.
      connectionTimeout: 20_000,
      greetingTimeout: 20_000,
      socketTimeout: 60_000,
    } as TransportOptions);
    return {
      async send(mail) {
        await transporter.sendMail(toNodemailer(mail));
      },
      close: () => transporter.close(),
    };
  }
  const transporter = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "unix" });
  return {
    async send(mail) {
      const info = await transporter.sendMail(toNodemailer(mail));
      mkdirSync(env.mailDir, { recursive: true });
      const base = `${new Date().toISOString().replace(/[:.]/g, "-")}-${mail.id}`;
      writeFileSync(path.join(env.mailDir, `${base}.eml`), info.message as Buffer);
      const summary: StoredMailSummary = {
        file: `${base}.eml`,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        writtenAt: new Date().toISOString(),
        hasInvite: mail.ics !== null,
      };
      writeFileSync(path.join(env.mailDir, `${base}.json`), JSON.stringify(summary, null, 2));
    },
    close() {},
  };
}
