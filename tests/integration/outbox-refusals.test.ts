import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { outbox } from "~db/schema";
import { openDatabase } from "~db/client";
import { renderMail } from "~emails/layout";
import { listUndeliveredMails } from "~/mail/mail-admin.server";
import { queueMail } from "~/mail/outbox.server";
import { deliverDueMails, retryMail } from "~/mail/sender.server";
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

  it("decides a person's later mail in the same run once the earlier one was refused", async () => {
    const smtp = await startSmtpServer({ rejectRecipients: ["alt@stadt.example"] });
    const { db } = createTestDb();
    const transport = createMailTransport(testEnv({ SMTP_URL: smtp.url }));
    const now = new Date();
    try {
      queueMail(db, { dedupeKey: "first", kind: "confirmation", recipient: "alt@stadt.example", mail: mail(1) }, now);
      queueMail(db, { dedupeKey: "other", kind: "confirmation", recipient: "ok@stadt.example", mail: mail(2) }, now);
      // Ordered behind `first` (same recipient); refused too, but decided in this run.
      queueMail(db, { dedupeKey: "second", kind: "cancellation", recipient: "alt@stadt.example", mail: mail(3) }, now);
      expect(await deliverDueMails(db, transport, { owner: "a", from: FROM, retryDelaysMs: [60_000], now: () => now })).toMatchObject({
        sent: 1,
        failed: 2,
        retried: 0,
      });
      expect(rowBy(db, "first")).toMatchObject({ status: "failed", attempts: 1 });
      expect(rowBy(db, "second")).toMatchObject({ status: "failed", attempts: 1 });
      expect(rowBy(db, "other")).toMatchObject({ status: "sent" });
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

describe("outbox: leases against a slow mail server", () => {
  it("sends each mail exactly once when a send outlasts the lease and a second runner is idle", async () => {
    // Each message takes 700 ms to be accepted, the lease lasts 300 ms without renewal.
    const smtp = await startSmtpServer({ delayMs: 700 });
    const { db, file } = createTestDb();
    const second = openDatabase(file);
    const env = testEnv({ SMTP_URL: smtp.url });
    for (let i = 0; i < 6; i++) {
      queueMail(db, { dedupeKey: `slow:${i}`, kind: "test", recipient: `s${i}@stadt.example`, mail: mail(200 + i) });
    }
    const runner = async (connection: typeof db, owner: string, batchSize: number, startAfterMs: number) => {
      await new Promise((resolve) => setTimeout(resolve, startAfterMs));
      const transport = createMailTransport(env);
      // Bounded, so that a runner that keeps sending duplicates fails the test instead of hanging it.
      const deadline = Date.now() + 10_000;
      while (Date.now() < deadline) {
        const report = await deliverDueMails(connection, transport, {
          owner,
          from: FROM,
          retryDelaysMs: [60_000],
          batchSize,
          leaseMs: 300,
        });
        if (report.sent + report.retried + report.failed === 0) break;
      }
      transport.close();
    };
    try {
      // The first runner takes a batch of up to 5; the second one comes in when the first
      // runner's mail has been on the wire for longer than a lease lasts.
      await Promise.all([runner(db, "one", 5, 0), runner(second, "two", 1, 400)]);
      const subjects = smtp.received.map((m) => m.parsed.subject).sort();
      expect(subjects).toEqual([0, 1, 2, 3, 4, 5].map((i) => `Nachricht ${200 + i}`));
      const rows = db.select().from(outbox).all();
      expect(rows.every((r) => r.status === "sent" && r.attempts === 1)).toBe(true);
      // Both runners really took part.
      expect(new Set(rows.map((r) => r.sentBy))).toEqual(new Set(["one", "two"]));
    } finally {
      second.$client.close();
      await smtp.close();
    }
  });

  it("does not hand a mail that is being sent to a second runner when an admin retries it meanwhile", async () => {
    const smtp = await startSmtpServer({ delayMs: 500 });
    const { db, file } = createTestDb();
    const second = openDatabase(file);
    const env = testEnv({ SMTP_URL: smtp.url });
    const one = createMailTransport(env);
    const two = createMailTransport(env);
    try {
      queueMail(db, { dedupeKey: "busy", kind: "test", recipient: "b@stadt.example", mail: mail(300) });
      const id = rowBy(db, "busy").id;
      const first = deliverDueMails(db, one, { owner: "one", from: FROM, retryDelaysMs: [60_000] });
      // The mail is on the wire now; the admin presses "Jetzt erneut senden".
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(retryMail(db, id)).toBe(true);
      expect(await deliverDueMails(second, two, { owner: "two", from: FROM, retryDelaysMs: [60_000] })).toMatchObject({ sent: 0 });
      expect(await first).toMatchObject({ sent: 1 });
      expect(smtp.received.map((m) => m.parsed.subject)).toEqual(["Nachricht 300"]);
      expect(rowBy(db, "busy")).toMatchObject({ status: "sent", sentBy: "one" });
    } finally {
      one.close();
      two.close();
      second.$client.close();
      await smtp.close();
    }
  });
});
