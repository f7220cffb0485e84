// Issue 14, in the room, through the use cases against a real SQLite file: the running order's
// sorting and reordering, notes and follow-ups, opening and closing "Fragen im Termin" (and its
// end with the session), who may do what, the live limit, and anonymity of live questions.
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { Db } from "~db/client";
import {
  agreementSections,
  agreementVersions,
  auditLog,
  liveQuestionRate,
  outbox,
  questions,
  questionVotes,
  registrations,
  sessions,
} from "~db/schema";
import { newAuthorKey } from "~/questions/author-key.server";
import { livePage, liveVersionByCode, submitLiveQuestion, voteLive } from "~/room/live.server";
import {
  closeLivePhase,
  markAnsweredInSession,
  markFollowUp,
  moveQuestion,
  openLivePhase,
  presenterView,
  runningOrder,
} from "~/room/room.server";
import { searchSite } from "~/search/search.server";
import { createTestDb } from "../support/db";
import { createSession, createUser } from "../support/factories";

const KEY = "test-question-key-that-is-long-enough-0123456";
const NOW = new Date("2027-03-01T10:30:00Z");
const clock = { key: KEY, now: NOW };
const as = (user: { id: number }, ...roles: string[]) => ({ id: user.id, roles });
const minutes = (n: number) => new Date(NOW.getTime() + n * 60_000);

/** An agreement in force with §§ 4, 6 and 9, in that order. */
function agreement(db: Db) {
  const version = db
    .insert(agreementVersions)
    .values({ title: "Muster", status: "in_force", inForceFrom: new Date("2026-01-01"), updatedAt: NOW })
    .returning()
    .get();
  const section = (position: number, number: string) =>
    db
      .insert(agreementSections)
      .values({ versionId: version.id, position, number, title: `Titel ${number}`, anchor: `a${position}`, updatedAt: NOW })
      .returning()
      .get().id;
  return { s4: section(1, "§ 4"), s6: section(2, "§ 6"), s9: section(3, "§ 9") };
}

function setting(db: Db) {
  const facilitator = createUser(db, { roles: ["facilitator"] });
  const otherFacilitator = createUser(db, { roles: ["facilitator"] });
  const admin = createUser(db, { roles: ["admin"] });
  const [alice, bob, carol] = [createUser(db), createUser(db), createUser(db)];
  const waiting = createUser(db);
  const session = createSession(db, { startsAt: minutes(-20), facilitatorIds: [facilitator.id] });
  for (const person of [alice, bob, carol]) {
    db.insert(registrations).values({ sessionId: session.id, userId: person.id, status: "confirmed", queuedAt: NOW, updatedAt: NOW }).run();
  }
  db.insert(registrations).values({ sessionId: session.id, userId: waiting.id, status: "waitlisted", queuedAt: NOW, updatedAt: NOW }).run();
  return { facilitator, otherFacilitator, admin, alice, bob, carol, waiting, session };
}

let n = 0;
function accepted(db: Db, sessionId: number, sectionId: number | null, input: { votes?: { id: number }[]; authorId?: number } = {}) {
  n++;
  const q = db
    .insert(questions)
    .values({
      sessionId,
      sectionId,
      text: `Frage ${n}: Darf ich das Werkzeug dafür nutzen?`,
      anonymous: !input.authorId,
      ...(input.authorId ? { authorId: input.authorId } : newAuthorKey(KEY, 999_999)),
      status: "accepted",
      createdAt: NOW,
      updatedAt: NOW,
    })
    .returning()
    .get();
  for (const voter of input.votes ?? []) db.insert(questionVotes).values({ questionId: q.id, userId: voter.id }).run();
  return q.id;
}

function orderIds(db: Db, actor: { id: number; roles: string[] }, sessionId: number): number[] {
  const result = runningOrder(db, actor, sessionId, NOW);
  if (!result.ok) throw new Error(result.reason);
  return result.groups.flatMap((group) => group.items.map((item) => item.id));
}

describe("running order", () => {
  it("groups by the agreement's order (unfiled last) and within a section by votes; reordering sticks", () => {
    const { db } = createTestDb();
    const { s4, s6, s9 } = agreement(db);
    const { facilitator, alice, bob, carol, session } = setting(db);
    const unfiled = accepted(db, session.id, null, { votes: [alice, bob, carol] });
    const s9q = accepted(db, session.id, s9, { votes: [alice] });
    const s4few = accepted(db, session.id, s4);
    const s4many = accepted(db, session.id, s4, { votes: [alice, bob] });
    const s6q = accepted(db, session.id, s6);
    // Not in the running order: waiting for review, and another session's question.
    db.insert(questions)
      .values({
        sessionId: session.id,
        text: "Noch nicht geprüft, bitte warten",
        anonymous: false,
        authorId: alice.id,
        status: "submitted",
        createdAt: NOW,
        updatedAt: NOW,
      })
      .run();
    const other = createSession(db, { startsAt: minutes(-20), facilitatorIds: [facilitator.id] });
    const foreign = accepted(db, other.id, s4);

    const me = as(facilitator, "facilitator");
    expect(orderIds(db, me, session.id)).toEqual([s4many, s4few, s6q, s9q, unfiled]);
    const result = runningOrder(db, me, session.id, NOW);
    expect(result.ok && result.groups.map((g) => g.label)).toEqual(["§ 4 Titel § 4", "§ 6 Titel § 6", "§ 9 Titel § 9", "Ohne Abschnitt"]);
    expect(result.ok && result.waiting).toBe(1);

    expect(moveQuestion(db, me, { sessionId: session.id, questionId: s4few, direction: "up" }, NOW)).toEqual({ ok: true });
    expect(orderIds(db, me, session.id)).toEqual([s4few, s4many, s6q, s9q, unfiled]);
    // A new vote does not undo the facilitator's order.
    db.insert(questionVotes).values({ questionId: s4many, userId: carol.id }).run();
    expect(orderIds(db, me, session.id)).toEqual([s4few, s4many, s6q, s9q, unfiled]);
    // The edge of a section is the edge: nothing moves across sections.
    expect(moveQuestion(db, me, { sessionId: session.id, questionId: s6q, direction: "up" }, NOW)).toEqual({ ok: true });
    expect(orderIds(db, me, session.id)).toEqual([s4few, s4many, s6q, s9q, unfiled]);
    // Another session's question through this session's page: not found.
    expect(moveQuestion(db, me, { sessionId: session.id, questionId: foreign, direction: "up" }, NOW)).toEqual({
      ok: false,
      reason: "not_found",
    });

    const moved = db.select().from(auditLog).where(eq(auditLog.action, "question_moved")).all();
    expect(moved).toHaveLength(1);
    expect(moved[0]).toMatchObject({ actorId: facilitator.id, subjectId: String(s4few) });
  });

  it("'im Termin beantwortet' keeps the note as the answer, mails only a named author; 'nachreichen' marks an open one", () => {
    const { db } = createTestDb();
    const { s4 } = agreement(db);
    const { facilitator, alice, session } = setting(db);
    const named = accepted(db, session.id, s4, { authorId: alice.id });
    const anonymous = accepted(db, session.id, s4);
    const later = accepted(db, session.id, s4);
    const me = as(facilitator, "facilitator");
    const mails = () =>
      db
        .select()
        .from(outbox)
        .all()
        .filter((m) => m.kind === "question_answered");

    expect(
      markAnsweredInSession(db, me, { sessionId: session.id, questionId: named, note: "   " }, { now: NOW, appUrl: "http://ki.test" }),
    ).toEqual({
      ok: false,
      reason: "empty",
    });
    expect(db.select().from(questions).where(eq(questions.id, named)).get()!.status).toBe("accepted");

    for (const id of [named, anonymous]) {
      const result = markAnsweredInSession(
        db,
        me,
        { sessionId: session.id, questionId: id, note: "Nur freigegebene Werkzeuge (§ 4)." },
        { now: NOW, appUrl: "http://ki.test" },
      );
      expect(result).toEqual({ ok: true });
      expect(db.select().from(questions).where(eq(questions.id, id)).get()).toMatchObject({
        status: "answered",
        answeredHow: "in_session",
        answer: "Nur freigegebene Werkzeuge (§ 4).",
        reviewedById: facilitator.id,
      });
    }
    expect(mails().map((m) => m.recipient)).toEqual([alice.email]);
    // Colleagues find the note as the answer, as a written one.
    const found = searchSite(db, { query: "freigegebene Werkzeuge", signedIn: true }).groups.flatMap((g) => g.hits.map((h) => h.key));
    expect(found.sort()).toEqual([`question-${named * 4 + 3}`, `question-${anonymous * 4 + 3}`].sort());
    expect(markFollowUp(db, me, { sessionId: session.id, questionId: later, followUp: true }, NOW)).toEqual({ ok: true });
    expect(markFollowUp(db, me, { sessionId: session.id, questionId: named, followUp: true }, NOW)).toEqual({
      ok: false,
      reason: "invalid_state",
    });
    const result = runningOrder(db, me, session.id, NOW);
    expect(result.ok && result.counts).toMatchObject({ answeredInSession: 2, followUp: 1, open: 0 });
    // Audit: the facilitator, never an author.
    const entries = db
      .select()
      .from(auditLog)
      .all()
      .filter((e) => e.subjectType === "question");
    expect(entries.every((e) => e.actorId === facilitator.id)).toBe(true);
    expect(JSON.stringify(entries)).not.toContain(`"${alice.id}"`);
  });

  it("only the session's facilitators and admins: others 403, an unknown or draft session 404", () => {
    const { db } = createTestDb();
    const { facilitator, otherFacilitator, admin, alice, session } = setting(db);
    const q = accepted(db, session.id, null);
    const draft = createSession(db, { status: "draft", facilitatorIds: [facilitator.id] });
    expect(runningOrder(db, as(alice, "participant"), session.id, NOW)).toEqual({ ok: false, reason: "forbidden" });
    expect(runningOrder(db, as(otherFacilitator, "facilitator"), session.id, NOW)).toEqual({ ok: false, reason: "forbidden" });
    expect(runningOrder(db, as(admin, "admin"), session.id, NOW).ok).toBe(true);
    expect(runningOrder(db, as(facilitator, "facilitator"), 999_999, NOW)).toEqual({ ok: false, reason: "not_found" });
    expect(runningOrder(db, as(facilitator, "facilitator"), draft.id, NOW)).toEqual({ ok: false, reason: "not_found" });
    expect(presenterView(db, as(alice, "participant"), session.id, null, NOW, "http://ki.test")).toEqual({
      ok: false,
      reason: "forbidden",
    });
    for (const change of [
      () => moveQuestion(db, as(otherFacilitator, "facilitator"), { sessionId: session.id, questionId: q, direction: "up" }, NOW),
      () => markFollowUp(db, as(alice, "participant"), { sessionId: session.id, questionId: q, followUp: true }, NOW),
      () => openLivePhase(db, as(otherFacilitator, "facilitator"), { sessionId: session.id, mode: "open" }, NOW),
      () => closeLivePhase(db, as(alice), { sessionId: session.id }, NOW),
    ]) {
      expect(change()).toEqual({ ok: false, reason: "forbidden" });
    }
    expect(db.select().from(questions).where(eq(questions.id, q)).get()).toMatchObject({ followUp: false, runningPosition: null });
    expect(db.select().from(sessions).where(eq(sessions.id, session.id)).get()!.liveOpenedAt).toBeNull();
  });
});

describe("Fragen im Termin", () => {
  it("opens from 30 minutes before the start, closes by hand or with the session's end; the code stays", () => {
    const { db } = createTestDb();
    const facilitator = createUser(db, { roles: ["facilitator"] });
    const me = as(facilitator, "facilitator");
    const session = createSession(db, { startsAt: minutes(45), facilitatorIds: [facilitator.id] });
    expect(openLivePhase(db, me, { sessionId: session.id, mode: "moderated" }, NOW)).toEqual({ ok: false, reason: "not_open_time" });
    expect(openLivePhase(db, me, { sessionId: session.id, mode: "moderated" }, minutes(16))).toEqual({ ok: true });
    const opened = db.select().from(sessions).where(eq(sessions.id, session.id)).get()!;
    expect(opened.liveCode).toMatch(/^[A-HJKMNP-Z2-9]{6}$/);
    expect(opened.liveMode).toBe("moderated");
    const code = opened.liveCode!;
    const view = (at: Date) => livePage(db, me, code, KEY, at);
    expect(view(minutes(20))).toMatchObject({ ok: true, phase: "open" });

    expect(closeLivePhase(db, me, { sessionId: session.id }, minutes(60))).toEqual({ ok: true });
    expect(view(minutes(61))).toMatchObject({ phase: "closed" });
    expect(closeLivePhase(db, me, { sessionId: session.id }, minutes(62))).toEqual({ ok: false, reason: "invalid_state" });
    expect(openLivePhase(db, me, { sessionId: session.id, mode: "open" }, minutes(70))).toEqual({ ok: true });
    const reopened = db.select().from(sessions).where(eq(sessions.id, session.id)).get()!;
    expect(reopened).toMatchObject({ liveCode: code, liveMode: "open" });
    // The session ends at +135 minutes: the phase closes by itself, and cannot be opened again.
    expect(view(minutes(134))).toMatchObject({ phase: "open" });
    expect(view(minutes(135))).toMatchObject({ phase: "ended" });
    expect(openLivePhase(db, me, { sessionId: session.id, mode: "open" }, minutes(136))).toEqual({ ok: false, reason: "not_open_time" });
    expect(submitLiveQuestion(db, me, { key: KEY, now: minutes(136) }, { code, text: "Zu spät gestellt, oder?", anonymous: true })).toEqual(
      {
        ok: false,
        reason: "phase",
      },
    );
    expect(
      db
        .select()
        .from(auditLog)
        .all()
        .map((e) => [e.action, e.actorId]),
    ).toEqual([
      ["live_opened", facilitator.id],
      ["live_closed", facilitator.id],
      ["live_opened", facilitator.id],
    ]);
  });

  it("only people with a seat (or the facilitators) send; five a minute; anonymous ones leave no trace of the author", () => {
    const { db } = createTestDb();
    const { facilitator, alice, waiting, session } = setting(db);
    const outsider = createUser(db);
    openLivePhase(db, as(facilitator, "facilitator"), { sessionId: session.id, mode: "moderated" }, NOW);
    const code = db.select().from(sessions).where(eq(sessions.id, session.id)).get()!.liveCode!;
    const ask = (who: { id: number }, at = NOW, anonymous = true) =>
      submitLiveQuestion(db, as(who), { key: KEY, now: at }, { code, text: "Gilt das auch im Homeoffice?", anonymous });

    expect(ask(outsider)).toEqual({ ok: false, reason: "no_seat" });
    expect(ask(waiting)).toEqual({ ok: false, reason: "no_seat" });
    expect(ask(facilitator, NOW, false).ok).toBe(true);
    for (let i = 0; i < 5; i++) expect(ask(alice, new Date(NOW.getTime() + i * 1000)).ok).toBe(true);
    expect(ask(alice, new Date(NOW.getTime() + 10_000))).toEqual({ ok: false, reason: "rate_limited" });
    expect(ask(alice, minutes(1)).ok).toBe(true);

    const rows = db
      .select()
      .from(questions)
      .where(and(eq(questions.sessionId, session.id), eq(questions.anonymous, true)))
      .all();
    expect(rows).toHaveLength(6);
    for (const row of rows) {
      expect(row).toMatchObject({ authorId: null, status: "submitted", source: "live" });
      expect(row.createdAt.getTime() % 3600_000).toBe(0);
      expect(row.updatedAt.getTime() % 3600_000).toBe(0);
    }
    // The limit's rows hold a keyed value and the minute, and only the current minute's.
    const rate = db.select().from(liveQuestionRate).all();
    expect(rate.every((r) => r.minute === Math.floor(minutes(1).getTime() / 60_000))).toBe(true);
    expect(rate.map((r) => Object.keys(r).sort())).toEqual([["count", "keyedValue", "minute"]]);
    expect(rate.every((r) => /^[A-Za-z0-9_-]{43}$/.test(r.keyedValue))).toBe(true);
    // Only the named question (the facilitator's own) is audited; no mail about any of them.
    expect(
      db
        .select()
        .from(auditLog)
        .all()
        .filter((e) => e.action === "question_submitted")
        .map((e) => e.actorId),
    ).toEqual([facilitator.id]);
    expect(db.select().from(outbox).all()).toHaveLength(0);
  });

  it("moderated: colleagues see a live question after acceptance; open: at once; nobody votes for their own", () => {
    const { db } = createTestDb();
    const { facilitator, alice, bob, session } = setting(db);
    const me = as(facilitator, "facilitator");
    openLivePhase(db, me, { sessionId: session.id, mode: "moderated" }, NOW);
    const code = db.select().from(sessions).where(eq(sessions.id, session.id)).get()!.liveCode!;
    const versionBefore = liveVersionByCode(db, code, NOW);
    const asked = submitLiveQuestion(db, as(alice), clock, { code, text: "Darf ich Protokolle per KI erstellen?", anonymous: true });
    if (!asked.ok) throw new Error(asked.reason);
    const id = asked.questionId!;
    expect(liveVersionByCode(db, code, NOW)).not.toBe(versionBefore);

    const bobSees = () => {
      const page = livePage(db, as(bob), code, KEY, NOW);
      return page.ok ? page.questions.map((q) => q.id) : [];
    };
    expect(bobSees()).toEqual([]);
    const alicePage = livePage(db, as(alice), code, KEY, NOW);
    expect(alicePage.ok && alicePage.ownWaiting).toBe(1);
    expect(voteLive(db, as(bob), clock, { code, questionId: id, takeBack: false })).toEqual({ ok: false, reason: "not_visible" });

    db.update(sessions).set({ liveMode: "open" }).where(eq(sessions.id, session.id)).run();
    expect(bobSees()).toEqual([id]);
    expect(voteLive(db, as(alice), clock, { code, questionId: id, takeBack: false })).toEqual({ ok: false, reason: "own" });
    expect(voteLive(db, as(bob), clock, { code, questionId: id, takeBack: false })).toEqual({ ok: true });
    expect(voteLive(db, as(bob), clock, { code, questionId: id, takeBack: false })).toEqual({ ok: true });
    expect(db.select().from(questions).where(eq(questions.id, id)).get()!.voteCount).toBe(1);
    // The projector only ever shows what the facilitator accepted.
    const before = presenterView(db, me, session.id, null, NOW, "http://ki.test");
    expect(before.ok && before.count).toBe(0);
    db.update(questions).set({ status: "accepted" }).where(eq(questions.id, id)).run();
    const after = presenterView(db, me, session.id, null, NOW, "http://ki.test");
    expect(after.ok && after.current?.id).toBe(id);
    expect(after.ok && after.live?.url).toBe(`http://ki.test/s/${code}`);
    expect(JSON.stringify(after)).not.toContain(String(alice.email));
  });
});
