// The one definition of "seats held" and "waitlist length" (decision 005): every page and
// every rule counts seats through here, so the figures an organiser sees are the figures the
// guard enforces.
import { and, eq, inArray, type SQL, sql } from "drizzle-orm";
import { type DbOrTx, schema } from "~/lib/db.server";
import { HOLDS_SEAT } from "./rules";

const { registrations } = schema;

const seatStatuses = sql.raw(HOLDS_SEAT.map((status) => `'${status}'`).join(", "));

/**
 * Correlated subqueries for a select over `sessions`. The outer column is written out as
 * "sessions"."id" on purpose: drizzle renders `${sessions.id}` unqualified when the query
 * has no join, and inside `from registrations` an unqualified "id" is the registration's
 * own id — every session then counted the same one row.
 */
const outerSessionId = sql.raw(`"sessions"."id"`);

export function seatsHeldColumn(): SQL<number> {
  return sql<number>`(select count(*) from "registrations" seat_r
    where seat_r.session_id = ${outerSessionId} and seat_r.status in (${seatStatuses}))`.mapWith(Number);
}

export function waitlistLengthColumn(): SQL<number> {
  return sql<number>`(select count(*) from "registrations" wait_r
    where wait_r.session_id = ${outerSessionId} and wait_r.status = 'waitlisted')`.mapWith(Number);
}

/** Seats held in one session, read through the transaction that is about to change them. */
export function countSeatsHeld(tx: DbOrTx, sessionId: number): number {
  return (
    tx
      .select({ n: sql<number>`count(*)` })
      .from(registrations)
      .where(and(eq(registrations.sessionId, sessionId), inArray(registrations.status, [...HOLDS_SEAT])))
      .get()?.n ?? 0
  );
}

export function countWaitlisted(tx: DbOrTx, sessionId: number): number {
  return (
    tx
      .select({ n: sql<number>`count(*)` })
      .from(registrations)
      .where(and(eq(registrations.sessionId, sessionId), eq(registrations.status, "waitlisted")))
      .get()?.n ?? 0
  );
}
