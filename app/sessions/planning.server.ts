// Organisers' use cases: series and sessions from draft to published (cancellation.server.ts
// cancels, calls off and discards).
// Each checks the permission first, changes state in one BEGIN IMMEDIATE transaction and
// writes its audit entry (and any mail) in that same transaction.
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { CurrentUser } from "~/auth/current-user.server";
import { changedFields, writeAudit } from "~/lib/audit.server";
import { addBerlinDays } from "~/lib/dates";
import { schema, type Db, type DbOrTx } from "~/lib/db.server";
import type { SeriesInput, SessionInput } from "./planning.schema";
import { notifyNewSession } from "./new-session-alerts.server";
import type { Clock } from "~/registrations/clock";
import { countSeatsHeld } from "~/registrations/seats.server";
import { fillFreeSeats } from "~/registrations/waitlist.server";
import { changeConfirmation, countAffected, notifySessionChange, significantChanges } from "./change-notice.server";
import type { Change } from "~emails/session-changed";

const { series, sessions, sessionFacilitators, userRoles } = schema;

/** Who acts: a signed-in person, or the command line (id null, recorded as such in the audit). */
export type Actor = { id: CurrentUser["id"] | null; roles: readonly string[] };
export const COMMAND_LINE_ACTOR: Actor = { id: null, roles: ["admin"] };
type Refusal<R extends string> = { ok: false; reason: R };
const forbidden = { ok: false, reason: "forbidden" } as const;

const isAdmin = (actor: Actor) => actor.roles.includes("admin");
/** Changes that make an invite outdated: the calendar sequence rises. */
const SIGNIFICANT = ["startsAt", "endsAt", "format", "place", "room", "onlineUrl"] as const;

function titleTaken(tx: DbOrTx, title: string, exceptId?: number) {
  const row = tx.select({ id: series.id }).from(series).where(sql`lower(${series.title}) = lower(${title})`).get();
  return row !== undefined && row.id !== exceptId;
}

export function createSeries(
  db: Db,
  actor: Actor,
  input: SeriesInput,
): { ok: true; seriesId: number } | Refusal<"forbidden" | "duplicate_title"> {
  if (!isAdmin(actor)) return forbidden;
  return db.transaction(
    (tx) => {
      if (titleTaken(tx, input.title)) return { ok: false, reason: "duplicate_title" } as const;
      const row = tx.insert(series).values(input).returning().get();
      writeAudit(tx, { actorId: actor.id, action: "series_created", subjectType: "series", subjectId: row.id, details: { new: input } });
      return { ok: true, seriesId: row.id } as const;
    },
    { behavior: "immediate" },
  );
}

export function updateSeries(
  db: Db,
  actor: Actor,
  seriesId: number,
  input: SeriesInput,
): { ok: true } | Refusal<"forbidden" | "not_found" | "duplicate_title"> {
  if (!isAdmin(actor)) return forbidden;
  return db.transaction(
    (tx) => {
      const before = tx.select().from(series).where(eq(series.id, seriesId)).get();
      if (!before) return { ok: false, reason: "not_found" } as const;
      if (titleTaken(tx, input.title, seriesId)) return { ok: false, reason: "duplicate_title" } as const;
      tx.update(series).set(input).where(eq(series.id, seriesId)).run();
      writeAudit(tx, {
        actorId: actor.id,
        action: "series_updated",
        subjectType: "series",
        subjectId: seriesId,
        details: changedFields(before, input),
      });
      return { ok: true } as const;
    },
    { behavior: "immediate" },
  );
}

/** Facilitators must be people with that role; anything else is refused, not ignored. */
function checkFacilitators(tx: DbOrTx, ids: number[]): boolean {
  if (ids.length === 0) return true;
  const found = tx
    .select({ userId: userRoles.userId })
    .from(userRoles)
    .where(and(inArray(userRoles.userId, ids), eq(userRoles.role, "facilitator")))
    .all();
  return new Set(found.map((f) => f.userId)).size === new Set(ids).size;
}

function setFacilitators(tx: DbOrTx, sessionId: number, ids: number[]) {
  tx.delete(sessionFacilitators).where(eq(sessionFacilitators.sessionId, sessionId)).run();
  for (const userId of new Set(ids)) tx.insert(sessionFacilitators).values({ sessionId, userId }).run();
}

function sessionValues(input: SessionInput) {
  const { facilitatorIds: _ignored, ...values } = input;
  return values;
}

export function createSession(
  db: Db,
  actor: Actor,
  seriesId: number,
  input: SessionInput,
): { ok: true; sessionId: number } | Refusal<"forbidden" | "not_found" | "invalid_facilitators"> {
  if (!isAdmin(actor)) return forbidden;
  return db.transaction(
    (tx) => {
      if (!tx.select({ id: series.id }).from(series).where(eq(series.id, seriesId)).get())
        return { ok: false, reason: "not_found" } as const;
      if (!checkFacilitators(tx, input.facilitatorIds)) return { ok: false, reason: "invalid_facilitators" } as const;
      const row = tx
        .insert(sessions)
        .values({ ...sessionValues(input), seriesId, status: "draft" })
        .returning()
        .get();
      setFacilitators(tx, row.id, input.facilitatorIds);
      writeAudit(tx, { actorId: actor.id, action: "session_created", subjectType: "session", subjectId: row.id, details: { new: input } });
      return { ok: true, sessionId: row.id } as const;
    },
    { behavior: "immediate" },
  );
}

export type UpdateSessionResult =
  | { ok: true; significant: boolean; notified: number }
  | {
      ok: false;
      reason: "needs_confirmation";
      changes: Change[];
      holders: number;
      waitlisted: number;
      names: string[];
      /** Confirms exactly this change: the preview sends it back with the save. */
      confirmation: string;
      /** A confirmation came with the save, but for another change than this one. */
      stale: boolean;
    }
  | Refusal<"forbidden" | "not_found" | "invalid_facilitators" | "cancelled">
  | { ok: false; reason: "capacity_below_taken"; taken: number };

/**
 * Saves a session. A change people must hear about (time, place, format, link of a
 * published session with registrations) is only saved with the `confirmation` of its preview;
 * without it, or with one for another change, nothing is saved and the organiser gets the list
 * of changes, who would be told and the confirmation for exactly this change.
 */
export function updateSession(
  db: Db,
  actor: Actor,
  sessionId: number,
  input: SessionInput,
  clock: Clock,
  options: { confirmation?: string } = {},
): UpdateSessionResult {
  if (!isAdmin(actor)) return forbidden;
  return db.transaction(
    (tx): UpdateSessionResult => {
      const before = tx.select().from(sessions).where(eq(sessions.id, sessionId)).get();
      if (!before) return { ok: false, reason: "not_found" };
      if (before.status === "cancelled") return { ok: false, reason: "cancelled" };
      if (!checkFacilitators(tx, input.facilitatorIds)) return { ok: false, reason: "invalid_facilitators" };
      const taken = countSeatsHeld(tx, sessionId);
      if (input.capacity < taken) return { ok: false, reason: "capacity_below_taken", taken };
      const values = sessionValues(input);
      const changes = changedFields(before, values);
      const facilitatorsBefore = tx
        .select({ userId: sessionFacilitators.userId })
        .from(sessionFacilitators)
        .where(eq(sessionFacilitators.sessionId, sessionId))
        .all()
        .map((f) => f.userId)
        .sort();
      const facilitatorsAfter = [...new Set(input.facilitatorIds)].sort();
      if (JSON.stringify(facilitatorsBefore) !== JSON.stringify(facilitatorsAfter)) {
        changes.facilitatorIds = { old: facilitatorsBefore, new: facilitatorsAfter };
      }
      const significant = before.status === "published" && SIGNIFICANT.some((field) => field in changes);
      const told = significant ? significantChanges(before, values) : [];
      const affected = significant ? countAffected(tx, sessionId) : { holders: 0, waitlisted: 0, names: [] };
      if (told.length > 0 && affected.holders + affected.waitlisted > 0) {
        const confirmation = changeConfirmation(sessionId, before.sequence, changes);
        if (options.confirmation !== confirmation) {
          const stale = options.confirmation !== undefined;
          return { ok: false, reason: "needs_confirmation", changes: told, ...affected, confirmation, stale };
        }
      }
      tx.update(sessions)
        .set({ ...values, sequence: significant ? before.sequence + 1 : before.sequence })
        .where(eq(sessions.id, sessionId))
        .run();
      setFacilitators(tx, sessionId, input.facilitatorIds);
      writeAudit(tx, {
        actorId: actor.id,
        action: "session_updated",
        subjectType: "session",
        subjectId: sessionId,
        details: changes,
        at: clock.now,
      });
      const notified = told.length > 0 ? notifySessionChange(tx, sessionId, told, clock) : 0;
      // More seats: the waitlist moves up in this same transaction.
      if (input.capacity > before.capacity) fillFreeSeats(tx, sessionId, clock);
      return { ok: true, significant, notified };
    },
    { behavior: "immediate" },
  );
}

/** "Weiteren Termin anlegen": the same data one week later, as a draft. */
export function duplicateSession(
  db: Db,
  actor: Actor,
  sessionId: number,
): { ok: true; sessionId: number; startsAt: Date } | Refusal<"forbidden" | "not_found"> {
  if (!isAdmin(actor)) return forbidden;
  return db.transaction(
    (tx) => {
      const source = tx.select().from(sessions).where(eq(sessions.id, sessionId)).get();
      if (!source) return { ok: false, reason: "not_found" } as const;
      const shift = (value: Date | null) => (value ? addBerlinDays(value, 7) : null);
      const startsAt = addBerlinDays(source.startsAt, 7);
      const endsAt = new Date(startsAt.getTime() + (source.endsAt.getTime() - source.startsAt.getTime()));
      const row = tx
        .insert(sessions)
        .values({
          seriesId: source.seriesId,
          startsAt,
          endsAt,
          format: source.format,
          place: source.place,
          room: source.room,
          accessibilityNotes: source.accessibilityNotes,
          directionsUrl: source.directionsUrl,
          onlineTool: source.onlineTool,
          testRoomUrl: source.testRoomUrl,
          onlineUrl: source.onlineUrl,
          capacity: source.capacity,
          registrationOpensAt: null,
          registrationClosesAt: source.registrationClosesAt ? shift(source.registrationClosesAt) : null,
          noteForParticipants: source.noteForParticipants,
          status: "draft",
        })
        .returning()
        .get();
      const facilitators = tx.select().from(sessionFacilitators).where(eq(sessionFacilitators.sessionId, sessionId)).all();
      setFacilitators(
        tx,
        row.id,
        facilitators.map((f) => f.userId),
      );
      writeAudit(tx, {
        actorId: actor.id,
        action: "session_duplicated",
        subjectType: "session",
        subjectId: row.id,
        details: { from: sessionId },
      });
      return { ok: true, sessionId: row.id, startsAt: row.startsAt } as const;
    },
    { behavior: "immediate" },
  );
}

export type PublishResult = { ok: true; notified: number } | Refusal<"forbidden" | "not_found" | "not_draft">;

export function publishSession(db: Db, actor: Actor, sessionId: number, appUrl: string, now = new Date()): PublishResult {
  if (!isAdmin(actor)) return forbidden;
  return db.transaction(
    (tx): PublishResult => {
      const session = tx.select().from(sessions).where(eq(sessions.id, sessionId)).get();
      if (!session) return { ok: false, reason: "not_found" };
      if (session.status !== "draft") return { ok: false, reason: "not_draft" };
      tx.update(sessions).set({ status: "published", publishedAt: now }).where(eq(sessions.id, sessionId)).run();
      writeAudit(tx, {
        actorId: actor.id,
        action: "session_published",
        subjectType: "session",
        subjectId: sessionId,
        details: { status: { old: "draft", new: "published" } },
        at: now,
      });
      const notified = session.endsAt > now ? notifyNewSession(tx, { ...session, publishedAt: now }, appUrl, now) : 0;
      return { ok: true, notified };
    },
    { behavior: "immediate" },
  );
}

export function listFacilitatorCandidates(db: Db) {
  return db
    .select({ id: schema.users.id, displayName: schema.users.displayName, email: schema.users.email })
    .from(schema.users)
    .innerJoin(userRoles, and(eq(userRoles.userId, schema.users.id), eq(userRoles.role, "facilitator")))
    .orderBy(asc(schema.users.displayName))
    .all();
}
