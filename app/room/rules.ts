// Pure rules of issue 14, "in the room" (decision 016): the running order, the live phase
// ("Fragen im Termin"), the presenter's position and the live limits. No I/O here.
import type { LiveMode, QuestionStatus } from "~db/schema";

/** Questions a person may send from the phone per minute and session. */
export const LIVE_PER_MINUTE = 5;
/** The live phase may be opened this long before the start (to set up the projector). */
export const LIVE_OPENS_BEFORE_MS = 30 * 60_000;
/** How often the live pages ask whether anything changed. */
export const LIVE_POLL_MS = 5_000;
/** Characters of a live question (as before the session: decision 011). */
export const LIVE_TEXT_MIN = 10;
export const LIVE_TEXT_MAX = 2000;

export const LIVE_MODE_LABELS: Record<LiveMode, string> = {
  moderated: "moderiert (Fragen erscheinen nach Freigabe)",
  open: "offen (Fragen erscheinen sofort auf den Telefonen)",
};

/** Letters and digits that cannot be mistaken for each other when read off a projector. */
const CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
export const LIVE_CODE_LENGTH = 6;

/** A live code from random bytes (one per letter). */
export function liveCodeFrom(bytes: Uint8Array): string {
  let code = "";
  for (let i = 0; i < LIVE_CODE_LENGTH; i++) code += CODE_ALPHABET[bytes[i]! % CODE_ALPHABET.length];
  return code;
}

/** What a typed code looks like: case and spaces do not matter. */
export function normaliseLiveCode(value: string): string | null {
  const code = value.replace(/\s+/g, "").toUpperCase();
  return new RegExp(`^[${CODE_ALPHABET}]{${LIVE_CODE_LENGTH}}$`).test(code) ? code : null;
}

export type LivePhase = "not_opened" | "open" | "closed" | "ended";

export type LiveState = {
  startsAt: Date;
  endsAt: Date;
  status: string;
  calledOffAt: Date | null;
  liveOpenedAt: Date | null;
  liveClosedAt: Date | null;
};

/** Whether the facilitator may open the live phase now: from shortly before the start until the end. */
export function mayOpenLive(session: LiveState, now: Date): boolean {
  return (
    session.status === "published" &&
    !session.calledOffAt &&
    now.getTime() >= session.startsAt.getTime() - LIVE_OPENS_BEFORE_MS &&
    now < session.endsAt
  );
}

/** The live phase closes by hand or, at the latest, at the session's end. */
export function livePhase(session: LiveState, now: Date): LivePhase {
  if (now >= session.endsAt || session.status !== "published" || session.calledOffAt) {
    return session.liveOpenedAt ? "ended" : "not_opened";
  }
  if (!session.liveOpenedAt) return "not_opened";
  if (session.liveClosedAt && session.liveClosedAt >= session.liveOpenedAt) return "closed";
  return "open";
}

export const LIVE_PHASE_MESSAGES: Record<Exclude<LivePhase, "open">, string> = {
  not_opened: "Die Moderation hat „Fragen im Termin“ für diesen Termin noch nicht geöffnet.",
  closed: "Die Moderation hat „Fragen im Termin“ geschlossen. Es können keine Fragen mehr gesendet werden.",
  ended: "Dieser Termin ist vorbei; „Fragen im Termin“ ist geschlossen.",
};

/** What colleagues' phones list: accepted and answered questions; in "offen" also new live ones. */
export function visibleOnPhones(question: { status: QuestionStatus; source: string }, mode: LiveMode): boolean {
  if (question.status === "accepted" || question.status === "answered") return true;
  return mode === "open" && question.status === "submitted" && question.source === "live";
}

/** The running order holds what the facilitator accepted: open, answered or to follow up. */
export const RUNNING_ORDER_STATUSES = ["accepted", "answered"] as const satisfies readonly QuestionStatus[];

export type OrderItem = {
  id: number;
  sectionId: number | null;
  votes: number;
  runningPosition: number | null;
};

/**
 * Sections in the agreement's order (unfiled last); within a section the facilitator's
 * positions first, then by votes, then by age (id).
 */
export function sortRunningOrder<T extends OrderItem>(items: T[], sectionOrder: number[]): T[] {
  const rank = new Map(sectionOrder.map((id, index) => [id, index]));
  const sectionRank = (item: T) => (item.sectionId === null ? Number.MAX_SAFE_INTEGER : (rank.get(item.sectionId) ?? sectionOrder.length));
  return [...items].sort(
    (a, b) =>
      sectionRank(a) - sectionRank(b) ||
      (a.runningPosition ?? Number.MAX_SAFE_INTEGER) - (b.runningPosition ?? Number.MAX_SAFE_INTEGER) ||
      b.votes - a.votes ||
      a.id - b.id,
  );
}

/**
 * Moves one question a step up or down within its section; returns the section's new order
 * (ids), or null when it cannot move that way.
 */
export function moveWithinSection(orderedIds: number[], id: number, direction: "up" | "down"): number[] | null {
  const at = orderedIds.indexOf(id);
  if (at === -1) return null;
  const to = direction === "up" ? at - 1 : at + 1;
  if (to < 0 || to >= orderedIds.length) return null;
  const result = [...orderedIds];
  result[at] = orderedIds[to]!;
  result[to] = id;
  return result;
}

/** The presenter's question number from `?q=`, 1-based, kept within the list. */
export function presenterIndex(raw: string | null, count: number): number {
  const n = raw && /^\d{1,6}$/.test(raw) ? Number(raw) : 1;
  if (count === 0) return 1;
  return Math.min(Math.max(n, 1), count);
}

function duration(minutes: number): string {
  if (minutes < 60) return `${minutes} Min.`;
  return `${Math.floor(minutes / 60)} Std. ${minutes % 60} Min.`;
}

/**
 * "noch 23 Min." until the end, or that the time is up; before the start (a facilitator
 * setting up the projector early) "beginnt in 12 Min." — a countdown to the end would mislead.
 */
export function timeLeftLabel(endsAt: Date, now: Date, startsAt?: Date): string {
  if (startsAt && now < startsAt) return `beginnt in ${duration(Math.ceil((startsAt.getTime() - now.getTime()) / 60_000))}`;
  const minutes = Math.ceil((endsAt.getTime() - now.getTime()) / 60_000);
  if (minutes <= 0) return "Zeit abgelaufen";
  return `noch ${duration(minutes)}`;
}

/** The minute the live limit counts in. */
export function rateMinute(now: Date): number {
  return Math.floor(now.getTime() / 60_000);
}

/** How a running-order item reads for the facilitator. */
export function runningStateLabel(item: { status: QuestionStatus; answeredHow: string | null; followUp: boolean }): string {
  if (item.status === "answered") return item.answeredHow === "in_session" ? "Im Termin beantwortet" : "Schriftlich beantwortet";
  if (item.followUp) return "Wird nachgereicht";
  return "Offen";
}
