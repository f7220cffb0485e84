// The facilitator side of questions (issue 12, item 5; decision 012): the review queue and
// every review action. Who may see and change a question is part of each query's where:
// admins all; facilitators the questions for the sessions they are assigned to, for the
// series of those sessions, and every general question. Each action checks and writes in one
// immediate transaction, with its audit entry (naming the facilitator, never an author, never
// an anonymous question's text) and the author's outcome mail.
import { and, asc, desc, eq, gt, inArray, isNull, ne, or, sql, type SQL } from "drizzle-orm";
import { toBerlinInputValue } from "~/lib/dates";
import { writeAudit } from "~/lib/audit.server";
import { schema, type Db, type DbOrTx } from "~/lib/db.server";
import { formatDateNumeric, formatTime } from "~/lib/dates";
import { renderMarkdown } from "~/lib/markdown.server";
import { listManagedSessions, type Manager } from "~/participants/participants.server";
import { reindexQuestion } from "~/search/index.server";
import { QUESTION_STATUSES, type QuestionStatus } from "~db/schema";
import { isAuthor, type QuestionKey } from "./author-key.server";
import { mailAnswered, mailMerged, mailRejected, type OutcomeClock } from "./outcome.server";
import {
  ANSWER_MAX,
  IN_SESSION_NOTE_MAX,
  QUEUE_PAGE_SIZE,
  REJECT_REASON_MIN,
  type AnswerInput,
  type ListedStatus,
  type QueueFilters,
} from "./review.schema";
import { QUESTION_TEXT_MAX, QUESTION_TEXT_MIN, toTheHour } from "./rules";

const { questions, questionVotes, sessions, series, sessionFacilitators, agreementSections, agreementVersions } = schema;

export type Reviewer = Manager;
export type ReviewClock = OutcomeClock;

type Question = typeof questions.$inferSelect;

const isAdmin = (actor: Reviewer) => actor.roles.includes("admin");
const mayReview = (actor: Reviewer) => isAdmin(actor) || actor.roles.includes("facilitator");

/** Sessions the person is assigned to. */
export function facilitatedSessionIds(db: DbOrTx, userId: number) {
  return db.select({ id: sessionFacilitators.sessionId }).from(sessionFacilitators).where(eq(sessionFacilitators.userId, userId));
}

/** A facilitator of a series is one assigned to at least one of its sessions. */
export function facilitatedSeriesIds(db: DbOrTx, userId: number) {
  return db
    .select({ id: sessions.seriesId })
    .from(sessions)
    .innerJoin(sessionFacilitators, and(eq(sessionFacilitators.sessionId, sessions.id), eq(sessionFacilitators.userId, userId)));
}

/** The questions this person may review, as a where condition (undefined: all). */
export function reviewScope(db: DbOrTx, actor: Reviewer): SQL | undefined {
  if (isAdmin(actor)) return undefined;
  if (!actor.roles.includes("facilitator")) return sql`0`;
  return or(
    and(isNull(questions.sessionId), isNull(questions.seriesId)),
    inArray(questions.sessionId, facilitatedSessionIds(db, actor.id)),
    inArray(questions.seriesId, facilitatedSeriesIds(db, actor.id)),
  );
}

function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** The queue's conditions except the state, shared by the list and the counts per state. */
function filterConditions(db: DbOrTx, actor: Reviewer, filters: QueueFilters): (SQL | undefined)[] {
  const conditions: (SQL | undefined)[] = [reviewScope(db, actor)];
  if (filters.session) conditions.push(eq(questions.sessionId, filters.session));
  if (filters.series) {
    conditions.push(
      or(
        eq(questions.seriesId, filters.series),
        inArray(questions.sessionId, db.select({ id: sessions.id }).from(sessions).where(eq(sessions.seriesId, filters.series))),
      ),
    );
  }
  if (filters.section === "none") conditions.push(isNull(questions.sectionId));
  else if (filters.section) conditions.push(eq(questions.sectionId, filters.section));
  if (filters.q) conditions.push(sql`${questions.text} like ${likePattern(filters.q)} escape '\\'`);
  return conditions;
}

export type SectionOption = { id: number; label: string };

/** The sections of the agreement in force, in their order: what a question can be filed under. */
export function listSectionOptions(db: DbOrTx): SectionOption[] {
  return db
    .select({ id: agreementSections.id, number: agreementSections.number, title: agreementSections.title })
    .from(agreementSections)
    .innerJoin(agreementVersions, eq(agreementVersions.id, agreementSections.versionId))
    .where(eq(agreementVersions.status, "in_force"))
    .orderBy(asc(agreementSections.position))
    .all()
    .map((row) => ({ id: row.id, label: [row.number, row.title].filter(Boolean).join(" ") || "Abschnitt" }));
}

export type QueueItem = {
  id: number;
  text: string;
  /** The author's own wording, only for facilitators of the question's session or series. */
  originalText: string | null;
  anonymous: boolean;
  status: QuestionStatus;
  context: string;
  sectionId: number | null;
  sectionLabel: string | null;
  votes: number;
  answer: string | null;
  answerHtml: string | null;
  answeredHow: "in_session" | "written" | null;
  followUp: boolean;
  /** Sent from a phone during the session ("Fragen im Termin", decision 016). */
  live: boolean;
  rejectReason: string | null;
  mergedIntoId: number | null;
  submittedOn: string;
};

export type QueuePage = {
  items: QueueItem[];
  counts: Record<QuestionStatus, number>;
  total: number;
  page: number;
  pageCount: number;
  options: { sessions: SectionOption[]; series: SectionOption[]; sections: SectionOption[] };
};

/** Sessions offered in the filter: those not ended more than this long ago (and the chosen one). */
const SESSION_OPTION_DAYS = 90;

/** The review queue: filtered, sorted, 50 a page, with the number of questions per state. */
export function listQueue(db: Db, actor: Reviewer, filters: QueueFilters, now: Date): QueuePage | { ok: false; reason: "forbidden" } {
  if (!mayReview(actor)) return { ok: false, reason: "forbidden" };
  const conditions = filterConditions(db, actor, filters);
  const counts = Object.fromEntries(QUESTION_STATUSES.map((status) => [status, 0])) as Record<QuestionStatus, number>;
  for (const row of db
    .select({ status: questions.status, n: sql<number>`count(*)` })
    .from(questions)
    .where(and(...conditions))
    .groupBy(questions.status)
    .all()) {
    counts[row.status] = row.n;
  }
  const listed: ListedStatus | "all" = filters.status;
  const total = listed === "all" ? counts.submitted + counts.accepted + counts.answered + counts.rejected + counts.merged : counts[listed];
  const pageCount = Math.max(1, Math.ceil(total / QUEUE_PAGE_SIZE));
  const page = Math.min(filters.page, pageCount);

  const order =
    filters.sort === "oldest"
      ? [asc(questions.id)]
      : filters.sort === "newest"
        ? [desc(questions.id)]
        : [desc(questions.voteCount), asc(questions.id)];
  const rows = db
    .select({
      question: questions,
      votes: questions.voteCount,
      sessionStartsAt: sessions.startsAt,
      seriesTitle: series.title,
      sectionNumber: agreementSections.number,
      sectionTitle: agreementSections.title,
    })
    .from(questions)
    .leftJoin(sessions, eq(sessions.id, questions.sessionId))
    .leftJoin(series, eq(series.id, sql`coalesce(${questions.seriesId}, ${sessions.seriesId})`))
    .leftJoin(agreementSections, eq(agreementSections.id, questions.sectionId))
    // Withdrawn questions are counted above, never listed.
    .where(and(...conditions, listed === "all" ? ne(questions.status, "withdrawn") : eq(questions.status, listed)))
    .orderBy(...order)
    .limit(QUEUE_PAGE_SIZE)
    .offset((page - 1) * QUEUE_PAGE_SIZE)
    .all();

  const own = ownership(db, actor);
  const items = rows.map(({ question: q, votes, sessionStartsAt, seriesTitle, sectionNumber, sectionTitle }): QueueItem => {
    const context = q.sessionId
      ? `Termin: ${seriesTitle ?? ""}, ${sessionStartsAt ? `${formatDateNumeric(sessionStartsAt)}, ${formatTime(sessionStartsAt)} Uhr` : ""}`
      : q.seriesId
        ? `Veranstaltungsreihe: ${seriesTitle ?? ""}`
        : "Allgemeine Frage";
    return {
      id: q.id,
      text: q.text,
      originalText: own.mayReadOriginal(q) ? q.originalText : null,
      anonymous: q.anonymous,
      status: q.status,
      context,
      sectionId: q.sectionId,
      sectionLabel: q.sectionId ? [sectionNumber, sectionTitle].filter(Boolean).join(" ") : null,
      votes,
      answer: q.answer,
      answerHtml: q.answer ? renderMarkdown(q.answer) : null,
      answeredHow: q.answeredHow,
      followUp: q.followUp,
      live: q.source === "live",
      rejectReason: q.rejectReason,
      mergedIntoId: q.mergedIntoId,
      // A day is enough here, and all an anonymous question's hour-rounded time should say.
      submittedOn: formatDateNumeric(q.createdAt),
    };
  });

  return {
    items,
    counts,
    total,
    page,
    pageCount,
    options: {
      sessions: sessionOptions(db, actor, now, filters.session),
      series: seriesOptions(db, actor),
      sections: listSectionOptions(db),
    },
  };
}

/**
 * The author's original wording is for the author and the session's facilitators only: for
 * a series question its facilitators, for a general one any facilitator. An admin who does
 * not facilitate it sees the edited wording.
 */
function ownership(db: DbOrTx, actor: Reviewer) {
  const sessionIds = new Set(
    facilitatedSessionIds(db, actor.id)
      .all()
      .map((r) => r.id),
  );
  const seriesIds = new Set(
    facilitatedSeriesIds(db, actor.id)
      .all()
      .map((r) => r.id),
  );
  const facilitator = actor.roles.includes("facilitator");
  return {
    mayReadOriginal(q: Pick<Question, "sessionId" | "seriesId">): boolean {
      if (q.sessionId) return sessionIds.has(q.sessionId);
      if (q.seriesId) return seriesIds.has(q.seriesId);
      return facilitator;
    },
  };
}

function sessionOptions(db: DbOrTx, actor: Reviewer, now: Date, chosen: number | undefined): SectionOption[] {
  const since = new Date(now.getTime() - SESSION_OPTION_DAYS * 24 * 3600_000);
  return db
    .select({ id: sessions.id, startsAt: sessions.startsAt, title: series.title })
    .from(sessions)
    .innerJoin(series, eq(series.id, sessions.seriesId))
    .where(
      and(
        ne(sessions.status, "draft"),
        isAdmin(actor) ? undefined : inArray(sessions.id, facilitatedSessionIds(db, actor.id)),
        or(gt(sessions.endsAt, since), chosen ? eq(sessions.id, chosen) : undefined),
      ),
    )
    .orderBy(asc(sessions.startsAt))
    .all()
    .map((row) => ({ id: row.id, label: `${formatDateNumeric(row.startsAt)}, ${formatTime(row.startsAt)} Uhr – ${row.title}` }));
}

function seriesOptions(db: DbOrTx, actor: Reviewer): SectionOption[] {
  return db
    .select({ id: series.id, label: series.title })
    .from(series)
    .where(isAdmin(actor) ? undefined : inArray(series.id, facilitatedSeriesIds(db, actor.id)))
    .orderBy(asc(series.title))
    .all();
}

/** "Moderation": the person's sessions, each with the number of questions waiting for review. */
export function moderationOverview(db: Db, actor: Reviewer, now: Date) {
  const { upcoming, past } = listManagedSessions(db, actor, now);
  const ids = [...upcoming, ...past].map((s) => s.id);
  const waiting = new Map(
    ids.length === 0
      ? []
      : db
          .select({ sessionId: questions.sessionId, n: sql<number>`count(*)` })
          .from(questions)
          .where(and(eq(questions.status, "submitted"), inArray(questions.sessionId, ids)))
          .groupBy(questions.sessionId)
          .all()
          .map((row) => [row.sessionId, row.n] as const),
  );
  // "heute": the session's Berlin calendar day is today's (the facilitator's first look at the door).
  const today = toBerlinInputValue(now).slice(0, 10);
  const withWaiting = <T extends { id: number; startsAt: Date }>(rows: T[]) =>
    rows.map((row) => ({ ...row, waiting: waiting.get(row.id) ?? 0, today: toBerlinInputValue(row.startsAt).slice(0, 10) === today }));
  const waitingTotal = mayReview(actor)
    ? db
        .select({ n: sql<number>`count(*)` })
        .from(questions)
        .where(and(reviewScope(db, actor), eq(questions.status, "submitted")))
        .get()!.n
    : 0;
  return { upcoming: withWaiting(upcoming), past: withWaiting(past), waitingTotal };
}

// ---------------------------------------------------------------------------------------
// Actions

type Refusal = { ok: false; reason: "forbidden" | "not_found" | "invalid_state" };
export type ReviewResult =
  | { ok: true; changed: number; skipped: number }
  | Refusal
  | { ok: false; reason: "reason_required" | "empty" | "unknown_section" | "same_question" | "target_unavailable" };

/**
 * Loads the questions inside the person's scope, in the action's transaction. Any one
 * outside it refuses the whole action: 403 when it exists, 404 when it does not.
 */
function inScope(tx: DbOrTx, actor: Reviewer, ids: number[]): { ok: true; rows: Question[] } | Refusal {
  const rows = tx
    .select()
    .from(questions)
    .where(and(inArray(questions.id, ids), reviewScope(tx, actor)))
    .orderBy(asc(questions.id))
    .all();
  if (rows.length === ids.length) return { ok: true, rows };
  const existing = tx.select({ id: questions.id }).from(questions).where(inArray(questions.id, ids)).all().length;
  return { ok: false, reason: existing < ids.length ? "not_found" : "forbidden" };
}

/** Who and when, on every change; a question's own times stay to the hour (decision 011). */
function reviewed(actor: Reviewer, now: Date) {
  return { reviewedById: actor.id, reviewedAt: now, updatedAt: toTheHour(now) };
}

/** The facilitator acts; the entry says what changed, never who asked or what they asked. */
function audit(tx: DbOrTx, actor: Reviewer, question: Question, action: string, details: Record<string, unknown>, now: Date): void {
  writeAudit(tx, {
    actorId: actor.id,
    action,
    subjectType: "question",
    subjectId: question.id,
    details: { ...details, anonymous: question.anonymous },
    at: now,
  });
}

function run(db: Db, actor: Reviewer, ids: number[], body: (tx: DbOrTx, rows: Question[]) => ReviewResult): ReviewResult {
  if (!mayReview(actor)) return { ok: false, reason: "forbidden" };
  const unique = [...new Set(ids)];
  if (unique.length === 0) return { ok: false, reason: "not_found" };
  return db.transaction(
    (tx): ReviewResult => {
      const found = inScope(tx, actor, unique);
      if (!found.ok) return found;
      return body(tx, found.rows);
    },
    { behavior: "immediate" },
  );
}

/** For one question or many: refused only when none of them was in a state to change. */
function outcome(changed: number, skipped: number): ReviewResult {
  return changed === 0 && skipped > 0 ? { ok: false, reason: "invalid_state" } : { ok: true, changed, skipped };
}

/** submitted → accepted. */
export function acceptQuestions(db: Db, actor: Reviewer, ids: number[], clock: ReviewClock): ReviewResult {
  return run(db, actor, ids, (tx, rows) => {
    let changed = 0;
    for (const q of rows) {
      if (q.status !== "submitted") continue;
      tx.update(questions)
        .set({ status: "accepted", ...reviewed(actor, clock.now) })
        .where(eq(questions.id, q.id))
        .run();
      audit(tx, actor, q, "question_accepted", { from: q.status, to: "accepted", bulk: ids.length > 1 }, clock.now);
      reindexQuestion(tx, q.id);
      changed++;
    }
    return outcome(changed, rows.length - changed);
  });
}

/** submitted or accepted → rejected, with a reason the named author is told. */
export function rejectQuestions(db: Db, actor: Reviewer, ids: number[], reason: string, clock: ReviewClock): ReviewResult {
  const text = reason.trim();
  if (text.length < REJECT_REASON_MIN) return { ok: false, reason: "reason_required" };
  return run(db, actor, ids, (tx, rows) => {
    let changed = 0;
    for (const q of rows) {
      if (q.status !== "submitted" && q.status !== "accepted") continue;
      tx.update(questions)
        .set({ status: "rejected", rejectReason: text, followUp: false, ...reviewed(actor, clock.now) })
        .where(eq(questions.id, q.id))
        .run();
      audit(tx, actor, q, "question_rejected", { from: q.status, to: "rejected", bulk: ids.length > 1 }, clock.now);
      reindexQuestion(tx, q.id);
      mailRejected(tx, q, text, clock);
      changed++;
    }
    return outcome(changed, rows.length - changed);
  });
}

/** Files questions under a section of the agreement in force, or takes the section away (null). */
export function assignSection(db: Db, actor: Reviewer, ids: number[], sectionId: number | null, clock: ReviewClock): ReviewResult {
  return run(db, actor, ids, (tx, rows) => {
    if (sectionId !== null && !listSectionOptions(tx).some((s) => s.id === sectionId)) return { ok: false, reason: "unknown_section" };
    let changed = 0;
    let skipped = 0;
    for (const q of rows) {
      if (q.status === "merged" || q.status === "withdrawn") {
        skipped++;
        continue;
      }
      if (q.sectionId === sectionId) continue;
      tx.update(questions)
        .set({ sectionId, ...reviewed(actor, clock.now) })
        .where(eq(questions.id, q.id))
        .run();
      audit(tx, actor, q, "question_section_set", { from: q.sectionId, to: sectionId, bulk: ids.length > 1 }, clock.now);
      reindexQuestion(tx, q.id);
      changed++;
    }
    return outcome(changed, skipped);
  });
}

/** A new wording (e.g. without identifying details); the author's own is kept the first time. */
export function editWording(db: Db, actor: Reviewer, id: number, text: string, clock: ReviewClock): ReviewResult {
  const wording = text.trim();
  if (wording.length < QUESTION_TEXT_MIN || wording.length > QUESTION_TEXT_MAX) return { ok: false, reason: "empty" };
  return run(db, actor, [id], (tx, [q]) => {
    if (!q || !["submitted", "accepted", "answered"].includes(q.status)) return { ok: false, reason: "invalid_state" };
    if (q.text === wording) return { ok: true, changed: 0, skipped: 0 };
    tx.update(questions)
      .set({ text: wording, originalText: q.originalText ?? q.text, ...reviewed(actor, clock.now) })
      .where(eq(questions.id, q.id))
      .run();
    audit(tx, actor, q, "question_wording_edited", { firstEdit: q.originalText === null }, clock.now);
    reindexQuestion(tx, q.id);
    return { ok: true, changed: 1, skipped: 0 };
  });
}

/**
 * Merges a duplicate into another question: its votes move to the target, each person
 * counted once, and the target author's own vote is dropped (an author never votes for their
 * own question; for an anonymous target only the keyed value can tell). Questions merged into
 * the duplicate before now point to the target too.
 */
export function mergeQuestion(
  db: Db,
  actor: Reviewer,
  input: { sourceId: number; targetId: number },
  key: QuestionKey,
  clock: ReviewClock,
): ReviewResult {
  if (input.sourceId === input.targetId) return { ok: false, reason: "same_question" };
  return run(db, actor, [input.sourceId], (tx, [source]) => {
    if (!source || (source.status !== "submitted" && source.status !== "accepted")) return { ok: false, reason: "invalid_state" };
    const target = tx
      .select()
      .from(questions)
      .where(and(eq(questions.id, input.targetId), reviewScope(tx, actor)))
      .get();
    if (!target || !["submitted", "accepted", "answered"].includes(target.status)) return { ok: false, reason: "target_unavailable" };

    const already = new Set(
      tx
        .select({ userId: questionVotes.userId })
        .from(questionVotes)
        .where(eq(questionVotes.questionId, target.id))
        .all()
        .map((v) => v.userId),
    );
    const moving = tx.select().from(questionVotes).where(eq(questionVotes.questionId, source.id)).all();
    let moved = 0;
    for (const vote of moving) {
      if (already.has(vote.userId) || isAuthor(key, target, vote.userId)) continue;
      tx.insert(questionVotes).values({ questionId: target.id, userId: vote.userId, createdAt: vote.createdAt }).run();
      already.add(vote.userId);
      moved++;
    }
    tx.delete(questionVotes).where(eq(questionVotes.questionId, source.id)).run();
    tx.update(questions)
      .set({ mergedIntoId: target.id, updatedAt: toTheHour(clock.now) })
      .where(and(eq(questions.mergedIntoId, source.id), eq(questions.status, "merged")))
      .run();
    tx.update(questions)
      .set({ status: "merged", mergedIntoId: target.id, followUp: false, ...reviewed(actor, clock.now) })
      .where(eq(questions.id, source.id))
      .run();
    audit(
      tx,
      actor,
      source,
      "question_merged",
      { from: source.status, to: "merged", mergedIntoId: target.id, votesMoved: moved, votesNotMoved: moving.length - moved },
      clock.now,
    );
    reindexQuestion(tx, source.id);
    mailMerged(tx, source, target, clock);
    return { ok: true, changed: 1, skipped: 0 };
  });
}

/**
 * Answers a question in writing (Markdown) or records that it was answered in the session
 * (a short note as the answer). The first answer tells the named author and the named
 * authors of every question merged into it; correcting an answer sends nothing more.
 */
export function answerQuestion(db: Db, actor: Reviewer, id: number, input: AnswerInput, clock: ReviewClock): ReviewResult {
  const answer = input.answer.trim();
  if (!answer || answer.length > (input.how === "in_session" ? IN_SESSION_NOTE_MAX : ANSWER_MAX)) return { ok: false, reason: "empty" };
  return run(db, actor, [id], (tx, [q]) => {
    if (!q || !["submitted", "accepted", "answered"].includes(q.status)) return { ok: false, reason: "invalid_state" };
    const sectionId = input.sectionId === undefined ? q.sectionId : input.sectionId;
    if (sectionId !== q.sectionId && sectionId !== null && !listSectionOptions(tx).some((s) => s.id === sectionId)) {
      return { ok: false, reason: "unknown_section" };
    }
    tx.update(questions)
      .set({ status: "answered", answer, answeredHow: input.how, sectionId, followUp: false, ...reviewed(actor, clock.now) })
      .where(eq(questions.id, q.id))
      .run();
    audit(
      tx,
      actor,
      q,
      q.status === "answered" ? "question_answer_changed" : "question_answered",
      {
        from: q.status,
        to: "answered",
        answeredHow: input.how,
        ...(sectionId !== q.sectionId ? { sectionFrom: q.sectionId, sectionTo: sectionId } : {}),
      },
      clock.now,
    );
    reindexQuestion(tx, q.id);
    if (q.status !== "answered") mailAnswered(tx, { ...q, answer, answeredHow: input.how }, clock);
    return { ok: true, changed: 1, skipped: 0 };
  });
}

/** "Nachreichen": an accepted question whose answer follows after the session. */
export function setFollowUp(db: Db, actor: Reviewer, id: number, followUp: boolean, clock: ReviewClock): ReviewResult {
  return run(db, actor, [id], (tx, [q]) => {
    if (q?.status !== "accepted") return { ok: false, reason: "invalid_state" };
    if (q.followUp === followUp) return { ok: true, changed: 0, skipped: 0 };
    tx.update(questions)
      .set({ followUp, ...reviewed(actor, clock.now) })
      .where(eq(questions.id, q.id))
      .run();
    audit(tx, actor, q, "question_follow_up", { followUp }, clock.now);
    return { ok: true, changed: 1, skipped: 0 };
  });
}
