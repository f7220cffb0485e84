// Drains the outbox. Due rows are leased inside a BEGIN IMMEDIATE transaction, so two
// runners on one database (the server and `npm run jobs`) never send the same row; the
// SMTP conversation happens after that commit, and its result is written back under the
// same lease. One recipient's mails go out in the order they were written (an invite's
// CANCEL must never overtake its REQUEST); sign-in mails stand alone and never wait. A mail
// whose recipient the server refuses for good fails at once and no longer holds that
// person's later mails back.
import { and, eq, isNotNull, lt, sql } from "drizzle-orm";
import { schema, type Db } from "~/lib/db.server";
import { classifySendError, MAX_ATTEMPTS, retryDelayMs } from "./backoff";
import type { MailTransport } from "./transport.server";

const { outbox } = schema;
const LEASE_MS = 5 * 60_000;

// A sign-in mail carries a live token and code: once it has left (or can no longer be
// sent) its body is removed, so the database never holds a usable token in clear text.
const SCRUBBED_LOGIN_MAIL = { subject: "Login-Link (nach Versand entfernt)", text: "", html: "" };

export type DeliveryReport = { sent: number; retried: number; failed: number; dropped: number };

export async function deliverDueMails(
  db: Db,
  transport: MailTransport,
  options: { owner: string; from: string; retryDelaysMs: number[]; now?: () => Date; batchSize?: number },
): Promise<DeliveryReport> {
  const now = options.now ?? (() => new Date());
  const report: DeliveryReport = { sent: 0, retried: 0, failed: 0, dropped: 0 };

  const leased = db.transaction(
    (tx) => {
      const at = now();
      report.dropped = tx
        .update(outbox)
        .set({ status: "dropped", lastError: "expired before it could be sent", leaseOwner: null, leaseUntil: null })
        .where(and(eq(outbox.status, "pending"), isNotNull(outbox.discardAfter), lt(outbox.discardAfter, at)))
        .run().changes;
      tx.update(outbox)
        .set(SCRUBBED_LOGIN_MAIL)
        .where(and(eq(outbox.kind, "login"), sql`${outbox.status} in ('dropped', 'failed')`, sql`${outbox.text} <> ''`))
        .run();
      const due = tx
        .select()
        .from(outbox)
        .where(
          sql`${outbox.status} = 'pending'
            and ${outbox.nextAttemptAt} <= ${at.getTime()}
            and (${outbox.leaseUntil} is null or ${outbox.leaseUntil} < ${at.getTime()})
            and (${outbox.kind} = 'login' or not exists (select 1 from outbox earlier
              where earlier.recipient = ${outbox.recipient}
                and earlier.id < ${outbox.id}
                and earlier.status = 'pending'
                and earlier.kind <> 'login'))`,
        )
        .orderBy(outbox.id)
        .limit(options.batchSize ?? 20)
        .all();
      for (const row of due) {
        tx.update(outbox)
          .set({ leaseOwner: options.owner, leaseUntil: new Date(at.getTime() + LEASE_MS) })
          .where(eq(outbox.id, row.id))
          .run();
      }
      return due;
    },
    { behavior: "immediate" },
  );

  for (const row of leased) {
    try {
      await transport.send({
        id: row.id,
        from: options.from,
        to: row.recipient,
        subject: row.subject,
        text: row.text,
        html: row.html,
        ics: row.ics && row.icsMethod ? { method: row.icsMethod, content: row.ics } : null,
      });
      db.update(outbox)
        .set({
          status: "sent",
          sentAt: now(),
          sentBy: options.owner,
          attempts: row.attempts + 1,
          leaseOwner: null,
          leaseUntil: null,
          lastError: null,
          ...(row.kind === "login" ? SCRUBBED_LOGIN_MAIL : {}),
        })
        .where(and(eq(outbox.id, row.id), eq(outbox.leaseOwner, options.owner)))
        .run();
      report.sent++;
    } catch (error) {
      const failure = classifySendError(error);
      const attempts = row.attempts + 1;
      const failed = failure.permanent || attempts >= MAX_ATTEMPTS;
      db.update(outbox)
        .set({
          status: failed ? "failed" : "pending",
          attempts,
          nextAttemptAt: new Date(now().getTime() + retryDelayMs(attempts, options.retryDelaysMs)),
          lastError: failure.lastError,
          leaseOwner: null,
          leaseUntil: null,
        })
        .where(and(eq(outbox.id, row.id), eq(outbox.leaseOwner, options.owner)))
        .run();
      if (failed) report.failed++;
      else report.retried++;
    }
  }
  return report;
}

/** An admin's retry: due now, with a fresh count of attempts. */
export function retryMail(db: Db, outboxId: number, now = new Date()): boolean {
  return (
    db
      .update(outbox)
      .set({ status: "pending", attempts: 0, nextAttemptAt: now, lastError: null, leaseOwner: null, leaseUntil: null })
      .where(and(eq(outbox.id, outboxId), sql`${outbox.status} in ('pending', 'failed')`))
      .run().changes > 0
  );
}
