// Every asker learns the outcome (issue 12, item 6): a named author gets one mail when their
// question is answered, merged or rejected; an anonymous author gets none (the outbox would
// tie an address to the text) and reads it on /me. Each mail names only the recipient's own
// question, so no mail ever carries an anonymous question's text. Called inside the review
// action's transaction; the dedupe key makes each outcome one mail per question.
import { and, eq, isNotNull } from "drizzle-orm";
import { schema, type DbOrTx } from "~/lib/db.server";
import { mailPerson } from "~/registrations/mail-facts.server";
import { renderQuestionAnsweredMail, type AnsweredHow } from "~emails/question-answered";
import { renderQuestionMergedMail } from "~emails/question-merged";
import { renderQuestionRejectedMail } from "~emails/question-rejected";

const { questions } = schema;

export type OutcomeQuestion = { id: number; text: string; anonymous: boolean; authorId: number | null };
export type OutcomeClock = { now: Date; appUrl: string };

/** The named author's user id, or null: anonymous questions never lead to a mail. */
function namedAuthor(question: OutcomeQuestion): number | null {
  return question.anonymous ? null : question.authorId;
}

const ownQuestionsUrl = (clock: OutcomeClock) => `${clock.appUrl}/me`;

export function mailRejected(tx: DbOrTx, question: OutcomeQuestion, reason: string, clock: OutcomeClock): void {
  const authorId = namedAuthor(question);
  if (authorId === null) return;
  mailPerson(
    tx,
    authorId,
    {
      dedupeKey: `question-rejected:q${question.id}`,
      kind: "question_rejected",
      mail: renderQuestionRejectedMail({ questionText: question.text, reason, url: ownQuestionsUrl(clock) }),
    },
    clock.now,
  );
}

export function mailMerged(
  tx: DbOrTx,
  source: OutcomeQuestion,
  target: { answer: string | null; answeredHow: AnsweredHow | null; status: string },
  clock: OutcomeClock,
): void {
  const authorId = namedAuthor(source);
  if (authorId === null) return;
  const answer = target.status === "answered" && target.answer ? { text: target.answer, how: target.answeredHow ?? "written" } : null;
  mailPerson(
    tx,
    authorId,
    {
      dedupeKey: `question-merged:q${source.id}`,
      kind: "question_merged",
      mail: renderQuestionMergedMail({ questionText: source.text, answer, url: ownQuestionsUrl(clock) }),
    },
    clock.now,
  );
}

/**
 * The question and every question merged into it: one mail per named author (someone who
 * wrote two of them gets one), each quoting that person's own question.
 */
export function mailAnswered(
  tx: DbOrTx,
  target: OutcomeQuestion & { answer: string; answeredHow: AnsweredHow },
  clock: OutcomeClock,
): number {
  const mergedIn = tx
    .select({ id: questions.id, text: questions.text, anonymous: questions.anonymous, authorId: questions.authorId })
    .from(questions)
    .where(
      and(
        eq(questions.mergedIntoId, target.id),
        eq(questions.status, "merged"),
        eq(questions.anonymous, false),
        isNotNull(questions.authorId),
      ),
    )
    .orderBy(questions.id)
    .all();
  const recipients = new Map<number, { question: OutcomeQuestion; viaMerge: boolean }>();
  const own = namedAuthor(target);
  if (own !== null) recipients.set(own, { question: target, viaMerge: false });
  for (const question of mergedIn) {
    const authorId = namedAuthor(question);
    if (authorId !== null && !recipients.has(authorId)) recipients.set(authorId, { question, viaMerge: true });
  }
  for (const [authorId, { question, viaMerge }] of recipients) {
    mailPerson(
      tx,
      authorId,
      {
        dedupeKey: `question-answered:q${target.id}:u${authorId}`,
        kind: "question_answered",
        mail: renderQuestionAnsweredMail({
          questionText: question.text,
          answer: target.answer,
          how: target.answeredHow,
          viaMerge,
          url: ownQuestionsUrl(clock),
        }),
      },
      clock.now,
    );
  }
  return recipients.size;
}
