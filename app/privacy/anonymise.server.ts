// The two ways personal data leaves a record while the record itself stays (decision 020):
// retention after the periods run out, and a person deleting their own account. Both call
// these, so "anonymised" means one thing everywhere. Callers run them inside their own
// transaction (`tx`); they change nothing else and send no mail.
import { and, eq, inArray, isNotNull, or } from "drizzle-orm";
import { type DbOrTx, schema } from "~/lib/db.server";

const { registrations, questions } = schema;

/**
 * Removes the person from these registrations: the link to the account and the support
 * needs go; status, dates and the session stay, so counts for reports are unchanged. Returns
 * how many rows changed (already anonymised ones are skipped).
 */
export function anonymiseRegistrations(tx: DbOrTx, registrationIds: readonly number[], now: Date): number {
  let changed = 0;
  // Chunks keep the statement under SQLite's variable limit for a large retention run.
  for (let i = 0; i < registrationIds.length; i += 500) {
    const chunk = registrationIds.slice(i, i + 500);
    changed += tx
      .update(registrations)
      .set({ userId: null, supportNeeds: null, anonymisedAt: now, updatedAt: now })
      .where(and(inArray(registrations.id, chunk), isNotNull(registrations.userId)))
      .run().changes;
  }
  return changed;
}

/**
 * Cuts these questions from their author: the author link (named questions), the keyed value
 * and its salt (anonymous ones) and the author's own wording go, and the question counts as
 * anonymous from then on. Its text, answer, votes, state and dates stay (updated_at is kept to
 * the hour for anonymous questions; an exact instant here could point at the run). Returns how many changed.
 */
export function anonymiseQuestions(tx: DbOrTx, questionIds: readonly number[]): number {
  let changed = 0;
  for (let i = 0; i < questionIds.length; i += 500) {
    const chunk = questionIds.slice(i, i + 500);
    changed += tx
      .update(questions)
      .set({ authorId: null, authorKey: null, authorSalt: null, originalText: null, anonymous: true })
      .where(
        and(
          inArray(questions.id, chunk),
          or(isNotNull(questions.authorId), isNotNull(questions.authorKey), isNotNull(questions.originalText)),
        ),
      )
      .run().changes;
  }
  return changed;
}

/** The ids of a person's named questions (for account deletion; anonymous ones are found by the keyed value). */
export function namedQuestionIdsOf(tx: DbOrTx, userId: number): number[] {
  return tx
    .select({ id: questions.id })
    .from(questions)
    .where(eq(questions.authorId, userId))
    .all()
    .map((r) => r.id);
}
