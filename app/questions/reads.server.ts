// What the staff side reads: the choices of the submit form, "Meine Fragen" on /me, and the
// colleagues' list. Author data never leaves here for an anonymous question: the keyed
// values are read only to answer "is this mine?" and are not part of any returned item.
import { and, asc, count, desc, eq, gt, inArray, isNotNull, or, type SQL, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import { findVersionInForce } from "~/agreement/agreement.server";
import { headingText } from "~/agreement/markdown";
import { schema, type DbOrTx } from "~/lib/db.server";
import { renderMarkdown } from "~/lib/markdown.server";
import { countSeatsHeld } from "~/registrations/seats.server";
import { publiclyVisible } from "~/sessions/visibility.server";
import type { QuestionStatus } from "~db/schema";
import { isAuthor, type QuestionKey } from "./author-key.server";
import type { ColleagueFilters } from "./questions.schema";
import {
  authorMayChange,
  MAY_ASK_FOR_SESSION,
  ownStatusLabel,
  QUESTION_STATUS_LABELS,
  QUESTIONS_PER_PAGE,
  type QuestionTarget,
  targetValue,
  WEAK_ANONYMITY_BELOW,
} from "./rules";
import type { QuestionActor } from "./submission.server";

const { questions, questionVotes, sessions, series, registrations, agreementSections, users } = schema;

export type SectionChoice = { id: number; anchor: string; heading: string };

/** The sections of the version in force, in order: the section picker and the list filter. */
export function sectionChoices(db: DbOrTx, now: Date): SectionChoice[] {
  const version = findVersionInForce(db, now);
  if (!version) return [];
  return db
    .select({
      id: agreementSections.id,
      anchor: agreementSections.anchor,
      number: agreementSections.number,
      title: agreementSections.title,
    })
    .from(agreementSections)
    .where(eq(agreementSections.versionId, version.id))
    .orderBy(asc(agreementSections.position))
    .all()
    .map((section) => ({ id: section.id, anchor: section.anchor, heading: headingText(section) }));
}

/** Series that staff can see (at least one published session), by title. */
export function visibleSeries(db: DbOrTx): { id: number; title: string }[] {
  return db
    .selectDistinct({ id: series.id, title: series.title })
    .from(series)
    .innerJoin(sessions, eq(sessions.seriesId, series.id))
    .where(publiclyVisible())
    .orderBy(asc(series.title))
    .all();
}

export type TargetChoice = {
  value: string;
  label: string;
  kind: QuestionTarget["kind"];
  /** Sessions only: fewer than WEAK_ANONYMITY_BELOW people hold a seat. */
  weakAnonymity: boolean;
  startsAt?: Date;
  endsAt?: Date;
};

/**
 * What the person may send a question in for: the upcoming sessions in which they hold a
 * place (seat, offer, waitlist), every visible series, and "general".
 */
export function questionFormChoices(db: DbOrTx, actor: QuestionActor, now: Date) {
  const ownSessions = db
    .select({ id: sessions.id, startsAt: sessions.startsAt, endsAt: sessions.endsAt, seriesTitle: series.title })
    .from(registrations)
    .innerJoin(sessions, eq(sessions.id, registrations.sessionId))
    .innerJoin(series, eq(series.id, sessions.seriesId))
    .where(
      and(
        eq(registrations.userId, actor.id),
        inArray(registrations.status, [...MAY_ASK_FOR_SESSION]),
        eq(sessions.status, "published"),
        sql`${sessions.startsAt} > ${now.getTime()}`,
      ),
    )
    .orderBy(asc(sessions.startsAt))
    .all();
  const targets: TargetChoice[] = [
    { value: "general", label: "Allgemein zur Dienstvereinbarung", kind: "general", weakAnonymity: false },
    ...ownSessions.map(
      (session): TargetChoice => ({
        value: targetValue({ kind: "session", sessionId: session.id }),
        label: session.seriesTitle,
        kind: "session",
        weakAnonymity: countSeatsHeld(db, session.id) < WEAK_ANONYMITY_BELOW,
        startsAt: session.startsAt,
        endsAt: session.endsAt,
      }),
    ),
    ...visibleSeries(db).map(
      (item): TargetChoice => ({
        value: targetValue({ kind: "series", seriesId: item.id }),
        label: `Veranstaltungsreihe „${item.title}“`,
        kind: "series",
        weakAnonymity: false,
      }),
    ),
  ];
  return { targets, sections: sectionChoices(db, now) };
}

// --- labels shared by both lists ---------------------------------------------------------

const seriesOfSession = alias(series, "session_series");

/** Columns that say what a question is about and under which section it is filed. */
const placeColumns = {
  sessionId: questions.sessionId,
  sessionStartsAt: sessions.startsAt,
  sessionEndsAt: sessions.endsAt,
  sessionSeriesTitle: seriesOfSession.title,
  seriesId: questions.seriesId,
  seriesTitle: series.title,
  sectionId: questions.sectionId,
  sectionNumber: agreementSections.number,
  sectionTitle: agreementSections.title,
  sectionAnchor: agreementSections.anchor,
};

type PlaceRow = {
  sessionId: number | null;
  sessionStartsAt: Date | null;
  sessionEndsAt: Date | null;
  sessionSeriesTitle: string | null;
  seriesId: number | null;
  seriesTitle: string | null;
  sectionId: number | null;
  sectionNumber: string | null;
  sectionTitle: string | null;
  sectionAnchor: string | null;
};

export type QuestionPlace =
  | { kind: "session"; sessionId: number; seriesTitle: string; startsAt: Date; endsAt: Date }
  | { kind: "series"; seriesId: number; title: string }
  | { kind: "general" };

function placeOf(row: PlaceRow): { place: QuestionPlace; section: { anchor: string; heading: string } | null } {
  const place: QuestionPlace =
    row.sessionId !== null && row.sessionStartsAt && row.sessionEndsAt
      ? {
          kind: "session",
          sessionId: row.sessionId,
          seriesTitle: row.sessionSeriesTitle ?? "",
          startsAt: row.sessionStartsAt,
          endsAt: row.sessionEndsAt,
        }
      : row.seriesId !== null
        ? { kind: "series", seriesId: row.seriesId, title: row.seriesTitle ?? "" }
        : { kind: "general" };
  const section =
    row.sectionId !== null && row.sectionAnchor !== null
      ? { anchor: row.sectionAnchor, heading: headingText({ number: row.sectionNumber, title: row.sectionTitle ?? "" }) }
      : null;
  return { place, section };
}

// biome-ignore lint/suspicious/noExplicitAny: drizzle's select builder types differ per column set
function withPlaceJoins<Q extends { leftJoin: (...args: any[]) => any }>(query: Q) {
  return query
    .leftJoin(sessions, eq(sessions.id, questions.sessionId))
    .leftJoin(seriesOfSession, eq(seriesOfSession.id, sessions.seriesId))
    .leftJoin(series, eq(series.id, questions.seriesId))
    .leftJoin(agreementSections, eq(agreementSections.id, questions.sectionId));
}

// --- "Meine Fragen" -----------------------------------------------------------------------

export type MyQuestion = {
  id: number;
  text: string;
  /** The author's own wording, when a facilitator edited the text colleagues see. */
  originalText: string | null;
  anonymous: boolean;
  status: QuestionStatus;
  statusLabel: string;
  mayChange: boolean;
  sectionId: number | null;
  section: { anchor: string; heading: string } | null;
  place: QuestionPlace;
  submittedAt: Date;
  rejectReason: string | null;
  /** The answer to this question, or for a merged one the answer to the question it went into. */
  answerHtml: string | null;
  answeredHow: "in_session" | "written" | null;
};

/**
 * The ids of this person's anonymous questions. Each carries its own salt, so the server
 * computes the keyed value once per anonymous question; no index can do it without storing
 * the link this design avoids (decision 011).
 */
export function myAnonymousQuestionIds(db: DbOrTx, key: QuestionKey, userId: number): number[] {
  return db
    .select({ id: questions.id, authorKey: questions.authorKey, authorSalt: questions.authorSalt })
    .from(questions)
    .where(and(eq(questions.anonymous, true), isNotNull(questions.authorKey)))
    .all()
    .filter((row) => isAuthor(key, { anonymous: true, authorId: null, authorKey: row.authorKey, authorSalt: row.authorSalt }, userId))
    .map((row) => row.id);
}

/** Follows merges to the question that carries the outcome (a few steps at most). */
function finalTarget(db: DbOrTx, mergedIntoId: number | null) {
  let id = mergedIntoId;
  for (let step = 0; id !== null && step < 10; step++) {
    const target = db
      .select({
        id: questions.id,
        status: questions.status,
        mergedIntoId: questions.mergedIntoId,
        answer: questions.answer,
        answeredHow: questions.answeredHow,
      })
      .from(questions)
      .where(eq(questions.id, id))
      .get();
    if (!target) return null;
    if (target.status !== "merged") return target;
    id = target.mergedIntoId;
  }
  return null;
}

/** "Meine Fragen": the person's named and anonymous questions, newest first, with their state. */
export function listMyQuestions(db: DbOrTx, actor: QuestionActor, key: QuestionKey): MyQuestion[] {
  const anonymousIds = myAnonymousQuestionIds(db, key, actor.id);
  const mine = or(and(eq(questions.anonymous, false), eq(questions.authorId, actor.id)), inArray(questions.id, anonymousIds));
  const rows = withPlaceJoins(
    db
      .select({
        id: questions.id,
        text: questions.text,
        originalText: questions.originalText,
        anonymous: questions.anonymous,
        status: questions.status,
        mergedIntoId: questions.mergedIntoId,
        rejectReason: questions.rejectReason,
        answer: questions.answer,
        answeredHow: questions.answeredHow,
        createdAt: questions.createdAt,
        ...placeColumns,
      })
      .from(questions),
  )
    .where(mine)
    .orderBy(desc(questions.id))
    .all() as (PlaceRow & {
    id: number;
    text: string;
    originalText: string | null;
    anonymous: boolean;
    status: QuestionStatus;
    mergedIntoId: number | null;
    rejectReason: string | null;
    answer: string | null;
    answeredHow: "in_session" | "written" | null;
    createdAt: Date;
  })[];
  return rows.map((row): MyQuestion => {
    const target = row.status === "merged" ? finalTarget(db, row.mergedIntoId) : null;
    const outcome = target ?? row;
    const { place, section } = placeOf(row);
    return {
      id: row.id,
      text: row.text,
      originalText: row.originalText,
      anonymous: row.anonymous,
      status: row.status,
      statusLabel: ownStatusLabel(row.status, target?.status ?? null),
      mayChange: authorMayChange(row.status),
      sectionId: row.sectionId,
      section,
      place,
      submittedAt: row.createdAt,
      rejectReason: row.status === "rejected" ? row.rejectReason : null,
      answerHtml: outcome.status === "answered" && outcome.answer ? renderMarkdown(outcome.answer) : null,
      answeredHow: outcome.status === "answered" ? outcome.answeredHow : null,
    };
  });
}

// --- the colleagues' list -----------------------------------------------------------------

export type ColleagueQuestion = {
  id: number;
  text: string;
  status: QuestionStatus;
  statusLabel: string;
  /** The name for a named question; null for an anonymous one (never anything else). */
  authorName: string | null;
  votes: number;
  votedByMe: boolean;
  /** The viewer wrote it (named or anonymous): no vote button, only for the viewer's eyes. */
  mine: boolean;
  section: { anchor: string; heading: string } | null;
  place: QuestionPlace;
  answerHtml: string | null;
  answeredHow: "in_session" | "written" | null;
};

export type ColleagueList = {
  items: ColleagueQuestion[];
  total: number;
  page: number;
  pageCount: number;
};

const VISIBLE_STATUSES = ["accepted", "answered"] as const satisfies readonly QuestionStatus[];

/** The filter as SQL; each part is served by an index on (section|series|session, status). */
export function colleagueFilter(db: DbOrTx, filters: Pick<ColleagueFilters, "section" | "series">): SQL {
  const parts: SQL[] = [inArray(questions.status, [...VISIBLE_STATUSES])];
  if (filters.section) {
    // By anchor, not id: a question filed under § 6 of an earlier version stays under § 6.
    const sectionIds = db
      .select({ id: agreementSections.id })
      .from(agreementSections)
      .where(eq(agreementSections.anchor, filters.section))
      .all()
      .map((row) => row.id);
    parts.push(inArray(questions.sectionId, sectionIds));
  }
  if (filters.series !== undefined) {
    const sessionIds = db
      .select({ id: sessions.id })
      .from(sessions)
      .where(eq(sessions.seriesId, filters.series))
      .all()
      .map((row) => row.id);
    parts.push(or(eq(questions.seriesId, filters.series), inArray(questions.sessionId, sessionIds))!);
  }
  return and(...parts)!;
}

// Maintained by triggers on question_votes (migration 0011): sorting by votes reads an index.
const voteCount = questions.voteCount;

/** The page of the list (in this order and filter) that holds the question; null if it is not in the list. */
function pageOfQuestion(db: DbOrTx, where: SQL, sort: ColleagueFilters["sort"], questionId: number): number | null {
  const target = db
    .select({ id: questions.id, votes: voteCount })
    .from(questions)
    .where(and(where, eq(questions.id, questionId)))
    .get();
  if (!target) return null;
  // How many come before it: the order is (votes desc, id desc) or (id desc).
  const before =
    sort === "votes"
      ? or(gt(voteCount, target.votes), and(eq(voteCount, target.votes), gt(questions.id, target.id)))
      : gt(questions.id, target.id);
  const ahead = db.select({ n: count() }).from(questions).where(and(where, before)).get()?.n ?? 0;
  return Math.floor(ahead / QUESTIONS_PER_PAGE) + 1;
}

/** Accepted and answered questions for signed-in staff, 50 a page, by votes or newest first. */
export function listColleagueQuestions(db: DbOrTx, actor: QuestionActor, key: QuestionKey, filters: ColleagueFilters): ColleagueList {
  const where = colleagueFilter(db, filters);
  const total = db.select({ n: count() }).from(questions).where(where).get()?.n ?? 0;
  const pageCount = Math.max(1, Math.ceil(total / QUESTIONS_PER_PAGE));
  const linked = filters.frage === undefined ? null : pageOfQuestion(db, where, filters.sort, filters.frage);
  const page = Math.min(linked ?? filters.page, pageCount);
  const order = filters.sort === "votes" ? [desc(voteCount), desc(questions.id)] : [desc(questions.id)];
  // The page's ids first, from the questions table alone (an index), and only then the joins
  // for those 50: joining every visible question before sorting grew with the history.
  const pageIds = db
    .select({ id: questions.id })
    .from(questions)
    .where(where)
    .orderBy(...order)
    .limit(QUESTIONS_PER_PAGE)
    .offset((page - 1) * QUESTIONS_PER_PAGE)
    .all()
    .map((row) => row.id);
  const votedByMe = sql<number>`exists (select 1 from ${questionVotes} where ${questionVotes.questionId} = ${questions.id} and ${questionVotes.userId} = ${actor.id})`;
  const rows = withPlaceJoins(
    db
      .select({
        id: questions.id,
        text: questions.text,
        status: questions.status,
        anonymous: questions.anonymous,
        answer: questions.answer,
        answeredHow: questions.answeredHow,
        // Read only to tell the viewer which questions are theirs; dropped below.
        authorId: questions.authorId,
        authorKey: questions.authorKey,
        authorSalt: questions.authorSalt,
        // The join condition keeps a name away from anonymous questions even if a row had both.
        authorName: users.displayName,
        votes: voteCount,
        votedByMe,
        ...placeColumns,
      })
      .from(questions)
      .leftJoin(users, and(eq(users.id, questions.authorId), eq(questions.anonymous, false))),
  )
    .where(inArray(questions.id, pageIds))
    .orderBy(...order)
    .all() as (PlaceRow & {
    id: number;
    text: string;
    status: QuestionStatus;
    anonymous: boolean;
    answer: string | null;
    answeredHow: "in_session" | "written" | null;
    authorId: number | null;
    authorKey: string | null;
    authorSalt: string | null;
    authorName: string | null;
    votes: number;
    votedByMe: number;
  })[];
  const items = rows.map((row): ColleagueQuestion => {
    const { place, section } = placeOf(row);
    return {
      id: row.id,
      text: row.text,
      status: row.status,
      statusLabel: QUESTION_STATUS_LABELS[row.status],
      authorName: row.anonymous ? null : row.authorName || null,
      votes: row.votes,
      votedByMe: !!row.votedByMe,
      mine: isAuthor(key, row, actor.id),
      section,
      place,
      answerHtml: row.status === "answered" && row.answer ? renderMarkdown(row.answer) : null,
      answeredHow: row.status === "answered" ? row.answeredHow : null,
    };
  });
  return { items, total, page, pageCount };
}

/**
 * Accepted and answered questions per section anchor, for the agreement page (its
 * `countAcceptedQuestionsBySection` hook); by anchor like the list's filter, so a question
 * filed under § 6 of an earlier version counts under § 6. Link: /questions?section=<anchor>.
 */
export function countColleagueQuestionsBySection(db: DbOrTx): Record<string, number> {
  const rows = db
    .select({ anchor: agreementSections.anchor, n: count() })
    .from(questions)
    .innerJoin(agreementSections, eq(agreementSections.id, questions.sectionId))
    .where(inArray(questions.status, [...VISIBLE_STATUSES]))
    .groupBy(agreementSections.anchor)
    .all();
  return Object.fromEntries(rows.map((row) => [row.anchor, row.n]));
}
