// The facilitator's side of issue 14 (decision 016): the running order of a session's accepted
// questions, marking them answered in the session or to follow up, the presenter view's data,
// and opening and closing "Fragen im Termin". Only the session's facilitators and admins; each
// change checks and writes in one immediate transaction, with an audit entry that names the
// acting facilitator and never an author.
import { and, eq, inArray, ne, type SQL, sql } from "drizzle-orm";
import { randomBytes } from "node:crypto";
import { writeAudit } from "~/lib/audit.server";
import { schema, type DbOrTx } from "~/lib/db.server";
import { mailAnswered, type OutcomeClock } from "~/questions/outcome.server";
import { IN_SESSION_NOTE_MAX } from "~/questions/review.schema";
import { listSectionOptions } from "~/questions/review.server";
import { toTheHour } from "~/questions/rules";
import { reindexQuestion } from "~/search/index.server";
import type { LiveMode, QuestionStatus } from "~db/schema";
import { encodeQr, qrSvgPath } from "./qr";
import {
  type LivePhase,
  livePhase,
  liveCodeFrom,
  mayOpenLive,
  moveWithinSection,
  presenterIndex,
  RUNNING_ORDER_STATUSES,
  sortRunningOrder,
} from "./rules";

const { sessions, series, sessionFacilitators, questions, agreementSections } = schema;

/** Who acts: a signed-in person with their roles. */
export type RoomActor = { id: number; roles: readonly string[] };
export type RoomRefusal = "not_found" | "forbidden";

type SessionRow = {
  id: number;
  seriesTitle: string;
  startsAt: Date;
  endsAt: Date;
  status: string;
  format: string;
  place: string;
  room: string;
  calledOffAt: Date | null;
  liveCode: string | null;
  liveMode: LiveMode;
  liveOpenedAt: Date | null;
  liveClosedAt: Date | null;
  liveVersion: number;
};

function selectSession(tx: DbOrTx, where: SQL): SessionRow | undefined {
  return tx
    .select({
      id: sessions.id,
      seriesTitle: series.title,
      startsAt: sessions.startsAt,
      endsAt: sessions.endsAt,
      status: sessions.status,
      format: sessions.format,
      place: sessions.place,
      room: sessions.room,
      calledOffAt: sessions.calledOffAt,
      liveCode: sessions.liveCode,
      liveMode: sessions.liveMode,
      liveOpenedAt: sessions.liveOpenedAt,
      liveClosedAt: sessions.liveClosedAt,
      liveVersion: sessions.liveVersion,
    })
    .from(sessions)
    .innerJoin(series, eq(series.id, sessions.seriesId))
    .where(and(where, ne(sessions.status, "draft")))
    .get();
}

export function sessionByLiveCode(tx: DbOrTx, code: string): SessionRow | undefined {
  return selectSession(tx, eq(sessions.liveCode, code));
}

/** Admins, and facilitators of this very session. */
export function managesSession(tx: DbOrTx, actor: RoomActor, sessionId: number): boolean {
  if (actor.roles.includes("admin")) return true;
  return !!tx
    .select({ userId: sessionFacilitators.userId })
    .from(sessionFacilitators)
    .where(and(eq(sessionFacilitators.sessionId, sessionId), eq(sessionFacilitators.userId, actor.id)))
    .get();
}

/** The session, if it exists (drafts do not here) and the person may run it. */
function managedSession(
  tx: DbOrTx,
  actor: RoomActor,
  sessionId: number,
): { ok: true; session: SessionRow } | { ok: false; reason: RoomRefusal } {
  const session = selectSession(tx, eq(sessions.id, sessionId));
  if (!session) return { ok: false, reason: "not_found" };
  if (!managesSession(tx, actor, sessionId)) return { ok: false, reason: "forbidden" };
  return { ok: true, session };
}

export type RunningItem = {
  id: number;
  text: string;
  sectionId: number | null;
  sectionLabel: string;
  votes: number;
  runningPosition: number | null;
  status: QuestionStatus;
  answeredHow: "in_session" | "written" | null;
  followUp: boolean;
  /** The note ("im Termin beantwortet") or the written answer. */
  answer: string | null;
  live: boolean;
};

export const UNFILED_LABEL = "Ohne Abschnitt";
/** Live questions waiting for review listed on the running order; the rest are in /facilitate. */
export const WAITING_LIVE_SHOWN = 20;

function runningItems(tx: DbOrTx, sessionId: number): RunningItem[] {
  const sectionOrder = listSectionOptions(tx).map((s) => s.id);
  const rows = tx
    .select({
      id: questions.id,
      text: questions.text,
      sectionId: questions.sectionId,
      sectionNumber: agreementSections.number,
      sectionTitle: agreementSections.title,
      votes: questions.voteCount,
      runningPosition: questions.runningPosition,
      status: questions.status,
      answeredHow: questions.answeredHow,
      followUp: questions.followUp,
      answer: questions.answer,
      source: questions.source,
    })
    .from(questions)
    .leftJoin(agreementSections, eq(agreementSections.id, questions.sectionId))
    .where(and(eq(questions.sessionId, sessionId), inArray(questions.status, [...RUNNING_ORDER_STATUSES])))
    .all();
  const items = rows.map(
    (row): RunningItem => ({
      id: row.id,
      text: row.text,
      sectionId: row.sectionId,
      sectionLabel: row.sectionId ? [row.sectionNumber, row.sectionTitle].filter(Boolean).join(" ") || "Abschnitt" : UNFILED_LABEL,
      votes: row.votes,
      runningPosition: row.runningPosition,
      status: row.status,
      answeredHow: row.answeredHow,
      followUp: row.followUp,
      answer: row.answer,
      live: row.source === "live",
    }),
  );
  return sortRunningOrder(items, sectionOrder);
}

export type RunningGroup = { sectionId: number | null; label: string; items: RunningItem[] };

function grouped(items: RunningItem[]): RunningGroup[] {
  const groups: RunningGroup[] = [];
  for (const item of items) {
    const last = groups.at(-1);
    if (last && last.sectionId === item.sectionId) last.items.push(item);
    else groups.push({ sectionId: item.sectionId, label: item.sectionLabel, items: [item] });
  }
  return groups;
}

export type LiveInfo = { phase: LivePhase; code: string | null; mode: LiveMode; mayOpen: boolean };

function liveInfo(session: SessionRow, now: Date): LiveInfo {
  return { phase: livePhase(session, now), code: session.liveCode, mode: session.liveMode, mayOpen: mayOpenLive(session, now) };
}

function sessionFacts(session: SessionRow) {
  return {
    id: session.id,
    seriesTitle: session.seriesTitle,
    startsAt: session.startsAt,
    endsAt: session.endsAt,
    format: session.format,
    place: session.place,
    room: session.room,
    cancelled: session.status === "cancelled",
    calledOff: !!session.calledOffAt,
  };
}

/** "Ablauf": the running order page's data. */
export function runningOrder(db: DbOrTx, actor: RoomActor, sessionId: number, now: Date) {
  const found = managedSession(db, actor, sessionId);
  if (!found.ok) return found;
  const { session } = found;
  const items = runningItems(db, sessionId);
  const waiting =
    db
      .select({ n: sql<number>`count(*)` })
      .from(questions)
      .where(and(eq(questions.sessionId, sessionId), eq(questions.status, "submitted")))
      .get()?.n ?? 0;
  // During the session, new questions from the room can be accepted right here (oldest first).
  const waitingLive = db
    .select({ id: questions.id, text: questions.text })
    .from(questions)
    .where(and(eq(questions.sessionId, sessionId), eq(questions.status, "submitted"), eq(questions.source, "live")))
    .orderBy(questions.id)
    .limit(WAITING_LIVE_SHOWN)
    .all();
  return {
    ok: true as const,
    session: sessionFacts(session),
    groups: grouped(items),
    counts: {
      total: items.length,
      answeredInSession: items.filter((i) => i.status === "answered" && i.answeredHow === "in_session").length,
      answeredInWriting: items.filter((i) => i.status === "answered" && i.answeredHow !== "in_session").length,
      followUp: items.filter((i) => i.status === "accepted" && i.followUp).length,
      open: items.filter((i) => i.status === "accepted" && !i.followUp).length,
    },
    waiting,
    waitingLive,
    live: liveInfo(session, now),
    started: session.startsAt <= now,
    ended: session.endsAt <= now,
  };
}

/** The presenter view: one question of the running order, the next three, time and the live link. */
export function presenterView(db: DbOrTx, actor: RoomActor, sessionId: number, rawIndex: string | null, now: Date, appUrl: string) {
  const found = managedSession(db, actor, sessionId);
  if (!found.ok) return found;
  const { session } = found;
  const items = runningItems(db, sessionId).map((item) => ({
    id: item.id,
    text: item.text,
    sectionLabel: item.sectionLabel,
    votes: item.votes,
    answered: item.status === "answered",
  }));
  const index = presenterIndex(rawIndex, items.length);
  const live = liveInfo(session, now);
  const liveUrl = live.phase === "open" && live.code ? `${appUrl}/s/${live.code}` : null;
  return {
    ok: true as const,
    session: sessionFacts(session),
    count: items.length,
    index,
    current: items[index - 1] ?? null,
    next: items.slice(index, index + 3),
    live: liveUrl
      ? { url: liveUrl, shortUrl: liveUrl.replace(/^https?:\/\//, ""), code: live.code!, qr: qrSvgPath(encodeQr(liveUrl)) }
      : null,
  };
}

export type RoomResult = { ok: true } | { ok: false; reason: RoomRefusal | "invalid_state" | "empty" | "not_open_time" };

function immediate<T>(db: DbOrTx, fn: (tx: DbOrTx) => T): T {
  return db.transaction((tx) => fn(tx), { behavior: "immediate" });
}

function sessionQuestion(tx: DbOrTx, sessionId: number, questionId: number) {
  return tx
    .select()
    .from(questions)
    .where(and(eq(questions.id, questionId), eq(questions.sessionId, sessionId)))
    .get();
}

function audit(
  tx: DbOrTx,
  actor: RoomActor,
  action: string,
  subjectType: string,
  subjectId: number,
  details: Record<string, unknown>,
  now: Date,
) {
  writeAudit(tx, { actorId: actor.id, action, subjectType, subjectId, details, at: now });
}

/** Moves a question one place up or down within its section of the running order. */
export function moveQuestion(
  db: DbOrTx,
  actor: RoomActor,
  input: { sessionId: number; questionId: number; direction: "up" | "down" },
  now: Date,
): RoomResult {
  return immediate(db, (tx): RoomResult => {
    const found = managedSession(tx, actor, input.sessionId);
    if (!found.ok) return found;
    const items = runningItems(tx, input.sessionId);
    const moved = items.find((item) => item.id === input.questionId);
    if (!moved) return { ok: false, reason: sessionQuestion(tx, input.sessionId, input.questionId) ? "invalid_state" : "not_found" };
    const section = items.filter((item) => item.sectionId === moved.sectionId).map((item) => item.id);
    const order = moveWithinSection(section, moved.id, input.direction);
    if (!order) return { ok: true };
    order.forEach((id, index) => {
      tx.update(questions)
        .set({ runningPosition: index + 1 })
        .where(eq(questions.id, id))
        .run();
    });
    audit(tx, actor, "question_moved", "question", moved.id, { direction: input.direction }, now);
    return { ok: true };
  });
}

/**
 * "Im Termin beantwortet": the short note becomes the question's answer (the summary's draft).
 * The first answer tells the named author, as every answer does (decision 012); anonymous
 * authors get no mail.
 */
export function markAnsweredInSession(
  db: DbOrTx,
  actor: RoomActor,
  input: { sessionId: number; questionId: number; note: string },
  clock: OutcomeClock,
): RoomResult {
  const note = input.note.trim();
  if (!note || note.length > IN_SESSION_NOTE_MAX) return { ok: false, reason: "empty" };
  return immediate(db, (tx): RoomResult => {
    const found = managedSession(tx, actor, input.sessionId);
    if (!found.ok) return found;
    const q = sessionQuestion(tx, input.sessionId, input.questionId);
    if (!q) return { ok: false, reason: "not_found" };
    if (q.status !== "accepted" && !(q.status === "answered" && q.answeredHow === "in_session"))
      return { ok: false, reason: "invalid_state" };
    tx.update(questions)
      .set({
        status: "answered",
        answer: note,
        answeredHow: "in_session",
        followUp: false,
        reviewedById: actor.id,
        reviewedAt: clock.now,
        updatedAt: toTheHour(clock.now),
      })
      .where(eq(questions.id, q.id))
      .run();
    audit(
      tx,
      actor,
      q.status === "answered" ? "question_answer_changed" : "question_answered",
      "question",
      q.id,
      { from: q.status, to: "answered", answeredHow: "in_session", anonymous: q.anonymous },
      clock.now,
    );
    // The note is the answer colleagues find by search, as a written answer is.
    reindexQuestion(tx, q.id);
    if (q.status !== "answered") mailAnswered(tx, { ...q, answer: note, answeredHow: "in_session" }, clock);
    return { ok: true };
  });
}

/** "Nachreichen" (or back to open): only an accepted question. */
export function markFollowUp(
  db: DbOrTx,
  actor: RoomActor,
  input: { sessionId: number; questionId: number; followUp: boolean },
  now: Date,
): RoomResult {
  return immediate(db, (tx): RoomResult => {
    const found = managedSession(tx, actor, input.sessionId);
    if (!found.ok) return found;
    const q = sessionQuestion(tx, input.sessionId, input.questionId);
    if (!q) return { ok: false, reason: "not_found" };
    if (q.status !== "accepted") return { ok: false, reason: "invalid_state" };
    if (q.followUp === input.followUp) return { ok: true };
    tx.update(questions)
      .set({ followUp: input.followUp, reviewedById: actor.id, reviewedAt: now, updatedAt: toTheHour(now) })
      .where(eq(questions.id, q.id))
      .run();
    audit(tx, actor, "question_follow_up", "question", q.id, { followUp: input.followUp, anonymous: q.anonymous }, now);
    return { ok: true };
  });
}

function bumpLiveVersion() {
  return sql`${sessions.liveVersion} + 1`;
}

/** A code no other session has; checked inside the transaction that stores it. */
function freshLiveCode(tx: DbOrTx): string {
  for (;;) {
    const code = liveCodeFrom(randomBytes(8));
    if (!tx.select({ id: sessions.id }).from(sessions).where(eq(sessions.liveCode, code)).get()) return code;
  }
}

/** Opens "Fragen im Termin" (again), in the chosen mode; the code stays the same for the session. */
export function openLivePhase(db: DbOrTx, actor: RoomActor, input: { sessionId: number; mode: LiveMode }, now: Date): RoomResult {
  return immediate(db, (tx): RoomResult => {
    const found = managedSession(tx, actor, input.sessionId);
    if (!found.ok) return found;
    if (!mayOpenLive(found.session, now)) return { ok: false, reason: "not_open_time" };
    tx.update(sessions)
      .set({
        liveCode: found.session.liveCode ?? freshLiveCode(tx),
        liveMode: input.mode,
        liveOpenedAt: now,
        liveClosedAt: null,
        liveVersion: bumpLiveVersion(),
      })
      .where(eq(sessions.id, input.sessionId))
      .run();
    audit(tx, actor, "live_opened", "session", input.sessionId, { mode: input.mode }, now);
    return { ok: true };
  });
}

/** Switches between "moderiert" and "offen" while the phase runs. */
export function setLiveMode(db: DbOrTx, actor: RoomActor, input: { sessionId: number; mode: LiveMode }, now: Date): RoomResult {
  return immediate(db, (tx): RoomResult => {
    const found = managedSession(tx, actor, input.sessionId);
    if (!found.ok) return found;
    if (found.session.liveMode === input.mode) return { ok: true };
    tx.update(sessions).set({ liveMode: input.mode, liveVersion: bumpLiveVersion() }).where(eq(sessions.id, input.sessionId)).run();
    audit(tx, actor, "live_mode_set", "session", input.sessionId, { from: found.session.liveMode, to: input.mode }, now);
    return { ok: true };
  });
}

/** Closes "Fragen im Termin" by hand (it closes by itself at the session's end). */
export function closeLivePhase(db: DbOrTx, actor: RoomActor, input: { sessionId: number }, now: Date): RoomResult {
  return immediate(db, (tx): RoomResult => {
    const found = managedSession(tx, actor, input.sessionId);
    if (!found.ok) return found;
    if (livePhase(found.session, now) !== "open") return { ok: false, reason: "invalid_state" };
    tx.update(sessions).set({ liveClosedAt: now, liveVersion: bumpLiveVersion() }).where(eq(sessions.id, input.sessionId)).run();
    audit(tx, actor, "live_closed", "session", input.sessionId, {}, now);
    return { ok: true };
  });
}

/** The change counter the facilitator's pages poll (only for those who run the session). */
export function facilitatorLiveVersion(db: DbOrTx, actor: RoomActor, sessionId: number, now: Date) {
  const found = managedSession(db, actor, sessionId);
  if (!found.ok) return found;
  return { ok: true as const, tag: `"s${sessionId}-v${found.session.liveVersion}-${livePhase(found.session, now)}"` };
}
