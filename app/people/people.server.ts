// People and roles (/admin/people and `npm run cli -- people:…`): organisers find people,
// add someone who has never signed in, and grant and revoke facilitator, council and admin.
// Only roles are read here: never registrations, attendance or sign-ins (DESIGN 7).
// Each use case checks the permission first, changes state in one BEGIN IMMEDIATE
// transaction and writes its audit entry (and the mail on a grant) in that same transaction.
import { and, asc, eq, gt, inArray, isNotNull, ne, or, sql } from "drizzle-orm";
import { isAllowedAddress } from "~/auth/sign-in.server";
import { writeAudit } from "~/lib/audit.server";
import { logSecurityEvent } from "~/lib/security-log.server";
import { schema, type Db, type DbOrTx } from "~/lib/db.server";
import type { Env } from "~/lib/env.server";
import { mailPerson } from "~/registrations/mail-facts.server";
import { listFacilitatorCandidates, type Actor } from "~/sessions/planning.server";
import type { Role } from "~db/schema";
import { renderRoleGrantedMail } from "~emails/role-granted";
import { MANAGED_ROLES, type ManagedRole } from "./roles";

const { users, userRoles, sessions, series, sessionFacilitators, auditLog } = schema;

type Refusal<R extends string> = { ok: false; reason: R };
const forbidden = { ok: false, reason: "forbidden" } as const;
const isAdmin = (actor: Actor) => actor.roles.includes("admin");

/** With ADMIN_EMAILS set, that variable is the whole list of admins (see sign-in). */
export const adminRoleIsReadOnly = (env: Env) => env.adminEmails.length > 0;

export const SEARCH_LIMIT = 50;

/** A person as the people page shows them: name, address and roles; nothing else. */
export type PersonWithRoles = { id: number; displayName: string; email: string; roles: ManagedRole[] };

export type FindPeopleResult =
  | { ok: true; people: PersonWithRoles[]; truncated: boolean; adminEmails: string[]; adminReadOnly: boolean }
  | Refusal<"forbidden">;

/**
 * With a query: people whose name or address contains it. Without: everyone who holds a
 * role beyond participant, so the page opens with the current facilitators, council and admins.
 * People without an address (registered by hand) cannot sign in and are not listed.
 */
export function findPeople(db: Db, actor: Actor, env: Env, query: string): FindPeopleResult {
  if (!isAdmin(actor)) return forbidden;
  const text = query.trim().toLowerCase();
  const roleList = sql<string | null>`(select group_concat(${userRoles.role}) from ${userRoles} where ${userRoles.userId} = ${users.id})`;
  // With ADMIN_EMAILS set, a stored admin role off that list is stale (sign-in removes it).
  const readOnly = adminRoleIsReadOnly(env);
  const shown = MANAGED_ROLES.filter((role) => !(readOnly && role === "admin"));
  const managed = sql`exists (select 1 from ${userRoles} where ${userRoles.userId} = ${users.id} and ${inArray(userRoles.role, shown)})`;
  const listedAdmins = readOnly ? inArray(users.email, env.adminEmails) : undefined;
  const pattern = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const matches = or(sql`lower(${users.email}) like ${pattern} escape '\\'`, sql`lower(${users.displayName}) like ${pattern} escape '\\'`);
  const rows = db
    .select({ id: users.id, displayName: users.displayName, email: users.email, roles: roleList })
    .from(users)
    .where(and(isNotNull(users.email), text ? matches : or(managed, listedAdmins)))
    .orderBy(asc(sql`lower(${users.displayName})`), asc(users.email))
    .limit(SEARCH_LIMIT + 1)
    .all();
  const people = rows.slice(0, SEARCH_LIMIT).map((row) => ({
    id: row.id,
    displayName: row.displayName,
    email: row.email ?? "",
    roles: effectiveRoles(env, row.email ?? "", row.roles),
  }));
  return { ok: true, people, truncated: rows.length > SEARCH_LIMIT, adminEmails: env.adminEmails, adminReadOnly: readOnly };
}

/** Stored roles, with admin as sign-in makes it: from ADMIN_EMAILS when that is set. */
function effectiveRoles(env: Env, email: string, stored: string | null): ManagedRole[] {
  const held = new Set((stored ?? "").split(","));
  if (adminRoleIsReadOnly(env)) {
    if (env.adminEmails.includes(email)) held.add("admin");
    else held.delete("admin");
  }
  return MANAGED_ROLES.filter((role) => held.has(role));
}

/** One person's name, address and roles (the confirmation step of a revoke). */
export function getPerson(db: Db, actor: Actor, env: Env, userId: number): PersonWithRoles | null {
  if (!isAdmin(actor)) return null;
  const row = db
    .select({ id: users.id, displayName: users.displayName, email: users.email })
    .from(users)
    .where(and(eq(users.id, userId), isNotNull(users.email)))
    .get();
  if (!row?.email) return null;
  const stored = storedRoles(db, userId).join(",");
  return { id: row.id, displayName: row.displayName, email: row.email, roles: effectiveRoles(env, row.email, stored) };
}

function storedRoles(tx: DbOrTx, userId: number): Role[] {
  return tx
    .select({ role: userRoles.role })
    .from(userRoles)
    .where(eq(userRoles.userId, userId))
    .all()
    .map((r) => r.role);
}

function findUserWithAddress(tx: DbOrTx, userId: number) {
  return tx
    .select({ id: users.id, email: users.email })
    .from(users)
    .where(and(eq(users.id, userId), isNotNull(users.email)))
    .get();
}

export type AddPersonResult =
  | { ok: true; userId: number }
  | Refusal<"forbidden" | "domain_not_allowed">
  | { ok: false; reason: "exists"; userId: number };

/**
 * Someone who has never signed in, so a role can be granted before their first sign-in; that
 * sign-in finds the account by its address. They confirm name and department then.
 */
export function addPerson(
  db: Db,
  actor: Actor,
  env: Env,
  input: { email: string; displayName: string },
  now = new Date(),
): AddPersonResult {
  if (!isAdmin(actor)) return forbidden;
  const email = input.email.trim().toLowerCase();
  if (!isAllowedAddress(env, email)) return { ok: false, reason: "domain_not_allowed" };
  return db.transaction(
    (tx): AddPersonResult => {
      const existing = tx.select({ id: users.id }).from(users).where(eq(users.email, email)).get();
      if (existing) return { ok: false, reason: "exists", userId: existing.id };
      return { ok: true, userId: insertPerson(tx, actor, email, input.displayName, now) };
    },
    { behavior: "immediate" },
  );
}

function insertPerson(tx: DbOrTx, actor: Actor, email: string, displayName: string, now: Date): number {
  const userId = tx.insert(users).values({ email, displayName }).returning({ id: users.id }).get().id;
  tx.insert(userRoles).values({ userId, role: "participant" }).run();
  writeAudit(tx, { actorId: actor.id, action: "person_added", subjectType: "user", subjectId: userId, details: { email }, at: now });
  return userId;
}

export type GrantResult = { ok: true; changed: boolean } | Refusal<"forbidden" | "not_found" | "admin_read_only">;

export function grantRole(db: Db, actor: Actor, env: Env, input: { userId: number; role: ManagedRole }, now = new Date()): GrantResult {
  if (!isAdmin(actor)) return forbidden;
  if (input.role === "admin" && adminRoleIsReadOnly(env)) return { ok: false, reason: "admin_read_only" };
  return db.transaction(
    (tx): GrantResult => {
      if (!findUserWithAddress(tx, input.userId)) return { ok: false, reason: "not_found" };
      return { ok: true, changed: grantInTransaction(tx, actor, env, input.userId, input.role, now) };
    },
    { behavior: "immediate" },
  );
}

/** Grants the role unless held; the audit entry and the one mail go into the caller's transaction. */
function grantInTransaction(tx: DbOrTx, actor: Actor, env: Env, userId: number, role: ManagedRole, now: Date): boolean {
  const inserted = tx.insert(userRoles).values({ userId, role }).onConflictDoNothing().run().changes > 0;
  if (!inserted) return false;
  writeAudit(tx, { actorId: actor.id, action: "role_granted", subjectType: "user", subjectId: userId, details: { role }, at: now });
  logSecurityEvent("role_granted", { role, userId, actorId: actor.id });
  // The n-th grant of this role to this person: a grant after a revoke is a new mail, a
  // retried request is not.
  const grants =
    tx
      .select({ n: sql<number>`count(*)` })
      .from(auditLog)
      .where(
        and(
          eq(auditLog.subjectType, "user"),
          eq(auditLog.subjectId, String(userId)),
          eq(auditLog.action, "role_granted"),
          sql`json_extract(${auditLog.details}, '$.role') = ${role}`,
        ),
      )
      .get()?.n ?? 1;
  mailPerson(
    tx,
    userId,
    { dedupeKey: `role:u${userId}:${role}:g${grants}`, kind: "role_granted", mail: renderRoleGrantedMail({ role, appUrl: env.appUrl }) },
    now,
  );
  return true;
}

export type GrantByAddressResult =
  | { ok: true; changed: boolean; created: boolean; userId: number }
  | Refusal<"forbidden" | "admin_read_only" | "domain_not_allowed">;

/**
 * The CLI's `people:grant ADDRESS ROLE`: an unknown address in an allowed domain becomes a
 * person (named after the part before the @ until they set a name), in the same transaction.
 */
export function grantRoleByAddress(
  db: Db,
  actor: Actor,
  env: Env,
  input: { email: string; role: ManagedRole },
  now = new Date(),
): GrantByAddressResult {
  if (!isAdmin(actor)) return forbidden;
  if (input.role === "admin" && adminRoleIsReadOnly(env)) return { ok: false, reason: "admin_read_only" };
  const email = input.email.trim().toLowerCase();
  return db.transaction(
    (tx): GrantByAddressResult => {
      const existing = tx.select({ id: users.id }).from(users).where(eq(users.email, email)).get();
      if (!existing && !isAllowedAddress(env, email)) return { ok: false, reason: "domain_not_allowed" };
      const userId = existing?.id ?? insertPerson(tx, actor, email, email.slice(0, email.lastIndexOf("@")), now);
      const changed = grantInTransaction(tx, actor, env, userId, input.role, now);
      return { ok: true, changed, created: !existing, userId };
    },
    { behavior: "immediate" },
  );
}

/** A session a facilitator is assigned to that has not ended: it needs a replacement or removal. */
export type AssignedSession = {
  id: number;
  seriesTitle: string;
  startsAt: Date;
  endsAt: Date;
  status: "draft" | "published" | "cancelled";
};

function sessionsNotEnded(tx: DbOrTx, userId: number, now: Date): AssignedSession[] {
  return tx
    .select({ id: sessions.id, seriesTitle: series.title, startsAt: sessions.startsAt, endsAt: sessions.endsAt, status: sessions.status })
    .from(sessionFacilitators)
    .innerJoin(sessions, eq(sessions.id, sessionFacilitators.sessionId))
    .innerJoin(series, eq(series.id, sessions.seriesId))
    .where(and(eq(sessionFacilitators.userId, userId), gt(sessions.endsAt, now)))
    .orderBy(asc(sessions.startsAt), asc(sessions.id))
    .all();
}

/** The organiser's answer to the confirmation step: for exactly these sessions, this replacement (null: none). */
export type Handover = { sessionIds: number[]; replacementId: number | null };

export type RevokeResult =
  | { ok: true; changed: boolean; sessionsHandedOver: number }
  | {
      ok: false;
      reason: "needs_handover";
      sessions: AssignedSession[];
      /** Other facilitators who can take the sessions over. */
      candidates: { id: number; displayName: string; email: string | null }[];
      /** A handover came with the revoke, but for another list of sessions than the current one. */
      stale: boolean;
    }
  | Refusal<"forbidden" | "not_found" | "admin_read_only" | "last_admin" | "invalid_replacement">;

/**
 * Revokes a role. Taking `facilitator` from someone assigned to sessions that have not ended
 * needs a handover for exactly those sessions (another facilitator, or removal); without it,
 * or with one for another list, nothing changes and the organiser gets the list. With it, the
 * role goes and the sessions change hands in one transaction. The last admin stays.
 */
export function revokeRole(
  db: Db,
  actor: Actor,
  env: Env,
  input: { userId: number; role: ManagedRole; handover?: Handover },
  now = new Date(),
): RevokeResult {
  if (!isAdmin(actor)) return forbidden;
  if (input.role === "admin" && adminRoleIsReadOnly(env)) return { ok: false, reason: "admin_read_only" };
  const result = db.transaction(
    (tx): RevokeResult => {
      const { userId, role, handover } = input;
      if (!findUserWithAddress(tx, userId)) return { ok: false, reason: "not_found" };
      const held = tx
        .select({ role: userRoles.role })
        .from(userRoles)
        .where(and(eq(userRoles.userId, userId), eq(userRoles.role, role)))
        .get();
      if (!held) return { ok: true, changed: false, sessionsHandedOver: 0 };
      if (role === "admin") {
        const others = tx
          .select({ n: sql<number>`count(*)` })
          .from(userRoles)
          .where(and(eq(userRoles.role, "admin"), ne(userRoles.userId, userId)))
          .get();
        if (!others?.n) return { ok: false, reason: "last_admin" };
      }
      let handedOver: AssignedSession[] = [];
      if (role === "facilitator") {
        handedOver = sessionsNotEnded(tx, userId, now);
        if (handedOver.length > 0) {
          const listed = handedOver.map((s) => s.id);
          const confirmed = [...(handover?.sessionIds ?? [])].sort((a, b) => a - b);
          if (!handover || JSON.stringify([...listed].sort((a, b) => a - b)) !== JSON.stringify(confirmed)) {
            return { ok: false, reason: "needs_handover", sessions: handedOver, candidates: [], stale: handover !== undefined };
          }
          if (handover.replacementId !== null) {
            const replacement = tx
              .select({ userId: userRoles.userId })
              .from(userRoles)
              .where(and(eq(userRoles.userId, handover.replacementId), eq(userRoles.role, "facilitator")))
              .get();
            if (!replacement || handover.replacementId === userId) return { ok: false, reason: "invalid_replacement" };
          }
          for (const session of handedOver) handOver(tx, actor, session.id, userId, handover.replacementId, now);
        }
      }
      tx.delete(userRoles)
        .where(and(eq(userRoles.userId, userId), eq(userRoles.role, role)))
        .run();
      writeAudit(tx, {
        actorId: actor.id,
        action: "role_revoked",
        subjectType: "user",
        subjectId: userId,
        details: {
          role,
          ...(handedOver.length > 0 ? { sessionIds: handedOver.map((s) => s.id), replacementId: handover?.replacementId ?? null } : {}),
        },
        at: now,
      });
      logSecurityEvent("role_revoked", { role, userId, actorId: actor.id });
      return { ok: true, changed: true, sessionsHandedOver: handedOver.length };
    },
    { behavior: "immediate" },
  );
  if (!result.ok && result.reason === "needs_handover") {
    return { ...result, candidates: listFacilitatorCandidates(db).filter((c) => c.id !== input.userId) };
  }
  return result;
}

/**
 * A facilitator change is not significant for invites (decision 004): no sequence rise and
 * no mail to participants, but the session's history records it like any other save.
 */
function handOver(tx: DbOrTx, actor: Actor, sessionId: number, fromUserId: number, toUserId: number | null, now: Date) {
  const before = tx
    .select({ userId: sessionFacilitators.userId })
    .from(sessionFacilitators)
    .where(eq(sessionFacilitators.sessionId, sessionId))
    .all()
    .map((f) => f.userId)
    .sort((a, b) => a - b);
  tx.delete(sessionFacilitators)
    .where(and(eq(sessionFacilitators.sessionId, sessionId), eq(sessionFacilitators.userId, fromUserId)))
    .run();
  if (toUserId !== null) tx.insert(sessionFacilitators).values({ sessionId, userId: toUserId }).onConflictDoNothing().run();
  const after = [...new Set([...before.filter((id) => id !== fromUserId), ...(toUserId !== null ? [toUserId] : [])])].sort((a, b) => a - b);
  writeAudit(tx, {
    actorId: actor.id,
    action: "session_updated",
    subjectType: "session",
    subjectId: sessionId,
    details: { facilitatorIds: { old: before, new: after } },
    at: now,
  });
}

/**
 * The confirmation step again, read only (a handover form came back without a valid choice):
 * the sessions that have not ended and the facilitators who could take them over.
 */
export function previewHandover(db: Db, actor: Actor, userId: number, now = new Date()) {
  if (!isAdmin(actor)) return null;
  return {
    sessions: sessionsNotEnded(db, userId, now),
    candidates: listFacilitatorCandidates(db).filter((c) => c.id !== userId),
  };
}

/** The CLI's `people:revoke ADDRESS ROLE`. */
export function revokeRoleByAddress(
  db: Db,
  actor: Actor,
  env: Env,
  input: { email: string; role: ManagedRole; handover?: { replacementEmail: string | null } },
  now = new Date(),
): RevokeResult | Refusal<"unknown_replacement"> {
  if (!isAdmin(actor)) return forbidden;
  const email = input.email.trim().toLowerCase();
  const person = db.select({ id: users.id }).from(users).where(eq(users.email, email)).get();
  if (!person) return { ok: false, reason: "not_found" };
  let handover: Handover | undefined;
  if (input.handover) {
    let replacementId: number | null = null;
    if (input.handover.replacementEmail !== null) {
      const replacement = db
        .select({ id: users.id })
        .from(users)
        .where(eq(users.email, input.handover.replacementEmail.trim().toLowerCase()))
        .get();
      if (!replacement) return { ok: false, reason: "unknown_replacement" };
      replacementId = replacement.id;
    }
    // The command line confirms the sessions as they are at this moment.
    handover = { sessionIds: sessionsNotEnded(db, person.id, now).map((s) => s.id), replacementId };
  }
  return revokeRole(db, actor, env, { userId: person.id, role: input.role, handover }, now);
}

/** A person registered by hand: no address, so no sign-in; organisers act for them (decision 021). */
export type PersonWithoutAddress = { id: number; displayName: string; department: string | null };

/** People without an address whose name contains the query (never the whole list without one). */
export function findPeopleWithoutAddress(db: Db, actor: Actor, query: string): PersonWithoutAddress[] {
  const text = query.trim().toLowerCase();
  if (!isAdmin(actor) || !text) return [];
  const pattern = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return db
    .select({ id: users.id, displayName: users.displayName, department: users.department })
    .from(users)
    .where(and(sql`${users.email} is null`, sql`lower(${users.displayName}) like ${pattern} escape '\\'`))
    .orderBy(asc(sql`lower(${users.displayName})`), asc(users.id))
    .limit(SEARCH_LIMIT)
    .all();
}

export function getPersonWithoutAddress(db: Db, actor: Actor, userId: number): PersonWithoutAddress | null {
  if (!isAdmin(actor)) return null;
  return (
    db
      .select({ id: users.id, displayName: users.displayName, department: users.department })
      .from(users)
      .where(and(eq(users.id, userId), sql`${users.email} is null`))
      .get() ?? null
  );
}
