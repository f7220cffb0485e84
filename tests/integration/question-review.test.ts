import { eq } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import type { Db } from "~db/client";
import { agreementSections, agreementVersions, auditLog, outbox, questions, questionVotes, users } from "~db/schema";
import { seedDemoContent } from "~db/seed";
import { loadEnv } from "~/lib/env.server";
import { isAuthor, newAuthorKey } from "~/questions/author-key.server";
import { questionKeyFrom } from "~/questions/question-key.server";
import { queueFacilitatorDigests } from "~/questions/review-digest.server";
import { parseQueueFilters, type QueueFilters } from "~/questions/review.schema";
import {
  acceptQuestions,
  answerQuestion,
  assignSection,
  editWording,
  listQueue,
  mergeQuestion,
  moderationOverview,
  rejectQuestions,
  setFollowUp,
  type QueuePage,
  type Reviewer,
} from "~/questions/review.server";
import { createTestDb } from "../support/db";
import { createSeries, createSession, createUser } from "../support/factories";

const KEY = "test-question-key-that-is-long-enough-0123456";
const NOW = new Date("2027-03-01T10:30:00Z"); // 11:30 in Berlin
const clock = { now: NOW, appUrl: "http://ki.test" };

const as = (user: { id: number }, ...roles: string[]): Reviewer => ({ id: user.id, roles });

type Ask = { text?: string; sessionId?: number; seriesId?: number; author: { id: number }; anonymous?: boolean; status?: string };

let asked = 0;
function ask(db: Db, input: Ask) {
  asked++;
  const anonymous = input.anonymous ?? false;
  return db
    .insert(questions)
    .values({
      sessionId: input.sessionId ?? null,
      seriesId: input.seriesId ?? null,
      text: input.text ?? `Frage ${asked}: Darf ich das Werkzeug dafür nutzen?`,
      anonymous,
      ...(anonymous ? { authorId: null, ...newAuthorKey(KEY, input.author.id) } : { authorId: input.author.id }),
      status: (input.status ?? "submitted") as "submitted",
      createdAt: new Date(NOW.getTime() - 3600_000),
      updatedAt: new Date(NOW.getTime() - 3600_000),
    })
    .returning()
    .get();
}

function vote(db: Db, questionId: number, ...voters: { id: number }[]) {
  for (const voter of voters) db.insert(questionVotes).values({ questionId, userId: voter.id }).run();
}

function votersOf(db: Db, questionId: number): number[] {
  return db
    .select({ userId: questionVotes.userId })
    .from(questionVotes)
    .where(eq(questionVotes.questionId, questionId))
    .all()
    .map((v) => v.userId)
    .sort((a, b) => a - b);
}

function row(db: Db, id: number) {
  return db.select().from(questions).where(eq(questions.id, id)).get()!;
}

function filters(values: Record<string, string> = {}): QueueFilters {
  return parseQueueFilters(new URLSearchParams(values));
}

function queue(db: Db, actor: Reviewer, values: Record<string, string> = {}): QueuePage {
  const page = listQueue(db, actor, filters(values), NOW);
  if ("ok" in page) throw new Error("refused");
  return page;
}

const ids = (page: QueuePage) => page.items.map((i) => i.id).sort((a, b) => a - b);

function sectionsInForce(db: Db) {
  const version = db
    .insert(agreementVersions)
    .values({ title: "Muster-DV", status: "in_force", inForceFrom: new Date("2026-01-01T00:00:00Z"), updatedAt: NOW })
    .returning()
    .get();
  const section = (position: number, number: string, title: string) =>
    db
      .insert(agreementSections)
      .values({ versionId: version.id, position, number, title, anchor: `s${position}`, updatedAt: NOW })
      .returning()
      .get();
  return { s4: section(4, "§ 4", "Freigegebene Anwendungen"), s6: section(6, "§ 6", "Datenschutz") };
}

/** Two series; facilitators of one session, of another session of the same series, of another series. */
function world() {
  const { db } = createTestDb();
  const admin = createUser(db, { roles: ["admin"] });
  const own = createUser(db, { roles: ["facilitator"] });
  const sameSeries = createUser(db, { roles: ["facilitator"] });
  const elsewhere = createUser(db, { roles: ["facilitator"] });
  const staff = [createUser(db), createUser(db), createUser(db), createUser(db), createUser(db)] as const;
  const seriesA = createSeries(db);
  const seriesB = createSeries(db);
  const startsAt = new Date(NOW.getTime() + 7 * 24 * 3600_000);
  const mine = createSession(db, { seriesId: seriesA.id, startsAt, facilitatorIds: [own.id] });
  const sibling = createSession(db, { seriesId: seriesA.id, startsAt, facilitatorIds: [sameSeries.id] });
  const foreign = createSession(db, { seriesId: seriesB.id, startsAt, facilitatorIds: [elsewhere.id] });
  return {
    db,
    admin: as(admin, "admin"),
    own: as(own, "facilitator"),
    sameSeries: as(sameSeries, "facilitator"),
    elsewhere: as(elsewhere, "facilitator"),
    staff,
    seriesA,
    seriesB,
    mine,
    sibling,
    foreign,
  };
}

function mails(db: Db) {
  return db.select().from(outbox).all();
}

describe("who sees and changes which question", () => {
  it("facilitators: their sessions, their series, every general question; admins all; nobody else", () => {
    const w = world();
    const { db, staff } = w;
    const forMine = ask(db, { sessionId: w.mine.id, author: staff[0] });
    const forSibling = ask(db, { sessionId: w.sibling.id, author: staff[0] });
    const forForeign = ask(db, { sessionId: w.foreign.id, author: staff[1] });
    const forSeriesA = ask(db, { seriesId: w.seriesA.id, author: staff[1], anonymous: true });
    const forSeriesB = ask(db, { seriesId: w.seriesB.id, author: staff[2] });
    const general = ask(db, { author: staff[2], anonymous: true });

    expect(ids(queue(db, w.own))).toEqual([forMine.id, forSeriesA.id, general.id]);
    expect(ids(queue(db, w.sameSeries))).toEqual([forSibling.id, forSeriesA.id, general.id]);
    expect(ids(queue(db, w.elsewhere))).toEqual([forForeign.id, forSeriesB.id, general.id]);
    expect(ids(queue(db, w.admin))).toEqual([forMine, forSibling, forForeign, forSeriesA, forSeriesB, general].map((q) => q.id));
    expect(listQueue(db, as(staff[0], "participant"), filters(), NOW)).toEqual({ ok: false, reason: "forbidden" });

    // Acting outside the scope is refused and changes nothing; a missing question is not found.
    for (const q of [forSibling, forForeign, forSeriesB]) {
      expect(acceptQuestions(db, w.own, [q.id], clock)).toEqual({ ok: false, reason: "forbidden" });
      expect(rejectQuestions(db, w.own, [q.id], "Passt nicht", clock)).toEqual({ ok: false, reason: "forbidden" });
      expect(answerQuestion(db, w.own, q.id, { how: "written", answer: "Ja." }, clock)).toEqual({ ok: false, reason: "forbidden" });
      expect(editWording(db, w.own, q.id, "Ein anderer Wortlaut der Frage", clock)).toEqual({ ok: false, reason: "forbidden" });
      expect(assignSection(db, w.own, [q.id], null, clock)).toEqual({ ok: false, reason: "forbidden" });
      expect(row(db, q.id).status).toBe("submitted");
    }
    expect(acceptQuestions(db, as(staff[0], "participant"), [forMine.id], clock)).toEqual({ ok: false, reason: "forbidden" });
    expect(acceptQuestions(db, w.own, [999_999], clock)).toEqual({ ok: false, reason: "not_found" });
    // A bulk action with one question outside the scope changes none of them.
    expect(acceptQuestions(db, w.own, [forMine.id, forSibling.id], clock)).toEqual({ ok: false, reason: "forbidden" });
    expect(row(db, forMine.id).status).toBe("submitted");

    // Inside the scope: the own session, the series, general questions; admins everything.
    expect(acceptQuestions(db, w.own, [forMine.id], clock)).toMatchObject({ ok: true, changed: 1 });
    expect(acceptQuestions(db, w.sameSeries, [forSeriesA.id], clock)).toMatchObject({ ok: true, changed: 1 });
    expect(acceptQuestions(db, w.elsewhere, [general.id], clock)).toMatchObject({ ok: true, changed: 1 });
    expect(acceptQuestions(db, w.admin, [forForeign.id, forSibling.id, forSeriesB.id], clock)).toMatchObject({ ok: true, changed: 3 });
    expect(
      db
        .select()
        .from(questions)
        .all()
        .every((q) => q.status === "accepted"),
    ).toBe(true);
  });

  it("shows the author's original wording only to the facilitators of the question's session or series", () => {
    const w = world();
    const { db, staff } = w;
    const q = ask(db, { sessionId: w.mine.id, author: staff[0], text: "Frau Müller aus Zimmer 3 lädt Bürgerdaten hoch – darf sie das?" });
    expect(editWording(db, w.own, q.id, "Darf man Bürgerdaten in einen Chatbot hochladen?", clock)).toEqual({
      ok: true,
      changed: 1,
      skipped: 0,
    });
    expect(editWording(db, w.own, q.id, "Darf ich Bürgerdaten in einen Chatbot eingeben?", clock)).toMatchObject({ ok: true });
    const stored = row(db, q.id);
    expect(stored.text).toBe("Darf ich Bürgerdaten in einen Chatbot eingeben?");
    // The first edit keeps the author's own wording; later edits do not overwrite it.
    expect(stored.originalText).toBe("Frau Müller aus Zimmer 3 lädt Bürgerdaten hoch – darf sie das?");
    expect(queue(db, w.own).items[0]!.originalText).toBe(stored.originalText);
    expect(queue(db, w.admin).items.find((i) => i.id === q.id)!.originalText).toBeNull();
  });
});

describe("review transitions", () => {
  it("accept, reject with a reason, section, wording, follow-up, answer; refused where the state does not fit", () => {
    const w = world();
    const { db, staff } = w;
    const { s4, s6 } = sectionsInForce(db);
    const a = ask(db, { sessionId: w.mine.id, author: staff[0] });
    const b = ask(db, { sessionId: w.mine.id, author: staff[1] });
    const withdrawn = ask(db, { sessionId: w.mine.id, author: staff[2], status: "withdrawn" });

    // Accept: submitted → accepted, once.
    expect(acceptQuestions(db, w.own, [a.id], clock)).toEqual({ ok: true, changed: 1, skipped: 0 });
    expect(row(db, a.id)).toMatchObject({ status: "accepted", reviewedById: w.own.id });
    expect(acceptQuestions(db, w.own, [a.id], clock)).toEqual({ ok: false, reason: "invalid_state" });
    expect(acceptQuestions(db, w.own, [withdrawn.id], clock)).toEqual({ ok: false, reason: "invalid_state" });

    // Follow-up ("nachreichen") only on an accepted question.
    expect(setFollowUp(db, w.own, b.id, true, clock)).toEqual({ ok: false, reason: "invalid_state" });
    expect(setFollowUp(db, w.own, a.id, true, clock)).toEqual({ ok: true, changed: 1, skipped: 0 });
    expect(row(db, a.id).followUp).toBe(true);

    // Section: assign, change, take away; an unknown section changes nothing.
    expect(assignSection(db, w.own, [a.id], s6.id, clock)).toMatchObject({ ok: true, changed: 1 });
    expect(assignSection(db, w.own, [a.id], s4.id, clock)).toMatchObject({ ok: true, changed: 1 });
    expect(assignSection(db, w.own, [a.id], 987_654, clock)).toEqual({ ok: false, reason: "unknown_section" });
    expect(row(db, a.id).sectionId).toBe(s4.id);
    expect(queue(db, w.own, { status: "accepted", section: String(s4.id) }).items.map((i) => i.id)).toEqual([a.id]);
    expect(queue(db, w.own, { section: "none" }).items.map((i) => i.id)).toEqual([b.id]);

    // An empty answer or wording is refused by the use case too, not only by the form.
    expect(answerQuestion(db, w.own, b.id, { how: "written", answer: "  " }, clock)).toEqual({ ok: false, reason: "empty" });
    expect(editWording(db, w.own, b.id, "kurz", clock)).toEqual({ ok: false, reason: "empty" });
    expect(row(db, b.id)).toMatchObject({ status: "submitted", answer: null, originalText: null });

    // Reject needs a reason; without one nothing changes.
    expect(rejectQuestions(db, w.own, [b.id], "  ", clock)).toEqual({ ok: false, reason: "reason_required" });
    expect(row(db, b.id).status).toBe("submitted");
    expect(rejectQuestions(db, w.own, [b.id], "Betrifft nicht die Dienstvereinbarung.", clock)).toMatchObject({ ok: true });
    expect(row(db, b.id)).toMatchObject({ status: "rejected", rejectReason: "Betrifft nicht die Dienstvereinbarung." });
    expect(answerQuestion(db, w.own, b.id, { how: "written", answer: "Doch." }, clock)).toEqual({ ok: false, reason: "invalid_state" });

    // Answer: written Markdown, sanitised when shown; follow-up ends with the answer.
    expect(answerQuestion(db, w.own, a.id, { how: "written", answer: "**Nein.** <script>alert(1)</script>" }, clock)).toMatchObject({
      ok: true,
    });
    expect(row(db, a.id)).toMatchObject({ status: "answered", answeredHow: "written", followUp: false });
    const shown = queue(db, w.own, { status: "answered" }).items[0]!;
    expect(shown.answerHtml).toContain("<strong>Nein.</strong>");
    expect(shown.answerHtml).not.toContain("<script");
    expect(rejectQuestions(db, w.own, [a.id], "Zu spät", clock)).toEqual({ ok: false, reason: "invalid_state" });
    // "Im Termin beantwortet" with a short note, straight from submitted.
    const c = ask(db, { sessionId: w.mine.id, author: staff[3] });
    expect(answerQuestion(db, w.own, c.id, { how: "in_session", answer: "Im Termin mit Beispielen erklärt." }, clock)).toMatchObject({
      ok: true,
    });
    expect(row(db, c.id)).toMatchObject({ status: "answered", answeredHow: "in_session", answer: "Im Termin mit Beispielen erklärt." });
    // Answering ties the question to a section in the same step; an unknown one changes nothing.
    expect(answerQuestion(db, w.own, c.id, { how: "written", answer: "Schriftlich ergänzt.", sectionId: 987_654 }, clock)).toEqual({
      ok: false,
      reason: "unknown_section",
    });
    expect(row(db, c.id)).toMatchObject({ answeredHow: "in_session", sectionId: null });
    expect(answerQuestion(db, w.own, c.id, { how: "written", answer: "Schriftlich ergänzt.", sectionId: s6.id }, clock)).toMatchObject({
      ok: true,
    });
    expect(row(db, c.id)).toMatchObject({ answeredHow: "written", sectionId: s6.id, answer: "Schriftlich ergänzt." });
    // Without a section in the input, the one it has stays.
    expect(answerQuestion(db, w.own, c.id, { how: "written", answer: "Noch einmal ergänzt." }, clock)).toMatchObject({ ok: true });
    expect(row(db, c.id).sectionId).toBe(s6.id);

    // Counts per state, withdrawn counted but never listed.
    const all = queue(db, w.own, { status: "all" });
    expect(all.counts).toEqual({ submitted: 0, accepted: 0, answered: 2, rejected: 1, merged: 0, withdrawn: 1 });
    expect(all.items.map((i) => i.id)).not.toContain(withdrawn.id);
  });

  it("merges: votes move to the target, each person once, without the target author's own vote", () => {
    const w = world();
    const { db, staff } = w;
    const [author, a, b, c, d] = staff;
    const target = ask(db, { sessionId: w.mine.id, author });
    const duplicate = ask(db, { sessionId: w.mine.id, author: d });
    const older = ask(db, { sessionId: w.mine.id, author: c });
    vote(db, target.id, b);
    vote(db, duplicate.id, a, b, author, c);
    // A question merged into the duplicate before now follows it to the target.
    expect(mergeQuestion(db, w.own, { sourceId: older.id, targetId: duplicate.id }, KEY, clock)).toMatchObject({ ok: true });

    expect(mergeQuestion(db, w.own, { sourceId: duplicate.id, targetId: target.id }, KEY, clock)).toEqual({
      ok: true,
      changed: 1,
      skipped: 0,
    });
    expect(votersOf(db, target.id)).toEqual([a.id, b.id, c.id].sort((x, y) => x - y));
    expect(votersOf(db, duplicate.id)).toEqual([]);
    expect(row(db, duplicate.id)).toMatchObject({ status: "merged", mergedIntoId: target.id });
    expect(row(db, older.id)).toMatchObject({ status: "merged", mergedIntoId: target.id });
    expect(queue(db, w.own, { status: "submitted" }).items.find((i) => i.id === target.id)!.votes).toBe(3);

    // An anonymous target: only the keyed value tells who wrote it, and that vote is dropped too.
    const anonymousTarget = ask(db, { sessionId: w.mine.id, author: a, anonymous: true });
    const another = ask(db, { sessionId: w.mine.id, author: b });
    vote(db, another.id, a, c);
    expect(mergeQuestion(db, w.own, { sourceId: another.id, targetId: anonymousTarget.id }, KEY, clock)).toMatchObject({ ok: true });
    expect(votersOf(db, anonymousTarget.id)).toEqual([c.id]);

    // Refused: into itself, into a closed or foreign question, from a merged one.
    const foreign = ask(db, { sessionId: w.foreign.id, author: a });
    const open = ask(db, { sessionId: w.mine.id, author: a });
    expect(mergeQuestion(db, w.own, { sourceId: open.id, targetId: open.id }, KEY, clock)).toEqual({ ok: false, reason: "same_question" });
    expect(mergeQuestion(db, w.own, { sourceId: open.id, targetId: foreign.id }, KEY, clock)).toEqual({
      ok: false,
      reason: "target_unavailable",
    });
    expect(mergeQuestion(db, w.own, { sourceId: open.id, targetId: duplicate.id }, KEY, clock)).toEqual({
      ok: false,
      reason: "target_unavailable",
    });
    expect(mergeQuestion(db, w.own, { sourceId: duplicate.id, targetId: open.id }, KEY, clock)).toEqual({
      ok: false,
      reason: "invalid_state",
    });
    expect(mergeQuestion(db, w.own, { sourceId: foreign.id, targetId: open.id }, KEY, clock)).toEqual({ ok: false, reason: "forbidden" });
    expect(row(db, open.id).status).toBe("submitted");
  });

  it("bulk: accepts, rejects with one reason and files several questions; skips those whose state does not fit", () => {
    const w = world();
    const { db, staff } = w;
    const { s6 } = sectionsInForce(db);
    const [q1, q2, q3] = [0, 1, 2].map((i) => ask(db, { sessionId: w.mine.id, author: staff[i]! }));
    const done = ask(db, { sessionId: w.mine.id, author: staff[3], status: "accepted" });
    expect(acceptQuestions(db, w.own, [q1!.id, q2!.id, done.id], clock)).toEqual({ ok: true, changed: 2, skipped: 1 });
    expect(assignSection(db, w.own, [q1!.id, q2!.id, q3!.id], s6.id, clock)).toEqual({ ok: true, changed: 3, skipped: 0 });
    expect(rejectQuestions(db, w.own, [q3!.id, done.id], "Wird in einem eigenen Termin behandelt.", clock)).toEqual({
      ok: true,
      changed: 2,
      skipped: 0,
    });
    expect([q1, q2, q3, done].map((q) => row(db, q!.id).status)).toEqual(["accepted", "accepted", "rejected", "rejected"]);
    expect(
      db
        .select()
        .from(auditLog)
        .where(eq(auditLog.action, "question_accepted"))
        .all()
        .map((e) => e.details),
    ).toEqual([
      { from: "submitted", to: "accepted", bulk: true, anonymous: false },
      { from: "submitted", to: "accepted", bulk: true, anonymous: false },
    ]);
  });

  it("lists 50 a page, sorted by votes or age, searched by text, filtered by series", () => {
    const w = world();
    const { db, staff } = w;
    const made = Array.from({ length: 60 }, (_, i) =>
      ask(db, { sessionId: i % 2 ? w.mine.id : undefined, seriesId: i % 2 ? undefined : w.seriesA.id, author: staff[i % 5]! }),
    );
    const special = ask(db, { sessionId: w.sibling.id, author: staff[0], text: "Gilt das auch für 100% Teilzeit_kräfte?" });
    vote(db, made[42]!.id, staff[0], staff[1]);
    vote(db, made[7]!.id, staff[2]);
    const first = queue(db, w.admin);
    expect(first.items).toHaveLength(50);
    expect(first.pageCount).toBe(2);
    expect(first.total).toBe(61);
    expect(first.items.slice(0, 3).map((i) => i.id)).toEqual([made[42]!.id, made[7]!.id, made[0]!.id]);
    expect(queue(db, w.admin, { page: "2" }).items).toHaveLength(11);
    expect(queue(db, w.admin, { sort: "newest" }).items[0]!.id).toBe(special.id);
    expect(queue(db, w.admin, { sort: "oldest" }).items[0]!.id).toBe(made[0]!.id);
    // % and _ match themselves.
    expect(queue(db, w.admin, { q: "100% Teilzeit_" }).items.map((i) => i.id)).toEqual([special.id]);
    expect(queue(db, w.admin, { q: "0%" }).items.map((i) => i.id)).toEqual([special.id]);
    // A series filter takes the series' own questions and those of its sessions.
    expect(queue(db, w.admin, { series: String(w.seriesA.id) }).total).toBe(61);
    expect(queue(db, w.admin, { session: String(w.sibling.id) }).items.map((i) => i.id)).toEqual([special.id]);
    expect(queue(db, w.own, { session: String(w.sibling.id) }).total).toBe(0);

    const overview = moderationOverview(db, w.own, NOW);
    expect(overview.upcoming.map((s) => [s.id, s.waiting])).toEqual([[w.mine.id, 30]]);
    expect(overview.waitingTotal).toBe(60);
  });
});

describe("every asker learns the outcome; anonymous ones by no mail", () => {
  it("one mail per outcome to named authors, merged-in named authors on the answer, none to anonymous authors", () => {
    const w = world();
    const { db, staff } = w;
    const [named, mergedNamed, anonymousAuthor, other, second] = staff;
    const target = ask(db, { sessionId: w.mine.id, author: named, text: "Darf ich Bürgerdaten in einen Chatbot eingeben?" });
    const dup1 = ask(db, { sessionId: w.mine.id, author: mergedNamed, text: "Dürfen Bürgerdaten in den Chatbot?" });
    const dupAnon = ask(db, {
      sessionId: w.mine.id,
      author: anonymousAuthor,
      anonymous: true,
      text: "Geheime Frage zu Bürgerdaten im Chatbot",
    });
    const dup2 = ask(db, { sessionId: w.mine.id, author: second, text: "Bürgerdaten im Chatbot, geht das?" });
    const dup3 = ask(db, { sessionId: w.mine.id, author: second, text: "Noch einmal: Bürgerdaten im Chatbot?" });
    const anonRejected = ask(db, {
      sessionId: w.mine.id,
      author: anonymousAuthor,
      anonymous: true,
      text: "Anonyme Frage, die abgelehnt wird",
    });
    const namedRejected = ask(db, { sessionId: w.mine.id, author: other, text: "Wann gibt es Kuchen?" });
    const anonTarget = ask(db, {
      sessionId: w.mine.id,
      author: anonymousAuthor,
      anonymous: true,
      text: "Anonyme Zielfrage zum Urheberrecht",
    });
    const intoAnon = ask(db, { sessionId: w.mine.id, author: other, text: "Wem gehören KI-Bilder?" });

    for (const source of [dup1, dupAnon, dup2, dup3]) {
      expect(mergeQuestion(db, w.own, { sourceId: source.id, targetId: target.id }, KEY, clock)).toMatchObject({ ok: true });
    }
    expect(rejectQuestions(db, w.own, [anonRejected.id, namedRejected.id], "Gehört nicht zur Dienstvereinbarung.", clock)).toMatchObject({
      ok: true,
      changed: 2,
    });
    expect(answerQuestion(db, w.own, target.id, { how: "written", answer: "Nur in freigegebenen Systemen (§ 6)." }, clock)).toMatchObject({
      ok: true,
    });
    // Correcting the answer sends nothing more.
    expect(
      answerQuestion(db, w.own, target.id, { how: "written", answer: "Nur in ausdrücklich freigegebenen Systemen (§ 6)." }, clock),
    ).toMatchObject({ ok: true });
    // Merged into an anonymous question: the merged mail must not quote it.
    expect(mergeQuestion(db, w.own, { sourceId: intoAnon.id, targetId: anonTarget.id }, KEY, clock)).toMatchObject({ ok: true });
    expect(answerQuestion(db, w.own, anonTarget.id, { how: "in_session", answer: "Im Termin erklärt." }, clock)).toMatchObject({
      ok: true,
    });

    const sent = mails(db);
    const of = (person: { email: string | null }) =>
      sent
        .filter((m) => m.recipient === person.email)
        .map((m) => m.kind)
        .sort();
    expect(of(named)).toEqual(["question_answered"]);
    expect(of(mergedNamed)).toEqual(["question_answered", "question_merged"]);
    // Two questions merged into the answered one: one answer mail, one merged mail per question.
    expect(of(second)).toEqual(["question_answered", "question_merged", "question_merged"]);
    expect(of(other)).toEqual(["question_answered", "question_merged", "question_rejected"]);
    expect(of(anonymousAuthor)).toEqual([]);
    expect(sent.find((m) => m.kind === "question_rejected")!.text).toContain("Gehört nicht zur Dienstvereinbarung.");
    expect(sent.find((m) => m.recipient === mergedNamed.email && m.kind === "question_answered")!.text).toContain(
      "Nur in freigegebenen Systemen",
    );

    // No mail carries an anonymous question's text, in any part.
    for (const anonymous of [dupAnon, anonRejected, anonTarget]) {
      for (const mail of sent) {
        expect(`${mail.subject}\n${mail.text}\n${mail.html}`).not.toContain(anonymous.text);
      }
    }
  });

  it("audit entries name the acting facilitator and never an anonymous question's author or text", () => {
    const w = world();
    const { db, staff } = w;
    sectionsInForce(db);
    const anonymous = ask(db, {
      sessionId: w.mine.id,
      author: staff[0],
      anonymous: true,
      text: "Kann meine Vorgesetzte meine Eingaben sehen?",
    });
    const target = ask(db, { sessionId: w.mine.id, author: staff[1] });
    const section = queue(db, w.own).options.sections[0]!;
    editWording(db, w.own, anonymous.id, "Können Vorgesetzte die Eingaben sehen?", clock);
    assignSection(db, w.own, [anonymous.id], section.id, clock);
    acceptQuestions(db, w.own, [anonymous.id], clock);
    setFollowUp(db, w.own, anonymous.id, true, clock);
    answerQuestion(db, w.own, anonymous.id, { how: "written", answer: "Nein (§ 9)." }, clock);
    const other = ask(db, { sessionId: w.mine.id, author: staff[0], anonymous: true, text: "Anonymes Duplikat zur Auswertung" });
    mergeQuestion(db, w.own, { sourceId: other.id, targetId: target.id }, KEY, clock);
    const third = ask(db, { sessionId: w.mine.id, author: staff[0], anonymous: true, text: "Anonym und abgelehnt" });
    rejectQuestions(db, w.own, [third.id], "Doppelt", clock);

    const entries = db.select().from(auditLog).where(eq(auditLog.subjectType, "question")).all();
    expect(entries.map((e) => e.action).sort()).toEqual(
      [
        "question_wording_edited",
        "question_section_set",
        "question_accepted",
        "question_follow_up",
        "question_answered",
        "question_merged",
        "question_rejected",
      ].sort(),
    );
    for (const entry of entries) {
      expect(entry.actorId).toBe(w.own.id);
      const details = JSON.stringify(entry.details);
      expect(details).not.toMatch(/author/i);
      for (const text of [anonymous.text, "Können Vorgesetzte die Eingaben sehen?", other.text, third.text]) {
        expect(details).not.toContain(text);
      }
    }
    expect(entries.some((e) => JSON.stringify(e).includes(String(staff[0].email)))).toBe(false);
  });
});

describe("facilitator digest", () => {
  it("at most one mail a day per facilitator, with the number of new questions for their sessions and no texts", () => {
    const w = world();
    const { db, staff } = w;
    const morning = new Date("2027-03-01T05:00:00Z"); // 06:00 in Berlin: too early
    const first = ask(db, { sessionId: w.mine.id, author: staff[0], anonymous: true, text: "Anonyme Frage für die Übersicht" });
    ask(db, { seriesId: w.seriesA.id, author: staff[1] });
    ask(db, { author: staff[2] }); // general: not in anybody's digest
    expect(queueFacilitatorDigests(db, { now: morning, appUrl: clock.appUrl })).toBe(0);

    // own: one session + its series → 2; sameSeries: the series question → 1; elsewhere: none.
    expect(queueFacilitatorDigests(db, clock)).toBe(2);
    const digests = () => mails(db).filter((m) => m.kind === "facilitator_digest");
    const ownMail = digests().find((m) => m.dedupeKey === `facilitator-digest:u${w.own.id}:2027-03-01`)!;
    expect(ownMail.subject).toBe("2 neue Fragen zu Ihren Terminen");
    expect(ownMail.text).not.toContain(first.text);

    // Later the same day, more questions: no second mail.
    ask(db, { sessionId: w.mine.id, author: staff[3] });
    expect(queueFacilitatorDigests(db, { now: new Date(NOW.getTime() + 6 * 3600_000), appUrl: clock.appUrl })).toBe(0);
    expect(digests()).toHaveLength(2);

    // Next day: only the question that is new since the last digest counts as new.
    expect(queueFacilitatorDigests(db, { now: new Date(NOW.getTime() + 24 * 3600_000), appUrl: clock.appUrl })).toBe(1);
    const next = digests().find((m) => m.dedupeKey === `facilitator-digest:u${w.own.id}:2027-03-02`)!;
    expect(next.subject).toBe("1 neue Frage zu Ihren Terminen");
    expect(next.text).toContain("Insgesamt 3 Fragen warten");
    // Nothing new on the third day: no mail.
    expect(queueFacilitatorDigests(db, { now: new Date(NOW.getTime() + 48 * 3600_000), appUrl: clock.appUrl })).toBe(0);
    expect(db.select().from(outbox).where(eq(outbox.kind, "facilitator_digest")).all()).toHaveLength(3);
  });
});

describe("demo questions", () => {
  it("about thirty over the sections and every state, anonymous ones found only through the demo key, no own votes", () => {
    const { db, file } = createTestDb();
    const now = new Date();
    vi.stubEnv("QUESTION_KEY", "");
    seedDemoContent(db, { now });
    vi.unstubAllEnvs();
    // The demo key: generated once beside the database, as the running demo reads it.
    const demoKey = questionKeyFrom(loadEnv({ DATABASE_PATH: file }));
    const all = db.select().from(questions).all();
    expect(all.length).toBeGreaterThanOrEqual(28);
    expect(new Set(all.map((q) => q.status))).toEqual(new Set(["submitted", "accepted", "answered", "rejected", "merged", "withdrawn"]));
    expect(new Set(all.map((q) => q.sectionId)).size).toBeGreaterThanOrEqual(12);
    const anonymous = all.filter((q) => q.anonymous);
    expect(anonymous.length).toBeGreaterThanOrEqual(5);
    expect(anonymous.every((q) => q.authorId === null && q.authorKey && q.authorSalt)).toBe(true);
    const staff = db
      .select()
      .from(users)
      .all()
      .filter((u) => u.email?.endsWith("@stadt.example") && /\./.test(u.email.split("@")[0]!));
    // Each anonymous question belongs to exactly one demo person, by the keyed value alone.
    for (const q of anonymous) expect(staff.filter((u) => isAuthor(demoKey, q, u.id))).toHaveLength(1);
    for (const q of all.filter((x) => x.status === "merged")) {
      expect(all.find((t) => t.id === q.mergedIntoId)?.status).toMatch(/submitted|accepted|answered/);
    }
    expect(all.filter((q) => q.status === "answered").every((q) => q.answer && q.answeredHow)).toBe(true);
    for (const v of db.select().from(questionVotes).all()) {
      const q = all.find((x) => x.id === v.questionId)!;
      expect(isAuthor(demoKey, q, v.userId)).toBe(false);
    }
    // Idempotent: a second run adds nothing.
    seedDemoContent(db, { now });
    expect(db.select().from(questions).all()).toHaveLength(all.length);
  });
});
