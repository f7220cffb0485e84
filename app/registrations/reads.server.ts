// The reads every registration transition makes. They take the transaction (`tx`), so a
// check and the write that depends on it see the same state under BEGIN IMMEDIATE.
import { and, eq, gt, inArray, lte, ne, sql } from "drizzle-orm";
import { type DbOrTx, schema } from "~/lib/db.server";
import { ACTIVE } from "./rules";

const { registrations, sessions, series } = schema;

export type SessionRow = typeof sessions.$inferSelect & {
  seriesTitle: string;
  waitlistMode: "auto" | "offer";
  offerHours: number;
  oneSeatPerPerson: boolean;
};
export type RegistrationRow = typeof registrations.$inferSelect;
/** An active registration in a session that has not started, with that session's times. */
export type UpcomingEntry = RegistrationRow & { sessionStartsAt: Date; sessionEndsAt: Date };

export function loadSession(tx: DbOrTx, sessionId: number): SessionRow | undefined {
  const row = tx
    .select({
      session: sessions,
      seriesTitle: series.title,
      waitlistMode: series.waitlistMode,
      offerHours: series.offerHours,
      oneSeatPerPerson: series.oneSeatPerPerson,
    })
    .from(sessions)
    .innerJoin(series, eq(series.id, sessions.seriesId))
    .where(eq(sessions.id, sessionId))
    .get();
  return row
    ? {
        ...row.session,
        seriesTitle: row.seriesTitle,
        waitlistMode: row.waitlistMode,
        offerHours: row.offerHours,
        oneSeatPerPerson: row.oneSeatPerPerson,
      }
    : undefined;
}

export function loadRegistration(tx: DbOrTx, registrationId: number): RegistrationRow | undefined {
  return tx.select().from(registrations).where(eq(registrations.id, registrationId)).get();
}

/** The person's active registration in one session (the unique index allows at most one). */
export function activeRegistration(tx: DbOrTx, sessionId: number, userId: number): RegistrationRow | undefined {
  return tx
    .select()
    .from(registrations)
    .where(and(eq(registrations.sessionId, sessionId), eq(registrations.userId, userId), inArray(registrations.status, [...ACTIVE])))
    .get();
}

/**
 * The person's active registrations in the series' sessions that have not started. Only
 * these count for the one-seat rule: history (attended or not) never blocks a later date.
 */
export function upcomingInSeries(
  tx: DbOrTx,
  seriesId: number,
  userId: number,
  now: Date,
  options: { exceptSessionId?: number } = {},
): UpcomingEntry[] {
  return tx
    .select({ registration: registrations, sessionStartsAt: sessions.startsAt, sessionEndsAt: sessions.endsAt })
    .from(registrations)
    .innerJoin(sessions, eq(sessions.id, registrations.sessionId))
    .where(
      and(
        eq(sessions.seriesId, seriesId),
        eq(registrations.userId, userId),
        inArray(registrations.status, [...ACTIVE]),
        gt(sessions.startsAt, now),
        options.exceptSessionId === undefined ? undefined : ne(sessions.id, options.exceptSessionId),
      ),
    )
    .all()
    .map((row) => ({ ...row.registration, sessionStartsAt: row.sessionStartsAt, sessionEndsAt: row.sessionEndsAt }));
}

/**
 * 1-based place on the waitlist. "First come" is the order of the committed transactions,
 * which the row id records exactly (writers are serialised by BEGIN IMMEDIATE), even across
 * processes whose clocks differ by a few milliseconds.
 */
export function waitlistPosition(tx: DbOrTx, registration: Pick<RegistrationRow, "id" | "sessionId">): number {
  return (
    tx
      .select({ n: sql<number>`count(*)` })
      .from(registrations)
      .where(
        and(
          eq(registrations.sessionId, registration.sessionId),
          eq(registrations.status, "waitlisted"),
          lte(registrations.id, registration.id),
        ),
      )
      .get()?.n ?? 0
  );
}
