// The waitlist: free seats go to the oldest entry (at once, or as an offer with a deadline),
// offers are accepted, declined or run out, and conditional entries end when the session of
// the seat they keep begins. Modelled on pretix's waitinglist service: state check, lock
// (BEGIN IMMEDIATE), change, log, mail through the outbox after commit.
import { offerDeadline } from "./offer-deadline";
import { and, asc, eq, isNotNull, lte } from "drizzle-orm";
import { writeAudit } from "~/lib/audit.server";
import { type DbOrTx, schema } from "~/lib/db.server";
import type { Clock } from "./clock";
import {
  mailCancelled,
  mailConditionalEntryEnded,
  mailOffered,
  mailOfferExpired,
  mailPromoted,
  mailReleased,
} from "./notifications.server";
import { activeRegistration, loadRegistration, loadSession, type RegistrationRow, type SessionRow } from "./reads.server";
import { isActive } from "./rules";
import { countSeatsHeld } from "./seats.server";
import { assertSeatRules, changeRegistration, SeatRuleViolation, type SeatRule } from "./seat-rules.server";

const { registrations } = schema;

export type SeatRuleRefusal = { ok: false; reason: "seat_rules"; rule: SeatRule };

/**
 * Runs a transition in one BEGIN IMMEDIATE transaction (a savepoint when nested). A broken
 * seat rule rolls everything back and becomes a refusal the person can read, never a 500.
 */
export function seatTransaction<T>(db: DbOrTx, transition: (tx: DbOrTx) => T): T | SeatRuleRefusal {
  try {
    return db.transaction((tx) => transition(tx), { behavior: "immediate" });
  } catch (error) {
    if (error instanceof SeatRuleViolation) return { ok: false, reason: "seat_rules", rule: error.rule };
    throw error;
  }
}

export function auditRegistration(
  tx: DbOrTx,
  actorId: number | null,
  action: string,
  registration: Pick<RegistrationRow, "id" | "sessionId">,
  now: Date,
  details: Record<string, unknown> = {},
) {
  writeAudit(tx, {
    actorId,
    action,
    subjectType: "registration",
    subjectId: registration.id,
    details: { sessionId: registration.sessionId, ...details },
    at: now,
  });
}

/**
 * Gives free seats to the waitlist, oldest entry first. A conditional entry is the person's
 * own standing request to rebook, so it becomes the seat at once in either mode and gives up
 * the seat it kept; everyone else gets the seat (auto mode) or an offer (offer mode).
 */
export function fillFreeSeats(tx: DbOrTx, sessionId: number, clock: Clock): void {
  const queue = [sessionId];
  while (queue.length > 0) {
    const session = loadSession(tx, queue.shift()!);
    // No moving up into a cancelled, unpublished or already started session.
    if (session?.status !== "published" || session.startsAt <= clock.now) continue;
    for (;;) {
      if (countSeatsHeld(tx, session.id) >= session.capacity) break;
      const next = tx
        .select()
        .from(registrations)
        .where(and(eq(registrations.sessionId, session.id), eq(registrations.status, "waitlisted")))
        .orderBy(asc(registrations.id))
        .get();
      if (!next) break;
      const kept = next.replacesRegistrationId ? keptSeat(tx, next.replacesRegistrationId) : null;
      if (kept && kept.session.startsAt <= clock.now) {
        // Its time has passed: the person kept the earlier date. The entry ends; the seat goes on.
        endConditionalEntry(tx, next, session, kept, clock);
        continue;
      }
      if (kept || session.waitlistMode === "auto") {
        changeRegistration(tx, next, "confirmed", clock.now, { replacesRegistrationId: null });
        auditRegistration(tx, null, "registration_promoted", next, clock.now, kept ? { released: kept.registration.id } : {});
        const released = kept ? releaseSeat(tx, kept.registration, kept.session, clock) : null;
        if (released) queue.push(released.sessionId);
        mailPromoted(tx, next, session, clock, released ? kept!.session : null);
        assertSeatRules(tx, { userId: next.userId, seriesId: session.seriesId, sessionIds: [session.id] }, clock.now);
        continue;
      }
      const deadline = offerDeadline(clock.now, session.offerHours, session.startsAt);
      changeRegistration(tx, next, "offered", clock.now, { offerExpiresAt: deadline });
      auditRegistration(tx, null, "registration_offered", next, clock.now, { offerExpiresAt: deadline });
      mailOffered(tx, next, session, deadline, clock);
      assertSeatRules(tx, { userId: next.userId, seriesId: session.seriesId, sessionIds: [session.id] }, clock.now);
    }
  }
}

/** The seat a conditional entry keeps, while it is still held. */
function keptSeat(tx: DbOrTx, registrationId: number): { registration: RegistrationRow; session: SessionRow } | null {
  const registration = loadRegistration(tx, registrationId);
  if (!registration || !isActive(registration.status)) return null;
  const session = loadSession(tx, registration.sessionId);
  return session ? { registration, session } : null;
}

/** Gives up a seat for another one (rebooking, switching, a move): one mail with its CANCEL. */
export function releaseSeat(
  tx: DbOrTx,
  seat: RegistrationRow,
  session: SessionRow,
  clock: Clock,
  endReason: "rebooked" | "moved" = "rebooked",
): { sessionId: number } {
  changeRegistration(tx, seat, "cancelled", clock.now, { endReason, offerExpiresAt: null });
  auditRegistration(tx, seat.userId, "registration_released_for_rebooking", seat, clock.now);
  if (seat.status === "confirmed") mailReleased(tx, seat, session, clock);
  else mailCancelled(tx, seat, session, clock, { hadInvite: false });
  return { sessionId: seat.sessionId };
}

function endConditionalEntry(
  tx: DbOrTx,
  entry: RegistrationRow,
  session: SessionRow,
  kept: { session: { startsAt: Date; endsAt: Date } },
  clock: Clock,
) {
  changeRegistration(tx, entry, "cancelled", clock.now, { endReason: "kept_earlier" });
  auditRegistration(tx, null, "registration_conditional_ended", entry, clock.now, { keptSessionStartsAt: kept.session.startsAt });
  mailConditionalEntryEnded(tx, entry, session, clock, kept.session);
}

/**
 * The job that runs every minute: a conditional entry ends when the session of the seat it
 * keeps begins (the person kept the earlier date; one mail). Returns how many ended.
 */
export function endConditionalEntriesOfStartedSeats(db: DbOrTx, clock: Clock): number {
  const ended = seatTransaction(db, (tx) => {
    const entries = tx
      .select()
      .from(registrations)
      .where(and(eq(registrations.status, "waitlisted"), isNotNull(registrations.replacesRegistrationId)))
      .orderBy(asc(registrations.id))
      .all();
    let count = 0;
    for (const entry of entries) {
      const kept = keptSeat(tx, entry.replacesRegistrationId!);
      if (!kept || kept.session.startsAt > clock.now) continue;
      const session = loadSession(tx, entry.sessionId);
      if (!session || session.startsAt <= clock.now) continue;
      endConditionalEntry(tx, entry, session, kept, clock);
      count++;
    }
    return count;
  });
  return typeof ended === "number" ? ended : 0;
}

export type OfferResult = { ok: true } | { ok: false; reason: "not_found" | "no_offer" | "offer_expired" } | SeatRuleRefusal;

export function acceptOffer(db: DbOrTx, userId: number, sessionId: number, clock: Clock): OfferResult {
  return seatTransaction(db, (tx): OfferResult => {
    const session = loadSession(tx, sessionId);
    if (!session || session.status === "draft") return { ok: false, reason: "not_found" };
    const registration = activeRegistration(tx, sessionId, userId);
    if (registration?.status !== "offered") return { ok: false, reason: "no_offer" };
    if (!registration.offerExpiresAt || registration.offerExpiresAt <= clock.now || session.startsAt <= clock.now) {
      expireOffer(tx, registration, session, clock);
      fillFreeSeats(tx, sessionId, clock);
      return { ok: false, reason: "offer_expired" };
    }
    changeRegistration(tx, registration, "confirmed", clock.now, { offerExpiresAt: null });
    auditRegistration(tx, userId, "registration_offer_accepted", registration, clock.now);
    // Offers made before conditional entries were swapped at once may still keep a seat.
    const kept = registration.replacesRegistrationId ? keptSeat(tx, registration.replacesRegistrationId) : null;
    const released = kept && kept.session.startsAt > clock.now ? releaseSeat(tx, kept.registration, kept.session, clock) : null;
    mailPromoted(tx, registration, session, clock, released ? kept!.session : null);
    if (released) fillFreeSeats(tx, released.sessionId, clock);
    assertSeatRules(tx, { userId, seriesId: session.seriesId, sessionIds: [sessionId] }, clock.now);
    return { ok: true };
  });
}

export function declineOffer(db: DbOrTx, userId: number, sessionId: number, clock: Clock): OfferResult {
  return seatTransaction(db, (tx): OfferResult => {
    const session = loadSession(tx, sessionId);
    if (!session || session.status === "draft") return { ok: false, reason: "not_found" };
    const registration = activeRegistration(tx, sessionId, userId);
    if (registration?.status !== "offered") return { ok: false, reason: "no_offer" };
    changeRegistration(tx, registration, "cancelled", clock.now, { endReason: "offer_declined", offerExpiresAt: null });
    auditRegistration(tx, userId, "registration_offer_declined", registration, clock.now);
    mailCancelled(tx, registration, session, clock, { hadInvite: false });
    fillFreeSeats(tx, sessionId, clock);
    assertSeatRules(tx, { userId, seriesId: session.seriesId, sessionIds: [sessionId] }, clock.now);
    return { ok: true };
  });
}

function expireOffer(tx: DbOrTx, registration: RegistrationRow, session: SessionRow, clock: Clock) {
  changeRegistration(tx, registration, "cancelled", clock.now, { endReason: "offer_expired", offerExpiresAt: null });
  auditRegistration(tx, null, "registration_offer_expired", registration, clock.now);
  mailOfferExpired(tx, registration, session, clock);
}

/** The job that runs every minute: offers past their deadline pass to the next person. */
export function expireOffers(db: DbOrTx, clock: Clock): number {
  const expired = seatTransaction(db, (tx) => {
    const due = tx
      .select()
      .from(registrations)
      .where(and(eq(registrations.status, "offered"), lte(registrations.offerExpiresAt, clock.now)))
      .orderBy(asc(registrations.offerExpiresAt), asc(registrations.id))
      .all();
    const sessionIds = new Set<number>();
    for (const registration of due) {
      const session = loadSession(tx, registration.sessionId);
      if (!session) continue;
      expireOffer(tx, registration, session, clock);
      sessionIds.add(session.id);
    }
    for (const sessionId of sessionIds) fillFreeSeats(tx, sessionId, clock);
    return due.length;
  });
  return typeof expired === "number" ? expired : 0;
}

/** Offers and conditional entries whose time has come; the job runner calls this every minute. */
export function runWaitlistDeadlines(db: DbOrTx, clock: Clock): number {
  return expireOffers(db, clock) + endConditionalEntriesOfStartedSeats(db, clock);
}
