// The seat rules, in one place. Every transition that grants, moves or ends a seat calls
// `assertSeatRules` inside its BEGIN IMMEDIATE transaction after its writes; a violation
// throws and rolls the whole transition back. `changeRegistration` is the only way a
// transition changes a registration's state, and it refuses to touch history.
//
// Rules (decision 005):
// - Seats held = confirmed + offered + attended. Those not recorded as overbooked never
//   exceed the session's capacity.
// - In a one-place series, per person, among the sessions that have not started: at most one
//   seat (confirmed | offered), at most one waitlist entry, and while a seat is held the
//   waitlist entry must be conditional on that very seat.
// - A registration in a session that has started changes only through attendance or "Termin
//   ausgefallen"; an offer past its deadline may still end (it never was a place).
import { and, eq, gt, inArray, sql } from "drizzle-orm";
import { type DbOrTx, schema } from "~/lib/db.server";
import type { RegistrationStatus } from "~db/schema";
import type { RegistrationRow } from "./reads.server";
import { ACTIVE, HOLDS_SEAT } from "./rules";

const { registrations, sessions, series } = schema;

export type SeatRule =
  | "capacity"
  | "one_seat_in_series"
  | "one_waitlist_entry_in_series"
  | "waitlist_entry_not_conditional"
  | "session_started";

export class SeatRuleViolation extends Error {
  constructor(
    readonly rule: SeatRule,
    detail: string,
  ) {
    super(`seat rule "${rule}" violated: ${detail}`);
    this.name = "SeatRuleViolation";
  }
}

/**
 * Checks the capacity of the given sessions and the one-place rule of the person in the
 * series. Call it after the writes of a transition, inside its transaction.
 */
export function assertSeatRules(tx: DbOrTx, scope: { userId: number | null; seriesId: number; sessionIds: readonly number[] }, now: Date) {
  for (const sessionId of new Set(scope.sessionIds)) assertCapacity(tx, sessionId);
  if (scope.userId !== null) assertOneSeat(tx, scope.userId, scope.seriesId, now);
}

function assertCapacity(tx: DbOrTx, sessionId: number) {
  const row = tx
    .select({
      capacity: sessions.capacity,
      held: sql<number>`(select count(*) from "registrations" r
        where r.session_id = ${sessionId} and r.overbooked = 0 and r.status in ('confirmed', 'offered', 'attended'))`,
    })
    .from(sessions)
    .where(eq(sessions.id, sessionId))
    .get();
  if (row && row.held > row.capacity) {
    throw new SeatRuleViolation("capacity", `session ${sessionId}: ${row.held} seats held, capacity ${row.capacity}`);
  }
}

function assertOneSeat(tx: DbOrTx, userId: number, seriesId: number, now: Date) {
  const oneSeat = tx.select({ oneSeat: series.oneSeatPerPerson }).from(series).where(eq(series.id, seriesId)).get()?.oneSeat;
  if (!oneSeat) return;
  const entries = tx
    .select({ id: registrations.id, status: registrations.status, keeps: registrations.replacesRegistrationId })
    .from(registrations)
    .innerJoin(sessions, eq(sessions.id, registrations.sessionId))
    .where(
      and(
        eq(sessions.seriesId, seriesId),
        eq(registrations.userId, userId),
        inArray(registrations.status, [...ACTIVE]),
        gt(sessions.startsAt, now),
      ),
    )
    .all();
  const seats = entries.filter((entry) => (HOLDS_SEAT as readonly string[]).includes(entry.status));
  const waiting = entries.filter((entry) => entry.status === "waitlisted");
  const who = `person ${userId}, series ${seriesId}`;
  if (seats.length > 1) throw new SeatRuleViolation("one_seat_in_series", `${who}: seats ${seats.map((s) => s.id).join(", ")}`);
  if (waiting.length > 1) {
    throw new SeatRuleViolation("one_waitlist_entry_in_series", `${who}: entries ${waiting.map((w) => w.id).join(", ")}`);
  }
  const [seat] = seats;
  const [entry] = waiting;
  if (seat && entry && entry.keeps !== seat.id) {
    throw new SeatRuleViolation("waitlist_entry_not_conditional", `${who}: entry ${entry.id} does not keep seat ${seat.id}`);
  }
}

/**
 * The one way a transition changes a registration's state. A session that has started is
 * history: nothing but attendance changes it (and an offer may still run out at the start).
 */
export function changeRegistration(
  tx: DbOrTx,
  registration: Pick<RegistrationRow, "id" | "sessionId" | "status">,
  status: RegistrationStatus,
  now: Date,
  extra: Partial<RegistrationRow> = {},
): void {
  const endingAnOffer = registration.status === "offered" && status === "cancelled";
  if (!endingAnOffer) {
    const startsAt = tx
      .select({ startsAt: sessions.startsAt })
      .from(sessions)
      .where(eq(sessions.id, registration.sessionId))
      .get()?.startsAt;
    if (!startsAt || startsAt <= now) {
      throw new SeatRuleViolation("session_started", `registration ${registration.id} in session ${registration.sessionId} is history`);
    }
  }
  tx.update(registrations)
    .set({ status, updatedAt: now, ...extra })
    .where(eq(registrations.id, registration.id))
    .run();
}
