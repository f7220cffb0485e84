// "Meine Daten" (decision 021): the export holds every row about a person, and deleting the
// account leaves nothing that names them once the outbox has sent their last mails.
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  auditLog,
  contentPageRevisions,
  liveQuestionRate,
  loginSessions,
  materialFiles,
  materials,
  newSessionAlerts,
  outbox,
  questionVotes,
  questions,
  rateLimitHits,
  registrations,
  series as seriesTable,
  sessions,
  summaries,
  summaryRevisions,
  userRoles,
  users,
} from "~db/schema";
import { requestSignIn } from "~/auth/sign-in.server";
import { userForFeedToken, feedToken } from "~/calendar/feeds.server";
import { deliverDueMails } from "~/mail/sender.server";
import { createMailTransport } from "~/mail/transport.server";
import { deleteAccount } from "~/privacy/delete-account.server";
import { collectMyData, EXPORT_COVERAGE, type MyData } from "~/privacy/my-data.server";
import { SCRUBBED_SUBJECT } from "~/privacy/outbox-scrub.server";
import { submitQuestion } from "~/questions/submission.server";
import { register } from "~/registrations/transitions.server";
import { rateKey } from "~/room/live.server";
import { rateMinute } from "~/room/rules";
import { createTestDb } from "../support/db";
import { testEnv } from "../support/env";
import { createSeries, createSession, createUser } from "../support/factories";
import { startSmtpServer, type TestSmtpServer } from "../support/smtp";

type Db = ReturnType<typeof createTestDb>["db"];

const H = 3600_000;
const DAY = 24 * H;
const KEY = "question-key-for-tests-0123456789abcdef";
const APP_URL = "http://ki.test";
const FROM = "KI-Infoveranstaltungen <ki-info@stadt.example>";
const clockAt = (now: Date) => ({ now, appUrl: APP_URL, mailFrom: FROM, alarmMinutes: 15 });
const NO_ADMIN_EMAILS = { adminEmails: [] as string[] };

/**
 * Columns that hold an address or a keyed value rather than a foreign key. The name pattern
 * below catches a new one with a telling name; this list holds the ones whose name says less.
 */
const DECLARED_PERSONAL_COLUMNS = [
  "users.email",
  "outbox.recipient",
  "login_tokens.email",
  "questions.author_key",
  "question_quota.keyed_value",
  "live_question_rate.keyed_value",
  "rate_limit_hits.bucket",
  "series.contact_email",
];
const PERSONAL_NAME = /(^|_)(email|recipient|keyed_value|author_key|address)($|_)/;

function schemaTables(db: Db): string[] {
  return db.$client
    .prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like 'search_index_%'")
    .all()
    .map((r) => (r as { name: string }).name);
}

/** Every column of the live schema that points at a person. */
function personalColumns(db: Db): string[] {
  const found = new Set<string>();
  for (const table of schemaTables(db)) {
    for (const fk of db.$client.prepare(`pragma foreign_key_list("${table}")`).all() as { table: string; from: string }[]) {
      if (fk.table === "users") found.add(`${table}.${fk.from}`);
    }
    for (const column of db.$client.prepare(`pragma table_info("${table}")`).all() as { name: string }[]) {
      if (PERSONAL_NAME.test(column.name)) found.add(`${table}.${column.name}`);
    }
  }
  for (const column of DECLARED_PERSONAL_COLUMNS) found.add(column);
  found.add("users.id");
  return [...found].sort();
}

/** A person with a row in every table that can point at them. */
function fullPerson(db: Db, now: Date) {
  const person = createUser(db, { displayName: "Erika Mustermann-Export", department: "Amt 10" });
  const other = createUser(db, { displayName: "Otto Kollege" });
  db.insert(userRoles).values({ userId: person.id, role: "facilitator" }).run();
  const series = createSeries(db, { contactName: "Erika", contactEmail: person.email! });
  const past = createSession(db, { seriesId: series.id, startsAt: new Date(now.getTime() - 10 * DAY), facilitatorIds: [person.id] });
  const upcoming = createSession(db, {
    seriesId: series.id,
    startsAt: new Date(now.getTime() + 10 * DAY),
    liveOpenedAt: now,
    publishedAt: new Date(now.getTime() - 20 * DAY),
  });
  db.insert(registrations)
    .values({ sessionId: past.id, userId: person.id, status: "attended", queuedAt: past.startsAt, updatedAt: past.startsAt })
    .run();
  expect(register(db, person.id, upcoming.id, { supportNeeds: "Rollstuhlplatz" }, clockAt(now))).toMatchObject({ ok: true });
  const named = submitQuestion(
    db,
    person,
    { key: KEY, now },
    { target: { kind: "general" }, sectionId: null, text: "Benannte Frage", anonymous: false },
  );
  const anonymous = submitQuestion(
    db,
    person,
    { key: KEY, now },
    { target: { kind: "general" }, sectionId: null, text: "Anonyme Frage", anonymous: true },
  );
  const theirs = submitQuestion(
    db,
    other,
    { key: KEY, now },
    { target: { kind: "general" }, sectionId: null, text: "Frage von Otto", anonymous: false },
  );
  if (!named.ok || !anonymous.ok || !theirs.ok) throw new Error("questions refused");
  db.update(questions).set({ reviewedById: person.id, reviewedAt: now }).where(eq(questions.id, theirs.questionId)).run();
  db.insert(questionVotes).values({ questionId: theirs.questionId, userId: person.id }).run();
  const minute = rateMinute(now);
  db.insert(liveQuestionRate)
    .values({ keyedValue: rateKey(KEY, person.id, upcoming.id, minute), minute, count: 1 })
    .run();
  db.insert(newSessionAlerts).values({ seriesId: series.id, userId: person.id }).run();
  db.insert(loginSessions)
    .values({ id: `ls-${person.id}`, userId: person.id, expiresAt: new Date(now.getTime() + DAY) })
    .run();
  requestSignIn(db, testEnv(), { email: person.email!, redirectTo: null, clientIp: "10.0.0.1", browserSecret: "b".repeat(30), now });
  const summary = db
    .insert(summaries)
    .values({ sessionId: past.id, createdById: person.id, withdrawnById: person.id, withdrawnAt: now })
    .returning()
    .get();
  db.insert(summaryRevisions)
    .values({ summaryId: summary.id, number: 1, approvedById: person.id, publishedById: person.id, updatedAt: now })
    .run();
  const material = db
    .insert(materials)
    .values({ title: "Leitfaden", kind: "guide", createdById: person.id, updatedAt: now })
    .returning()
    .get();
  db.insert(materialFiles)
    .values({
      materialId: material.id,
      storedName: "x",
      fileName: "x.pdf",
      contentType: "application/pdf",
      sizeBytes: 1,
      uploadedById: person.id,
    })
    .run();
  db.insert(contentPageRevisions).values({ slug: "impressum", title: "Impressum", body: "…", savedById: person.id }).run();
  db.insert(auditLog)
    .values({ actorId: person.id, action: "person_added", subjectType: "user", subjectId: String(other.id) })
    .run();
  return { person, other, series, past, upcoming, questionIds: { named: named.questionId, anonymous: anonymous.questionId } };
}

/** How many export entries stem from this column, for a comparison with the table. */
function exported(data: MyData, column: keyof typeof EXPORT_COVERAGE): number {
  const section = EXPORT_COVERAGE[column];
  if (section === "workRecords") {
    const [table, name] = column.split(".");
    return data.workRecords.filter((w) => w.table === table && w.column === name).length;
  }
  switch (column) {
    case "users.id":
    case "users.email":
      return data.profile.id ? 1 : 0;
    case "user_roles.user_id":
      return data.profile.roles.length;
    case "questions.author_id":
      return data.questions.filter((q) => !q.anonymous).length;
    case "questions.author_key":
      return data.questions.filter((q) => q.anonymous).length;
    default: {
      const value = data[section];
      return Array.isArray(value) ? value.length : 0;
    }
  }
}

/** Rows in the table that point at the person through this column. */
function storedRows(db: Db, column: string, person: { id: number; email: string | null }, data: MyData): number {
  const [table, name] = column.split(".") as [string, string];
  const count = (where: string, value: unknown) =>
    (db.$client.prepare(`select count(*) as n from "${table}" where ${where}`).get(value) as { n: number }).n;
  switch (column) {
    case "users.email":
    case "login_tokens.email":
    case "outbox.recipient":
    case "series.contact_email":
      return count(`"${name}" = ?`, person.email);
    case "rate_limit_hits.bucket":
      return count(`"${name}" = ?`, `address:${person.email}`);
    // Keyed values: only the server can tell which rows are the person's; the export says it found them.
    case "questions.author_key":
      return data.questions.filter((q) => q.anonymous).length;
    case "question_quota.keyed_value":
      return data.questionQuota.length;
    case "live_question_rate.keyed_value":
      return data.liveQuestionRate.length;
    default:
      return count(`"${name}" = ?`, person.id);
  }
}

describe("Meine Daten: the export", () => {
  it("covers every column of the live schema that points at a person", () => {
    const { db } = createTestDb();
    const covered = Object.keys(EXPORT_COVERAGE);
    const uncovered = personalColumns(db).filter((column) => !covered.includes(column));
    // A new table or column with a user reference must be added to the export (my-data.server.ts).
    expect(uncovered).toEqual([]);
    // …and the map names no column that no longer exists.
    const all = new Set(
      schemaTables(db).flatMap((table) =>
        (db.$client.prepare(`pragma table_info("${table}")`).all() as { name: string }[]).map((c) => `${table}.${c.name}`),
      ),
    );
    expect(covered.filter((column) => !all.has(column))).toEqual([]);
  });

  it("contains every row about the person, in every covered table, and nobody else's", () => {
    const { db } = createTestDb();
    const now = new Date();
    const { person, other } = fullPerson(db, now);
    const data = collectMyData(db, KEY, person.id, now)!;
    for (const column of Object.keys(EXPORT_COVERAGE) as (keyof typeof EXPORT_COVERAGE)[]) {
      const stored = storedRows(db, column, person, data);
      expect({ column, stored: stored > 0 }).toEqual({ column, stored: true });
      expect({ column, exported: exported(data, column) }).toEqual({ column, exported: stored });
    }
    expect(data.profile).toMatchObject({ email: person.email, displayName: "Erika Mustermann-Export", department: "Amt 10" });
    expect(data.attendance).toHaveLength(1);
    expect(data.registrations.find((r) => r.status === "confirmed")?.history.map((h) => h.action)).toEqual(["registration_confirmed"]);
    expect(data.questions.map((q) => q.text).sort()).toEqual(["Anonyme Frage", "Benannte Frage"]);
    expect(data.votes.map((v) => v.questionText)).toEqual(["Frage von Otto"]);
    expect(data.questionQuota.reduce((n, q) => n + q.count, 0)).toBe(2);
    // Otto's own export holds his question and nothing of Erika's.
    const his = collectMyData(db, KEY, other.id, now)!;
    expect(his.questions.map((q) => q.text)).toEqual(["Frage von Otto"]);
    expect(his.votes).toEqual([]);
    expect(JSON.stringify(his)).not.toContain(person.email!);
  });

  it("is null for an unknown id", () => {
    const { db } = createTestDb();
    expect(collectMyData(db, KEY, 999_999, new Date())).toBeNull();
  });
});

describe("Meine Daten: deleting the account", () => {
  let smtp: TestSmtpServer;
  beforeAll(async () => {
    smtp = await startSmtpServer();
  });
  afterAll(() => smtp.close());

  /** Every text cell of every table (search index included) and every user reference. */
  function traces(db: Db, person: { id: number; email: string | null; displayName: string }): string[] {
    const found: string[] = [];
    for (const table of schemaTables(db)) {
      const references = (db.$client.prepare(`pragma foreign_key_list("${table}")`).all() as { table: string; from: string }[])
        .filter((fk) => fk.table === "users")
        .map((fk) => fk.from);
      for (const row of db.$client.prepare(`select * from "${table}"`).all() as Record<string, unknown>[]) {
        for (const [column, value] of Object.entries(row)) {
          if (references.includes(column) && value === person.id) found.push(`${table}.${column} = id`);
          if (table === "users" && column === "id" && value === person.id) found.push("users.id");
          if (typeof value !== "string") continue;
          const text = value.toLowerCase();
          if (person.email && text.includes(person.email)) found.push(`${table}.${column} has the address`);
          if (text.includes(person.displayName.toLowerCase())) found.push(`${table}.${column} has the name`);
        }
      }
    }
    return found;
  }

  it("cancels upcoming places with promotion and mails, anonymises the rest, and leaves no trace once the outbox has sent", async () => {
    const { db } = createTestDb();
    const now = new Date();
    const world = fullPerson(db, now);
    const { person, upcoming } = world;
    // Someone waits for Erika's seat; Erika waits in a full date herself.
    db.update(sessions).set({ capacity: 1 }).where(eq(sessions.id, upcoming.id)).run();
    const waiting = createUser(db, { displayName: "Wanda Wartend" });
    expect(register(db, waiting.id, upcoming.id, {}, clockAt(now))).toMatchObject({ ok: true, outcome: "waitlisted" });
    const otherSeries = createSeries(db);
    const full = createSession(db, { seriesId: otherSeries.id, capacity: 1, startsAt: new Date(now.getTime() + 5 * DAY) });
    const seated = createUser(db);
    register(db, seated.id, full.id, {}, clockAt(now));
    expect(register(db, person.id, full.id, {}, clockAt(now))).toMatchObject({ ok: true, outcome: "waitlisted" });
    const feed = feedToken("secret", person.id, person.calendarFeedVersion);
    expect(userForFeedToken(db, "secret", feed)).toBe(person.id);
    const votesBefore = db.select().from(questions).where(eq(questions.text, "Frage von Otto")).get()!.voteCount;
    const env = testEnv({ SMTP_URL: smtp.url });
    const transport = createMailTransport(env);
    const drain = async () => {
      for (;;) {
        const report = await deliverDueMails(db, transport, { owner: "test", from: FROM, retryDelaysMs: [1000] });
        if (report.sent + report.retried + report.failed === 0) break;
      }
    };
    // Her earlier mails (confirmation, waitlist, sign-in) have gone out before she deletes.
    await drain();
    const before = smtp.received.length;

    const result = deleteAccount(db, { id: person.id, roles: ["participant"] }, NO_ADMIN_EMAILS, {
      userId: person.id,
      key: KEY,
      clock: clockAt(now),
    });
    expect(result).toEqual({
      ok: true,
      summary: {
        cancelledPlaces: 2,
        anonymisedRegistrations: 3,
        anonymisedQuestions: 2,
        removedVotes: 1,
        facilitatedSessionIds: [world.past.id],
      },
    });

    // The usual promotion: Wanda has the seat, with her mail.
    expect(db.select().from(registrations).where(eq(registrations.userId, waiting.id)).get()?.status).toBe("confirmed");
    expect(
      db
        .select({ kind: outbox.kind })
        .from(outbox)
        .where(eq(outbox.recipient, waiting.email!))
        .all()
        .map((m) => m.kind),
    ).toContain("promoted");
    // Past registrations stay for the counts, without the person.
    const pastRow = db.select().from(registrations).where(eq(registrations.sessionId, world.past.id)).get()!;
    expect(pastRow).toMatchObject({ userId: null, status: "attended" });
    expect(pastRow.anonymisedAt).not.toBeNull();
    expect(db.select().from(registrations).where(eq(registrations.sessionId, upcoming.id)).all()).toContainEqual(
      expect.objectContaining({ userId: null, status: "cancelled", endReason: "self", supportNeeds: null }),
    );
    // Questions stay, anonymous and unfindable; the vote is gone from the count.
    for (const id of Object.values(world.questionIds)) {
      expect(db.select().from(questions).where(eq(questions.id, id)).get()).toMatchObject({
        anonymous: true,
        authorId: null,
        authorKey: null,
        authorSalt: null,
      });
    }
    expect(db.select().from(questions).where(eq(questions.text, "Frage von Otto")).get()!.voteCount).toBe(votesBefore - 1);
    expect(userForFeedToken(db, "secret", feed)).toBeNull();
    expect(db.select().from(loginSessions).where(eq(loginSessions.userId, person.id)).all()).toEqual([]);
    expect(db.select().from(seriesTable).where(eq(seriesTable.id, world.series.id)).get()).toMatchObject({
      contactEmail: null,
      contactName: null,
    });
    const entry = db.select().from(auditLog).where(eq(auditLog.action, "account_deleted_by_self")).get()!;
    expect(entry).toMatchObject({ actorId: null, subjectType: "user", subjectId: null });
    expect(JSON.stringify(entry)).not.toMatch(/Erika|person\d+@/);

    // The last mails are still to go: the two cancellations, the seat's with its CANCEL invite.
    const pending = db
      .select()
      .from(outbox)
      .where(and(eq(outbox.recipient, person.email!), eq(outbox.status, "pending")))
      .all();
    expect(pending.map((m) => m.kind).sort()).toEqual(["cancellation", "cancellation"]);
    expect(pending.filter((m) => m.icsMethod === "CANCEL")).toHaveLength(1);
    expect(traces(db, person).some((t) => t.startsWith("outbox.recipient"))).toBe(true);

    await drain();
    transport.close();
    const toPerson = smtp.received.slice(before).filter((m) => m.to.includes(person.email!));
    expect(toPerson).toHaveLength(2);
    expect(toPerson.some((m) => /METHOD:CANCEL/.test(m.raw))).toBe(true);

    // Sent: the rows stay for the statistics, without address or content.
    expect(db.select().from(outbox).where(eq(outbox.subject, SCRUBBED_SUBJECT)).all().length).toBeGreaterThanOrEqual(2);
    expect(traces(db, person)).toEqual([]);
  });

  it("refuses to delete the last admin and changes nothing", () => {
    const { db } = createTestDb();
    const now = new Date();
    // The template database may hold admins of its own: this test needs to be the only one.
    db.delete(userRoles).where(eq(userRoles.role, "admin")).run();
    const admin = { ...createUser(db, { roles: ["participant", "admin"] }), roles: ["participant", "admin"] };
    const input = { userId: admin.id, key: KEY, clock: clockAt(now) };
    expect(deleteAccount(db, admin, NO_ADMIN_EMAILS, input)).toEqual({ ok: false, reason: "last_admin" });
    expect(db.select().from(users).where(eq(users.id, admin.id)).get()).toBeDefined();
    expect(db.select().from(auditLog).where(eq(auditLog.action, "account_deleted_by_self")).all()).toEqual([]);
    // With ADMIN_EMAILS set, that list names the admins: the account may go.
    expect(deleteAccount(db, admin, { adminEmails: ["cdo@stadt.example"] }, input)).toMatchObject({ ok: true });
  });

  it("changes nothing when a place cannot be given back (a seat rule broken by hand)", () => {
    const { db } = createTestDb();
    const now = new Date();
    const person = createUser(db);
    const session = createSession(db, { capacity: 1, startsAt: new Date(now.getTime() + 3 * DAY) });
    // Three seats in a session of one, none marked as overbooked: cancelling one still breaks the rule.
    for (const userId of [person.id, createUser(db).id, createUser(db).id]) {
      db.insert(registrations).values({ sessionId: session.id, userId, status: "confirmed", queuedAt: now, updatedAt: now }).run();
    }
    const result = deleteAccount(db, { id: person.id, roles: [] }, NO_ADMIN_EMAILS, { userId: person.id, key: KEY, clock: clockAt(now) });
    expect(result).toEqual({ ok: false, reason: "place_not_released" });
    expect(db.select().from(users).where(eq(users.id, person.id)).get()).toBeDefined();
    expect(db.select().from(registrations).where(eq(registrations.userId, person.id)).get()?.status).toBe("confirmed");
  });

  it("lets an admin go once another admin exists", () => {
    const { db } = createTestDb();
    const admin = { ...createUser(db, { roles: ["participant", "admin"] }), roles: ["participant", "admin"] };
    createUser(db, { roles: ["admin"] });
    expect(deleteAccount(db, admin, NO_ADMIN_EMAILS, { userId: admin.id, key: KEY, clock: clockAt(new Date()) })).toMatchObject({
      ok: true,
    });
  });

  it("lets organisers delete only people without an address, audited with the organiser as actor", () => {
    const { db } = createTestDb();
    const now = new Date();
    const admin = { ...createUser(db, { roles: ["participant", "admin"] }), roles: ["participant", "admin"] };
    const staff = { ...createUser(db), roles: ["participant"] };
    const byHand = createUser(db, { email: null, displayName: "Hanna Handschrift" });
    const input = (userId: number) => ({ userId, key: KEY, clock: clockAt(now) });
    expect(deleteAccount(db, admin, NO_ADMIN_EMAILS, input(staff.id))).toEqual({ ok: false, reason: "forbidden" });
    expect(deleteAccount(db, staff, NO_ADMIN_EMAILS, input(byHand.id))).toEqual({ ok: false, reason: "forbidden" });
    expect(deleteAccount(db, admin, NO_ADMIN_EMAILS, input(999_999))).toEqual({ ok: false, reason: "not_found" });
    expect(deleteAccount(db, admin, NO_ADMIN_EMAILS, input(byHand.id))).toMatchObject({ ok: true });
    expect(db.select().from(users).where(eq(users.id, byHand.id)).get()).toBeUndefined();
    expect(db.select().from(auditLog).where(eq(auditLog.action, "account_deleted_by_admin")).get()).toMatchObject({
      actorId: admin.id,
      subjectId: null,
    });
    expect(traces(db, { ...byHand, email: null })).toEqual([]);
  });

  it("leaves sign-in attempts and requests of the address behind nowhere", () => {
    const { db } = createTestDb();
    const now = new Date();
    const person = createUser(db);
    requestSignIn(db, testEnv(), { email: person.email!, redirectTo: null, clientIp: "10.0.0.2", browserSecret: "c".repeat(30), now });
    expect(
      deleteAccount(db, { id: person.id, roles: [] }, NO_ADMIN_EMAILS, { userId: person.id, key: KEY, clock: clockAt(now) }),
    ).toMatchObject({ ok: true });
    expect(
      db
        .select()
        .from(rateLimitHits)
        .where(eq(rateLimitHits.bucket, `address:${person.email}`))
        .all(),
    ).toEqual([]);
    expect(db.select().from(outbox).where(eq(outbox.recipient, person.email!)).all()).toEqual([]);
  });
});
