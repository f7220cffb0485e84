// The organiser's and facilitator's side of a session: who is in it, who came.
// Only the session's facilitators and admins; the check is part of every query's input.
import { and, asc, eq, inArray, ne, sql } from "drizzle-orm";
import { sortParticipants, type ParticipantSort } from "./sort";
import type { CurrentUser } from "~/auth/current-user.server";
import { writeAudit } from "~/lib/audit.server";
import { schema, type Db } from "~/lib/db.server";
import type { RegistrationStatus } from "~db/schema";
import { renderParticipantMessage } from "~emails/participant-message";
import { mailPerson, sessionFacts } from "~/registrations/mail-facts.server";
import { register, type RegisterResult } from "~/registrations/transitions.server";
import { waitlistPosition } from "~/registrations/reads.server";
import type { Clock } from "~/registrations/clock";
import { countSeatsHeld, countWaitlisted, seatsHeldColumn, waitlistLengthColumn } from "~/registrations/seats.server";

const { registrations, sessions, series, sessionFacilitators, users } = schema;

export type Manager = { id: CurrentUser["id"]; roles: readonly string[] };

/** Admins, and facilitators of this very session. */
export function canManageSession(db: Db, user: Manager, sessionId: number): boolean {
  if (user.roles.includes("admin")) return true;
  return !!db
    .select({ userId: sessionFacilitators.userId })
    .from(sessionFacilitators)
    .where(and(eq(sessionFacilitators.sessionId, sessionId), eq(sessionFacilitators.userId, user.id)))
    .get();
}

/**
 * The session behind the participants list, CSV, sign-in sheet and person pages. A draft has
 * no participants and is not shown here to anyone (404): only the organiser pages know it.
 */
export function sessionHeader(db: Db, sessionId: number) {
  return (
    db
      .select({
        id: sessions.id,
        seriesTitle: series.title,
        startsAt: sessions.startsAt,
        endsAt: sessions.endsAt,
        place: sessions.place,
        room: sessions.room,
        format: sessions.format,
        capacity: sessions.capacity,
        status: sessions.status,
      })
      .from(sessions)
      .innerJoin(series, eq(series.id, sessions.seriesId))
      .where(and(eq(sessions.id, sessionId), ne(sessions.status, "draft")))
      .get() ?? null
  );
}

export type ParticipantCounters = {
  /** Seats held: confirmed + offered + attended (decision 005), as the seat rule counts them. */
  seatsHeld: number;
  /** Of those, people with an open offer who have not accepted yet. */
  offered: number;
  attended: number;
  waitlisted: number;
};

/** The figures at the top of the participants page, counted in the database, not in the list. */
export function participantCounters(db: Db, sessionId: number): ParticipantCounters {
  const byStatus = (status: RegistrationStatus) =>
    db
      .select({ n: sql<number>`count(*)` })
      .from(registrations)
      .where(and(eq(registrations.sessionId, sessionId), eq(registrations.status, status)))
      .get()?.n ?? 0;
  return {
    seatsHeld: countSeatsHeld(db, sessionId),
    offered: byStatus("offered"),
    attended: byStatus("attended"),
    waitlisted: countWaitlisted(db, sessionId),
  };
}

export type Participant = {
  registrationId: number;
  name: string;
  email: string | null;
  department: string | null;
  status: RegistrationStatus;
  position: number | null;
  registeredAt: Date;
  supportNeeds: string | null;
};

const LISTED = ["confirmed", "attended", "offered", "waitlisted"] as const;

/** Confirmed and attended first (by name), then offered, then the waitlist in its order. */
export function listParticipants(db: Db, sessionId: number, sort: ParticipantSort = "name"): Participant[] {
  const rows = db
    .select({
      registrationId: registrations.id,
      sessionId: registrations.sessionId,
      name: users.displayName,
      email: users.email,
      department: users.department,
      status: registrations.status,
      registeredAt: registrations.queuedAt,
      supportNeeds: registrations.supportNeeds,
    })
    .from(registrations)
    .innerJoin(users, eq(users.id, registrations.userId))
    .where(and(eq(registrations.sessionId, sessionId), inArray(registrations.status, [...LISTED])))
    .orderBy(asc(registrations.id))
    .all();
  return sortParticipants(
    rows.map((row) => ({
      registrationId: row.registrationId,
      name: row.name || row.email || "ohne Namen",
      email: row.email,
      department: row.department,
      status: row.status,
      position: row.status === "waitlisted" ? waitlistPosition(db, { id: row.registrationId, sessionId: row.sessionId }) : null,
      registeredAt: row.registeredAt,
      supportNeeds: row.supportNeeds,
    })),
    sort,
  );
}

export type AttendanceResult =
  | { ok: true; changed: number }
  | { ok: false; reason: "forbidden" | "not_found" | "not_started" | "not_a_seat" | "called_off" };

/** One click per person at the door; only once the session has begun. */
export function setAttendance(
  db: Db,
  actor: Manager,
  sessionId: number,
  input: { registrationId: number | "all-confirmed"; attended: boolean },
  now: Date,
): AttendanceResult {
  if (!canManageSession(db, actor, sessionId)) return { ok: false, reason: "forbidden" };
  return db.transaction(
    (tx): AttendanceResult => {
      const session = tx.select().from(sessions).where(eq(sessions.id, sessionId)).get();
      if (!session || session.status === "draft") return { ok: false, reason: "not_found" };
      if (session.startsAt > now) return { ok: false, reason: "not_started" };
      if (session.calledOffAt) return { ok: false, reason: "called_off" };
      const targets = tx
        .select()
        .from(registrations)
        .where(
          and(
            eq(registrations.sessionId, sessionId),
            input.registrationId === "all-confirmed" ? eq(registrations.status, "confirmed") : eq(registrations.id, input.registrationId),
          ),
        )
        .all();
      if (input.registrationId !== "all-confirmed") {
        const target = targets[0];
        if (!target) return { ok: false, reason: "not_found" };
        if (target.status !== "confirmed" && target.status !== "attended") return { ok: false, reason: "not_a_seat" };
      }
      let changed = 0;
      for (const target of targets) {
        const status = input.attended ? "attended" : "confirmed";
        if (target.status === status) continue;
        tx.update(registrations).set({ status, updatedAt: now }).where(eq(registrations.id, target.id)).run();
        writeAudit(tx, {
          actorId: actor.id,
          action: input.attended ? "attendance_marked" : "attendance_unmarked",
          subjectType: "registration",
          subjectId: target.id,
          details: { sessionId },
          at: now,
        });
        changed++;
      }
      return { ok: true, changed };
    },
    { behavior: "immediate" },
  );
}

/**
 * People without a mailbox (building yard, day care, cleaning): an organiser registers them
 * by name under the same rules and transaction as everyone else. With an address, an
 * existing account is used.
 */
export function registerByHand(
  db: Db,
  actor: Manager,
  sessionId: number,
  person: { displayName: string; department: string | null; email: string | null },
  clock: Clock,
): RegisterResult | { ok: false; reason: "forbidden" } {
  if (!actor.roles.includes("admin")) return { ok: false, reason: "forbidden" };
  // One transaction: a refused registration must not leave a new account behind.
  let refused: RegisterResult | undefined;
  try {
    return db.transaction(
      (tx) => {
        const existing = person.email ? tx.select({ id: users.id }).from(users).where(eq(users.email, person.email)).get() : undefined;
        let userId = existing?.id;
        if (userId === undefined) {
          userId = tx
            .insert(users)
            .values({ email: person.email, displayName: person.displayName, department: person.department, profileCompletedAt: clock.now })
            .returning({ id: users.id })
            .get().id;
          tx.insert(schema.userRoles).values({ userId, role: "participant" }).run();
          writeAudit(tx, { actorId: actor.id, action: "person_created_by_hand", subjectType: "user", subjectId: userId, at: clock.now });
        }
        // Nested: register runs as a savepoint of this transaction, under the same guard.
        const result = register(tx, userId, sessionId, { actorId: actor.id }, clock);
        if (!result.ok) {
          refused = result;
          throw new RollBack();
        }
        return result;
      },
      { behavior: "immediate" },
    );
  } catch (error) {
    if (error instanceof RollBack && refused) return refused;
    throw error;
  }
}

class RollBack extends Error {}

/** "Moderation": the sessions a person facilitates (admins: all), upcoming first. */
export function listManagedSessions(db: Db, user: Manager, now: Date) {
  const rows = db
    .select({
      id: sessions.id,
      seriesTitle: series.title,
      startsAt: sessions.startsAt,
      endsAt: sessions.endsAt,
      status: sessions.status,
      capacity: sessions.capacity,
      format: sessions.format,
      place: sessions.place,
      room: sessions.room,
      calledOffAt: sessions.calledOffAt,
      // The one definition of seats held and waitlist length (seats.server.ts).
      seatsHeld: seatsHeldColumn(),
      waitlisted: waitlistLengthColumn(),
    })
    .from(sessions)
    .innerJoin(series, eq(series.id, sessions.seriesId))
    .where(
      and(
        inArray(sessions.status, ["published", "cancelled"]),
        user.roles.includes("admin")
          ? undefined
          : inArray(
              sessions.id,
              db.select({ id: sessionFacilitators.sessionId }).from(sessionFacilitators).where(eq(sessionFacilitators.userId, user.id)),
            ),
      ),
    )
    .orderBy(asc(sessions.startsAt))
    .all();
  return { upcoming: rows.filter((r) => r.endsAt > now), past: rows.filter((r) => r.endsAt <= now).reverse() };
}

export type MessageResult = { ok: true; sent: number } | { ok: false; reason: "forbidden" | "empty" | "not_found" };

/** "Raum geändert, bitte Laptop mitbringen": once per person, through the outbox. */
export function messageParticipants(
  db: Db,
  actor: Manager & { displayName: string },
  sessionId: number,
  input: { audience: "holders" | "waitlist"; text: string },
  clock: Clock,
): MessageResult {
  if (!canManageSession(db, actor, sessionId)) return { ok: false, reason: "forbidden" };
  const text = input.text.trim();
  if (!text) return { ok: false, reason: "empty" };
  return db.transaction(
    (tx): MessageResult => {
      const session = tx
        .select({ session: sessions, seriesTitle: series.title })
        .from(sessions)
        .innerJoin(series, eq(series.id, sessions.seriesId))
        .where(eq(sessions.id, sessionId))
        .get();
      if (!session) return { ok: false, reason: "not_found" };
      // The audit entry is the message's record; its id makes each mail's dedupe key unique.
      const entry = tx
        .insert(schema.auditLog)
        .values({
          actorId: actor.id,
          action: "participants_messaged",
          subjectType: "session",
          subjectId: String(sessionId),
          details: { audience: input.audience, text },
          at: clock.now,
        })
        .returning({ id: schema.auditLog.id })
        .get();
      const statuses = input.audience === "holders" ? (["confirmed", "attended", "offered"] as const) : (["waitlisted"] as const);
      const people = tx
        .select({ registrationId: registrations.id, userId: registrations.userId })
        .from(registrations)
        .where(and(eq(registrations.sessionId, sessionId), inArray(registrations.status, [...statuses])))
        .all();
      const facts = sessionFacts({ ...session.session }, session.seriesTitle, clock.appUrl);
      for (const person of people) {
        mailPerson(
          tx,
          person.userId,
          {
            dedupeKey: `message:m${entry.id}:r${person.registrationId}`,
            kind: "participant_message",
            mail: renderParticipantMessage(facts, { text, sender: actor.displayName || "der Moderation" }),
          },
          clock.now,
        );
      }
      return { ok: true, sent: people.length };
    },
    { behavior: "immediate" },
  );
}
