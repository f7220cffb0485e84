// Publishing, updating and withdrawing a Zusammenfassung (issue 13, items 1, 2, 7; decision
// 013). State check, change, audit, search index and the outbox rows in one immediate
// transaction; the mails go out after commit.
import { eq } from "drizzle-orm";
import { writeAudit } from "~/lib/audit.server";
import { schema, type Db } from "~/lib/db.server";
import { reindexSummary } from "~/search/index.server";
import type { SummaryRevisionStatus } from "~db/schema";
import { findSummaryFor, workingRevision, type Actor, type Refusal } from "./access.server";
import { questionsOfTarget } from "./compose.server";
import { mailSummaryPublished, type MailClock } from "./notifications.server";
import { mayPublish, publishProblem } from "./rules";
import { councilApprovalOn } from "./settings.server";
import { itemsOf } from "./view.server";

const { summaries, summaryRevisions } = schema;

export type PublishResult =
  | { ok: true; number: number; mailed: number }
  | Refusal
  | { ok: false; reason: "nothing_to_publish" | "approval_required" | "empty" | "item_without_answer" }
  | { ok: false; reason: "foreign_question"; questionIds: number[] };

/**
 * Publishes the working revision: the one published before becomes `superseded` (kept for the
 * record), the summary points to the new one. The first publication always mails; an update
 * only when "Teilnehmende über die Änderung informieren" was ticked.
 */
export function publishSummary(db: Db, actor: Actor, summaryId: number, clock: MailClock): PublishResult {
  return db.transaction(
    (tx): PublishResult => {
      const found = findSummaryFor(tx, actor, summaryId);
      if (!found.ok) return found;
      const { summary } = found;
      const revision = workingRevision(tx, summaryId);
      if (!revision) return { ok: false, reason: "nothing_to_publish" };
      const councilApproval = councilApprovalOn(tx);
      if (!mayPublish(revision.status as SummaryRevisionStatus, councilApproval)) return { ok: false, reason: "approval_required" };
      const items = itemsOf(tx, revision.id);
      const problem = publishProblem(items);
      if (problem) return { ok: false, reason: problem };
      const belonging = questionsOfTarget(
        tx,
        summary,
        items.map((i) => i.questionId),
      );
      const foreign = items.filter((i) => !belonging.has(i.questionId)).map((i) => i.questionId);
      if (foreign.length > 0) return { ok: false, reason: "foreign_question", questionIds: foreign };

      if (summary.publishedRevisionId !== null) {
        tx.update(summaryRevisions)
          .set({ status: "superseded", updatedAt: clock.now })
          .where(eq(summaryRevisions.id, summary.publishedRevisionId))
          .run();
      }
      tx.update(summaryRevisions)
        .set({ status: "published", publishedById: actor.id, publishedAt: clock.now, updatedAt: clock.now })
        .where(eq(summaryRevisions.id, revision.id))
        .run();
      tx.update(summaries)
        .set({ publishedRevisionId: revision.id, firstPublishedAt: summary.firstPublishedAt ?? clock.now })
        .where(eq(summaries.id, summaryId))
        .run();
      const published = { ...revision, status: "published" as const, publishedAt: clock.now, publishedById: actor.id };
      const mailed = revision.number === 1 || revision.notifyParticipants ? mailSummaryPublished(tx, summary, published, clock) : 0;
      writeAudit(tx, {
        actorId: actor.id,
        action: revision.number === 1 ? "summary_published" : "summary_updated",
        subjectType: "summary",
        subjectId: summaryId,
        details: {
          revision: revision.number,
          items: items.length,
          councilApproval,
          approvedById: revision.approvedById,
          superseded: summary.publishedRevisionId,
          mailed,
        },
        at: clock.now,
      });
      reindexSummary(tx, summaryId);
      return { ok: true, number: revision.number, mailed };
    },
    { behavior: "immediate" },
  );
}

/** Withdrawing needs no approval: the summary leaves /qa and search; every revision stays. */
export function withdrawSummary(db: Db, actor: Actor, summaryId: number, now: Date): { ok: true } | Refusal {
  return db.transaction(
    (tx): { ok: true } | Refusal => {
      const found = findSummaryFor(tx, actor, summaryId);
      if (!found.ok) return found;
      tx.update(summaries).set({ withdrawnAt: now, withdrawnById: actor.id }).where(eq(summaries.id, summaryId)).run();
      writeAudit(tx, {
        actorId: actor.id,
        action: "summary_withdrawn",
        subjectType: "summary",
        subjectId: summaryId,
        details: { publishedRevisionId: found.summary.publishedRevisionId },
        at: now,
      });
      reindexSummary(tx, summaryId);
      return { ok: true };
    },
    { behavior: "immediate" },
  );
}
