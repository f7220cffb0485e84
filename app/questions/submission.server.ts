// The asker's side of a question (issue 12): submit, edit and withdraw it. Anonymity has to
// hold in the database (decision 011): an anonymous question carries no author id, only a
// per-question keyed value; its times are kept to the hour; the daily limit is counted by a
// keyed value per person and day; and none of these steps writes an audit entry, a mail or
// a log line that names the author. Named questions get an audit entry like any change.
import { and, eq, lt, sql } from "drizzle-orm";
import { findVersionInForce } from "~/agreement/agreement.server";
import { writeAudit } from "~/lib/audit.server";
import { schema, type DbOrTx } from "~/lib/db.server";
import { activeRegistration, loadSession } from "~/registrations/reads.server";
import { reindexQuestion } from "~/search/index.server";
import { publiclyVisible } from "~/sessions/visibility.server";
import { isAuthor, newAuthorKey, type QuestionKey, quotaKey } from "./author-key.server";
import {
  authorMayChange,
  MAY_ASK_FOR_SESSION,
  type QuestionRefusal,
  type QuestionTarget,
  QUESTIONS_PER_DAY,
  quotaDay,
  toTheHour,
} from "./rules";

const { questions, questionQuota, sessions, agreementSections } = schema;

/** Who acts: the signed-in person. */
export type QuestionActor = { id: number };
/** What every use case here needs besides the database: the key and the time. */
export type QuestionClock = { key: QuestionKey; now: Date };

export type SubmitInput = { target: QuestionTarget; sectionId: number | null; text: string; anonymous: boolean };
export type SubmitResult = { ok: true; questionId: number } | { ok: false; reason: QuestionRefusal };
export type ChangeResult = { ok: true } | { ok: false; reason: QuestionRefusal };

type QuestionRow = typeof questions.$inferSelect;

function immediate<T>(db: DbOrTx, fn: (tx: DbOrTx) => T): T {
  return db.transaction((tx) => fn(tx), { behavior: "immediate" });
}

/** Session questions need a place (seat, offer, waitlist) until the start; series ones a visible series. */
function targetRefusal(tx: DbOrTx, actor: QuestionActor, target: QuestionTarget, now: Date): QuestionRefusal | null {
  if (target.kind === "general") return null;
  if (target.kind === "series") {
    const visible = tx
      .select({ id: sessions.id })
      .from(sessions)
      .where(and(eq(sessions.seriesId, target.seriesId), publiclyVisible()))
      .limit(1)
      .get();
    return visible ? null : "not_found";
  }
  const session = loadSession(tx, target.sessionId);
  if (!session || session.status === "draft") return "not_found";
  if (session.status === "cancelled") return "cancelled";
  if (session.startsAt <= now) return "started";
  const place = activeRegistration(tx, target.sessionId, actor.id);
  if (!place || !(MAY_ASK_FOR_SESSION as readonly string[]).includes(place.status)) return "no_place";
  return null;
}

/**
 * A section must belong to the version in force; `keep` is the section a question already
 * has, which stays valid even after a new version took over.
 */
function sectionRefusal(tx: DbOrTx, sectionId: number | null, now: Date, keep: number | null = null): QuestionRefusal | null {
  if (sectionId === null || sectionId === keep) return null;
  const version = findVersionInForce(tx, now);
  if (!version) return "section";
  const section = tx
    .select({ id: agreementSections.id })
    .from(agreementSections)
    .where(and(eq(agreementSections.id, sectionId), eq(agreementSections.versionId, version.id)))
    .get();
  return section ? null : "section";
}

/**
 * Counts one more question of today for this person, or refuses the 21st. The row carries
 * only a keyed value and the day; rows of earlier days are deleted, so the table never holds
 * more than today's counts.
 */
function takeFromDailyQuota(tx: DbOrTx, key: QuestionKey, userId: number, now: Date): boolean {
  const day = quotaDay(now);
  tx.delete(questionQuota).where(lt(questionQuota.day, day)).run();
  const keyedValue = quotaKey(key, userId, day);
  const row = tx
    .select({ count: questionQuota.count })
    .from(questionQuota)
    .where(and(eq(questionQuota.keyedValue, keyedValue), eq(questionQuota.day, day)))
    .get();
  if ((row?.count ?? 0) >= QUESTIONS_PER_DAY) return false;
  tx.insert(questionQuota)
    .values({ keyedValue, day, count: 1 })
    .onConflictDoUpdate({ target: [questionQuota.keyedValue, questionQuota.day], set: { count: sql`${questionQuota.count} + 1` } })
    .run();
  return true;
}

/** "Frage einreichen": for a session with a place, for a series, or in general. */
export function submitQuestion(db: DbOrTx, actor: QuestionActor, clock: QuestionClock, input: SubmitInput): SubmitResult {
  return immediate(db, (tx): SubmitResult => {
    const refusal = targetRefusal(tx, actor, input.target, clock.now) ?? sectionRefusal(tx, input.sectionId, clock.now);
    if (refusal) return { ok: false, reason: refusal };
    if (!takeFromDailyQuota(tx, clock.key, actor.id, clock.now)) return { ok: false, reason: "daily_limit" };
    // Every question is kept to the hour, named ones too: an exact time next to an anonymous
    // question's id would narrow down when (and so by whom) it was sent.
    const hour = toTheHour(clock.now);
    const author = input.anonymous ? { authorId: null, ...newAuthorKey(clock.key, actor.id) } : { authorId: actor.id };
    const question = tx
      .insert(questions)
      .values({
        sessionId: input.target.kind === "session" ? input.target.sessionId : null,
        seriesId: input.target.kind === "series" ? input.target.seriesId : null,
        sectionId: input.sectionId,
        text: input.text,
        anonymous: input.anonymous,
        ...author,
        status: "submitted",
        createdAt: hour,
        updatedAt: hour,
      })
      .returning({ id: questions.id })
      .get();
    if (!input.anonymous) auditNamed(tx, actor, "question_submitted", question.id, clock.now);
    return { ok: true, questionId: question.id };
  });
}

/** The author's question while a facilitator has not acted yet; anyone else's is "not found". */
function ownQuestion(
  tx: DbOrTx,
  actor: QuestionActor,
  key: QuestionKey,
  questionId: number,
): { ok: true; question: QuestionRow } | { ok: false; reason: QuestionRefusal } {
  const question = tx.select().from(questions).where(eq(questions.id, questionId)).get();
  if (!question || !isAuthor(key, question, actor.id)) return { ok: false, reason: "question_not_found" };
  if (!authorMayChange(question.status)) return { ok: false, reason: "acted" };
  return { ok: true, question };
}

/** The author rewords the question or picks another section, until a facilitator has acted. */
export function editQuestion(
  db: DbOrTx,
  actor: QuestionActor,
  clock: QuestionClock,
  input: { questionId: number; text: string; sectionId: number | null },
): ChangeResult {
  return immediate(db, (tx): ChangeResult => {
    const own = ownQuestion(tx, actor, clock.key, input.questionId);
    if (!own.ok) return own;
    const refusal = sectionRefusal(tx, input.sectionId, clock.now, own.question.sectionId);
    if (refusal) return { ok: false, reason: refusal };
    tx.update(questions)
      .set({ text: input.text, sectionId: input.sectionId, updatedAt: toTheHour(clock.now) })
      .where(and(eq(questions.id, own.question.id), eq(questions.status, "submitted")))
      .run();
    reindexQuestion(tx, own.question.id);
    if (!own.question.anonymous) auditNamed(tx, actor, "question_edited", own.question.id, clock.now);
    return { ok: true };
  });
}

/** The author takes the question back, until a facilitator has acted. */
export function withdrawQuestion(db: DbOrTx, actor: QuestionActor, clock: QuestionClock, input: { questionId: number }): ChangeResult {
  return immediate(db, (tx): ChangeResult => {
    const own = ownQuestion(tx, actor, clock.key, input.questionId);
    if (!own.ok) return own;
    tx.update(questions)
      .set({ status: "withdrawn", updatedAt: toTheHour(clock.now) })
      .where(and(eq(questions.id, own.question.id), eq(questions.status, "submitted")))
      .run();
    // A submitted question is not in the index; kept in step all the same, should that rule change.
    reindexQuestion(tx, own.question.id);
    if (!own.question.anonymous) auditNamed(tx, actor, "question_withdrawn", own.question.id, clock.now);
    return { ok: true };
  });
}

// Only named questions: for an anonymous one the entry itself (actor, exact time) would be
// the link to its author that the question row avoids.
function auditNamed(tx: DbOrTx, actor: QuestionActor, action: string, questionId: number, now: Date): void {
  writeAudit(tx, { actorId: actor.id, action, subjectType: "question", subjectId: questionId, at: now });
}
