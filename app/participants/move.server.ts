// An organiser moves a person to another session of the same series ("umbuchen durch die
// Organisation"). The same seat rules hold as for the person's own clicks: a free seat is
// taken in one transaction, a full session needs a deliberate overbooking with a reason
// (recorded on the registration and in the audit log), and nobody is moved out of history.
import { and, asc, eq, gt, ne } from "drizzle-orm";
import { type DbOrTx, schema } from "~/lib/db.server";
import type { Clock } from "~/registrations/clock";
import { mailRebooked } from "~/registrations/notifications.server";
import { activeRegistration, loadRegistration, loadSession, upcomingInSeries } from "~/registrations/reads.server";
import { isActive } from "~/registrations/rules";
import { assertSeatRules, changeRegistration } from "~/registrations/seat-rules.server";
import { countSeatsHeld } from "~/registrations/seats.server";
import { auditRegistration, fillFreeSeats, releaseSeat, type SeatRuleRefusal, seatTransaction } from "~/registrations/waitlist.server";

const { registrations, sessions } = schema;

export type MoveRefusal = "forbidden" | "not_found" | "started" | "target_unavailable" | "target_full" | "same_session" | "already_there";
export type MoveResult = { ok: true; overbooked: boolean; registrationId: number } | { ok: false; reason: MoveRefusal } | SeatRuleRefusal;

/** Sessions a person can be moved to: the same series, published, not yet started. */
export function listMoveTargets(db: DbOrTx, sessionId: number, now: Date) {
  const current = db.select({ seriesId: sessions.seriesId }).from(sessions).where(eq(sessions.id, sessionId)).get();
  if (!current) return [];
  return db
    .select({ id: sessions.id, startsAt: sessions.startsAt, endsAt: sessions.endsAt, capacity: sessions.capacity })
    .from(sessions)
    .where(
      and(
        eq(sessions.seriesId, current.seriesId),
        eq(sessions.status, "published"),
        gt(sessions.startsAt, now),
        ne(sessions.id, sessionId),
      ),
    )
    .orderBy(asc(sessions.startsAt))
    .all()
    .map((target) => ({ ...target, seatsHeld: countSeatsHeld(db, target.id) }));
}

export function movePerson(
  db: DbOrTx,
  actor: { id: number; roles: readonly string[] },
  registrationId: number,
  targetSessionId: number,
  input: { overbookReason: string | null },
  clock: Clock,
): MoveResult {
  if (!actor.roles.includes("admin")) return { ok: false, reason: "forbidden" };
  return seatTransaction(db, (tx): MoveResult => {
    const current = loadRegistration(tx, registrationId);
    if (!current || !isActive(current.status) || current.userId === null) return { ok: false, reason: "not_found" };
    if (current.sessionId === targetSessionId) return { ok: false, reason: "same_session" };
    const source = loadSession(tx, current.sessionId);
    if (!source) return { ok: false, reason: "not_found" };
    // History stays: an attendance or a seat in a session that has begun is never moved away.
    if (source.startsAt <= clock.now || current.status === "attended") return { ok: false, reason: "started" };
    const target = loadSession(tx, targetSessionId);
    if (target?.status !== "published" || target.startsAt <= clock.now || target.seriesId !== source.seriesId) {
      return { ok: false, reason: "target_unavailable" };
    }
    const there = activeRegistration(tx, targetSessionId, current.userId);
    if (there && there.status !== "waitlisted") return { ok: false, reason: "already_there" };
    const free = countSeatsHeld(tx, targetSessionId) < target.capacity;
    const reason = input.overbookReason?.trim() || null;
    if (!free && !reason) return { ok: false, reason: "target_full" };

    // The person ends up with exactly this one seat: the moved registration ends, and in a
    // one-place series so does every other upcoming entry (a seat it kept is released).
    const ending = source.oneSeatPerPerson
      ? upcomingInSeries(tx, source.seriesId, current.userId, clock.now, { exceptSessionId: targetSessionId })
      : [{ ...current, sessionStartsAt: source.startsAt, sessionEndsAt: source.endsAt }];
    let moved: typeof current;
    if (there) {
      changeRegistration(tx, there, "confirmed", clock.now, { overbooked: !free, replacesRegistrationId: null, offerExpiresAt: null });
      moved = { ...there, status: "confirmed" };
    } else {
      moved = tx
        .insert(registrations)
        .values({
          sessionId: targetSessionId,
          userId: current.userId,
          status: "confirmed",
          overbooked: !free,
          queuedAt: clock.now,
          updatedAt: clock.now,
          supportNeeds: current.supportNeeds,
        })
        .returning()
        .get();
    }
    auditRegistration(tx, actor.id, free ? "registration_moved" : "registration_overbooked", moved, clock.now, {
      from: current.id,
      fromSessionId: current.sessionId,
      ...(free ? {} : { reason, capacity: target.capacity }),
    });
    const freed = new Set<number>();
    for (const entry of ending) {
      const entrySession = loadSession(tx, entry.sessionId)!;
      if (entry.status === "waitlisted") {
        changeRegistration(tx, entry, "cancelled", clock.now, { endReason: "moved" });
        auditRegistration(tx, actor.id, "registration_replaced", entry, clock.now);
      } else {
        releaseSeat(tx, entry, entrySession, clock, "moved");
        freed.add(entry.sessionId);
      }
    }
    mailRebooked(tx, moved, target, clock, source);
    for (const sessionId of freed) fillFreeSeats(tx, sessionId, clock);
    assertSeatRules(tx, { userId: current.userId, seriesId: source.seriesId, sessionIds: [targetSessionId, ...freed] }, clock.now);
    return { ok: true, overbooked: !free, registrationId: moved.id };
  });
}
