import { eq } from "drizzle-orm";
import { describe, expect, it, onTestFinished } from "vitest";
import { outbox } from "~db/schema";
import { renderMail } from "~emails/layout";
import { openDatabase } from "~db/client";
import { queueMail } from "~/mail/outbox.server";
import { deliverDueMails, retryMail } from "~/mail/sender.server";
import { createMailTransport } from "~/mail/transport.server";
import { requestSignIn } from "~/auth/sign-in.server";
import { createTestDb } from "../support/db";
import { testEnv } from "../support/env";
import { signInDetails, startSmtpServer, type SmtpServerOptions } from "../support/smtp";

const FROM = "KI-Infoveranstaltungen <ki-info@stadt.example>";
const mail = (n: number) => renderMail({ subject: `Nachricht ${n}`, paragraphs: [`Text ${n}`], reason: "Test." });

/** A real SMTP server of this test's own, closed when the test finishes. */
async function smtpServer(options?: SmtpServerOptions) {
  const smtp = await startSmtpServer(options);
  onTestFinished(() => smtp.close());
  return smtp;
}

describe("outbox delivery through a real SMTP server", () => {
  it("delays mail while the server answers 421 and delivers it afterwards, without loss", async () => {
    const smtp = await smtpServer({ rejectFirst: 2 });
    const { db } = createTestDb();
    const env = testEnv({ SMTP_URL: smtp.url });
    const transport = createMailTransport(env);
    requestSignIn(db, env, { email: "person@stadt.example", redirectTo: null, clientIp: "1.2.3.4", browserSecret: "s".repeat(30) });
    let clock = Date.now();
    const options = { owner: "a", from: FROM, retryDelaysMs: [60_000, 300_000], now: () => new Date(clock) };

    expect(await deliverDueMails(db, transport, options)).toMatchObject({ sent: 0, retried: 1 });
    let row = db.select().from(outbox).get()!;
    expect(row).toMatchObject({ status: "pending", attempts: 1 });
    expect(row.lastError).toMatch(/421/);
    expect(row.nextAttemptAt.getTime()).toBe(clock + 60_000);
    // Not due yet: nothing happens.
    expect(await deliverDueMails(db, transport, options)).toMatchObject({ sent: 0, retried: 0 });

    clock += 60_000;
    expect(await deliverDueMails(db, transport, options)).toMatchObject({ retried: 1 });
    row = db.select().from(outbox).get()!;
    expect(row.nextAttemptAt.getTime()).toBe(clock + 300_000);

    clock += 300_000;
    expect(await deliverDueMails(db, transport, options)).toMatchObject({ sent: 1 });
    const [received] = await smtp.waitFor(1);
    expect(received!.to).toEqual(["person@stadt.example"]);
    expect(received!.parsed.from?.text).toBe('"KI-Infoveranstaltungen" <ki-info@stadt.example>');
    const { url, code } = signInDetails(received!);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:9\/login\/verify\?token=/);
    expect(code).toMatch(/^\d{6}$/);
    expect(received!.parsed.html).toContain("Zum Login");
    // The sent sign-in mail's body is gone from the database.
    row = db.select().from(outbox).get()!;
    expect(row).toMatchObject({ status: "sent", attempts: 3, text: "", html: "" });
    expect(row.subject).not.toContain(code);
    transport.close();
  });

  it("gives up after 10 attempts and lets an admin retry", async () => {
    const { db } = createTestDb();
    const env = testEnv({ SMTP_URL: "smtp://127.0.0.1:1" });
    const transport = createMailTransport(env);
    queueMail(db, { dedupeKey: "test:1", kind: "test", recipient: "x@stadt.example", mail: mail(1) });
    let clock = Date.now();
    const options = { owner: "a", from: FROM, retryDelaysMs: [1000], now: () => new Date(clock) };
    for (let i = 0; i < 10; i++) {
      await deliverDueMails(db, transport, options);
      clock += 1000;
    }
    expect(db.select().from(outbox).get()).toMatchObject({ status: "failed", attempts: 10 });
    expect(retryMail(db, db.select().from(outbox).get()!.id)).toBe(true);
    expect(db.select().from(outbox).get()).toMatchObject({ status: "pending", attempts: 0 });
  });

  it("keeps one recipient's mails in order, but never holds a sign-in mail back", async () => {
    const smtp = await smtpServer();
    const { db } = createTestDb();
    const env = testEnv({ SMTP_URL: "smtp://127.0.0.1:1" });
    const dead = createMailTransport(env);
    const now = new Date();
    queueMail(db, { dedupeKey: "first", kind: "confirmation", recipient: "o@stadt.example", mail: mail(1) }, now);
    queueMail(db, { dedupeKey: "second", kind: "cancellation", recipient: "o@stadt.example", mail: mail(2) }, now);
    queueMail(db, { dedupeKey: "other", kind: "confirmation", recipient: "p@stadt.example", mail: mail(3) }, now);
    await deliverDueMails(db, dead, { owner: "a", from: FROM, retryDelaysMs: [1000], now: () => now });
    const attempted = db
      .select()
      .from(outbox)
      .all()
      .filter((r) => r.attempts > 0)
      .map((r) => r.dedupeKey);
    expect(attempted.sort()).toEqual(["first", "other"]);

    queueMail(db, { dedupeKey: "login:t1", kind: "login", recipient: "o@stadt.example", mail: mail(4) }, now);
    const smtpEnv = testEnv({ SMTP_URL: smtp.url });
    const live = createMailTransport(smtpEnv);
    const before = smtp.received.length;
    await deliverDueMails(db, live, { owner: "a", from: FROM, retryDelaysMs: [1000], now: () => now });
    expect(smtp.received.slice(before).map((m) => m.parsed.subject)).toEqual(["Nachricht 4"]);
    live.close();
    dead.close();
  });

  it("drops a sign-in mail whose link has expired instead of sending it", async () => {
    const smtp = await smtpServer();
    const { db } = createTestDb();
    const env = testEnv({ SMTP_URL: smtp.url });
    const transport = createMailTransport(env);
    requestSignIn(db, env, { email: "alt@stadt.example", redirectTo: null, clientIp: "1.2.3.4", browserSecret: "s".repeat(30) });
    const later = new Date(Date.now() + 16 * 60_000);
    const before = smtp.received.length;
    expect(await deliverDueMails(db, transport, { owner: "a", from: FROM, retryDelaysMs: [1000], now: () => later })).toMatchObject({
      dropped: 1,
      sent: 0,
    });
    expect(smtp.received.length).toBe(before);
    expect(db.select().from(outbox).get()).toMatchObject({ status: "dropped", text: "" });
    transport.close();
  });

  it("sends each mail once when two runners on separate connections drain one database", async () => {
    const smtp = await smtpServer();
    const { db, file } = createTestDb();
    const second = openDatabase(file);
    const env = testEnv({ SMTP_URL: smtp.url });
    for (let i = 0; i < 30; i++) {
      queueMail(db, { dedupeKey: `bulk:${i}`, kind: "test", recipient: `r${i}@stadt.example`, mail: mail(100 + i) });
    }
    const before = smtp.received.length;
    const runner = async (connection: typeof db, owner: string) => {
      const transport = createMailTransport(env);
      for (;;) {
        const report = await deliverDueMails(connection, transport, { owner, from: FROM, retryDelaysMs: [1000], batchSize: 3 });
        if (report.sent + report.retried === 0) break;
      }
      transport.close();
    };
    await Promise.all([runner(db, "one"), runner(second, "two")]);
    const subjects = smtp.received.slice(before).map((m) => m.parsed.subject);
    expect(subjects.length).toBe(30);
    expect(new Set(subjects).size).toBe(30);
    expect(db.select().from(outbox).where(eq(outbox.status, "sent")).all().length).toBe(30);
    second.$client.close();
  });
});
