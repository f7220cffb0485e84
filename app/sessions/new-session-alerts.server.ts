// "Neue Termine melden": people ask once to hear about a new date of a series; the first
// date published afterwards mails each of them once, through the outbox.
import { and, eq, isNull } from "drizzle-orm";
import { publiclyVisible } from "~/sessions/visibility.server";
import { renderNewSessionMail } from "~emails/new-session";
import { formatDateRange } from "~/lib/dates";
import { schema, type Db, type DbOrTx } from "~/lib/db.server";
import { queueMail } from "~/mail/outbox.server";
import { FORMAT_LABELS } from "./rules";

const { newSessionAlerts, series, sessions, users } = schema;

export function requestNewSessionAlert(
  db: Db,
  userId: number,
  seriesId: number,
): { ok: true; alreadyRequested: boolean } | { ok: false; reason: "not_found" } {
  return db.transaction(
    (tx) => {
      // A series that has never shown a session to staff does not exist for them.
      const visible = tx
        .select({ id: sessions.id })
        .from(sessions)
        .where(and(eq(sessions.seriesId, seriesId), publiclyVisible()))
        .limit(1)
        .get();
      if (!visible) {
        return { ok: false, reason: "not_found" } as const;
      }
      const inserted = tx.insert(newSessionAlerts).values({ seriesId, userId }).onConflictDoNothing().run();
      return { ok: true, alreadyRequested: inserted.changes === 0 } as const;
    },
    { behavior: "immediate" },
  );
}

export function hasOpenNewSessionAlert(db: Db, userId: number, seriesId: number): boolean {
  return !!db
    .select({ id: newSessionAlerts.id })
    .from(newSessionAlerts)
    .where(and(eq(newSessionAlerts.userId, userId), eq(newSessionAlerts.seriesId, seriesId), isNull(newSessionAlerts.notifiedAt)))
    .get();
}

/** Inside the publishing transaction: one mail per open alert of the session's series. */
export function notifyNewSession(tx: DbOrTx, session: typeof schema.sessions.$inferSelect, appUrl: string, now: Date): number {
  const open = tx
    .select({ id: newSessionAlerts.id, email: users.email, seriesTitle: series.title })
    .from(newSessionAlerts)
    .innerJoin(users, eq(users.id, newSessionAlerts.userId))
    .innerJoin(series, eq(series.id, newSessionAlerts.seriesId))
    .where(and(eq(newSessionAlerts.seriesId, session.seriesId), isNull(newSessionAlerts.notifiedAt)))
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
          mail: renderNewSessionMail({
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
    tx.update(newSessionAlerts).set({ notifiedAt: now, notifiedSessionId: session.id }).where(eq(newSessionAlerts.id, alert.id)).run();
  }
  return mailed;
}
