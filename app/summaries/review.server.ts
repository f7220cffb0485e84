// Co-approval by the staff council (issue 13, item 2; decision 013). With the setting on, a
// draft goes "zur Freigabe"; a council member approves it or sends it back with a comment.
// Council members see every revision waiting for them (the council co-signed the whole
// agreement, not single sessions); nobody else may decide.
import { and, asc, eq, isNull } from "drizzle-orm";
import { writeAudit } from "~/lib/audit.server";
import { formatDateNumeric } from "~/lib/dates";
import { schema, type Db, type DbOrTx } from "~/lib/db.server";
import type { SummaryRevisionStatus } from "~db/schema";
import { findSummaryFor, isCouncil, summaryTitle, workingRevision, type Actor, type Refusal } from "./access.server";
import { COUNCIL_COMMENT_MAX, COUNCIL_COMMENT_MIN, mayDecide, maySubmitForReview, publishProblem } from "./rules";
import { councilApprovalOn } from "./settings.server";
import type { SummaryViewData } from "~/components/SummaryView";
import { revisionView } from "./compose.server";
import { itemsOf } from "./view.server";

const { summaries, summaryRevisions } = schema;

export type StepResult =
  | { ok: true }
  | Refusal
  | { ok: false; reason: "invalid_state" | "approval_off" | "empty" | "item_without_answer" | "comment_required" };

/** Facilitator: Entwurf → zur Freigabe. */
export function submitForReview(db: Db, actor: Actor, summaryId: number, now: Date): StepResult {
  return db.transaction(
    (tx): StepResult => {
      const found = findSummaryFor(tx, actor, summaryId);
      if (!found.ok) return found;
      if (!councilApprovalOn(tx)) return { ok: false, reason: "approval_off" };
      const revision = workingRevision(tx, summaryId);
      if (!revision || !maySubmitForReview(revision.status as SummaryRevisionStatus, true)) return { ok: false, reason: "invalid_state" };
      const problem = publishProblem(itemsOf(tx, revision.id));
      if (problem) return { ok: false, reason: problem };
      tx.update(summaryRevisions)
        .set({ status: "in_review", submittedForReviewAt: now, councilComment: null, updatedAt: now })
        .where(eq(summaryRevisions.id, revision.id))
        .run();
      writeAudit(tx, {
        actorId: actor.id,
        action: "summary_submitted_for_review",
        subjectType: "summary",
        subjectId: summaryId,
        details: { revision: revision.number },
        at: now,
      });
      return { ok: true };
    },
    { behavior: "immediate" },
  );
}

/** A revision waiting for the council, inside the council's transaction. */
function inReview(tx: DbOrTx, actor: Actor, summaryId: number) {
  if (!isCouncil(actor)) return { ok: false as const, reason: "forbidden" as const };
  const summary = tx.select().from(summaries).where(eq(summaries.id, summaryId)).get();
  if (!summary || summary.withdrawnAt) return { ok: false as const, reason: "not_found" as const };
  const revision = workingRevision(tx, summaryId);
  return { ok: true as const, summary, revision };
}

/** Council: zur Freigabe → freigegeben; the member and the date are recorded. */
export function approveRevision(db: Db, actor: Actor, summaryId: number, now: Date): StepResult {
  return db.transaction(
    (tx): StepResult => {
      const found = inReview(tx, actor, summaryId);
      if (!found.ok) return found;
      const { revision } = found;
      if (!revision || !mayDecide(revision.status as SummaryRevisionStatus)) return { ok: false, reason: "invalid_state" };
      tx.update(summaryRevisions)
        .set({ status: "approved", approvedById: actor.id, approvedAt: now, councilComment: null, updatedAt: now })
        .where(eq(summaryRevisions.id, revision.id))
        .run();
      writeAudit(tx, {
        actorId: actor.id,
        action: "summary_approved",
        subjectType: "summary",
        subjectId: summaryId,
        details: { revision: revision.number },
        at: now,
      });
      return { ok: true };
    },
    { behavior: "immediate" },
  );
}

/** Council: zur Freigabe → Entwurf, with a comment the facilitators read on the editor. */
export function sendBackRevision(db: Db, actor: Actor, summaryId: number, comment: string, now: Date): StepResult {
  const text = comment.trim();
  return db.transaction(
    (tx): StepResult => {
      const found = inReview(tx, actor, summaryId);
      if (!found.ok) return found;
      const { revision } = found;
      if (!revision || !mayDecide(revision.status as SummaryRevisionStatus)) return { ok: false, reason: "invalid_state" };
      if (text.length < COUNCIL_COMMENT_MIN || text.length > COUNCIL_COMMENT_MAX) return { ok: false, reason: "comment_required" };
      tx.update(summaryRevisions)
        .set({ status: "draft", councilComment: text, approvedById: null, approvedAt: null, updatedAt: now })
        .where(eq(summaryRevisions.id, revision.id))
        .run();
      writeAudit(tx, {
        actorId: actor.id,
        action: "summary_sent_back",
        subjectType: "summary",
        subjectId: summaryId,
        details: { revision: revision.number },
        at: now,
      });
      return { ok: true };
    },
    { behavior: "immediate" },
  );
}

export type CouncilRow = { summaryId: number; title: string; number: number; submittedOn: string; update: boolean };

/** The council's start page: every revision "zur Freigabe", oldest first. */
export function listForCouncil(db: Db, actor: Actor): { ok: true; rows: CouncilRow[]; approvalOn: boolean } | Refusal {
  if (!isCouncil(actor)) return { ok: false, reason: "forbidden" };
  const rows = db
    .select({ summary: summaries, revision: summaryRevisions })
    .from(summaryRevisions)
    .innerJoin(summaries, eq(summaries.id, summaryRevisions.summaryId))
    .where(and(eq(summaryRevisions.status, "in_review"), isNull(summaries.withdrawnAt)))
    .orderBy(asc(summaryRevisions.submittedForReviewAt), asc(summaryRevisions.id))
    .all();
  return {
    ok: true,
    approvalOn: councilApprovalOn(db),
    rows: rows.map(({ summary, revision }) => ({
      summaryId: summary.id,
      title: summaryTitle(db, summary),
      number: revision.number,
      submittedOn: formatDateNumeric(revision.submittedForReviewAt ?? revision.updatedAt),
      update: revision.number > 1,
    })),
  };
}

export type CouncilPage = {
  summaryId: number;
  title: string;
  number: number;
  status: SummaryRevisionStatus;
  view: SummaryViewData;
};

/** One summary for the council: the revision waiting (or the latest decided one), as staff will see it. */
export function loadForCouncil(db: Db, actor: Actor, summaryId: number, now: Date): ({ ok: true } & CouncilPage) | Refusal {
  const found = inReview(db, actor, summaryId);
  if (!found.ok) return found;
  const { summary, revision } = found;
  // A draft never sent for review may still hold the askers' own wording: not for the council.
  if (!revision || revision.submittedForReviewAt === null) return { ok: false, reason: "not_found" };
  return {
    ok: true,
    summaryId,
    title: summaryTitle(db, summary),
    number: revision.number,
    status: revision.status as SummaryRevisionStatus,
    view: revisionView(db, revision.id, now),
  };
}
