// Published Q&A for tests: questions and summaries written directly (the composer and its
// publishing flow are tested on their own). Each call makes new, distinct rows.
import { eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { questions, summaries, summaryItems, summaryRevisions, type SummaryRevisionStatus } from "../../db/schema";

let counter = 0;

/** An answered, named question without author (the published pages never read one). */
export function createAnsweredQuestion(db: Db, overrides: Partial<typeof questions.$inferInsert> = {}) {
  const n = ++counter;
  const at = new Date(Date.UTC(2026, 1, 1, 9));
  return db
    .insert(questions)
    .values({
      text: `Testfrage ${n}?`,
      anonymous: false,
      status: "answered",
      answer: `Testantwort ${n}.`,
      answeredHow: "written",
      createdAt: at,
      updatedAt: at,
      ...overrides,
    })
    .returning()
    .get();
}

export type ItemInput = { questionId: number; sectionId: number | null; questionText?: string; answer?: string; position?: number };

export type RevisionInput = {
  status: SummaryRevisionStatus;
  items: ItemInput[];
  intro?: string;
  publishedAt?: Date | null;
  approvedAt?: Date | null;
};

/**
 * A summary of a session or a series with the given revisions (numbered 1, 2, …). The revision
 * at `publishedRevision` (an index; default: the last with status `published`) becomes the one
 * staff see; `firstPublishedAt` is the earliest publishedAt.
 */
export function createSummary(
  db: Db,
  input: ({ sessionId: number } | { seriesId: number }) & {
    revisions: RevisionInput[];
    publishedRevision?: number | null;
    withdrawnAt?: Date | null;
  },
): { summaryId: number; revisionIds: number[] } {
  const published = input.revisions.map((r) => r.publishedAt).filter((d): d is Date => !!d);
  const firstPublishedAt = published.length > 0 ? new Date(Math.min(...published.map((d) => d.getTime()))) : null;
  const summary = db
    .insert(summaries)
    .values({
      sessionId: "sessionId" in input ? input.sessionId : null,
      seriesId: "seriesId" in input ? input.seriesId : null,
      firstPublishedAt,
      withdrawnAt: input.withdrawnAt ?? null,
    })
    .returning({ id: summaries.id })
    .get();
  const revisionIds = input.revisions.map((revision, index) => {
    const id = db
      .insert(summaryRevisions)
      .values({
        summaryId: summary.id,
        number: index + 1,
        status: revision.status,
        intro: revision.intro ?? "",
        approvedAt: revision.approvedAt ?? null,
        publishedAt: revision.publishedAt ?? null,
        updatedAt: revision.publishedAt ?? new Date(),
      })
      .returning({ id: summaryRevisions.id })
      .get().id;
    revision.items.forEach((item, position) => {
      db.insert(summaryItems)
        .values({
          revisionId: id,
          questionId: item.questionId,
          sectionId: item.sectionId,
          position: item.position ?? position,
          questionText: item.questionText ?? `Frage ${item.questionId}?`,
          answer: item.answer ?? `Antwort auf ${item.questionId}.`,
        })
        .run();
    });
    return id;
  });
  const lastPublished = input.revisions.map((r) => r.status).lastIndexOf("published");
  const chosen = input.publishedRevision === undefined ? lastPublished : input.publishedRevision;
  if (chosen !== null && chosen >= 0) {
    db.update(summaries).set({ publishedRevisionId: revisionIds[chosen] }).where(eq(summaries.id, summary.id)).run();
  }
  return { summaryId: summary.id, revisionIds };
}
