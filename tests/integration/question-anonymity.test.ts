// Anonymity that holds (decision 011): after an anonymous submit, edit and withdraw, no row
// anywhere in the database that these steps added or changed holds the author's id, name or
// address, or a value that can be tied to them without QUESTION_KEY. Every table is read,
// so a new side door (an audit entry, a rate-limit row, a mail in the outbox, a login-session
// touch) fails this test without anyone having to think of it first.
import { createHash, createHmac } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { agreementSections, agreementVersions, questions, registrations } from "~db/schema";
import { listColleagueQuestions, listMyQuestions } from "~/questions/reads.server";
import { editQuestion, submitQuestion, withdrawQuestion } from "~/questions/submission.server";
import { voteForQuestion } from "~/questions/votes.server";
import type { Db } from "../../db/client";
import { createTestDb } from "../support/db";
import { createSession, createUser } from "../support/factories";

const H = 3600_000;
const KEY = "question-key-for-the-anonymity-test-0123456789";
const t0 = new Date("2027-03-01T09:17:23Z");
const clock = { key: KEY, now: t0 };

type Row = Record<string, unknown>;
type Snapshot = Map<string, Row[]>;

/** Every row of every table, sqlite_sequence and the migrations table included. */
function snapshot(db: Db): Snapshot {
  const tables = db.all<{ name: string }>(sql`select name from sqlite_master where type = 'table' order by name`).map((t) => t.name);
  return new Map(tables.map((name) => [name, db.all<Row>(sql.raw(`select * from "${name.replace(/"/g, '""')}"`))]));
}

/** Rows that are new or changed in `after`, per table (a changed row counts as new). */
function addedRows(before: Snapshot, after: Snapshot): Map<string, Row[]> {
  const result = new Map<string, Row[]>();
  for (const [table, rows] of after) {
    const old = new Map<string, number>();
    for (const row of before.get(table) ?? []) old.set(JSON.stringify(row), (old.get(JSON.stringify(row)) ?? 0) + 1);
    const added = rows.filter((row) => {
      const key = JSON.stringify(row);
      const n = old.get(key) ?? 0;
      if (n > 0) {
        old.set(key, n - 1);
        return false;
      }
      return true;
    });
    if (added.length > 0) result.set(table, added);
  }
  return result;
}

/**
 * The session's change counter (live_version, decision 016) rises with every change to its
 * questions, so that live pages poll one row. It is a bare count: allowed to change, and nothing
 * else in the session row may.
 */
function expectOnlyLiveVersionChanged(before: Snapshot, after: Snapshot, sessionId: number) {
  const row = (snap: Snapshot) => (snap.get("sessions") ?? []).find((r) => r.id === sessionId)!;
  const { live_version: was, ...restBefore } = row(before);
  const { live_version: is, ...restAfter } = row(after);
  expect(restAfter).toEqual(restBefore);
  expect(Number(is)).toBeGreaterThan(Number(was));
}

/** Values anyone with the database (but without the key) could compute from the person. */
function derivableWithoutKey(person: { id: number; email: string; displayName: string }): string[] {
  const seeds = [String(person.id), person.email, person.displayName, `question-author:${person.id}`, `question-quota:${person.id}`];
  const values: string[] = [person.email, person.displayName, person.email.split("@")[0]!];
  for (const seed of seeds) {
    for (const encoding of ["hex", "base64", "base64url"] as const) {
      values.push(createHash("sha256").update(seed).digest(encoding));
      values.push(createHmac("sha256", "").update(seed).digest(encoding));
      values.push(Buffer.from(seed).toString(encoding));
    }
  }
  return values;
}

/** Columns that would name a person by id. */
const PERSON_COLUMNS = /(^|_)(user|actor|author|reviewed_by|owner|person)(_id)?$/;

function expectNothingTiedTo(added: Map<string, Row[]>, person: { id: number; email: string; displayName: string }) {
  const derivable = derivableWithoutKey(person);
  for (const [table, rows] of added) {
    for (const row of rows) {
      for (const [column, value] of Object.entries(row)) {
        const where = `${table}.${column} = ${JSON.stringify(value)}`;
        if (PERSON_COLUMNS.test(column)) expect(value, where).not.toBe(person.id);
        if (typeof value !== "string") continue;
        // Short encodings ("MQ" for the id 1) turn up in any random string by chance: those must
        // not be the whole value; longer ones must not appear anywhere in it.
        for (const candidate of derivable) {
          const found = candidate.length >= 8 ? value.includes(candidate) : value === candidate;
          expect(found, `${where} contains ${candidate}`).toBe(false);
        }
        expect(value, where).not.toMatch(new RegExp(`(^|\\D)${person.id}:|:${person.id}(\\D|$)`));
      }
    }
  }
}

describe("an anonymous question leaves no trace of its author", () => {
  /** A new database with the agreement's sections, the author, a colleague, their session and a named question. */
  function setUp() {
    const { db } = createTestDb();
    const version = db
      .insert(agreementVersions)
      .values({ title: "Muster", status: "in_force", inForceFrom: new Date("2026-01-01T00:00:00Z"), updatedAt: t0 })
      .returning()
      .get();
    const [s1, s6] = (
      [
        ["§ 1", "Geltungsbereich", "s1"],
        ["§ 6", "Datenschutz", "s6"],
      ] as const
    ).map(([number, title, anchor], position) =>
      db.insert(agreementSections).values({ versionId: version.id, position, number, title, anchor, updatedAt: t0 }).returning().get(),
    );
    const author = createUser(db, { email: "robin.fragend@stadt.example", displayName: "Robin Fragend", department: "Bürgeramt" });
    const colleague = createUser(db, { email: "kim.kollegin@stadt.example", displayName: "Kim Kollegin" });
    const session = createSession(db, { startsAt: new Date(t0.getTime() + 7 * 24 * H), publishedAt: new Date(t0.getTime() - H) });
    for (const person of [author, colleague, ...[1, 2, 3, 4].map(() => createUser(db))]) {
      db.insert(registrations).values({ sessionId: session.id, userId: person.id, status: "confirmed", queuedAt: t0, updatedAt: t0 }).run();
    }
    // Something in every neighbouring table, so "nothing changed there" means something.
    const other = submitQuestion(db, colleague, clock, {
      target: { kind: "general" },
      sectionId: s1!.id,
      text: "Eine benannte Frage, damit die Tabelle nicht leer ist.",
      anonymous: false,
    });
    if (!other.ok) throw new Error(other.reason);
    const person = { id: author.id, email: author.email!, displayName: author.displayName };
    return { db, s1, s6, author, colleague, session, person };
  }

  const TEXT = "Darf ich nichtöffentliche Ratsvorlagen zusammenfassen lassen?";

  let logged: unknown[][] = [];
  beforeEach(() => {
    logged = [];
    for (const method of ["log", "info", "warn", "debug"] as const) {
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => void logged.push(args));
    }
  });
  afterEach(() => {
    for (const method of ["log", "info", "warn", "debug"] as const) vi.mocked(console[method]).mockRestore();
  });

  it("submit, edit and withdraw add or change only the question, today's keyed count, the session's change counter and the id sequence", () => {
    const { db, s1, s6, author, session, person } = setUp();
    const before = snapshot(db);
    const submitted = submitQuestion(db, author, clock, {
      target: { kind: "session", sessionId: session.id },
      sectionId: s6!.id,
      text: TEXT,
      anonymous: true,
    });
    if (!submitted.ok) throw new Error(submitted.reason);
    const afterSubmit = snapshot(db);
    const added = addedRows(before, afterSubmit);
    expect([...added.keys()].sort()).toEqual(["question_quota", "questions", "sessions", "sqlite_sequence"]);
    expectOnlyLiveVersionChanged(before, afterSubmit, session.id);
    expectNothingTiedTo(added, person);
    const [row] = added.get("questions")! as Row[];
    expect(row).toMatchObject({ id: submitted.questionId, text: TEXT, anonymous: 1, author_id: null, status: "submitted" });
    expect(row!.author_key).toEqual(expect.any(String));
    expect(row!.author_salt).toEqual(expect.any(String));
    // To the hour, so the time cannot be matched against other records.
    expect(row!.created_at).toBe(Date.parse("2027-03-01T09:00:00Z"));
    expect(row!.updated_at).toBe(Date.parse("2027-03-01T09:00:00Z"));

    const later = { key: KEY, now: new Date(t0.getTime() + 2 * H + 7 * 60_000 + 11_000) };
    editQuestion(db, author, later, { questionId: submitted.questionId, text: `${TEXT} (auch Entwürfe?)`, sectionId: s1!.id });
    const afterEdit = snapshot(db);
    const edited = addedRows(afterSubmit, afterEdit);
    expect([...edited.keys()]).toEqual(["questions", "sessions"]);
    expectOnlyLiveVersionChanged(afterSubmit, afterEdit, session.id);
    expectNothingTiedTo(edited, person);
    expect(edited.get("questions")![0]).toMatchObject({ updated_at: Date.parse("2027-03-01T11:00:00Z"), author_id: null });

    withdrawQuestion(db, author, later, { questionId: submitted.questionId });
    const afterWithdraw = snapshot(db);
    const withdrawn = addedRows(afterEdit, afterWithdraw);
    expect([...withdrawn.keys()]).toEqual(["questions", "sessions"]);
    expectOnlyLiveVersionChanged(afterEdit, afterWithdraw, session.id);
    expectNothingTiedTo(withdrawn, person);
    expect(withdrawn.get("questions")![0]).toMatchObject({ status: "withdrawn", author_id: null });

    // No line in the server log either.
    expect(logged).toEqual([]);
  });

  it("two anonymous questions of one person cannot be grouped without the key", () => {
    const { db, author } = setUp();
    const ids = [1, 2].map((n) => {
      const result = submitQuestion(db, author, clock, {
        target: { kind: "general" },
        sectionId: null,
        text: `${TEXT} Teil ${n}`,
        anonymous: true,
      });
      if (!result.ok) throw new Error(result.reason);
      return result.questionId;
    });
    const rows = ids.map((id) => db.select().from(questions).where(eq(questions.id, id)).get()!);
    expect(rows[0]!.authorKey).not.toBe(rows[1]!.authorKey);
    expect(rows[0]!.authorSalt).not.toBe(rows[1]!.authorSalt);
    expect(logged).toEqual([]);
  });

  it("the colleagues' list and /me carry the text, never an author field", () => {
    const { db, s6, author, colleague, session, person } = setUp();
    const result = submitQuestion(db, author, clock, {
      target: { kind: "session", sessionId: session.id },
      sectionId: s6!.id,
      text: TEXT,
      anonymous: true,
    });
    if (!result.ok) throw new Error(result.reason);
    const row = db.select().from(questions).where(eq(questions.id, result.questionId)).get()!;
    db.update(questions).set({ status: "answered", answer: "Nur in freigegebenen Systemen." }).where(eq(questions.id, row.id)).run();
    // A colleague's vote is theirs; it says nothing about who asked.
    expect(voteForQuestion(db, colleague, clock, { questionId: row.id })).toEqual({ ok: true, changed: true });

    const secrets = [person.email, person.displayName, "Bürgeramt", row.authorKey!, row.authorSalt!];
    const forbiddenKeys = ["authorId", "authorKey", "authorSalt", "authorEmail", "email", "userId", "department"];
    const colleagues = listColleagueQuestions(db, colleague, KEY, { sort: "date", page: 1 });
    const listed = colleagues.items.find((q) => q.id === row.id)!;
    expect(listed).toMatchObject({ text: TEXT, authorName: null, mine: false, votes: 1 });
    const mine = listMyQuestions(db, author, KEY);
    const own = mine.find((q) => q.id === row.id)!;
    expect(own).toMatchObject({ text: TEXT, anonymous: true });
    for (const data of [colleagues, mine]) {
      const json = JSON.stringify(data);
      expect(json).toContain("Ratsvorlagen");
      for (const secret of secrets) expect(json, secret).not.toContain(secret);
      for (const key of forbiddenKeys) expect(json, key).not.toContain(`"${key}"`);
    }
  });
});
