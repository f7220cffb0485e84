// Agreement versions (issue 13, item 8; decision 013): a published item keeps the section of
// the version it was answered under. A facilitator re-links it to the section with the same
// anchor in the version in force — in the published revision and in an update being
// prepared — audited and re-indexed in one transaction.
import { and, eq } from "drizzle-orm";
import { writeAudit } from "~/lib/audit.server";
import { schema, type Db } from "~/lib/db.server";
import { reindexSummary } from "~/search/index.server";
import { findSummaryFor, workingRevision, type Actor, type Refusal } from "./access.server";
import { earlierVersionItems, itemsOf } from "./view.server";

const { summaryItems } = schema;

export type RelinkResult = { ok: true } | Refusal | { ok: false; reason: "not_outdated" | "no_counterpart" };

export function relinkItem(db: Db, actor: Actor, summaryId: number, questionId: number, now: Date): RelinkResult {
  return db.transaction(
    (tx): RelinkResult => {
      const found = findSummaryFor(tx, actor, summaryId);
      if (!found.ok) return found;
      const publishedId = found.summary.publishedRevisionId;
      if (publishedId === null) return { ok: false, reason: "not_found" };
      const item = itemsOf(tx, publishedId).find((i) => i.questionId === questionId);
      if (!item) return { ok: false, reason: "not_found" };
      const outdated = earlierVersionItems(tx, [item], now).get(questionId);
      if (!outdated) return { ok: false, reason: "not_outdated" };
      if (outdated.relinkTo === null) return { ok: false, reason: "no_counterpart" };
      const from = item.sectionId;
      tx.update(summaryItems).set({ sectionId: outdated.relinkTo }).where(eq(summaryItems.id, item.id)).run();
      const working = workingRevision(tx, summaryId);
      if (working && from !== null) {
        tx.update(summaryItems)
          .set({ sectionId: outdated.relinkTo })
          .where(and(eq(summaryItems.revisionId, working.id), eq(summaryItems.questionId, questionId), eq(summaryItems.sectionId, from)))
          .run();
      }
      writeAudit(tx, {
        actorId: actor.id,
        action: "summary_item_relinked",
        subjectType: "summary",
        subjectId: summaryId,
        details: { questionId, fromSectionId: from, toSectionId: outdated.relinkTo, anchor: outdated.anchor },
        at: now,
      });
      reindexSummary(tx, summaryId);
      return { ok: true };
    },
    { behavior: "immediate" },
  );
}
