// What a staff member does on a session page: register, cancel, rebook a seat to another
// date, switch from a waitlist to a free date. Each runs in one BEGIN IMMEDIATE transaction
// and ends with the seat rules (seat-rules.server.ts), so no sequence of clicks can give a
// person two seats in a one-place series.
import { and, eq } from "drizzle-orm";
import { type DbOrTx, schema } from "~/lib/db.server";
import { registrationWindow } from "~/sessions/rules";
import type { Clock } from "./clock";
import { mailCancelled, mailConfirmed, mailRebooked, mailSwitched, mailWaitlisted } from "./notifications.server";
import { activeRegistration, loadSession, type RegistrationRow, type SessionRow, upcomingInSeries } from "./reads.server";
import { assertSeatRules, changeRegistration } from "./seat-rules.server";
import { countSeatsHeld } from "./seats.server";
import { auditRegistration, fillFreeSeats, releaseSeat, type SeatRuleRefusal, seatTransaction } from "./waitlist.server";

const { registrations } = schema;

export type Refusal =
  | "not_found"
  | "cancelled"
  | "past"
  | "not_yet_open"
  | "closed"
  | "has_seat_in_series"
  | "waitlisted_in_series"
  | "not_registered"
  | "started"
  | "no_offer"
  | "offer_expired"
  | "nothing_to_rebook"
  | "no_free_seat"
  | "seat_rules";

export type RegisterResult =
  | { ok: true; outcome: "confirmed" | "waitlisted"; registrationId: number; position: number | null }
  | { ok: true; outcome: "already"; registrationId: number }
  | { ok: false; reason: Refusal };

function windowRefusal(session: SessionRow, now: Date): Refusal | null {
  const window = registrationWindow(session, now);
  if (window === "draft") return "not_found";
  if (window === "open") return null;
  return window as Refusal;
}

type TargetDone = { ok: true; outcome: "already"; registrationId: number } | { ok: false; reason: Refusal };

/**
 * The session a person asks for a seat in, or the answer already: unknown, they are in it
 * (a double submit changes nothing), or it is outside its registration window.
 */
function targetSession(tx: DbOrTx, userId: number, sessionId: number, now: Date): { session: SessionRow } | { done: TargetDone } {
  const session = loadSession(tx, sessionId);
  if (!session) return { done: { ok: false, reason: "not_found" } };
  const existing = activeRegistration(tx, sessionId, userId);
  if (existing) return { done: { ok: true, outcome: "already", registrationId: existing.id } };
  const refusal = windowRefusal(session, now);
  if (refusal) return { done: { ok: false, reason: refusal } };
  return { session };
}

function insertRegistration(
  tx: DbOrTx,
  values: { sessionId: number; userId: number; status: "confirmed" | "waitlisted"; now: Date } & Partial<RegistrationRow>,
): RegistrationRow {
  const { now, ...rest } = values;
  return tx
    .insert(registrations)
    .values({ queuedAt: now, updatedAt: now, ...rest })
    .returning()
    .get();
}

const seatRulesOf = (tx: DbOrTx, userId: number, session: SessionRow, sessionIds: number[], now: Date) =>
  assertSeatRules(tx, { userId, seriesId: session.seriesId, sessionIds }, now);

/** "Jetzt anmelden" / "Auf die Warteliste". A double submit finds the first and changes nothing. */
export function register(
  db: DbOrTx,
  userId: number,
  sessionId: number,
  input: { supportNeeds?: string | null; actorId?: number },
  clock: Clock,
): RegisterResult {
  // The one-place rule is the guard's alone: a registration that would break it is rolled
  // back, and only then is the reason worded for the person (a seat or a waitlist entry).
  const result = seatTransaction(db, (tx): RegisterResult => {
    const target = targetSession(tx, userId, sessionId, clock.now);
    if ("done" in target) return target.done;
    const { session } = target;
    const status = countSeatsHeld(tx, sessionId) < session.capacity ? "confirmed" : "waitlisted";
    const registration = insertRegistration(tx, {
      sessionId,
      userId,
      status,
      now: clock.now,
      supportNeeds: input.supportNeeds?.trim() || null,
    });
    auditRegistration(tx, input.actorId ?? userId, `registration_${status}`, registration, clock.now);
    let position: number | null = null;
    if (status === "confirmed") mailConfirmed(tx, registration, session, clock);
    else position = mailWaitlisted(tx, registration, session, clock, { keepsSeatElsewhere: false });
    seatRulesOf(tx, userId, session, [sessionId], clock.now);
    return { ok: true, outcome: status, registrationId: registration.id, position };
  });
  if (result.ok || result.reason !== "seat_rules") return result;
  const session = loadSession(db, sessionId);
  const elsewhere = session ? upcomingInSeries(db, session.seriesId, userId, clock.now, { exceptSessionId: sessionId }) : [];
  return { ok: false, reason: elsewhere.some((entry) => entry.status !== "waitlisted") ? "has_seat_in_series" : "waitlisted_in_series" };
}

export type CancelResult = { ok: true; wasWaitlisted: boolean } | { ok: false; reason: Refusal } | SeatRuleRefusal;

/** "Abmelden": gives the seat (or the waitlist entry) back; a freed seat moves the waitlist up. */
export function cancelRegistration(db: DbOrTx, userId: number, sessionId: number, clock: Clock): CancelResult {
  return seatTransaction(db, (tx): CancelResult => {
    const session = loadSession(tx, sessionId);
    if (!session || session.status === "draft") return { ok: false, reason: "not_found" };
    const registration = activeRegistration(tx, sessionId, userId);
    if (!registration) return { ok: false, reason: "not_registered" };
    if (session.startsAt <= clock.now || registration.status === "attended") return { ok: false, reason: "started" };
    changeRegistration(tx, registration, "cancelled", clock.now, { endReason: "self", offerExpiresAt: null });
    auditRegistration(tx, userId, "registration_cancelled", registration, clock.now, { from: registration.status });
    const wasWaitlisted = registration.status === "waitlisted";
    mailCancelled(tx, registration, session, clock, { hadInvite: registration.status === "confirmed" });
    if (!wasWaitlisted) {
      // A waitlist entry that kept this seat now simply waits: the seat it kept is gone.
      tx.update(registrations)
        .set({ replacesRegistrationId: null, updatedAt: clock.now })
        .where(and(eq(registrations.replacesRegistrationId, registration.id), eq(registrations.status, "waitlisted")))
        .run();
      fillFreeSeats(tx, sessionId, clock);
    }
    seatRulesOf(tx, userId, session, [sessionId], clock.now);
    return { ok: true, wasWaitlisted };
  });
}

export type RebookResult =
  | { ok: true; outcome: "rebooked"; registrationId: number }
  | { ok: true; outcome: "waitlisted"; registrationId: number; position: number }
  | { ok: true; outcome: "already"; registrationId: number }
  | { ok: false; reason: Refusal };

/**
 * "Auf diesen Termin umbuchen" for a person who holds a confirmed seat in another upcoming
 * session of the series: with a free seat here the seats are swapped at once; when this
 * session is full, a conditional waitlist entry keeps the old seat until it becomes a seat
 * here (or until the old session begins). Every other entry of theirs in the series ends.
 */
export function rebook(db: DbOrTx, userId: number, sessionId: number, clock: Clock): RebookResult {
  return seatTransaction(db, (tx): RebookResult => {
    const target = targetSession(tx, userId, sessionId, clock.now);
    if ("done" in target) return target.done;
    const { session } = target;
    const elsewhere = upcomingInSeries(tx, session.seriesId, userId, clock.now, { exceptSessionId: sessionId });
    const seat = elsewhere.find((entry) => entry.status === "confirmed");
    if (!seat) return { ok: false, reason: "nothing_to_rebook" };
    const others = elsewhere.filter((entry) => entry.id !== seat.id);
    if (countSeatsHeld(tx, sessionId) < session.capacity) {
      const registration = insertRegistration(tx, {
        sessionId,
        userId,
        status: "confirmed",
        now: clock.now,
        supportNeeds: seat.supportNeeds,
      });
      auditRegistration(tx, userId, "registration_rebooked", registration, clock.now, { from: seat.id });
      endOtherEntries(tx, userId, others, clock);
      const seatSession = loadSession(tx, seat.sessionId)!;
      mailRebooked(tx, registration, session, clock, seatSession);
      releaseSeat(tx, seat, seatSession, clock);
      fillFreeSeats(tx, seat.sessionId, clock);
      seatRulesOf(tx, userId, session, [sessionId, seat.sessionId], clock.now);
      return { ok: true, outcome: "rebooked", registrationId: registration.id };
    }
    endOtherEntries(tx, userId, others, clock);
    const registration = insertRegistration(tx, {
      sessionId,
      userId,
      status: "waitlisted",
      now: clock.now,
      replacesRegistrationId: seat.id,
      supportNeeds: seat.supportNeeds,
    });
    auditRegistration(tx, userId, "registration_waitlisted_conditionally", registration, clock.now, { keeps: seat.id });
    const position = mailWaitlisted(tx, registration, session, clock, { keepsSeatElsewhere: true });
    seatRulesOf(tx, userId, session, [sessionId], clock.now);
    return { ok: true, outcome: "waitlisted", registrationId: registration.id, position };
  });
}

export type SwitchResult =
  | { ok: true; registrationId: number }
  | { ok: true; outcome: "already"; registrationId: number }
  | { ok: false; reason: Refusal };

/**
 * "Zu diesem Termin wechseln" for a person who waits (or holds an open offer) in another
 * session of the series and sees a free seat here: the seat is granted and the waitlist
 * entry ends in the same transaction, so they are never without either.
 */
export function switchFromWaitlist(db: DbOrTx, userId: number, sessionId: number, clock: Clock): SwitchResult {
  return seatTransaction(db, (tx): SwitchResult => {
    const target = targetSession(tx, userId, sessionId, clock.now);
    if ("done" in target) return target.done;
    const { session } = target;
    const elsewhere = upcomingInSeries(tx, session.seriesId, userId, clock.now, { exceptSessionId: sessionId });
    if (elsewhere.some((entry) => entry.status === "confirmed")) return { ok: false, reason: "has_seat_in_series" };
    const left = elsewhere[0];
    if (!left) return { ok: false, reason: "nothing_to_rebook" };
    if (countSeatsHeld(tx, sessionId) >= session.capacity) return { ok: false, reason: "no_free_seat" };
    const registration = insertRegistration(tx, {
      sessionId,
      userId,
      status: "confirmed",
      now: clock.now,
      supportNeeds: left.supportNeeds,
    });
    auditRegistration(tx, userId, "registration_switched", registration, clock.now, { from: left.id });
    endOtherEntries(tx, userId, elsewhere, clock);
    mailSwitched(tx, registration, session, clock, { startsAt: left.sessionStartsAt, endsAt: left.sessionEndsAt });
    seatRulesOf(tx, userId, session, [sessionId, ...elsewhere.map((entry) => entry.sessionId)], clock.now);
    return { ok: true, registrationId: registration.id };
  });
}

/** Ends waitlist entries and open offers that a new seat replaces; a freed offer moves the list up. */
function endOtherEntries(tx: DbOrTx, userId: number, entries: RegistrationRow[], clock: Clock) {
  for (const entry of entries) {
    if (entry.status === "confirmed" || entry.status === "attended") continue;
    changeRegistration(tx, entry, "cancelled", clock.now, { endReason: "rebooked", offerExpiresAt: null });
    auditRegistration(tx, userId, "registration_replaced", entry, clock.now);
    if (entry.status === "offered") fillFreeSeats(tx, entry.sessionId, clock);
  }
}
