import { randomUUID } from "node:crypto";
import { lt } from "drizzle-orm";
import { takeOverDueAgreementVersions } from "~/agreement/agreement-admin.server";
import { schema, type Db } from "~/lib/db.server";
import type { Env } from "~/lib/env.server";
import { deliverDueMails } from "~/mail/sender.server";
import { clockFor } from "~/registrations/clock";
import { runWaitlistDeadlines } from "~/registrations/waitlist.server";
import { deleteSupportNeedsOfEndedSessions } from "~/registrations/retention.server";
import { runRetentionIfDue } from "~/privacy/retention.server";
import { sendDueReminders } from "~/registrations/reminders.server";
import { queueFacilitatorDigests } from "~/questions/review-digest.server";
import { queueMaterialNotifications } from "~/materials/notify.server";
import type { MailTransport } from "~/mail/transport.server";
import type { Job } from "./runner.server";

export const OUTBOX_JOB = "outbox";

// The app's background jobs. Later features register theirs here (offer deadlines,
// reminders, retention).
export function appJobs({
  db,
  env,
  transport,
  runNow,
}: {
  db: Db;
  env: Env;
  transport: MailTransport;
  /** Runs another job now (the runner's trigger), e.g. the outbox after new mail. */
  runNow: (name: string) => Promise<void>;
}): Job[] {
  // Identifies this process's leases; a crashed runner's leases simply run out.
  const owner = `runner-${process.pid}-${randomUUID().slice(0, 8)}`;
  return [
    {
      name: OUTBOX_JOB,
      intervalMs: env.outboxPollMs,
      run: async () => {
        // Keep going while there is due mail, so a burst of sign-ins drains in one run.
        for (;;) {
          const report = await deliverDueMails(db, transport, {
            owner,
            from: env.mailFrom,
            retryDelaysMs: env.outboxRetryDelaysMs,
            dataDir: env.dataDir,
          });
          if (report.sent + report.retried + report.failed === 0) break;
        }
      },
    },
    {
      // Offers past their deadline pass to the next person on the waitlist; conditional
      // entries end once the session of the seat they keep has begun.
      name: "offer-deadlines",
      intervalMs: 60_000,
      run: () => {
        if (runWaitlistDeadlines(db, clockFor(env)) > 0) void runNow(OUTBOX_JOB);
      },
    },
    {
      name: "reminders",
      intervalMs: 60_000,
      run: () => {
        if (sendDueReminders(db, clockFor(env), env.reminderHours) > 0) void runNow(OUTBOX_JOB);
      },
    },
    {
      // A scheduled version of the agreement takes over on its date; the page already shows
      // it from midnight (read time), this records it and the superseding (decision 010).
      name: "agreement-takeover",
      intervalMs: 60_000,
      run: () => void takeOverDueAgreementVersions(db, new Date()),
    },
    {
      // At most one mail a day per facilitator with the number of new questions (decision 012).
      name: "facilitator-digest",
      intervalMs: 60 * 60_000,
      run: () => {
        if (queueFacilitatorDigests(db, clockFor(env)) > 0) void runNow(OUTBOX_JOB);
      },
    },
    {
      // "Teilnehmende informieren": one mail per session, day and person with that day's materials (decision 022).
      name: "material-notifications",
      intervalMs: 60 * 60_000,
      run: () => {
        if (queueMaterialNotifications(db, clockFor(env)) > 0) void runNow(OUTBOX_JOB);
      },
    },
    {
      // Support needs may be health data: gone within the hour after the session. The full
      // retention run (decision 020) once a Berlin day: waking hourly and asking whether today's
      // run is done keeps it daily even when the process restarts more often than every 24 h.
      name: "retention",
      intervalMs: 60 * 60_000,
      run: () => {
        const now = new Date();
        deleteSupportNeedsOfEndedSessions(db, now);
        runRetentionIfDue(db, now, env.dataDir);
      },
    },
    {
      name: "prune",
      intervalMs: 15 * 60_000,
      run: () => {
        const now = Date.now();
        db.delete(schema.rateLimitHits)
          .where(lt(schema.rateLimitHits.at, new Date(now - 3600_000)))
          .run();
        db.delete(schema.loginTokens)
          .where(lt(schema.loginTokens.expiresAt, new Date(now - 24 * 3600_000)))
          .run();
        db.delete(schema.loginSessions)
          .where(lt(schema.loginSessions.expiresAt, new Date(now)))
          .run();
      },
    },
  ];
}
