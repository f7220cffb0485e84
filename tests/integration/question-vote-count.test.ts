// questions.vote_count is kept by triggers on question_votes (migration 0011); whatever
// inserts or deletes votes — a vote, taking it back, a merge moving votes, a deleted question
// — the stored count equals the rows.
import { fc } from "@fast-check/vitest";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { questions, questionVotes } from "~db/schema";
import { createTestDb } from "../support/db";
import { createUser } from "../support/factories";

describe("the stored vote count", () => {
  it("equals the votes after any sequence of votes, take-backs, moves and deletions", () => {
    const { db } = createTestDb();
    const people = Array.from({ length: 4 }, () => createUser(db).id);
    const now = new Date("2027-01-01T08:00:00Z");
    const step = fc.oneof(
      fc.record({ kind: fc.constant("vote" as const), q: fc.nat(3), p: fc.nat(3) }),
      fc.record({ kind: fc.constant("unvote" as const), q: fc.nat(3), p: fc.nat(3) }),
      fc.record({ kind: fc.constant("move" as const), from: fc.nat(3), to: fc.nat(3) }),
      fc.record({ kind: fc.constant("delete" as const), q: fc.nat(3) }),
    );
    fc.assert(
      fc.property(fc.array(step, { maxLength: 30 }), (steps) => {
        db.delete(questions).run();
        const ids = Array.from(
          { length: 4 },
          (_, i) =>
            db
              .insert(questions)
              .values({ text: `Frage ${i} aus der Praxis`, anonymous: false, status: "accepted", createdAt: now, updatedAt: now })
              .returning({ id: questions.id })
              .get().id,
        );
        const gone = new Set<number>();
        for (const s of steps) {
          if (("q" in s && gone.has(s.q)) || ("to" in s && gone.has(s.to))) continue;
          if (s.kind === "vote")
            db.insert(questionVotes).values({ questionId: ids[s.q]!, userId: people[s.p]! }).onConflictDoNothing().run();
          if (s.kind === "unvote") db.run(sql`delete from question_votes where question_id = ${ids[s.q]} and user_id = ${people[s.p]}`);
          if (s.kind === "move" && s.from !== s.to) {
            // What a merge does: each person counted once on the target.
            db.run(sql`insert or ignore into question_votes (question_id, user_id, created_at)
              select ${ids[s.to]}, user_id, created_at from question_votes where question_id = ${ids[s.from]}`);
            db.run(sql`delete from question_votes where question_id = ${ids[s.from]}`);
          }
          if (s.kind === "delete") {
            db.run(sql`delete from questions where id = ${ids[s.q]}`);
            gone.add(s.q);
          }
        }
        const mismatched = db.all(sql`select q.id, q.vote_count, (select count(*) from question_votes v where v.question_id = q.id) as n
          from questions q where q.vote_count <> (select count(*) from question_votes v where v.question_id = q.id)`);
        expect(mismatched).toEqual([]);
      }),
      { seed: 42, numRuns: 100 },
    );
  });
});
