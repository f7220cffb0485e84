import { and, count, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLog, loginSessions, outbox, registrations, sessionFacilitators, userRoles, users } from "~db/schema";
import { runCli } from "~/cli.server";
import { addPersonSchema } from "~/people/people.schema";
import { addPerson, findPeople, grantRole, revokeRole } from "~/people/people.server";
import { createTestDb } from "../support/db";
import { testEnv } from "../support/env";
import { createSession, createUser } from "../support/factories";
import type { Db } from "../../db/client";

const HOUR = 3600_000;
const rolesOf = (db: Db, userId: number) =>
  db
    .select({ role: userRoles.role })
    .from(userRoles)
    .where(eq(userRoles.userId, userId))
    .all()
    .map((r) => r.role)
    .sort();
const mailsTo = (db: Db, email: string) => db.select().from(outbox).where(eq(outbox.recipient, email)).all();
const auditCount = (db: Db) => db.select({ n: count() }).from(auditLog).get()!.n;
const facilitatorsOf = (db: Db, sessionId: number) =>
  db
    .select({ userId: sessionFacilitators.userId })
    .from(sessionFacilitators)
    .where(eq(sessionFacilitators.sessionId, sessionId))
    .all()
    .map((f) => f.userId)
    .sort((a, b) => a - b);

describe("granting and revoking roles", () => {
  /** A new database with an organiser. */
  function setUp() {
    const { db } = createTestDb();
    const env = testEnv({ ALLOWED_EMAIL_DOMAINS: "stadt.example" });
    const organiser = createUser(db, { roles: ["participant", "admin"] });
    const actor = { id: organiser.id, roles: ["participant", "admin"] };
    return { db, env, organiser, actor };
  }

  it("grants a role with an audit entry and exactly one mail; a repeated grant changes nothing", () => {
    const { db, env, organiser, actor } = setUp();
    const person = createUser(db, { email: "kim.neu@stadt.example" });
    expect(grantRole(db, actor, env, { userId: person.id, role: "facilitator" })).toEqual({ ok: true, changed: true });
    expect(rolesOf(db, person.id)).toEqual(["facilitator", "participant"]);
    const audit = db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.subjectId, String(person.id)), eq(auditLog.action, "role_granted")))
      .all();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorId: organiser.id, subjectType: "user", details: { role: "facilitator" } });
    const mails = mailsTo(db, "kim.neu@stadt.example");
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({ kind: "role_granted", subject: "Ihnen wurde die Rolle „Moderation“ zugewiesen" });
    expect(mails[0]!.text).toContain(`${env.appUrl}/moderation`);

    // A second click (or a retried request) is no second grant and no second mail.
    expect(grantRole(db, actor, env, { userId: person.id, role: "facilitator" })).toEqual({ ok: true, changed: false });
    expect(mailsTo(db, "kim.neu@stadt.example")).toHaveLength(1);
  });

  it("revokes with an audit entry and no mail; a later grant is a new mail", () => {
    const { db, env, organiser, actor } = setUp();
    const person = createUser(db, { email: "rat@stadt.example", roles: ["participant", "council"] });
    expect(revokeRole(db, actor, env, { userId: person.id, role: "council" })).toEqual({ ok: true, changed: true, sessionsHandedOver: 0 });
    expect(rolesOf(db, person.id)).toEqual(["participant"]);
    expect(
      db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.subjectId, String(person.id)), eq(auditLog.action, "role_revoked")))
        .get(),
    ).toMatchObject({ actorId: organiser.id, details: { role: "council" } });
    expect(mailsTo(db, "rat@stadt.example")).toHaveLength(0);
    expect(revokeRole(db, actor, env, { userId: person.id, role: "council" })).toEqual({ ok: true, changed: false, sessionsHandedOver: 0 });

    grantRole(db, actor, env, { userId: person.id, role: "council" });
    revokeRole(db, actor, env, { userId: person.id, role: "council" });
    grantRole(db, actor, env, { userId: person.id, role: "council" });
    expect(mailsTo(db, "rat@stadt.example").map((m) => m.subject)).toEqual([
      "Ihnen wurde die Rolle „Personalrat“ zugewiesen",
      "Ihnen wurde die Rolle „Personalrat“ zugewiesen",
    ]);
  });

  it("refuses people who are not admins, and unknown people, without writing anything", () => {
    const { db, env, organiser, actor } = setUp();
    const person = createUser(db);
    const participant = { id: person.id, roles: ["participant", "facilitator"] };
    const before = auditCount(db);
    expect(grantRole(db, participant, env, { userId: person.id, role: "admin" })).toEqual({ ok: false, reason: "forbidden" });
    expect(revokeRole(db, participant, env, { userId: organiser.id, role: "admin" })).toEqual({ ok: false, reason: "forbidden" });
    expect(addPerson(db, participant, env, { email: "x@stadt.example", displayName: "X" })).toEqual({ ok: false, reason: "forbidden" });
    expect(findPeople(db, participant, env, "")).toEqual({ ok: false, reason: "forbidden" });
    expect(grantRole(db, actor, env, { userId: 999_999, role: "facilitator" })).toEqual({ ok: false, reason: "not_found" });
    expect(rolesOf(db, person.id)).toEqual(["participant"]);
    expect(auditCount(db)).toBe(before);
  });

  it("adds a person who has never signed in; an address outside ALLOWED_EMAIL_DOMAINS is refused and nothing is written", () => {
    const { db, env, actor } = setUp();
    const before = { users: db.select({ n: count() }).from(users).get()!.n, audit: auditCount(db) };
    expect(addPerson(db, actor, env, { email: "jemand@gmail.example", displayName: "Jemand" })).toEqual({
      ok: false,
      reason: "domain_not_allowed",
    });
    expect(db.select({ n: count() }).from(users).get()!.n).toBe(before.users);
    expect(auditCount(db)).toBe(before.audit);

    const added = addPerson(db, actor, env, { email: "Neu.Person@Stadt.example", displayName: "Neu Person" });
    expect(added).toEqual({ ok: true, userId: expect.any(Number) });
    const row = db.select().from(users).where(eq(users.email, "neu.person@stadt.example")).get();
    // Not signed in yet: the first sign-in finds this account by its address and asks for the profile.
    expect(row).toMatchObject({ displayName: "Neu Person", profileCompletedAt: null });
    expect(rolesOf(db, row!.id)).toEqual(["participant"]);
    expect(addPerson(db, actor, env, { email: "neu.person@stadt.example", displayName: "Doppelt" })).toEqual({
      ok: false,
      reason: "exists",
      userId: row!.id,
    });
  });

  it("gives German messages next to the fields for a bad address or a missing name", () => {
    const parsed = addPersonSchema.safeParse({ email: "keine-adresse", displayName: "" });
    expect(parsed.success).toBe(false);
    const messages = Object.fromEntries(parsed.error!.issues.map((issue) => [issue.path[0], issue.message]));
    expect(messages.email).toContain("gültige E-Mail-Adresse");
    expect(messages.displayName).toContain("Namen");
  });

  it("lists names, addresses and roles only: never registrations, attendance or sign-ins", () => {
    const { db, env, actor } = setUp();
    const person = createUser(db, {
      email: "sichtbar@stadt.example",
      displayName: "Sichtbar Mensch",
      roles: ["participant", "facilitator"],
    });
    const session = createSession(db, { startsAt: new Date(Date.now() - 3 * HOUR) });
    db.insert(registrations)
      .values({ sessionId: session.id, userId: person.id, status: "attended", queuedAt: new Date(), updatedAt: new Date() })
      .run();
    db.insert(loginSessions)
      .values({ id: "login-sichtbar", userId: person.id, expiresAt: new Date(Date.now() + HOUR) })
      .run();

    const result = findPeople(db, actor, env, "sichtbar");
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(Object.keys(result).sort()).toEqual(["adminEmails", "adminReadOnly", "ok", "people", "truncated"]);
    expect(result.people).toEqual([
      { id: person.id, displayName: "Sichtbar Mensch", email: "sichtbar@stadt.example", roles: ["facilitator"] },
    ]);
    expect(JSON.stringify(result)).not.toMatch(/attended|login|regist|session/i);

    // Without a query: the people who hold a role beyond participant.
    const overview = findPeople(db, actor, env, "");
    expect(overview.ok && overview.people.every((p) => p.roles.length > 0)).toBe(true);
    expect(overview.ok && overview.people.map((p) => p.email)).toContain("sichtbar@stadt.example");
    // A search is text, not a pattern: % and _ match only themselves.
    const wildcard = findPeople(db, actor, env, "%");
    expect(wildcard.ok && wildcard.people).toEqual([]);
  });
});

describe("the admin role without ADMIN_EMAILS", () => {
  const { db } = createTestDb();
  const env = testEnv();
  const first = createUser(db, { email: "erste@stadt.example", roles: ["participant", "admin"] });
  const actor = { id: first.id, roles: ["admin"] };

  it("is granted and revoked here, but never from the last admin", () => {
    expect(revokeRole(db, actor, env, { userId: first.id, role: "admin" })).toEqual({ ok: false, reason: "last_admin" });
    expect(rolesOf(db, first.id)).toContain("admin");

    const second = createUser(db, { email: "zweite@stadt.example" });
    expect(grantRole(db, actor, env, { userId: second.id, role: "admin" })).toEqual({ ok: true, changed: true });
    expect(mailsTo(db, "zweite@stadt.example").map((m) => m.subject)).toEqual(["Ihnen wurde die Rolle „Organisation“ zugewiesen"]);
    expect(revokeRole(db, actor, env, { userId: first.id, role: "admin" })).toEqual({ ok: true, changed: true, sessionsHandedOver: 0 });
    const secondActor = { id: second.id, roles: ["admin"] };
    expect(revokeRole(db, secondActor, env, { userId: second.id, role: "admin" })).toEqual({ ok: false, reason: "last_admin" });
  });
});

describe("the admin role with ADMIN_EMAILS set", () => {
  /** A new database with the admin ADMIN_EMAILS names and one it no longer names. */
  function setUp() {
    const { db } = createTestDb();
    const env = testEnv({ ADMIN_EMAILS: "chefin@stadt.example" });
    const chief = createUser(db, { email: "chefin@stadt.example", roles: ["participant", "admin"] });
    // Stored from before the list was set; sign-in removes it, the page does not count it.
    const former = createUser(db, { email: "frueher@stadt.example", roles: ["participant", "admin"] });
    const actor = { id: chief.id, roles: ["admin"] };
    return { db, env, chief, former, actor };
  }

  it("is read-only: neither granted nor revoked, and nothing is written", () => {
    const { db, env, chief, actor } = setUp();
    const other = createUser(db);
    const before = { audit: auditCount(db), mails: db.select({ n: count() }).from(outbox).get()!.n };
    expect(grantRole(db, actor, env, { userId: other.id, role: "admin" })).toEqual({ ok: false, reason: "admin_read_only" });
    expect(revokeRole(db, actor, env, { userId: chief.id, role: "admin" })).toEqual({ ok: false, reason: "admin_read_only" });
    expect(rolesOf(db, other.id)).toEqual(["participant"]);
    expect(rolesOf(db, chief.id)).toContain("admin");
    expect(auditCount(db)).toBe(before.audit);
    expect(db.select({ n: count() }).from(outbox).get()!.n).toBe(before.mails);
    // The other roles stay editable.
    expect(grantRole(db, actor, env, { userId: other.id, role: "facilitator" })).toEqual({ ok: true, changed: true });
  });

  it("shows admin as ADMIN_EMAILS says and lists the addresses", () => {
    const { db, env, chief, former, actor } = setUp();
    const result = findPeople(db, actor, env, "");
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.adminReadOnly).toBe(true);
    expect(result.adminEmails).toEqual(["chefin@stadt.example"]);
    expect(result.people.find((p) => p.id === chief.id)?.roles).toEqual(["admin"]);
    expect(result.people.find((p) => p.id === former.id)).toBeUndefined();
  });
});

describe("revoking facilitator from someone with sessions that have not ended", () => {
  const env = testEnv();

  /** A new database with an organiser, a facilitator who leaves, a colleague, and the leaving one's sessions. */
  function setUp() {
    const { db } = createTestDb();
    const organiser = createUser(db, { roles: ["participant", "admin"] });
    const actor = { id: organiser.id, roles: ["admin"] };
    const leaving = createUser(db, { roles: ["participant", "facilitator"] });
    const colleague = createUser(db, { roles: ["participant", "facilitator"] });
    const upcoming = createSession(db, { facilitatorIds: [leaving.id] });
    const draft = createSession(db, { status: "draft", publishedAt: null, facilitatorIds: [leaving.id, colleague.id] });
    const past = createSession(db, { startsAt: new Date(Date.now() - 30 * 24 * HOUR), facilitatorIds: [leaving.id] });
    return { db, organiser, actor, leaving, colleague, upcoming, draft, past };
  }

  it("lists those sessions and changes nothing until a replacement or removal is chosen for exactly them", () => {
    const { db, organiser, actor, leaving, colleague, upcoming, draft, past } = setUp();
    const before = auditCount(db);
    const asked = revokeRole(db, actor, env, { userId: leaving.id, role: "facilitator" });
    expect(asked).toMatchObject({ ok: false, reason: "needs_handover", stale: false });
    if (asked.ok || asked.reason !== "needs_handover") return;
    expect(asked.sessions.map((s) => s.id).sort()).toEqual([upcoming.id, draft.id].sort());
    expect(asked.candidates.map((c) => c.id)).toContain(colleague.id);
    expect(asked.candidates.map((c) => c.id)).not.toContain(leaving.id);
    // A confirmation for another list of sessions (one was added meanwhile) asks again.
    const stale = revokeRole(db, actor, env, {
      userId: leaving.id,
      role: "facilitator",
      handover: { sessionIds: [upcoming.id], replacementId: colleague.id },
    });
    expect(stale).toMatchObject({ ok: false, reason: "needs_handover", stale: true });
    // Someone without the facilitator role cannot take over.
    expect(
      revokeRole(db, actor, env, {
        userId: leaving.id,
        role: "facilitator",
        handover: { sessionIds: [upcoming.id, draft.id], replacementId: organiser.id },
      }),
    ).toEqual({ ok: false, reason: "invalid_replacement" });
    expect(rolesOf(db, leaving.id)).toContain("facilitator");
    expect(facilitatorsOf(db, upcoming.id)).toEqual([leaving.id]);
    expect(auditCount(db)).toBe(before);
    expect(past.id).toBeGreaterThan(0);
  });

  it("revokes and hands the sessions over in one transaction; ended sessions keep their history", () => {
    const { db, actor, leaving, colleague, upcoming, draft, past } = setUp();
    const mailsBefore = db.select({ n: count() }).from(outbox).get()!.n;
    const result = revokeRole(db, actor, env, {
      userId: leaving.id,
      role: "facilitator",
      handover: { sessionIds: [draft.id, upcoming.id], replacementId: colleague.id },
    });
    expect(result).toEqual({ ok: true, changed: true, sessionsHandedOver: 2 });
    expect(rolesOf(db, leaving.id)).toEqual(["participant"]);
    expect(facilitatorsOf(db, upcoming.id)).toEqual([colleague.id]);
    expect(facilitatorsOf(db, draft.id)).toEqual([colleague.id]);
    expect(facilitatorsOf(db, past.id)).toEqual([leaving.id]);
    const sessionAudit = db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.subjectType, "session"), eq(auditLog.subjectId, String(upcoming.id))))
      .all();
    expect(sessionAudit).toEqual([
      expect.objectContaining({ action: "session_updated", details: { facilitatorIds: { old: [leaving.id], new: [colleague.id] } } }),
    ]);
    // Not a significant change: participants are not mailed.
    expect(db.select({ n: count() }).from(outbox).get()!.n).toBe(mailsBefore);
  });

  it("removes the person from the sessions when no replacement is chosen", () => {
    const { db, actor, leaving, colleague, upcoming, draft } = setUp();
    const result = revokeRole(db, actor, env, {
      userId: leaving.id,
      role: "facilitator",
      handover: { sessionIds: [upcoming.id, draft.id], replacementId: null },
    });
    expect(result).toEqual({ ok: true, changed: true, sessionsHandedOver: 2 });
    expect(facilitatorsOf(db, upcoming.id)).toEqual([]);
    expect(facilitatorsOf(db, draft.id)).toEqual([colleague.id]);
  });

  it("rolls the handover back when a later step of the revoke fails", () => {
    const { db, actor, leaving, colleague, upcoming, draft } = setUp();
    const sqlite = db.$client;
    sqlite.exec(
      "create temp trigger refuse_revoke before insert on audit_log when new.action = 'role_revoked' begin select raise(abort, 'refused in test'); end",
    );
    try {
      expect(() =>
        revokeRole(db, actor, env, {
          userId: leaving.id,
          role: "facilitator",
          handover: { sessionIds: [upcoming.id, draft.id], replacementId: colleague.id },
        }),
      ).toThrow("refused in test");
    } finally {
      sqlite.exec("drop trigger refuse_revoke");
    }
    expect(rolesOf(db, leaving.id)).toContain("facilitator");
    expect(facilitatorsOf(db, upcoming.id)).toEqual([leaving.id]);
    expect(facilitatorsOf(db, draft.id)).toEqual([leaving.id, colleague.id].sort((a, b) => a - b));
  });
});

describe("the command line: people:grant and people:revoke", () => {
  /** A new database and the command line working on it. */
  function setUp() {
    const { db, file } = createTestDb();
    const cliEnv = (extra: Record<string, string> = {}) => ({
      DATABASE_PATH: file,
      APP_URL: "http://ki.test",
      SESSION_SECRET: "test-secret-that-is-long-enough-0123456789",
      SEED: "off",
      ALLOWED_EMAIL_DOMAINS: "stadt.example",
      ...extra,
    });
    async function cli(args: string[], extra: Record<string, string> = {}) {
      const out: string[] = [];
      const err: string[] = [];
      const code = await runCli(args, { out: (line) => out.push(line), err: (line) => err.push(line) }, cliEnv(extra));
      return { code, out, err };
    }
    const userByEmail = (email: string) => db.select().from(users).where(eq(users.email, email)).get();
    return { db, cli, userByEmail };
  }

  it("grants a role to a known person and to a new address in an allowed domain", async () => {
    const { db, cli, userByEmail } = setUp();
    const known = createUser(db, { email: "bekannt@stadt.example" });
    const granted = await cli(["people:grant", "bekannt@stadt.example", "facilitator"]);
    expect(granted).toMatchObject({ code: 0, err: [] });
    expect(rolesOf(db, known.id)).toContain("facilitator");
    expect(mailsTo(db, "bekannt@stadt.example")).toHaveLength(1);
    expect(
      db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.subjectId, String(known.id)), eq(auditLog.action, "role_granted")))
        .get()?.actorId,
    ).toBeNull();

    const created = await cli(["people:grant", "Neu.Moderation@stadt.example", "council"]);
    expect(created.code).toBe(0);
    const person = userByEmail("neu.moderation@stadt.example");
    expect(person?.displayName).toBe("neu.moderation");
    expect(rolesOf(db, person!.id)).toEqual(["council", "participant"]);
  });

  it("exits 1 with one line on stderr for an unknown role, an unknown address, a foreign domain", async () => {
    const { db, cli, userByEmail } = setUp();
    createUser(db, { email: "rolle@stadt.example" });
    for (const [args, message] of [
      [["people:grant", "rolle@stadt.example", "chef"], /Unknown role "chef"/],
      [["people:revoke", "niemand@stadt.example", "facilitator"], /No person with the address niemand@stadt.example/],
      [["people:grant", "extern@firma.example", "facilitator"], /not in ALLOWED_EMAIL_DOMAINS/],
      [["people:grant", "keine-adresse", "facilitator"], /is not an e-mail address/],
    ] as const) {
      const result = await cli([...args]);
      expect(result.code, args.join(" ")).toBe(1);
      expect(result.err).toHaveLength(1);
      expect(result.err[0]).toMatch(message);
    }
    expect(userByEmail("extern@firma.example")).toBeUndefined();
    expect(rolesOf(db, userByEmail("rolle@stadt.example")!.id)).toEqual(["participant"]);
  });

  it("refuses the admin role while ADMIN_EMAILS is set, and the last admin without it", async () => {
    const { db, cli } = setUp();
    createUser(db, { email: "rolle@stadt.example" });
    const only = createUser(db, { email: "einzige@stadt.example", roles: ["participant", "admin"] });
    const readOnly = await cli(["people:grant", "rolle@stadt.example", "admin"], { ADMIN_EMAILS: "einzige@stadt.example" });
    expect(readOnly.code).toBe(1);
    expect(readOnly.err).toEqual([expect.stringContaining("read-only while ADMIN_EMAILS is set (einzige@stadt.example)")]);
    const readOnlyRevoke = await cli(["people:revoke", "einzige@stadt.example", "admin"], { ADMIN_EMAILS: "einzige@stadt.example" });
    expect(readOnlyRevoke.code).toBe(1);

    const last = await cli(["people:revoke", "einzige@stadt.example", "admin"]);
    expect(last.code).toBe(1);
    expect(last.err).toEqual([expect.stringContaining("last admin")]);
    expect(rolesOf(db, only.id)).toContain("admin");
  });

  it("revokes facilitator only with a replacement or --unassign when sessions have not ended", async () => {
    const { db, cli, userByEmail } = setUp();
    const leaving = createUser(db, { email: "geht@stadt.example", roles: ["participant", "facilitator"] });
    createUser(db, { email: "bleibt@stadt.example", roles: ["participant", "facilitator"] });
    const session = createSession(db, { facilitatorIds: [leaving.id] });
    const asked = await cli(["people:revoke", "geht@stadt.example", "facilitator"]);
    expect(asked.code).toBe(1);
    expect(asked.err).toEqual([expect.stringContaining(`ids ${session.id}`)]);
    expect(rolesOf(db, leaving.id)).toContain("facilitator");

    const done = await cli(["people:revoke", "geht@stadt.example", "facilitator", "--replace-with=bleibt@stadt.example"]);
    expect(done).toMatchObject({ code: 0, err: [] });
    expect(rolesOf(db, leaving.id)).toEqual(["participant"]);
    expect(facilitatorsOf(db, session.id)).toEqual([userByEmail("bleibt@stadt.example")!.id]);
  });
});
