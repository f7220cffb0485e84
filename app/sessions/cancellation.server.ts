// Ending a session as an organiser, without rewriting history (decision 005):
// - a draft is discarded: it never becomes visible, not even as "abgesagt";
// - a published session that has not started is cancelled: every place ends, each person is
//   told with a CANCEL invite;
// - a session that has started cannot be cancelled. Until its end, and while no attendance
//   is recorded, it can be called off ("Termin ausgefallen"): everyone with a seat is told;
//   their registrations stay as they are.
import { and, eq, inArray, sql } from "drizzle-orm";
import { writeAudit } from "~/lib/audit.server";
import { type DbOrTx, schema } from "~/lib/db.server";
import type { Clock } from "~/registrations/clock";
import { mailSessionCalledOff, mailSessionCancelled } from "~/registrations/notifications.server";
import { loadSession } from "~/registrations/reads.server";
import { ACTIVE } from "~/registrations/rules";
import { changeRegistration } from "~/registrations/seat-rules.server";

const { sessions, registrations } = schema;

type Actor = { id: number | null; roles: readonly string[] };
type Refusal<R extends string> = { ok: false; reason: R };

export type CancelSessionResult =
  | { ok: true; registrationsCancelled: number }
  | Refusal<"forbidden" | "not_found" | "already_cancelled" | "started" | "draft">;

/** "Termin absagen": only before the start; a draft is discarded instead (discardDraft). */
export function cancelSession(db: DbOrTx, actor: Actor, sessionId: number, reason: string, clock: Clock): CancelSessionResult {
  if (!actor.roles.includes("admin")) return { ok: false, reason: "forbidden" };
  return db.transaction(
    (tx): CancelSessionResult => {
      const session = loadSession(tx, sessionId);
      if (!session) return { ok: false, reason: "not_found" };
      if (session.status === "cancelled") return { ok: false, reason: "already_cancelled" };
      if (session.status === "draft") return { ok: false, reason: "draft" };
      if (session.startsAt <= clock.now) return { ok: false, reason: "started" };
      tx.update(sessions)
        .set({ status: "cancelled", cancelReason: reason, sequence: session.sequence + 1 })
        .where(eq(sessions.id, sessionId))
        .run();
      writeAudit(tx, {
        actorId: actor.id,
        action: "session_cancelled",
        subjectType: "session",
        subjectId: sessionId,
        details: { status: { old: session.status, new: "cancelled" }, reason },
        at: clock.now,
      });
      const cancelled = { ...session, status: "cancelled" as const, sequence: session.sequence + 1 };
      return { ok: true, registrationsCancelled: cancelAllRegistrations(tx, cancelled, reason, clock) };
    },
    { behavior: "immediate" },
  );
}

/** Inside the cancellation: every active registration ends, each person is told. */
function cancelAllRegistrations(tx: DbOrTx, session: NonNullable<ReturnType<typeof loadSession>>, reason: string, clock: Clock): number {
  const active = tx
    .select()
    .from(registrations)
    .where(and(eq(registrations.sessionId, session.id), inArray(registrations.status, [...ACTIVE])))
    .all();
  for (const registration of active) {
    changeRegistration(tx, registration, "cancelled_by_organizer", clock.now, { endReason: "organizer", offerExpiresAt: null });
    mailSessionCancelled(tx, registration, session, clock, reason);
  }
  return active.length;
}

export type DiscardResult = { ok: true } | Refusal<"forbidden" | "not_found" | "not_draft">;

/** "Entwurf verwerfen": a draft was never public, so it leaves no public trace. */
export function discardDraft(db: DbOrTx, actor: Actor, sessionId: number, now: Date): DiscardResult {
  if (!actor.roles.includes("admin")) return { ok: false, reason: "forbidden" };
  return db.transaction(
    (tx): DiscardResult => {
      const session = tx.select().from(sessions).where(eq(sessions.id, sessionId)).get();
      if (!session) return { ok: false, reason: "not_found" };
      if (session.status !== "draft") return { ok: false, reason: "not_draft" };
      // Nobody can register for a draft; anything left behind by a test or the CLI goes with it.
      tx.delete(registrations).where(eq(registrations.sessionId, sessionId)).run();
      tx.delete(sessions).where(eq(sessions.id, sessionId)).run();
      writeAudit(tx, {
        actorId: actor.id,
        action: "session_draft_discarded",
        subjectType: "session",
        subjectId: sessionId,
        details: { seriesId: session.seriesId, startsAt: session.startsAt.toISOString() },
        at: now,
      });
      return { ok: true };
    },
    { behavior: "immediate" },
  );
}

export type CallOffResult =
  | { ok: true; told: number }
  | Refusal<"forbidden" | "not_found" | "not_started" | "ended" | "attendance_recorded" | "already_called_off" | "cancelled">;

/**
 * "Termin ausgefallen" for the facilitator who fell ill at 10:05: everyone with a seat gets
 * one mail (with a CANCEL, so the calendar entry is marked); registrations stay unchanged.
 */
export function callOffSession(db: DbOrTx, actor: Actor, sessionId: number, reason: string, clock: Clock): CallOffResult {
  if (!actor.roles.includes("admin")) return { ok: false, reason: "forbidden" };
  return db.transaction(
    (tx): CallOffResult => {
      const session = loadSession(tx, sessionId);
      if (!session || session.status === "draft") return { ok: false, reason: "not_found" };
      if (session.status === "cancelled") return { ok: false, reason: "cancelled" };
      if (session.calledOffAt) return { ok: false, reason: "already_called_off" };
      if (session.startsAt > clock.now) return { ok: false, reason: "not_started" };
      if (session.endsAt <= clock.now) return { ok: false, reason: "ended" };
      const attended = tx
        .select({ n: sql<number>`count(*)` })
        .from(registrations)
        .where(and(eq(registrations.sessionId, sessionId), eq(registrations.status, "attended")))
        .get()?.n;
      if (attended) return { ok: false, reason: "attendance_recorded" };
      const sequence = session.sequence + 1;
      tx.update(sessions).set({ calledOffAt: clock.now, calledOffReason: reason, sequence }).where(eq(sessions.id, sessionId)).run();
      writeAudit(tx, {
        actorId: actor.id,
        action: "session_called_off",
        subjectType: "session",
        subjectId: sessionId,
        details: { reason },
        at: clock.now,
      });
      const holders = tx
        .select()
        .from(registrations)
        .where(and(eq(registrations.sessionId, sessionId), inArray(registrations.status, ["confirmed", "offered"])))
        .all();
      for (const registration of holders) mailSessionCalledOff(tx, registration, { ...session, sequence }, clock, reason);
      return { ok: true, told: holders.length };
    },
    { behavior: "immediate" },
  );
}

export type EndOption = "discard" | "cancel" | "call_off";

/** Which of the three ways to end a session the organiser page offers right now, if any. */
export function sessionEndOption(
  db: DbOrTx,
  session: { id: number; status: "draft" | "published" | "cancelled"; startsAt: Date; endsAt: Date; calledOffAt: Date | null },
  now: Date,
): EndOption | null {
  if (session.status === "draft") return "discard";
  if (session.status === "cancelled" || session.calledOffAt) return null;
  if (session.startsAt > now) return "cancel";
  if (session.endsAt <= now) return null;
  const attended = db
    .select({ n: sql<number>`count(*)` })
    .from(registrations)
    .where(and(eq(registrations.sessionId, session.id), eq(registrations.status, "attended")))
    .get()?.n;
  return attended ? null : "call_off";
}
