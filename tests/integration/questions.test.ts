// The staff side of questions against a real SQLite file: who may submit for what, the limits,
// editing and withdrawing until a facilitator acts, votes, "Meine Fragen" and the colleagues'
// list (which never carries author data of an anonymous question).
import { count, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import {
  agreementSections,
  agreementVersions,
  auditLog,
  outbox,
  questionQuota,
  questions,
  questionVotes,
  rateLimitHits,
  registrations,
  type RegistrationStatus,
} from "~db/schema";
import { quotaKey } from "~/questions/author-key.server";
import { editQuestionSchema, submitQuestionSchema } from "~/questions/questions.schema";
import {
  colleagueFilter,
  countColleagueQuestionsBySection,
  listColleagueQuestions,
  listMyQuestions,
  questionFormChoices,
} from "~/questions/reads.server";
import { QUESTIONS_PER_PAGE, quotaDay } from "~/questions/rules";
import { editQuestion, type SubmitInput, submitQuestion, withdrawQuestion } from "~/questions/submission.server";
import { takeBackVote, voteForQuestion } from "~/questions/votes.server";
import type { Db } from "../../db/client";
import { createTestDb } from "../support/db";
import { createSeries, createSession, createUser } from "../support/factories";

const H = 3600_000;
const KEY = "question-key-for-tests-0123456789abcdef";
const t0 = new Date("2027-03-01T09:17:23Z");
const clockAt = (hours = 0, key = KEY) => ({ key, now: new Date(t0.getTime() + hours * H) });
const clock = clockAt();

/** A version in force since before t0 with § 1 and § 6, and a draft version with its own § 6. */
function createAgreement(db: Db) {
  const version = db
    .insert(agreementVersions)
    .values({ title: "Muster", status: "in_force", inForceFrom: new Date("2026-01-01T00:00:00Z"), updatedAt: t0 })
    .returning()
    .get();
  const section = (versionId: number, position: number, number: string, title: string, anchor: string) =>
    db.insert(agreementSections).values({ versionId, position, number, title, anchor, updatedAt: t0 }).returning().get();
  const s1 = section(version.id, 0, "§ 1", "Geltungsbereich", "s1");
  const s6 = section(version.id, 1, "§ 6", "Datenschutz", "s6");
  const draft = db.insert(agreementVersions).values({ title: "Entwurf", status: "draft", updatedAt: t0 }).returning().get();
  const draftS6 = section(draft.id, 0, "§ 6", "Datenschutz neu", "s6");
  return { s1, s6, draftS6 };
}

function placeIn(db: Db, sessionId: number, userId: number, status: RegistrationStatus) {
  db.insert(registrations).values({ sessionId, userId, status, queuedAt: t0, updatedAt: t0 }).run();
}

function upcomingSession(db: Db, overrides: Parameters<typeof createSession>[1] = {}) {
  return createSession(db, { startsAt: new Date(t0.getTime() + 7 * 24 * H), publishedAt: new Date(t0.getTime() - H), ...overrides });
}

const TEXT = "Darf ich Bürgerdaten in einen Chatbot eingeben?";
const general = (overrides: Partial<SubmitInput> = {}): SubmitInput => ({
  target: { kind: "general" },
  sectionId: null,
  text: TEXT,
  anonymous: true,
  ...overrides,
});

function setStatus(db: Db, questionId: number, values: Partial<typeof questions.$inferInsert>) {
  db.update(questions).set(values).where(eq(questions.id, questionId)).run();
}

function questionRow(db: Db, id: number) {
  return db.select().from(questions).where(eq(questions.id, id)).get()!;
}

function submitted(result: ReturnType<typeof submitQuestion>): number {
  if (!result.ok) throw new Error(`refused: ${result.reason}`);
  return result.questionId;
}

describe("submitting a question", () => {
  /** A new database with the agreement in force and a draft of the next version. */
  function setUp() {
    const { db } = createTestDb();
    const { s6, draftS6 } = createAgreement(db);
    return { db, s6, draftS6 };
  }

  it("for a session: with a seat, an offer or on the waitlist, not without a place, not once it started", () => {
    const { db, s6 } = setUp();
    const session = upcomingSession(db);
    const [seat, offered, waiting, cancelled, none] = [1, 2, 3, 4, 5].map(() => createUser(db));
    placeIn(db, session.id, seat!.id, "confirmed");
    placeIn(db, session.id, offered!.id, "offered");
    placeIn(db, session.id, waiting!.id, "waitlisted");
    placeIn(db, session.id, cancelled!.id, "cancelled");
    const forSession = { target: { kind: "session", sessionId: session.id } } as const;
    for (const person of [seat!, offered!, waiting!]) {
      const id = submitted(submitQuestion(db, person, clock, general({ ...forSession, sectionId: s6.id, anonymous: false })));
      expect(questionRow(db, id)).toMatchObject({ sessionId: session.id, seriesId: null, sectionId: s6.id, authorId: person.id });
    }
    expect(submitQuestion(db, cancelled!, clock, general(forSession))).toEqual({ ok: false, reason: "no_place" });
    expect(submitQuestion(db, none!, clock, general(forSession))).toEqual({ ok: false, reason: "no_place" });

    const started = upcomingSession(db, { startsAt: new Date(t0.getTime() - 10 * 60_000) });
    placeIn(db, started.id, seat!.id, "confirmed");
    expect(submitQuestion(db, seat!, clock, general({ target: { kind: "session", sessionId: started.id } }))).toEqual({
      ok: false,
      reason: "started",
    });
    // The same session an hour earlier was still open for questions.
    expect(submitQuestion(db, seat!, clockAt(-1), general({ target: { kind: "session", sessionId: started.id } })).ok).toBe(true);

    const draft = upcomingSession(db, { status: "draft", publishedAt: null });
    placeIn(db, draft.id, seat!.id, "confirmed");
    expect(submitQuestion(db, seat!, clock, general({ target: { kind: "session", sessionId: draft.id } }))).toEqual({
      ok: false,
      reason: "not_found",
    });
    const called = upcomingSession(db, { status: "cancelled" });
    placeIn(db, called.id, seat!.id, "confirmed");
    expect(submitQuestion(db, seat!, clock, general({ target: { kind: "session", sessionId: called.id } }))).toEqual({
      ok: false,
      reason: "cancelled",
    });
    expect(submitQuestion(db, seat!, clock, general({ target: { kind: "session", sessionId: 999_999 } }))).toEqual({
      ok: false,
      reason: "not_found",
    });
  });

  it("for a series anyone may see, and in general; a series with drafts only is not found", () => {
    const { db } = setUp();
    const person = createUser(db);
    const visible = createSeries(db);
    upcomingSession(db, { seriesId: visible.id });
    const hidden = createSeries(db);
    upcomingSession(db, { seriesId: hidden.id, status: "draft", publishedAt: null });
    const forSeries = submitted(submitQuestion(db, person, clock, general({ target: { kind: "series", seriesId: visible.id } })));
    expect(questionRow(db, forSeries)).toMatchObject({ seriesId: visible.id, sessionId: null });
    expect(submitQuestion(db, person, clock, general({ target: { kind: "series", seriesId: hidden.id } }))).toEqual({
      ok: false,
      reason: "not_found",
    });
    const inGeneral = submitted(submitQuestion(db, person, clock, general()));
    expect(questionRow(db, inGeneral)).toMatchObject({ seriesId: null, sessionId: null, sectionId: null, status: "submitted" });
  });

  it("takes a section of the version in force or none, never one of another version", () => {
    const { db, s6, draftS6 } = setUp();
    const person = createUser(db);
    expect(submitQuestion(db, person, clock, general({ sectionId: s6.id })).ok).toBe(true);
    expect(submitQuestion(db, person, clock, general({ sectionId: draftS6.id }))).toEqual({ ok: false, reason: "section" });
    expect(submitQuestion(db, person, clock, general({ sectionId: 987_654 }))).toEqual({ ok: false, reason: "section" });
  });

  it("accepts 10 to 2,000 characters, counted as a person counts them, after trimming", () => {
    const parse = (text: string) => submitQuestionSchema.safeParse({ target: "general", sectionId: "", text, anonymous: "1" });
    const message = (text: string) => {
      const result = parse(text);
      return result.success ? null : result.error.issues[0]!.message;
    };
    expect(message("")).toBe("Bitte geben Sie Ihre Frage ein.");
    expect(message("   \n  ")).toBe("Bitte geben Sie Ihre Frage ein.");
    expect(message("Zu kurz?")).toBe("Bitte formulieren Sie Ihre Frage mit mindestens 10 Zeichen.");
    expect(message("  123456789  ")).toBe("Bitte formulieren Sie Ihre Frage mit mindestens 10 Zeichen.");
    expect(message("1234567890")).toBeNull();
    expect(message("x".repeat(2000))).toBeNull();
    expect(message("x".repeat(2001))).toBe("Ihre Frage ist 2.001 Zeichen lang; höchstens 2.000 sind möglich. Bitte kürzen Sie sie.");
    // Line breaks from a form (CRLF) count once; an emoji is one character.
    expect(message(`${"x".repeat(999)}\r\n${"y".repeat(1000)}`)).toBeNull();
    expect(message("🙂".repeat(2000))).toBeNull();
    expect(message("Mit\u0000Nullzeichen drin")).toBe("Die Frage enthält Steuerzeichen. Bitte geben Sie nur Text ein.");
    const parsed = parse("  Zeile eins\r\nZeile zwei  ");
    expect(parsed.success && parsed.data).toMatchObject({ text: "Zeile eins\nZeile zwei", anonymous: true, sectionId: null });
    // Unchecked "Anonym einreichen" sends nothing.
    const named = submitQuestionSchema.safeParse({ target: "general", text: TEXT });
    expect(named.success && named.data.anonymous).toBe(false);
    expect(submitQuestionSchema.safeParse({ target: "session-abc", text: TEXT }).success).toBe(false);
    expect(submitQuestionSchema.safeParse({ target: "general", sectionId: "§6", text: TEXT }).success).toBe(false);
    expect(editQuestionSchema.safeParse({ questionId: "1", text: "kurz" }).success).toBe(false);
  });

  it("refuses the 21st question of a (Berlin) day, counted by a keyed value and not by the person's id", () => {
    const { db } = setUp();
    const person = createUser(db);
    const other = createUser(db);
    const rateLimitRowsBefore = db.select({ n: count() }).from(rateLimitHits).get()!.n;
    for (let i = 0; i < 20; i++) {
      expect(submitQuestion(db, person, clock, general({ anonymous: i % 2 === 0, text: `${TEXT} (${i + 1})` })).ok).toBe(true);
    }
    expect(submitQuestion(db, person, clock, general())).toEqual({ ok: false, reason: "daily_limit" });
    expect(submitQuestion(db, person, clock, general({ anonymous: false }))).toEqual({ ok: false, reason: "daily_limit" });
    // Someone else is not affected.
    expect(submitQuestion(db, other, clock, general()).ok).toBe(true);

    const day = quotaDay(clock.now);
    const row = db
      .select()
      .from(questionQuota)
      .where(eq(questionQuota.keyedValue, quotaKey(KEY, person.id, day)))
      .get();
    expect(row).toEqual({ keyedValue: quotaKey(KEY, person.id, day), day, count: 20 });
    // The value is keyed: neither the id nor the address, and another key gives another value.
    expect(row!.keyedValue).not.toBe(String(person.id));
    expect(row!.keyedValue).not.toContain(person.email!);
    expect(quotaKey("another-key-another-key-another-key", person.id, day)).not.toBe(row!.keyedValue);
    // The sign-in rate limit is not the counter.
    expect(db.select({ n: count() }).from(rateLimitHits).get()!.n).toBe(rateLimitRowsBefore);

    // The next Berlin day starts a new count, and yesterday's counts are gone.
    const nextDay = clockAt(24);
    expect(submitQuestion(db, person, nextDay, general()).ok).toBe(true);
    expect(db.select({ day: questionQuota.day }).from(questionQuota).all()).toEqual([{ day: quotaDay(nextDay.now) }]);
  });

  it("keeps every question's times to the hour and writes an audit entry only for named ones", () => {
    const { db } = setUp();
    const person = createUser(db);
    const auditBefore = db.select({ n: count() }).from(auditLog).get()!.n;
    const anonymous = submitted(submitQuestion(db, person, clock, general()));
    expect(db.select({ n: count() }).from(auditLog).get()!.n).toBe(auditBefore);
    const named = submitted(submitQuestion(db, person, clock, general({ anonymous: false })));
    for (const id of [anonymous, named]) {
      expect(questionRow(db, id).createdAt).toEqual(new Date("2027-03-01T09:00:00Z"));
      expect(questionRow(db, id).updatedAt).toEqual(new Date("2027-03-01T09:00:00Z"));
    }
    const audited = db.select().from(auditLog).where(eq(auditLog.subjectType, "question")).all();
    expect(audited.filter((a) => a.subjectId === String(anonymous) || a.actorId === person.id)).toEqual([
      expect.objectContaining({ actorId: person.id, action: "question_submitted", subjectId: String(named) }),
    ]);
    expect(db.select({ n: count() }).from(outbox).get()!.n).toBe(0);
  });
});

describe("editing and withdrawing", () => {
  /** A new database with the agreement in force. */
  function setUp() {
    const { db } = createTestDb();
    const { s1, s6 } = createAgreement(db);
    return { db, s1, s6 };
  }

  it("the author edits and withdraws, named or anonymous, until a facilitator has acted", () => {
    const { db, s1, s6 } = setUp();
    const author = createUser(db);
    const other = createUser(db);
    for (const anonymous of [true, false]) {
      const id = submitted(submitQuestion(db, author, clock, general({ anonymous, sectionId: s6.id })));
      const later = clockAt(2);
      expect(editQuestion(db, author, later, { questionId: id, text: "Neu gefasst: Darf ich …?", sectionId: s1.id })).toEqual({
        ok: true,
      });
      expect(questionRow(db, id)).toMatchObject({
        text: "Neu gefasst: Darf ich …?",
        sectionId: s1.id,
        updatedAt: new Date("2027-03-01T11:00:00Z"),
      });
      // Someone else cannot, and learns nothing about whose it is.
      expect(editQuestion(db, other, later, { questionId: id, text: "Übernommen von jemand anderem", sectionId: null })).toEqual({
        ok: false,
        reason: "question_not_found",
      });
      expect(withdrawQuestion(db, other, later, { questionId: id })).toEqual({ ok: false, reason: "question_not_found" });
      // With another key, not even the author is recognised (named questions do not need it).
      const rotated = clockAt(2, "a-completely-different-question-key-xyz");
      expect(withdrawQuestion(db, author, rotated, { questionId: id }).ok).toBe(!anonymous);
      if (anonymous) expect(withdrawQuestion(db, author, later, { questionId: id })).toEqual({ ok: true });
      expect(questionRow(db, id).status).toBe("withdrawn");
      // Withdrawn is final for the author too.
      expect(editQuestion(db, author, later, { questionId: id, text: "Doch noch einmal anders", sectionId: null })).toEqual({
        ok: false,
        reason: "acted",
      });
    }
    expect(editQuestion(db, author, clock, { questionId: 424_242, text: "Gibt es nicht", sectionId: null })).toEqual({
      ok: false,
      reason: "question_not_found",
    });
  });

  it("refuses both once a facilitator has acted", () => {
    const { db } = setUp();
    const author = createUser(db);
    for (const status of ["accepted", "answered", "rejected", "merged"] as const) {
      const id = submitted(submitQuestion(db, author, clock, general()));
      setStatus(db, id, { status });
      expect(editQuestion(db, author, clock, { questionId: id, text: "Noch eine Änderung", sectionId: null })).toEqual({
        ok: false,
        reason: "acted",
      });
      expect(withdrawQuestion(db, author, clock, { questionId: id })).toEqual({ ok: false, reason: "acted" });
      expect(questionRow(db, id)).toMatchObject({ status, text: TEXT });
    }
  });

  it("keeps a section of an earlier version when only the text changes", () => {
    const { db } = setUp();
    const author = createUser(db);
    const old = db.insert(agreementVersions).values({ title: "Alt", status: "superseded", updatedAt: t0 }).returning().get();
    const oldSection = db
      .insert(agreementSections)
      .values({ versionId: old.id, position: 0, number: "§ 9", title: "Alt", anchor: "s9", updatedAt: t0 })
      .returning()
      .get();
    const id = submitted(submitQuestion(db, author, clock, general()));
    setStatus(db, id, { sectionId: oldSection.id });
    expect(editQuestion(db, author, clock, { questionId: id, text: "Nur der Text ist neu.", sectionId: oldSection.id }).ok).toBe(true);
    expect(editQuestion(db, author, clock, { questionId: id, text: "Nur der Text ist neu.", sectionId: 555_555 })).toEqual({
      ok: false,
      reason: "section",
    });
  });

  it("audits the named author's edit and withdrawal, and nothing for an anonymous one", () => {
    const { db } = setUp();
    const author = createUser(db);
    const anonymous = submitted(submitQuestion(db, author, clock, general()));
    const named = submitted(submitQuestion(db, author, clock, general({ anonymous: false })));
    for (const id of [anonymous, named]) {
      editQuestion(db, author, clock, { questionId: id, text: "Geändert, bitte prüfen.", sectionId: null });
      withdrawQuestion(db, author, clock, { questionId: id });
    }
    const audited = db
      .select({ action: auditLog.action, actorId: auditLog.actorId, subjectId: auditLog.subjectId })
      .from(auditLog)
      .where(eq(auditLog.subjectType, "question"))
      .all();
    expect(audited.filter((a) => a.subjectId === String(anonymous))).toEqual([]);
    expect(audited.filter((a) => a.subjectId === String(named))).toEqual([
      { action: "question_submitted", actorId: author.id, subjectId: String(named) },
      { action: "question_edited", actorId: author.id, subjectId: String(named) },
      { action: "question_withdrawn", actorId: author.id, subjectId: String(named) },
    ]);
  });
});

describe("votes", () => {
  const { db } = createTestDb();
  createAgreement(db);

  it("one per person, never on one's own (anonymous too), and it can be taken back", () => {
    const author = createUser(db);
    const colleague = createUser(db);
    const named = submitted(submitQuestion(db, author, clock, general({ anonymous: false })));
    const anonymous = submitted(submitQuestion(db, author, clock, general()));
    const pending = submitted(submitQuestion(db, author, clock, general()));
    setStatus(db, named, { status: "accepted" });
    setStatus(db, anonymous, { status: "answered", answer: "Nein." });
    const votesOn = (id: number) => db.select().from(questionVotes).where(eq(questionVotes.questionId, id)).all();

    expect(voteForQuestion(db, colleague, clock, { questionId: named })).toEqual({ ok: true, changed: true });
    expect(voteForQuestion(db, colleague, clock, { questionId: named })).toEqual({ ok: true, changed: false });
    expect(votesOn(named)).toHaveLength(1);
    expect(voteForQuestion(db, author, clock, { questionId: named })).toEqual({ ok: false, reason: "own" });
    expect(voteForQuestion(db, author, clock, { questionId: anonymous })).toEqual({ ok: false, reason: "own" });
    expect(votesOn(anonymous)).toEqual([]);
    expect(voteForQuestion(db, colleague, clock, { questionId: anonymous })).toEqual({ ok: true, changed: true });
    // Only accepted and answered questions take votes.
    expect(voteForQuestion(db, colleague, clock, { questionId: pending })).toEqual({ ok: false, reason: "not_visible" });
    expect(voteForQuestion(db, colleague, clock, { questionId: 777_777 })).toEqual({ ok: false, reason: "not_visible" });

    expect(takeBackVote(db, colleague, { questionId: named })).toEqual({ ok: true, changed: true });
    expect(takeBackVote(db, colleague, { questionId: named })).toEqual({ ok: true, changed: false });
    expect(votesOn(named)).toEqual([]);
    expect(votesOn(anonymous).map((v) => v.userId)).toEqual([colleague.id]);
    expect(db.select({ n: count() }).from(auditLog).where(sql`${auditLog.action} like '%vote%'`).get()!.n).toBe(0);
  });
});

describe("Meine Fragen", () => {
  /** A new database with the agreement in force. */
  function setUp() {
    const { db } = createTestDb();
    const { s6 } = createAgreement(db);
    return { db, s6 };
  }

  it("lists the person's named and anonymous questions with their state; a merged one shows where it went", () => {
    const { db, s6 } = setUp();
    const author = createUser(db);
    const other = createUser(db);
    const session = upcomingSession(db);
    placeIn(db, session.id, author.id, "confirmed");
    const a = submitted(
      submitQuestion(db, author, clock, general({ target: { kind: "session", sessionId: session.id }, sectionId: s6.id })),
    );
    const b = submitted(submitQuestion(db, author, clock, general({ anonymous: false })));
    const rejected = submitted(submitQuestion(db, author, clock, general()));
    const merged = submitted(submitQuestion(db, author, clock, general()));
    const target = submitted(submitQuestion(db, other, clock, general({ text: "Die gleichartige Frage, anderswo gestellt." })));
    setStatus(db, rejected, { status: "rejected", rejectReason: "Bitte wenden Sie sich an den Datenschutz." });
    setStatus(db, target, { status: "answered", answer: "**Nein**, nur in freigegebenen Systemen.", answeredHow: "written" });
    setStatus(db, merged, { status: "merged", mergedIntoId: target });

    const mine = listMyQuestions(db, author, KEY);
    expect(mine.map((q) => q.id)).toEqual([merged, rejected, b, a]);
    expect(mine.find((q) => q.id === a)).toMatchObject({
      anonymous: true,
      statusLabel: "Eingereicht – wird geprüft",
      mayChange: true,
      section: { anchor: "s6", heading: "§ 6 Datenschutz" },
      place: { kind: "session", sessionId: session.id },
    });
    expect(mine.find((q) => q.id === b)).toMatchObject({ anonymous: false, place: { kind: "general" } });
    expect(mine.find((q) => q.id === rejected)).toMatchObject({
      mayChange: false,
      statusLabel: "Nicht angenommen",
      rejectReason: "Bitte wenden Sie sich an den Datenschutz.",
    });
    expect(mine.find((q) => q.id === merged)).toMatchObject({
      statusLabel: "Mit einer gleichartigen Frage zusammengeführt – beantwortet",
      answerHtml: "<p><strong>Nein</strong>, nur in freigegebenen Systemen.</p>\n",
      answeredHow: "written",
    });
    // Nobody else's, and with another key the anonymous ones are no longer found.
    expect(listMyQuestions(db, other, KEY).map((q) => q.id)).toEqual([target]);
    expect(listMyQuestions(db, author, "a-completely-different-question-key-xyz").map((q) => q.id)).toEqual([b]);
  });

  it("offers the sessions with a place until they start, every visible series, and warns below 5 seats", () => {
    const { db } = setUp();
    const person = createUser(db);
    const small = upcomingSession(db);
    const large = upcomingSession(db);
    const past = upcomingSession(db, { startsAt: new Date(t0.getTime() - H) });
    const elsewhere = upcomingSession(db);
    placeIn(db, small.id, person.id, "waitlisted");
    placeIn(db, past.id, person.id, "confirmed");
    for (let i = 0; i < 5; i++) placeIn(db, large.id, createUser(db).id, "confirmed");
    placeIn(db, large.id, person.id, "confirmed");
    const { targets, sections } = questionFormChoices(db, person, clock.now);
    const sessionTargets = targets.filter((t) => t.kind === "session");
    expect(sessionTargets.map((t) => [t.value, t.weakAnonymity])).toEqual([
      [`session-${small.id}`, true],
      [`session-${large.id}`, false],
    ]);
    expect(targets[0]).toMatchObject({ value: "general" });
    expect(targets.some((t) => t.value === `series-${elsewhere.seriesId}`)).toBe(true);
    expect(sections.map((s) => s.heading)).toEqual(["§ 1 Geltungsbereich", "§ 6 Datenschutz"]);
  });
});

describe("the colleagues' list", () => {
  /** A new database with the agreement and one person's questions in every state, some of them visible to colleagues. */
  function setUp() {
    const { db } = createTestDb();
    const { s1, s6 } = createAgreement(db);
    const author = createUser(db, { displayName: "Alex Autorin", email: "alex.autorin@stadt.example" });
    const viewer = createUser(db);
    const seriesA = createSeries(db);
    const sessionA = upcomingSession(db, { seriesId: seriesA.id });
    placeIn(db, sessionA.id, author.id, "confirmed");

    const ask = (input: Partial<SubmitInput>, status: "submitted" | "accepted" | "answered" | "rejected" | "withdrawn") => {
      const id = submitted(submitQuestion(db, author, clockAt(-30), general(input)));
      if (status !== "submitted") setStatus(db, id, { status, answer: status === "answered" ? "Ja, *mit* Freigabe." : null });
      return id;
    };
    const anonymousAccepted = ask({ sectionId: s6.id, target: { kind: "session", sessionId: sessionA.id } }, "accepted");
    const namedAnswered = ask({ anonymous: false, sectionId: s1.id, target: { kind: "series", seriesId: seriesA.id } }, "answered");
    const general6 = ask({ anonymous: false, sectionId: s6.id }, "accepted");
    for (const status of ["submitted", "rejected", "withdrawn"] as const) ask({ sectionId: s6.id }, status);

    const list = (filters: Partial<Parameters<typeof listColleagueQuestions>[3]> = {}) =>
      listColleagueQuestions(db, viewer, KEY, { sort: "votes", page: 1, ...filters });
    return { db, author, viewer, seriesA, sessionA, anonymousAccepted, namedAnswered, general6, list };
  }

  it("shows only accepted and answered questions, with section, place, answer and a name only for named ones", () => {
    const { db, author, seriesA, sessionA, anonymousAccepted, namedAnswered, general6, list } = setUp();
    const result = list({ sort: "date" });
    expect(result.items.map((q) => q.id)).toEqual([general6, namedAnswered, anonymousAccepted]);
    expect(result.total).toBe(3);
    const anonymous = result.items.find((q) => q.id === anonymousAccepted)!;
    expect(anonymous).toMatchObject({
      authorName: null,
      mine: false,
      section: { anchor: "s6", heading: "§ 6 Datenschutz" },
      place: { kind: "session", sessionId: sessionA.id },
      answerHtml: null,
    });
    expect(result.items.find((q) => q.id === namedAnswered)).toMatchObject({
      authorName: "Alex Autorin",
      place: { kind: "series", seriesId: seriesA.id },
      answerHtml: "<p>Ja, <em>mit</em> Freigabe.</p>\n",
    });
    // No author field of any kind travels with an anonymous question.
    expect(Object.keys(anonymous).sort()).toEqual(
      [
        "answerHtml",
        "answeredHow",
        "authorName",
        "id",
        "mine",
        "place",
        "section",
        "status",
        "statusLabel",
        "text",
        "votedByMe",
        "votes",
      ].sort(),
    );
    const json = JSON.stringify(anonymous);
    for (const secret of [
      author.email!,
      "Alex Autorin",
      questionRow(db, anonymousAccepted).authorKey!,
      questionRow(db, anonymousAccepted).authorSalt!,
    ]) {
      expect(json).not.toContain(secret);
    }
    // The author sees which ones are theirs, anonymous included; nobody else does.
    const own = listColleagueQuestions(db, author, KEY, { sort: "date", page: 1 });
    expect(own.items.every((q) => q.mine)).toBe(true);
  });

  it("counts accepted and answered questions per section anchor for the agreement page", () => {
    const { db } = setUp();
    expect(countColleagueQuestionsBySection(db)).toEqual({ s1: 1, s6: 2 });
  });

  it("filters by section (anchor) and by series (its sessions included), sorts by votes, counts votes", () => {
    const { db, viewer, seriesA, anonymousAccepted, namedAnswered, general6, list } = setUp();
    expect(
      list({ section: "s6" })
        .items.map((q) => q.id)
        .sort(),
    ).toEqual([anonymousAccepted, general6].sort());
    expect(list({ section: "s1" }).items.map((q) => q.id)).toEqual([namedAnswered]);
    expect(list({ section: "s99" }).items).toEqual([]);
    expect(
      list({ series: seriesA.id })
        .items.map((q) => q.id)
        .sort(),
    ).toEqual([anonymousAccepted, namedAnswered].sort());
    expect(list({ series: seriesA.id, section: "s6" }).items.map((q) => q.id)).toEqual([anonymousAccepted]);

    const voters = [1, 2, 3].map(() => createUser(db));
    for (const v of voters) voteForQuestion(db, v, clock, { questionId: anonymousAccepted });
    voteForQuestion(db, voters[0]!, clock, { questionId: general6 });
    voteForQuestion(db, viewer, clock, { questionId: general6 });
    const byVotes = list();
    expect(byVotes.items.map((q) => [q.id, q.votes, q.votedByMe])).toEqual([
      [anonymousAccepted, 3, false],
      [general6, 2, true],
      [namedAnswered, 0, false],
    ]);
  });

  it("pages by 50 and uses indexes for every filter", () => {
    const { db, seriesA } = setUp();
    const { db: big } = createTestDb();
    const person = createUser(big);
    for (let i = 0; i < 120; i++)
      big
        .insert(questions)
        .values({
          text: `Frage ${i}`,
          anonymous: false,
          authorId: person.id,
          status: i % 2 ? "accepted" : "answered",
          createdAt: t0,
          updatedAt: t0,
        })
        .run();
    const page = (n: number) => listColleagueQuestions(big, person, KEY, { sort: "date", page: n });
    expect(page(1)).toMatchObject({ total: 120, pageCount: 3, page: 1 });
    expect(page(1).items).toHaveLength(QUESTIONS_PER_PAGE);
    expect(page(3).items).toHaveLength(20);
    expect(page(99).page).toBe(3);
    const all = [...page(1).items, ...page(2).items, ...page(3).items].map((q) => q.id);
    expect(new Set(all).size).toBe(120);

    for (const filters of [{}, { section: "s6" }, { series: seriesA.id }, { section: "s1", series: seriesA.id }]) {
      const where = colleagueFilter(db, filters);
      const query = db.select({ id: questions.id }).from(questions).where(where).orderBy(sql`${questions.id} desc`).limit(50).toSQL();
      const plan = db.all<{ detail: string }>(sql.raw(`explain query plan ${inline(query)}`)).map((row) => row.detail);
      expect(plan.join("\n"), JSON.stringify(filters)).toMatch(/questions USING (COVERING )?INDEX|USING INTEGER PRIMARY KEY/);
      expect(
        plan.some((d) => /^SCAN questions$/.test(d)),
        plan.join("\n"),
      ).toBe(false);
    }
  });
});

/** The query's SQL with its parameters written in (numbers and quoted strings only). */
function inline(query: { sql: string; params: unknown[] }): string {
  let i = 0;
  return query.sql.replace(/\?/g, () => {
    const value = query.params[i++];
    return typeof value === "number" ? String(value) : `'${String(value).replace(/'/g, "''")}'`;
  });
}

describe("a link to one question in the colleagues' list", () => {
  it("opens the page that holds it, in either order; one outside the filter changes nothing", () => {
    const { db } = createTestDb();
    const viewer = createUser(db);
    const at = new Date(Date.UTC(2027, 0, 5, 9));
    // 130 visible questions with votes that tie often, so both sort keys matter.
    const ids = Array.from({ length: 130 }, (_, i) =>
      db
        .insert(questions)
        .values({ text: `Frage ${i}?`, anonymous: true, status: "accepted", voteCount: (i * 7) % 5, createdAt: at, updatedAt: at })
        .returning()
        .get(),
    ).map((q) => q.id);
    const hidden = db
      .insert(questions)
      .values({ text: "Eingereicht?", anonymous: true, status: "submitted", createdAt: at, updatedAt: at })
      .returning()
      .get().id;
    for (const sort of ["votes", "date"] as const) {
      for (const id of [ids[0]!, ids[64]!, ids[129]!, ids[77]!]) {
        const result = listColleagueQuestions(db, viewer, KEY, { sort, page: 1, frage: id });
        expect(result.items.map((q) => q.id)).toContain(id);
      }
    }
    // Proof that the link had work to do: the oldest is not on the first page by date.
    expect(listColleagueQuestions(db, viewer, KEY, { sort: "date", page: 1 }).items.map((q) => q.id)).not.toContain(ids[0]);
    expect(listColleagueQuestions(db, viewer, KEY, { sort: "date", page: 2, frage: hidden }).page).toBe(2);
  });
});
