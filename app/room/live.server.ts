// "Fragen im Termin" on the phone (issue 14, decision 016): people with a seat send a question
// in one step and upvote others while the facilitator has the live phase open. Anonymity holds
// as before the session (decision 011): an anonymous live question has no author id, only the
// per-question keyed value; its times are kept to the hour; no audit entry and no mail names
// it; and the per-minute limit is counted by a keyed value that no question row carries.
import { and, desc, asc, eq, inArray, lt, or, sql } from "drizzle-orm";
import { writeAudit } from "~/lib/audit.server";
import { schema, type DbOrTx } from "~/lib/db.server";
import { isAuthor, type QuestionKey, newAuthorKey } from "~/questions/author-key.server";
import { toTheHour } from "~/questions/rules";
import { activeRegistration } from "~/registrations/reads.server";
import { createHmac } from "node:crypto";
import { LIVE_PER_MINUTE, type LivePhase, livePhase, rateMinute, visibleOnPhones } from "./rules";
import { managesSession, type RoomActor, sessionByLiveCode } from "./room.server";

const { questions, questionVotes, liveQuestionRate, sessions } = schema;

export type LiveClock = { key: QuestionKey; now: Date };

/** A seat that is the person's own (as for the online link): confirmed or attended. */
const SEAT_FOR_LIVE = ["confirmed", "attended"];

function mayTakePart(tx: DbOrTx, actor: RoomActor, sessionId: number): boolean {
  const place = activeRegistration(tx, sessionId, actor.id);
  if (place && SEAT_FOR_LIVE.includes(place.status)) return true;
  return managesSession(tx, actor, sessionId);
}

export type LiveQuestion = {
  id: number;
  text: string;
  votes: number;
  votedByMe: boolean;
  own: boolean;
  answered: boolean;
  pending: boolean;
};

export type LivePage =
  | { ok: false; reason: "not_found" }
  | {
      ok: true;
      session: { id: number; seriesTitle: string; startsAt: Date; endsAt: Date };
      code: string;
      phase: LivePhase;
      mode: "moderated" | "open";
      access: "signed_out" | "no_seat" | "participant";
      questions: LiveQuestion[];
      /** The person's own questions that wait for the facilitator (moderated mode). */
      ownWaiting: number;
    };

/** The phone page: the session, whether the phase is open, and the questions colleagues see. */
export function livePage(db: DbOrTx, viewer: RoomActor | null, code: string, key: QuestionKey, now: Date): LivePage {
  const session = sessionByLiveCode(db, code);
  if (!session) return { ok: false, reason: "not_found" };
  const base = {
    ok: true as const,
    session: { id: session.id, seriesTitle: session.seriesTitle, startsAt: session.startsAt, endsAt: session.endsAt },
    code,
    phase: livePhase(session, now),
    mode: session.liveMode,
  };
  if (!viewer) return { ...base, access: "signed_out", questions: [], ownWaiting: 0 };
  if (!mayTakePart(db, viewer, session.id)) return { ...base, access: "no_seat", questions: [], ownWaiting: 0 };
  const rows = db
    .select({
      id: questions.id,
      text: questions.text,
      status: questions.status,
      source: questions.source,
      votes: questions.voteCount,
      anonymous: questions.anonymous,
      authorId: questions.authorId,
      authorKey: questions.authorKey,
      authorSalt: questions.authorSalt,
      votedByMe: sql<number>`exists (select 1 from ${questionVotes} v where v.question_id = ${questions.id} and v.user_id = ${viewer.id})`,
    })
    .from(questions)
    .where(
      and(
        eq(questions.sessionId, session.id),
        or(inArray(questions.status, ["accepted", "answered"]), and(eq(questions.status, "submitted"), eq(questions.source, "live"))),
      ),
    )
    .orderBy(desc(questions.voteCount), asc(questions.id))
    .all();
  let ownWaiting = 0;
  const listed: LiveQuestion[] = [];
  for (const row of rows) {
    // The keyed values are read only to mark the viewer's own and never leave the server.
    const own = isAuthor(key, row, viewer.id);
    if (!visibleOnPhones(row, session.liveMode)) {
      if (own) ownWaiting++;
      continue;
    }
    listed.push({
      id: row.id,
      text: row.text,
      votes: row.votes,
      votedByMe: !!row.votedByMe,
      own,
      answered: row.status === "answered",
      pending: row.status === "submitted",
    });
  }
  return { ...base, access: "participant", questions: listed, ownWaiting };
}

export type LiveRefusal = "not_found" | "phase" | "no_seat" | "rate_limited" | "not_visible" | "own";
export type LiveResult = { ok: true; questionId?: number } | { ok: false; reason: LiveRefusal };

export const LIVE_REFUSALS: Record<Exclude<LiveRefusal, "not_found">, string> = {
  phase: "„Fragen im Termin“ ist für diesen Termin nicht geöffnet. Ihre Frage wurde nicht gesendet.",
  no_seat: "Fragen im Termin können Personen senden, die einen Platz in diesem Termin haben.",
  rate_limited: `Sie haben in der letzten Minute bereits ${LIVE_PER_MINUTE} Fragen gesendet. Bitte warten Sie einen Moment und senden Sie dann erneut.`,
  not_visible: "Für diese Frage kann nicht abgestimmt werden.",
  own: "Für Ihre eigene Frage können Sie nicht abstimmen.",
};

export function rateKey(key: QuestionKey, userId: number, sessionId: number, minute: number): string {
  return createHmac("sha256", key).update(`live-rate:${userId}:${sessionId}:${minute}`).digest("base64url");
}

/** Counts one more live question in this minute, or refuses the sixth. Earlier minutes are deleted. */
function takeFromLiveRate(tx: DbOrTx, key: QuestionKey, userId: number, sessionId: number, now: Date): boolean {
  const minute = rateMinute(now);
  tx.delete(liveQuestionRate).where(lt(liveQuestionRate.minute, minute)).run();
  const keyedValue = rateKey(key, userId, sessionId, minute);
  const row = tx
    .select({ count: liveQuestionRate.count })
    .from(liveQuestionRate)
    .where(and(eq(liveQuestionRate.keyedValue, keyedValue), eq(liveQuestionRate.minute, minute)))
    .get();
  if ((row?.count ?? 0) >= LIVE_PER_MINUTE) return false;
  tx.insert(liveQuestionRate)
    .values({ keyedValue, minute, count: 1 })
    .onConflictDoUpdate({
      target: [liveQuestionRate.keyedValue, liveQuestionRate.minute],
      set: { count: sql`${liveQuestionRate.count} + 1` },
    })
    .run();
  return true;
}

function openSessionFor(tx: DbOrTx, actor: RoomActor, code: string, now: Date) {
  const session = sessionByLiveCode(tx, code);
  if (!session) return { ok: false as const, reason: "not_found" as const };
  if (livePhase(session, now) !== "open") return { ok: false as const, reason: "phase" as const };
  if (!mayTakePart(tx, actor, session.id)) return { ok: false as const, reason: "no_seat" as const };
  return { ok: true as const, session };
}

/** One step from the phone: the text, anonymous unless the person unticks it. */
export function submitLiveQuestion(
  db: DbOrTx,
  actor: RoomActor,
  clock: LiveClock,
  input: { code: string; text: string; anonymous: boolean },
): LiveResult {
  return db.transaction(
    (tx): LiveResult => {
      const found = openSessionFor(tx, actor, input.code, clock.now);
      if (!found.ok) return found;
      if (!takeFromLiveRate(tx, clock.key, actor.id, found.session.id, clock.now)) return { ok: false, reason: "rate_limited" };
      const hour = toTheHour(clock.now);
      const author = input.anonymous ? { authorId: null, ...newAuthorKey(clock.key, actor.id) } : { authorId: actor.id };
      const question = tx
        .insert(questions)
        .values({
          sessionId: found.session.id,
          text: input.text,
          anonymous: input.anonymous,
          ...author,
          status: "submitted",
          source: "live",
          createdAt: hour,
          updatedAt: hour,
        })
        .returning({ id: questions.id })
        .get();
      // Only named questions: for an anonymous one the entry itself would be the link (decision 011).
      if (!input.anonymous) {
        writeAudit(tx, { actorId: actor.id, action: "question_submitted", subjectType: "question", subjectId: question.id, at: clock.now });
      }
      return { ok: true, questionId: question.id };
    },
    { behavior: "immediate" },
  );
}

/** An upvote from the phone (or taking it back); never on one's own question. */
export function voteLive(
  db: DbOrTx,
  actor: RoomActor,
  clock: LiveClock,
  input: { code: string; questionId: number; takeBack: boolean },
): LiveResult {
  return db.transaction(
    (tx): LiveResult => {
      const found = openSessionFor(tx, actor, input.code, clock.now);
      if (!found.ok) return found;
      const question = tx
        .select()
        .from(questions)
        .where(and(eq(questions.id, input.questionId), eq(questions.sessionId, found.session.id)))
        .get();
      if (!question || !visibleOnPhones(question, found.session.liveMode)) return { ok: false, reason: "not_visible" };
      if (input.takeBack) {
        tx.delete(questionVotes)
          .where(and(eq(questionVotes.questionId, question.id), eq(questionVotes.userId, actor.id)))
          .run();
        return { ok: true };
      }
      if (isAuthor(clock.key, question, actor.id)) return { ok: false, reason: "own" };
      tx.insert(questionVotes).values({ questionId: question.id, userId: actor.id, createdAt: clock.now }).onConflictDoNothing().run();
      return { ok: true };
    },
    { behavior: "immediate" },
  );
}

/**
 * The change counter the phones poll: one indexed row, no sign-in read. It tells only that
 * something changed, never what, so it needs no more than the code.
 */
export function liveVersionByCode(db: DbOrTx, code: string, now: Date): string | null {
  const row = db
    .select({
      id: sessions.id,
      version: sessions.liveVersion,
      startsAt: sessions.startsAt,
      endsAt: sessions.endsAt,
      status: sessions.status,
      calledOffAt: sessions.calledOffAt,
      liveOpenedAt: sessions.liveOpenedAt,
      liveClosedAt: sessions.liveClosedAt,
    })
    .from(sessions)
    .where(eq(sessions.liveCode, code))
    .get();
  if (!row || row.status === "draft") return null;
  return `"s${row.id}-v${row.version}-${livePhase(row, now)}"`;
}

/** For the session page: the live link for people with a seat (and the facilitators) while the phase is open. */
export function liveLinkFor(db: DbOrTx, viewer: RoomActor | null, sessionId: number, now: Date): string | null {
  if (!viewer) return null;
  const session = db
    .select({
      liveCode: sessions.liveCode,
      startsAt: sessions.startsAt,
      endsAt: sessions.endsAt,
      status: sessions.status,
      calledOffAt: sessions.calledOffAt,
      liveOpenedAt: sessions.liveOpenedAt,
      liveClosedAt: sessions.liveClosedAt,
    })
    .from(sessions)
    .where(eq(sessions.id, sessionId))
    .get();
  if (!session?.liveCode || livePhase(session, now) !== "open") return null;
  return mayTakePart(db, viewer, sessionId) ? `/s/${session.liveCode}` : null;
}
