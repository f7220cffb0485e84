// Pure rules of the Zusammenfassung (decision 013): which step a revision allows, what a
// publishable revision needs, and when an item refers to an earlier version of the agreement.
import type { SummaryRevisionStatus } from "~db/schema";

export const SETTING_COUNCIL_APPROVAL = "summaries.council_approval";

export const INTRO_MAX = 10_000;
export const ITEM_QUESTION_MIN = 5;
export const ITEM_QUESTION_MAX = 1_000;
export const ITEM_ANSWER_MAX = 10_000;
export const COUNCIL_COMMENT_MIN = 3;
export const COUNCIL_COMMENT_MAX = 2_000;

export const REVISION_STATUS_LABELS: Record<SummaryRevisionStatus, string> = {
  draft: "Entwurf",
  in_review: "zur Freigabe",
  approved: "freigegeben",
  published: "veröffentlicht",
  superseded: "ersetzt",
};

/** The revision being worked on: not yet published, not yet replaced. */
export const WORKING_STATUSES = ["draft", "in_review", "approved"] as const satisfies readonly SummaryRevisionStatus[];

export function isWorking(status: SummaryRevisionStatus): boolean {
  return (WORKING_STATUSES as readonly string[]).includes(status);
}

/** Text and items change only in a draft; while the council reads it, it stays as submitted. */
export function mayEdit(status: SummaryRevisionStatus): boolean {
  return status === "draft" || status === "approved";
}

/** Editing an approved revision takes the approval back: the council approved the text as it was. */
export function statusAfterEdit(status: SummaryRevisionStatus): SummaryRevisionStatus {
  return status === "approved" ? "draft" : status;
}

export function maySubmitForReview(status: SummaryRevisionStatus, councilApproval: boolean): boolean {
  return councilApproval && status === "draft";
}

export function mayDecide(status: SummaryRevisionStatus): boolean {
  return status === "in_review";
}

/**
 * With co-approval on, only an approved revision is published. Without it, any working
 * revision (one sent for review before the setting was switched off too).
 */
export function mayPublish(status: SummaryRevisionStatus, councilApproval: boolean): boolean {
  return councilApproval ? status === "approved" : isWorking(status);
}

export type PublishProblem = "empty" | "item_without_answer";

/** What a revision needs to be published: at least one item, each with an answer. */
export function publishProblem(items: { answer: string; questionText: string }[]): PublishProblem | null {
  if (items.length === 0) return "empty";
  if (items.some((item) => item.answer.trim() === "" || item.questionText.trim() === "")) return "item_without_answer";
  return null;
}

/** The text a section stands for: its body and its paragraphs, whitespace-insensitive. */
export function sectionText(section: { body: string; paragraphs: { number: number; body: string }[] }): string {
  return [section.body, ...section.paragraphs.map((p) => `(${p.number}) ${p.body}`)].join("\n").replace(/\s+/g, " ").trim();
}

/**
 * An item keeps the section of the version it was answered under. It is marked as referring
 * to an earlier version when that section belongs to another version than the one in force
 * and the version in force has no section with the same anchor, or one with other text.
 */
export function refersToEarlierVersion(
  itemSection: { versionId: number; text: string },
  inForce: { versionId: number; text: string | null },
): boolean {
  if (itemSection.versionId === inForce.versionId) return false;
  return inForce.text === null || inForce.text !== itemSection.text;
}
