// "Neue Termine melden": people ask once to hear about a new date of a series; the first
// date published afterwards mails each of them once, through the outbox.
import { and, eq, isNull } from "drizzle-orm";
import { renderNewDateMail } from "~emails/new-date";
import { formatDateRange } from "~/lib/dates";
import { schema, type Db, type DbOrTx } from "~/lib/db.server";
import { queueMail } from "~/mail/outbox.server";
import { FORMAT_LABELS } from "./rules";

const { newDateAlerts, series, users } = schema;

export function requestNewDateAlert(
  db: Db,
  userId: number,
  seriesId: number,
): { ok: true; alreadyRequested: boolean } | { ok: false; reason: "not_found" } {
  return db.transaction(
    (tx) => {
      if (!tx.select({ id: series.id }).from(series).where(eq(series.id, seriesId)).get()) {
        return { ok: false, reason: "not_found" } as const;
      }
      const inserted = tx.insert(newDateAlerts).values({ seriesId, userId }).onConflictDoNothing().run();
      return { ok: true, alreadyRequested: inserted.changes === 0 } as const;
    },
    { behavior: "immediate" },
  );
}

export function hasOpenNewDateAlert(db: Db, userId: number, seriesId: number): boolean {
  return !!db
    .select({ id: newDateAlerts.id })
    .from(newDateAlerts)
    .where(and(eq(newDateAlerts.userId, userId), eq(newDateAlerts.seriesId, seriesId), isNull(newDateAlerts.notifiedAt)))
    .get();
}

/** Inside the publishing transaction: one mail per open alert of the session's series. */
export function notifyNewDate(tx: DbOrTx, session: typeof schema.sessions.$inferSelect, appUrl: string, now: Date): number {
  const open = tx
    .select({ id: newDateAlerts.id, email: users.email, seriesTitle: series.title })
    .from(newDateAlerts)
    .innerJoin(users, eq(users.id, newDateAlerts.userId))
    .innerJoin(series, eq(series.id, newDateAlerts.seriesId))
    .where(and(eq(newDateAlerts.seriesId, session.seriesId), isNull(newDateAlerts.notifiedAt)))
    .all();
  const where =
    session.format === "online"
      ? FORMAT_LABELS.online
      : `${FORMAT_LABELS[session.format]}: ${[session.place, session.room].filter(Boolean).join(", ")}`;
  let mailed = 0;
  for (const alert of open) {
    if (alert.email) {
      queueMail(
        tx,
        {
          dedupeKey: `new-date:a${alert.id}`,
          kind: "new_date",
          recipient: alert.email,
          mail: renderNewDateMail({
            seriesTitle: alert.seriesTitle,
            when: formatDateRange(session.startsAt, session.endsAt),
            where,
            url: `${appUrl}/sessions/${session.id}`,
          }),
        },
        now,
      );
      mailed++;
    }
    tx.update(newDateAlerts).set({ notifiedAt: now, notifiedSessionId: session.id }).where(eq(newDateAlerts.id, alert.id)).run();
  }
  return mailed;
}
