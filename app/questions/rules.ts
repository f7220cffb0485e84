// Pure rules of questions: states, what each state reads like, and who may still change one.
import type { QuestionStatus } from "~db/schema";

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
