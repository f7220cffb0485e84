// published_answers is derived data kept by triggers (migration 0017): for every question, the
// item of the newest visible summary that publishes it. Random sequences of writes — the ones
// the composer makes and ones nobody planned (an item changed or deleted in a published
// revision, a summary deleted, a publication date moved) — must leave it equal to that rule
// computed here from the tables themselves.
import { eq } from "drizzle-orm";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { agreementSections, agreementVersions, publishedAnswers, summaries, summaryItems, summaryRevisions } from "~db/schema";
import { createTestDb } from "../support/db";
import { createSeries } from "../support/factories";
import { createAnsweredQuestion } from "../support/summaries";

const T0 = Date.UTC(2027, 0, 10, 9);

const step = fc.oneof(
  fc.record({
    kind: fc.constant("publish" as const),
    summary: fc.nat(2),
    items: fc.uniqueArray(fc.record({ question: fc.nat(5), section: fc.nat(2) }), { selector: (i) => i.question, maxLength: 4 }),
    minute: fc.nat(3),
  }),
  fc.record({ kind: fc.constant("draftItem" as const), summary: fc.nat(2), question: fc.nat(5) }),
  fc.record({ kind: fc.constant("withdraw" as const), summary: fc.nat(2), back: fc.boolean() }),
  fc.record({ kind: fc.constant("relink" as const), pick: fc.nat(50), section: fc.nat(2) }),
  fc.record({ kind: fc.constant("move" as const), pick: fc.nat(50), position: fc.nat(5) }),
  fc.record({ kind: fc.constant("deleteItem" as const), pick: fc.nat(50) }),
  fc.record({ kind: fc.constant("redate" as const), summary: fc.nat(2), minute: fc.nat(3) }),
  fc.record({ kind: fc.constant("deleteSummary" as const), summary: fc.nat(2) }),
);

describe("published_answers under random writes", () => {
  it("always holds exactly the newest visible item per question", () => {
    const { db } = createTestDb();
    const version = db
      .insert(agreementVersions)
      .values({ title: "DV KI", status: "in_force", inForceFrom: new Date(T0 - 1e9), updatedAt: new Date(T0) })
      .returning()
      .get();
    const sectionIds = [1, 2].map(
      (n) =>
        db
          .insert(agreementSections)
          .values({ versionId: version.id, position: n, number: `§ ${n}`, title: `Teil ${n}`, anchor: `s${n}`, updatedAt: new Date(T0) })
          .returning()
          .get().id,
    );
    const sectionOf = (n: number) => (n === 2 ? null : sectionIds[n]!);

    // What the rule says, from the tables: visible = published revision of a summary not withdrawn.
    const expected = () => {
      const rows = db
        .select({
          itemId: summaryItems.id,
          questionId: summaryItems.questionId,
          summaryId: summaries.id,
          sectionId: summaryItems.sectionId,
          publishedAt: summaryRevisions.publishedAt,
          position: summaryItems.position,
          withdrawnAt: summaries.withdrawnAt,
        })
        .from(summaries)
        .innerJoin(summaryRevisions, eq(summaryRevisions.id, summaries.publishedRevisionId))
        .innerJoin(summaryItems, eq(summaryItems.revisionId, summaryRevisions.id))
        .all()
        .filter((r) => r.withdrawnAt === null);
      const newest = new Map<number, (typeof rows)[number]>();
      for (const row of rows) {
        const known = newest.get(row.questionId);
        const rank = (r: typeof row) => [r.publishedAt?.getTime() ?? -1, r.summaryId] as const;
        const [a, b] = [rank(row), known ? rank(known) : null];
        if (!b || a[0] > b[0] || (a[0] === b[0] && a[1] > b[1])) newest.set(row.questionId, row);
      }
      return [...newest.values()].map(({ withdrawnAt: _w, ...r }) => r).sort((x, y) => x.questionId - y.questionId);
    };
    const actual = () =>
      db
        .select()
        .from(publishedAnswers)
        .all()
        .sort((x, y) => x.questionId - y.questionId);

    let nonEmpty = 0;
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 25 }), (steps) => {
        const series = createSeries(db);
        const questionIds = Array.from({ length: 6 }, () => createAnsweredQuestion(db, { seriesId: series.id }).id);
        const summaryIds: (number | null)[] = [0, 1, 2].map(
          () => db.insert(summaries).values({ seriesId: series.id }).returning().get().id,
        );
        const revisionCount = new Map<number, number>();
        const itemsOfRound = () =>
          db
            .select({ id: summaryItems.id })
            .from(summaryItems)
            .innerJoin(summaryRevisions, eq(summaryRevisions.id, summaryItems.revisionId))
            .innerJoin(summaries, eq(summaries.id, summaryRevisions.summaryId))
            .where(eq(summaries.seriesId, series.id))
            .all();

        for (const s of steps) {
          const summaryId = "summary" in s ? summaryIds[s.summary] : null;
          if (s.kind === "publish" && summaryId) {
            // As the composer does: the revision with its items first, then it becomes the visible one.
            const number = (revisionCount.get(summaryId) ?? 0) + 1;
            revisionCount.set(summaryId, number);
            const at = new Date(T0 + s.minute * 60_000);
            const revision = db.insert(summaryRevisions).values({ summaryId, number, status: "draft", updatedAt: at }).returning().get();
            for (const [position, item] of s.items.entries()) {
              db.insert(summaryItems)
                .values({
                  revisionId: revision.id,
                  questionId: questionIds[item.question]!,
                  sectionId: sectionOf(item.section),
                  position,
                  questionText: "F?",
                  answer: "A.",
                })
                .run();
            }
            db.update(summaryRevisions).set({ status: "published", publishedAt: at }).where(eq(summaryRevisions.id, revision.id)).run();
            db.update(summaries).set({ publishedRevisionId: revision.id }).where(eq(summaries.id, summaryId)).run();
          } else if (s.kind === "draftItem" && summaryId) {
            // An item added straight into the visible revision (no path does this today).
            const current = db.select().from(summaries).where(eq(summaries.id, summaryId)).get();
            if (current?.publishedRevisionId) {
              db.insert(summaryItems)
                .values({
                  revisionId: current.publishedRevisionId,
                  questionId: questionIds[s.question]!,
                  position: 9,
                  questionText: "F?",
                  answer: "A.",
                })
                .onConflictDoNothing()
                .run();
            }
          } else if (s.kind === "withdraw" && summaryId) {
            db.update(summaries)
              .set({ withdrawnAt: s.back ? null : new Date(T0) })
              .where(eq(summaries.id, summaryId))
              .run();
          } else if (s.kind === "redate" && summaryId) {
            const current = db.select().from(summaries).where(eq(summaries.id, summaryId)).get();
            if (current?.publishedRevisionId) {
              db.update(summaryRevisions)
                .set({ publishedAt: new Date(T0 + s.minute * 60_000) })
                .where(eq(summaryRevisions.id, current.publishedRevisionId))
                .run();
            }
          } else if (s.kind === "deleteSummary" && summaryId) {
            db.delete(summaries).where(eq(summaries.id, summaryId)).run();
            summaryIds[s.summary] = null;
          } else if (s.kind === "relink" || s.kind === "move" || s.kind === "deleteItem") {
            const items = itemsOfRound();
            const item = items[s.pick % Math.max(1, items.length)];
            if (!item) continue;
            if (s.kind === "relink")
              db.update(summaryItems)
                .set({ sectionId: sectionOf(s.section) })
                .where(eq(summaryItems.id, item.id))
                .run();
            else if (s.kind === "move") db.update(summaryItems).set({ position: s.position }).where(eq(summaryItems.id, item.id)).run();
            else db.delete(summaryItems).where(eq(summaryItems.id, item.id)).run();
          }
          expect(actual()).toEqual(expected());
        }
        if (actual().length > 0) nonEmpty++;
      }),
      { numRuns: 120 },
    );
    // The property says something only if answers were published in many runs.
    expect(nonEmpty).toBeGreaterThan(30);
  });
});
