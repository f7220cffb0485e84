// One reminder per held place, `reminderHours` before the start. Exactly once, even with
// two job runners or after a restart: the outbox's unique dedupe key `reminder:r<id>` is
// the record that it was sent, written in the same BEGIN IMMEDIATE transaction.
import { renderReminder } from "~emails/reminder";
import { schema, type Db } from "~/lib/db.server";
import { queueMail } from "~/mail/outbox.server";
import { and, eq, gt, lte, sql } from "drizzle-orm";
import { sessionFacts } from "./mail-facts.server";
import type { Clock } from "~/registrations/clock";

const { registrations, sessions, series, users, outbox } = schema;

export function sendDueReminders(db: Db, clock: Clock, reminderHours: number): number {
  if (reminderHours <= 0) return 0;
  const windowMs = reminderHours * 3600_000;
  return db.transaction(
    (tx) => {
      const due = tx
        .select({
          registrationId: registrations.id,
          email: users.email,
          session: sessions,
          seriesTitle: series.title,
        })
        .from(registrations)
        .innerJoin(sessions, eq(sessions.id, registrations.sessionId))
        .innerJoin(series, eq(series.id, sessions.seriesId))
        .innerJoin(users, eq(users.id, registrations.userId))
        .where(
          and(
            eq(registrations.status, "confirmed"),
            eq(sessions.status, "published"),
            gt(sessions.startsAt, clock.now),
            lte(sessions.startsAt, new Date(clock.now.getTime() + windowMs)),
            // Someone who registered inside the window has just had their confirmation.
            sql`${registrations.queuedAt} <= ${sessions.startsAt} - ${windowMs}`,
            sql`not exists (select 1 from ${outbox} o where o.dedupe_key = 'reminder:r' || ${registrations.id})`,
          ),
        )
        .all();
      let queued = 0;
      for (const row of due) {
        if (!row.email) continue;
        // Reminders go to people who hold a place: with the meeting link.
        const facts = sessionFacts(row.session, row.seriesTitle, clock.appUrl, { seat: true });
        if (
          queueMail(
            tx,
            {
              dedupeKey: `reminder:r${row.registrationId}`,
              kind: "reminder",
              recipient: row.email,
              mail: renderReminder(facts),
            },
            clock.now,
          )
        ) {
          queued++;
        }
      }
      return queued;
    },
    { behavior: "immediate" },
  );
}
