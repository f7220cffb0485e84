// Upvotes on colleagues' questions: one per person and question, never on one's own (for an
// anonymous question the keyed value decides, so the author's vote cannot tie them to it),
// and they can be taken back. A vote is its own record (question, person, time); no audit
// entry repeats it, so no log lists one person's votes.
import { and, eq } from "drizzle-orm";
import { schema, type DbOrTx } from "~/lib/db.server";
import { isAuthor } from "./author-key.server";
import { type QuestionRefusal, visibleToColleagues } from "./rules";
import type { QuestionActor, QuestionClock } from "./submission.server";

const { questions, questionVotes } = schema;

export type VoteResult = { ok: true; changed: boolean } | { ok: false; reason: QuestionRefusal };

export function voteForQuestion(db: DbOrTx, actor: QuestionActor, clock: QuestionClock, input: { questionId: number }): VoteResult {
  return db.transaction(
    (tx): VoteResult => {
      const question = tx.select().from(questions).where(eq(questions.id, input.questionId)).get();
      if (!question || !visibleToColleagues(question.status)) return { ok: false, reason: "not_visible" };
      if (isAuthor(clock.key, question, actor.id)) return { ok: false, reason: "own" };
      const inserted = tx
        .insert(questionVotes)
        .values({ questionId: question.id, userId: actor.id, createdAt: clock.now })
        .onConflictDoNothing()
        .run();
      return { ok: true, changed: inserted.changes > 0 };
    },
    { behavior: "immediate" },
  );
}

/** "Stimme zurücknehmen": removes the person's own vote, whatever became of the question. */
export function takeBackVote(db: DbOrTx, actor: QuestionActor, input: { questionId: number }): VoteResult {
  return db.transaction(
    (tx): VoteResult => {
      const deleted = tx
        .delete(questionVotes)
        .where(and(eq(questionVotes.questionId, input.questionId), eq(questionVotes.userId, actor.id)))
        .run();
      return { ok: true, changed: deleted.changes > 0 };
    },
    { behavior: "immediate" },
  );
}
