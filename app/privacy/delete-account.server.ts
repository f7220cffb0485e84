// "Konto löschen" (DSGVO Art. 17): a person deletes their own account, or an organiser deletes
// the account of someone registered by hand without an address (who cannot sign in). One
// BEGIN IMMEDIATE transaction: upcoming places are given back through the same transition as
// "Abmelden" (promotion and mails included), the rest of the person's records are anonymised
// with the one meaning of "anonymised" (anonymise.server.ts), and the account row goes
// (decision 021).
import { and, eq, gt, inArray, ne, sql } from "drizzle-orm";
import { writeAudit } from "~/lib/audit.server";
import { type Db, type DbOrTx, schema } from "~/lib/db.server";
import type { Env } from "~/lib/env.server";
import { logSecurityEvent } from "~/lib/security-log.server";
import type { QuestionKey } from "~/questions/author-key.server";
import type { Clock } from "~/registrations/clock";
import { cancelRegistration } from "~/registrations/transitions.server";
import { anonymiseQuestions, anonymiseRegistrations } from "./anonymise.server";
import { addressBucket, liveRateRowsOf, questionIdsOf, quotaRowsOf } from "./my-data.server";
import { scrubMailsToDeletedAddress } from "./outbox-scrub.server";

const {
  users,
  userRoles,
  registrations,
  sessions,
  series,
  questionVotes,
  questionQuota,
  liveQuestionRate,
  newSessionAlerts,
  sessionFacilitators,
  loginSessions,
  loginTokens,
  rateLimitHits,
  auditLog,
  outbox,
} = schema;

export type DeletionActor = { id: number; roles: readonly string[] };

export type DeletionSummary = {
  /** Upcoming places and waitlist entries given back (each with the usual mail and promotion). */
  cancelledPlaces: number;
  anonymisedRegistrations: number;
  anonymisedQuestions: number;
  removedVotes: number;
  /** Sessions that lost this person as facilitator (organisers find them in the audit log). */
  facilitatedSessionIds: number[];
};

export type DeleteAccountResult =
  | { ok: true; summary: DeletionSummary }
  | { ok: false; reason: "not_found" | "forbidden" | "last_admin" | "place_not_released" };

/** A place the cancel transition would not give back (a seat rule broken elsewhere): nothing changes. */
class PlaceNotReleased extends Error {}

/**
 * Whether this actor may delete this account: one's own, or, for organisers, a person without
 * an address (registered by hand). Everyone with an address deletes their own account.
 */
function mayDelete(actor: DeletionActor, target: { id: number; email: string | null }): boolean {
  if (actor.id === target.id) return true;
  return actor.roles.includes("admin") && target.email === null;
}

/** With ADMIN_EMAILS unset, admins are those stored; the last one stays (as on /admin/people). */
function isLastAdmin(tx: DbOrTx, env: Pick<Env, "adminEmails">, userId: number): boolean {
  if (env.adminEmails.length > 0) return false;
  const holds = tx
    .select({ n: sql<number>`count(*)` })
    .from(userRoles)
    .where(and(eq(userRoles.userId, userId), eq(userRoles.role, "admin")))
    .get();
  if (!holds?.n) return false;
  const others = tx
    .select({ n: sql<number>`count(*)` })
    .from(userRoles)
    .where(and(eq(userRoles.role, "admin"), ne(userRoles.userId, userId)))
    .get();
  return !others?.n;
}

/** Upcoming entries first waitlist and offers, then seats, so no entry of theirs moves up meanwhile. */
function upcomingEntries(tx: DbOrTx, userId: number, now: Date) {
  const order = { waitlisted: 0, offered: 1, confirmed: 2 } as const;
  return tx
    .select({ sessionId: registrations.sessionId, status: registrations.status })
    .from(registrations)
    .innerJoin(sessions, eq(sessions.id, registrations.sessionId))
    .where(
      and(
        eq(registrations.userId, userId),
        inArray(registrations.status, ["waitlisted", "offered", "confirmed"]),
        gt(sessions.startsAt, now),
        ne(sessions.status, "draft"),
      ),
    )
    .all()
    .sort((a, b) => order[a.status as keyof typeof order] - order[b.status as keyof typeof order]);
}

export function deleteAccount(
  db: Db,
  actor: DeletionActor,
  env: Pick<Env, "adminEmails">,
  input: { userId: number; key: QuestionKey; clock: Clock },
): DeleteAccountResult {
  const { userId, key, clock } = input;
  const now = clock.now;
  try {
    return inTransaction(db, actor, env, userId, key, clock, now);
  } catch (error) {
    if (error instanceof PlaceNotReleased) return { ok: false, reason: "place_not_released" };
    throw error;
  }
}

function inTransaction(
  db: Db,
  actor: DeletionActor,
  env: Pick<Env, "adminEmails">,
  userId: number,
  key: QuestionKey,
  clock: Clock,
  now: Date,
): DeleteAccountResult {
  return db.transaction(
    (tx): DeleteAccountResult => {
      const user = tx.select({ id: users.id, email: users.email }).from(users).where(eq(users.id, userId)).get();
      if (!user) return { ok: false, reason: "not_found" };
      if (!mayDelete(actor, user)) return { ok: false, reason: "forbidden" };
      if (isLastAdmin(tx, env, userId)) return { ok: false, reason: "last_admin" };

      // Upcoming places: the same transition as "Abmelden" — promotion, mails, CANCEL invite.
      let cancelledPlaces = 0;
      for (const entry of upcomingEntries(tx, userId, now)) {
        const result = cancelRegistration(tx, userId, entry.sessionId, clock);
        // A refusal here would leave a place behind on a deleted account: roll everything back.
        if (!result.ok) throw new PlaceNotReleased(`session ${entry.sessionId}: ${result.reason}`);
        cancelledPlaces++;
      }

      const registrationIds = tx
        .select({ id: registrations.id })
        .from(registrations)
        .where(eq(registrations.userId, userId))
        .all()
        .map((r) => r.id);
      const anonymisedRegistrations = anonymiseRegistrations(tx, registrationIds, now);

      // Named questions become anonymous; anonymous ones lose their keyed value (unfindable from now on).
      const questionIds = questionIdsOf(tx, key, userId);
      const anonymisedQuestions = anonymiseQuestions(tx, [...questionIds.named, ...questionIds.anonymous]);

      // A vote is "this person supports this question": it cannot stay without the person.
      const removedVotes = tx.delete(questionVotes).where(eq(questionVotes.userId, userId)).run().changes;

      const quota = quotaRowsOf(tx, key, userId);
      for (const row of quota) {
        tx.delete(questionQuota)
          .where(and(eq(questionQuota.keyedValue, row.keyedValue), eq(questionQuota.day, row.day)))
          .run();
      }
      for (const row of liveRateRowsOf(tx, key, userId)) {
        tx.delete(liveQuestionRate)
          .where(and(eq(liveQuestionRate.keyedValue, row.keyedValue), eq(liveQuestionRate.minute, row.minute)))
          .run();
      }

      const facilitatedSessionIds = tx
        .select({ sessionId: sessionFacilitators.sessionId })
        .from(sessionFacilitators)
        .where(eq(sessionFacilitators.userId, userId))
        .all()
        .map((r) => r.sessionId);
      tx.delete(sessionFacilitators).where(eq(sessionFacilitators.userId, userId)).run();
      tx.delete(newSessionAlerts).where(eq(newSessionAlerts.userId, userId)).run();
      tx.delete(loginSessions).where(eq(loginSessions.userId, userId)).run();
      tx.delete(userRoles).where(eq(userRoles.userId, userId)).run();

      // What is keyed by the address rather than the id.
      if (user.email) {
        tx.delete(loginTokens).where(eq(loginTokens.email, user.email)).run();
        // Sign-in mails: their tokens are gone with the rows above, so they are worth nothing now.
        tx.delete(outbox)
          .where(and(eq(outbox.recipient, user.email), eq(outbox.kind, "login")))
          .run();
        tx.delete(rateLimitHits)
          .where(eq(rateLimitHits.bucket, addressBucket(user.email)))
          .run();
        tx.update(series).set({ contactName: null, contactEmail: null }).where(sql`lower(${series.contactEmail}) = ${user.email}`).run();
        tx.update(auditLog)
          .set({ details: null })
          .where(sql`cast(${auditLog.details} as text) like ${`%${user.email.replace(/[\\%_]/g, (c) => `\\${c}`)}%`} escape '\\'`)
          .run();
      }
      // Entries about the account (signed in, profile changed, roles) keep what happened and when, not to whom.
      tx.update(auditLog)
        .set({ subjectId: null, details: null })
        .where(and(eq(auditLog.subjectType, "user"), eq(auditLog.subjectId, String(userId))))
        .run();

      // The account goes: its address with it, the calendar feed link stops working (no row to
      // derive it from), and every other reference is set to null by its foreign key.
      tx.delete(users).where(eq(users.id, userId)).run();

      // Mails already sent to the address are scrubbed now; the cancellations just queued once sent.
      if (user.email) scrubMailsToDeletedAddress(tx, user.email);

      const summary: DeletionSummary = {
        cancelledPlaces,
        anonymisedRegistrations,
        anonymisedQuestions,
        removedVotes,
        facilitatedSessionIds,
      };
      // Without name, address or id: self-deletion names no actor, an organiser's names the organiser.
      tx.insert(auditLog)
        .values({
          actorId: actor.id === userId ? null : actor.id,
          action: actor.id === userId ? "account_deleted_by_self" : "account_deleted_by_admin",
          subjectType: "user",
          subjectId: null,
          details: summary,
          at: now,
        })
        .run();
      logSecurityEvent("account_deleted", { by: actor.id === userId ? "self" : "admin" });
      return { ok: true, summary };
    },
    { behavior: "immediate" },
  );
}

/** The audit entry an organiser leaves when opening a hand-registered person's data. */
export function auditDataExportByAdmin(db: Db, actor: DeletionActor, userId: number, now: Date, format: "page" | "json"): void {
  writeAudit(db, {
    actorId: actor.id,
    action: "personal_data_exported",
    subjectType: "user",
    subjectId: userId,
    details: { format },
    at: now,
  });
}
