// Drains the outbox, one mail at a time: a due row is leased inside a BEGIN IMMEDIATE
// transaction just before it is sent, so two runners on one database (the server and
// `npm run jobs`) never send the same row; the SMTP conversation happens after that commit,
// and its result is written back under the same lease. One recipient's mails go out in the
// order they were written (an invite's CANCEL must never overtake its REQUEST); sign-in
// mails stand alone and never wait. A mail whose recipient the server refuses for good
// fails at once and no longer holds that person's later mails back.
import { and, eq, isNotNull, isNull, lt, notInArray, or, sql } from "drizzle-orm";
import { LOGO_CID, refersToLogo, withoutLogo } from "~emails/layout";
import { readLogo } from "~/identity/identity.server";
import { schema, type Db } from "~/lib/db.server";
import { scrubIfNoted } from "~/privacy/outbox-scrub.server";
import { classifySendError, MAX_ATTEMPTS, retryDelayMs } from "./backoff";
import type { MailTransport } from "./transport.server";

const { outbox } = schema;

// Why one row at a time, and why the lease is renewed while the mail is being sent:
// leasing a whole batch up front gave the batch's tail a lease that ran out while the mails
// before it were still being sent to a slow server; a second runner then leased the tail
// and both sent it. Leasing each row right before its own send removes the tail, and
// renewing that one lease every third of its duration while the SMTP conversation runs
// covers a single slow send too (nodemailer's timeouts bound each step, not the whole
// conversation, so no fixed lease is provably long enough). If this process dies, the
// renewals stop and the lease simply runs out, so another runner takes the mail over.
const DEFAULT_LEASE_MS = 5 * 60_000;

// A sign-in mail carries a live token and code: once it has left (or can no longer be
// sent) its body is removed, so the database never holds a usable token in clear text.
const SCRUBBED_LOGIN_MAIL = { subject: "Login-Link (nach Versand entfernt)", text: "", html: "" };

export type DeliveryReport = { sent: number; retried: number; failed: number; dropped: number };

type OutboxRow = typeof outbox.$inferSelect;

export async function deliverDueMails(
  db: Db,
  transport: MailTransport,
  options: {
    owner: string;
    from: string;
    retryDelaysMs: number[];
    now?: () => Date;
    /** At most this many mails per call. */
    batchSize?: number;
    /** How long a lease lasts without renewal (tests use a short one). */
    leaseMs?: number;
    /** The data folder, where the city's logo lies (decision 017); without it mails go without logo. */
    dataDir?: string;
  },
): Promise<DeliveryReport> {
  const now = options.now ?? (() => new Date());
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  const report: DeliveryReport = { sent: 0, retried: 0, failed: 0, dropped: 0 };

  db.transaction(
    (tx) => {
      report.dropped = tx
        .update(outbox)
        .set({ status: "dropped", lastError: "expired before it could be sent", leaseOwner: null, leaseUntil: null })
        .where(
          and(
            eq(outbox.status, "pending"),
            isNotNull(outbox.discardAfter),
            lt(outbox.discardAfter, now()),
            // A mail another runner is sending right now is that runner's to finish.
            or(isNull(outbox.leaseUntil), lt(outbox.leaseUntil, now())),
          ),
        )
        .run().changes;
      tx.update(outbox)
        .set(SCRUBBED_LOGIN_MAIL)
        .where(and(eq(outbox.kind, "login"), sql`${outbox.status} in ('dropped', 'failed')`, sql`${outbox.text} <> ''`))
        .run();
    },
    { behavior: "immediate" },
  );

  // Each row at most once per call, even when a retry delay of 0 makes it due again at once.
  const attempted: number[] = [];
  while (attempted.length < (options.batchSize ?? 20)) {
    const row = leaseNextDueMail(db, options.owner, now(), leaseMs, attempted);
    if (!row) break;
    attempted.push(row.id);
    const heartbeat = setInterval(() => renewLease(db, row.id, options.owner, new Date(now().getTime() + leaseMs)), leaseMs / 3);
    let failure: ReturnType<typeof classifySendError> | null = null;
    // The logo goes along as it is now, as an inline part; removed meanwhile, its image goes.
    const logo = refersToLogo(row.html) && options.dataDir ? readLogo(db, options.dataDir) : null;
    try {
      await transport.send({
        id: row.id,
        from: options.from,
        to: row.recipient,
        subject: row.subject,
        text: row.text,
        html: logo ? row.html : withoutLogo(row.html),
        inlineImages: logo ? [{ cid: LOGO_CID, content: logo.content, contentType: logo.contentType }] : [],
        ics: row.ics && row.icsMethod ? { method: row.icsMethod, content: row.ics } : null,
      });
    } catch (error) {
      failure = classifySendError(error);
    } finally {
      clearInterval(heartbeat);
    }

    const attempts = row.attempts + 1;
    const stillOurs = and(eq(outbox.id, row.id), eq(outbox.leaseOwner, options.owner));
    if (!failure) {
      db.update(outbox)
        .set({
          status: "sent",
          sentAt: now(),
          sentBy: options.owner,
          attempts,
          leaseOwner: null,
          leaseUntil: null,
          lastError: null,
          ...(row.kind === "login" ? SCRUBBED_LOGIN_MAIL : {}),
        })
        .where(stillOurs)
        .run();
      // A deleted account's last mails lose address and content once sent (decision 021).
      scrubIfNoted(db, row.id);
      report.sent++;
      continue;
    }
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
      .where(stillOurs)
      .run();
    if (failed) scrubIfNoted(db, row.id);
    if (failed) report.failed++;
    else report.retried++;
  }
  return report;
}

/** The next due mail, leased to `owner`; in one write transaction, so no two runners get the same. */
function leaseNextDueMail(db: Db, owner: string, at: Date, leaseMs: number, skip: number[]): OutboxRow | undefined {
  return db.transaction(
    (tx) => {
      const row = tx
        .select()
        .from(outbox)
        .where(
          and(
            sql`${outbox.status} = 'pending'
              and ${outbox.nextAttemptAt} <= ${at.getTime()}
              and (${outbox.leaseUntil} is null or ${outbox.leaseUntil} < ${at.getTime()})
              and (${outbox.kind} = 'login' or not exists (select 1 from outbox earlier
                where earlier.recipient = ${outbox.recipient}
                  and earlier.id < ${outbox.id}
                  and earlier.status = 'pending'
                  and earlier.kind <> 'login'))`,
            notInArray(outbox.id, skip),
          ),
        )
        .orderBy(outbox.id)
        .limit(1)
        .get();
      if (row) {
        tx.update(outbox)
          .set({ leaseOwner: owner, leaseUntil: new Date(at.getTime() + leaseMs) })
          .where(eq(outbox.id, row.id))
          .run();
      }
      return row;
    },
    { behavior: "immediate" },
  );
}

/** Extends the lease of a mail being sent, only while this runner still holds it. */
function renewLease(db: Db, outboxId: number, owner: string, until: Date): void {
  try {
    db.update(outbox)
      .set({ leaseUntil: until })
      .where(and(eq(outbox.id, outboxId), eq(outbox.leaseOwner, owner), eq(outbox.status, "pending")))
      .run();
  } catch {
    // A busy database: the next beat tries again, and a timer must not crash the process.
  }
}

/**
 * An admin's retry: due now, with a fresh count of attempts. The lease is left alone: a
 * mail that a runner is sending at this moment stays that runner's, so no second runner
 * can take it and send it twice; a stale lease of a runner that died has run out anyway.
 */
export function retryMail(db: Db, outboxId: number, now = new Date()): boolean {
  return (
    db
      .update(outbox)
      .set({ status: "pending", attempts: 0, nextAttemptAt: now, lastError: null })
      .where(and(eq(outbox.id, outboxId), sql`${outbox.status} in ('pending', 'failed')`))
      .run().changes > 0
  );
}
