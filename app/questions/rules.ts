// Pure rules of questions: states, what each state reads like, and who may still change one.
import type { QuestionStatus, RegistrationStatus } from "~db/schema";
import { toBerlinInputValue } from "~/lib/dates";

/** States a question moves through: submitted → accepted → answered; or rejected, merged, withdrawn. */
export const QUESTION_STATUS_LABELS: Record<QuestionStatus, string> = {
  submitted: "Eingereicht – wird geprüft",
  accepted: "Angenommen",
  answered: "Beantwortet",
  rejected: "Nicht angenommen",
  merged: "Mit einer gleichartigen Frage zusammengeführt",
  withdrawn: "Zurückgezogen",
};

export const QUESTION_TEXT_MIN = 10;
export const QUESTION_TEXT_MAX = 2000;
export const QUESTIONS_PER_DAY = 20;
/** Below this many people with a seat, the form warns that anonymity is weak. */
export const WEAK_ANONYMITY_BELOW = 5;

/** The author may edit or withdraw only until a facilitator has acted. */
export function authorMayChange(status: QuestionStatus): boolean {
  return status === "submitted";
}

/** Colleagues see accepted and answered questions only. */
export function visibleToColleagues(status: QuestionStatus): boolean {
  return status === "accepted" || status === "answered";
}

/** An anonymous question's times are kept to the hour, so they cannot be matched to other records. */
export function toTheHour(at: Date): Date {
  const hour = new Date(at);
  hour.setUTCMinutes(0, 0, 0);
  return hour;
}

/** Places in a session that let a person send in questions for it: a seat, an offer, or the waitlist. */
export const MAY_ASK_FOR_SESSION = ["confirmed", "offered", "waitlisted"] as const satisfies readonly RegistrationStatus[];

/** Whether the person may send in a question for this session (until it starts). */
export function maySubmitForSession(state: {
  registrationStatus: RegistrationStatus | null | undefined;
  sessionStarted: boolean;
  sessionCancelled: boolean;
}): boolean {
  if (state.sessionStarted || state.sessionCancelled || !state.registrationStatus) return false;
  return (MAY_ASK_FOR_SESSION as readonly string[]).includes(state.registrationStatus);
}

/** What a question is about: one session, a whole series, or the agreement in general. */
export type QuestionTarget = { kind: "session"; sessionId: number } | { kind: "series"; seriesId: number } | { kind: "general" };

/** The form value of a target: `session-12`, `series-3`, `general`. */
export function targetValue(target: QuestionTarget): string {
  if (target.kind === "session") return `session-${target.sessionId}`;
  if (target.kind === "series") return `series-${target.seriesId}`;
  return "general";
}

export function parseTargetValue(value: string): QuestionTarget | null {
  if (value === "general") return { kind: "general" };
  const match = /^(session|series)-([1-9]\d{0,15})$/.exec(value);
  if (!match) return null;
  const id = Number(match[2]);
  if (!Number.isSafeInteger(id)) return null;
  return match[1] === "session" ? { kind: "session", sessionId: id } : { kind: "series", seriesId: id };
}

/** The day the daily limit counts in: the calendar day in Berlin, "2026-03-03". */
export function quotaDay(now: Date): string {
  return toBerlinInputValue(now).slice(0, 10);
}

/**
 * The state the author reads on /me. A merged question has no outcome of its own: it shares
 * the outcome of the question it was merged into.
 */
export function ownStatusLabel(status: QuestionStatus, mergedIntoStatus: QuestionStatus | null): string {
  if (status !== "merged" || !mergedIntoStatus) return QUESTION_STATUS_LABELS[status];
  if (mergedIntoStatus === "answered") return "Mit einer gleichartigen Frage zusammengeführt – beantwortet";
  if (mergedIntoStatus === "accepted") return "Mit einer gleichartigen Frage zusammengeführt – angenommen";
  if (mergedIntoStatus === "rejected") return "Mit einer gleichartigen Frage zusammengeführt – nicht angenommen";
  return QUESTION_STATUS_LABELS.merged;
}

/** Colleagues' list: 50 per page. */
export const QUESTIONS_PER_PAGE = 50;
export const QUESTION_SORTS = ["votes", "date"] as const;
export type QuestionSort = (typeof QUESTION_SORTS)[number];
export const QUESTION_SORT_LABELS: Record<QuestionSort, string> = { votes: "Meiste Stimmen zuerst", date: "Neueste zuerst" };

/** Expected refusals of the staff side, in the words the person reads. */
export const QUESTION_REFUSALS = {
  not_found: "Diesen Termin oder diese Veranstaltungsreihe gibt es nicht.",
  no_place: "Fragen zu diesem Termin können Personen einreichen, die einen Platz haben oder auf der Warteliste stehen.",
  started:
    "Dieser Termin hat bereits begonnen. Fragen vorab sind nicht mehr möglich; Sie können eine Frage zur Veranstaltungsreihe einreichen.",
  cancelled: "Dieser Termin ist abgesagt. Sie können eine Frage zur Veranstaltungsreihe oder eine allgemeine Frage einreichen.",
  section: "Diesen Abschnitt gibt es in der geltenden Fassung der Dienstvereinbarung nicht. Bitte wählen Sie erneut.",
  daily_limit: `Sie haben heute bereits ${QUESTIONS_PER_DAY} Fragen eingereicht. Ab morgen können Sie weitere einreichen.`,
  question_not_found: "Diese Frage gibt es nicht, oder sie ist nicht Ihre.",
  acted: "Die Moderation hat diese Frage bereits bearbeitet; sie lässt sich nicht mehr ändern oder zurückziehen.",
  not_visible: "Für diese Frage kann nicht abgestimmt werden.",
  own: "Für Ihre eigene Frage können Sie nicht abstimmen.",
} as const;
export type QuestionRefusal = keyof typeof QUESTION_REFUSALS;
