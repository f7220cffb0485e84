import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { outbox } from "~db/schema";
import { renderMail } from "~emails/layout";
import { listUndeliveredMails } from "~/mail/mail-admin.server";
import { queueMail } from "~/mail/outbox.server";
import { deliverDueMails } from "~/mail/sender.server";
import { createMailTransport } from "~/mail/transport.server";
import { createTestDb } from "../support/db";
import { testEnv } from "../support/env";
import { startSmtpServer } from "../support/smtp";

const FROM = "KI-Infoveranstaltungen <ki-info@stadt.example>";
const mail = (n: number) => renderMail({ subject: `Nachricht ${n}`, paragraphs: [`Text ${n}`], reason: "Test." });
const rowBy = (db: ReturnType<typeof createTestDb>["db"], dedupeKey: string) =>
  db.select().from(outbox).where(eq(outbox.dedupeKey, dedupeKey)).get()!;

describe("outbox: the mail server's refusals", () => {
  it("fails a mail at once when the server refuses the recipient, and no longer holds back that person's later mails", async () => {
    // A new colleague whose mailbox is not set up yet: the server answers 550 user unknown.
    const refused = ["neu@stadt.example"];
    const smtp = await startSmtpServer({ rejectRecipients: refused });
    const { db } = createTestDb();
    const transport = createMailTransport(testEnv({ SMTP_URL: smtp.url }));
    const clock = Date.now();
    const options = { owner: "a", from: FROM, retryDelaysMs: [60_000, 300_000], now: () => new Date(clock) };
    try {
      queueMail(db, { dedupeKey: "confirm:1", kind: "confirmation", recipient: "neu@stadt.example", mail: mail(1) }, new Date(clock));

      expect(await deliverDueMails(db, transport, options)).toMatchObject({ sent: 0, retried: 0, failed: 1 });
      const row = rowBy(db, "confirm:1");
      expect(row).toMatchObject({ status: "failed", attempts: 1, leaseOwner: null });
      expect(row.lastError).toBe("recipient_refused:550 5.1.1 user unknown");
      expect(smtp.received.length).toBe(0);
      // Failed for good: nothing more happens to it, however long one waits.
      const later = { ...options, now: () => new Date(clock + 24 * 3600_000) };
      expect(await deliverDueMails(db, transport, later)).toMatchObject({ sent: 0, retried: 0, failed: 0 });

      // The mailbox exists now; the next mail to the same person is not held back behind
      // the failed one and goes out on the very next run, at the same instant.
      refused.splice(0);
      queueMail(db, { dedupeKey: "cancel:1", kind: "cancellation", recipient: "neu@stadt.example", mail: mail(2) }, new Date(clock));
      expect(await deliverDueMails(db, transport, options)).toMatchObject({ sent: 1, failed: 0 });
      expect(smtp.received.map((m) => [m.to, m.parsed.subject])).toEqual([[["neu@stadt.example"], "Nachricht 2"]]);
      expect(rowBy(db, "cancel:1")).toMatchObject({ status: "sent", attempts: 1 });
      expect(rowBy(db, "confirm:1")).toMatchObject({ status: "failed", attempts: 1 });
    } finally {
      transport.close();
      await smtp.close();
    }
  });

  it("keeps a mail pending with backoff when the server refuses our sender (5xx to MAIL FROM)", async () => {
    const smtp = await startSmtpServer({ rejectMailFrom: true });
    const { db } = createTestDb();
    const transport = createMailTransport(testEnv({ SMTP_URL: smtp.url }));
    const clock = Date.now();
    try {
      queueMail(db, { dedupeKey: "confirm:2", kind: "confirmation", recipient: "p@stadt.example", mail: mail(1) }, new Date(clock));
      queueMail(db, { dedupeKey: "cancel:2", kind: "cancellation", recipient: "p@stadt.example", mail: mail(2) }, new Date(clock));
      const options = { owner: "a", from: FROM, retryDelaysMs: [60_000, 300_000], now: () => new Date(clock) };
      expect(await deliverDueMails(db, transport, options)).toMatchObject({ sent: 0, retried: 1, failed: 0 });
      const row = rowBy(db, "confirm:2");
      expect(row).toMatchObject({ status: "pending", attempts: 1, leaseOwner: null });
      expect(row.nextAttemptAt.getTime()).toBe(clock + 60_000);
      expect(row.lastError).toMatch(/^server:.*553 5\.7\.1 Sender address rejected/);
      // The person's later mail still waits behind it: order is kept while retrying.
      expect(rowBy(db, "cancel:2")).toMatchObject({ status: "pending", attempts: 0 });
    } finally {
      transport.close();
      await smtp.close();
    }
  });

  it("keeps a mail pending when the server only defers the recipient (4xx to RCPT TO)", async () => {
    const smtp = await startSmtpServer({ rejectRecipients: ["grau@stadt.example"], rejectRecipientCode: 450 });
    const { db } = createTestDb();
    const transport = createMailTransport(testEnv({ SMTP_URL: smtp.url }));
    const clock = Date.now();
    try {
      queueMail(db, { dedupeKey: "grey", kind: "confirmation", recipient: "grau@stadt.example", mail: mail(1) }, new Date(clock));
      const options = { owner: "a", from: FROM, retryDelaysMs: [60_000], now: () => new Date(clock) };
      expect(await deliverDueMails(db, transport, options)).toMatchObject({ retried: 1, failed: 0 });
      const row = rowBy(db, "grey");
      expect(row).toMatchObject({ status: "pending", attempts: 1 });
      expect(row.lastError).toMatch(/^server:.*450 4\.2\.0/);
    } finally {
      transport.close();
      await smtp.close();
    }
  });

  it("tells the admin whether the address was refused or the mail server had a problem", async () => {
    const smtp = await startSmtpServer({ rejectRecipients: ["weg@stadt.example"] });
    const { db } = createTestDb();
    const live = createMailTransport(testEnv({ SMTP_URL: smtp.url }));
    const dead = createMailTransport(testEnv({ SMTP_URL: "smtp://127.0.0.1:1" }));
    const now = new Date();
    const options = { owner: "a", from: FROM, retryDelaysMs: [60_000], now: () => now };
    try {
      queueMail(db, { dedupeKey: "refused", kind: "confirmation", recipient: "weg@stadt.example", mail: mail(1) }, now);
      await deliverDueMails(db, live, options);
      queueMail(db, { dedupeKey: "down", kind: "confirmation", recipient: "da@stadt.example", mail: mail(2) }, now);
      await deliverDueMails(db, dead, options);

      const mails = listUndeliveredMails(db);
      expect(mails.map((m) => [m.recipient, m.status, m.problem])).toEqual([
        ["da@stadt.example", "pending", expect.stringMatching(/^Problem mit dem Mailserver: .*ECONNREFUSED/)],
        ["weg@stadt.example", "failed", "Empfängeradresse abgelehnt: 550 5.1.1 user unknown"],
      ]);
    } finally {
      live.close();
      dead.close();
      await smtp.close();
    }
  });
});
