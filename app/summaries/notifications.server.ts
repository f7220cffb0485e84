// Telling people (issue 13, item 7; decision 013): when a revision is published, everyone who
// held a seat in the session (or in any session of the series) and every named author of an
// included question gets one mail with the link — one per person, however many seats or
// questions they have. The dedupe key names summary, revision and person, so a retried
// publish mails nobody twice. Anonymous authors get nothing here (they see it on /me).
import { and, eq, inArray, isNotNull } from "drizzle-orm";
import { schema, type DbOrTx } from "~/lib/db.server";
import { mailPerson } from "~/registrations/mail-facts.server";
import { HOLDS_SEAT } from "~/registrations/rules";
import { renderSummaryPublishedMail } from "~emails/summary-published";
import { coveredSessionIds, summaryTitle, type Revision, type Summary } from "./access.server";

const { registrations, questions, summaryItems } = schema;

export type MailClock = { now: Date; appUrl: string };

/** Queues the publication mails in the publishing transaction; returns how many people. */
export function mailSummaryPublished(tx: DbOrTx, summary: Summary, revision: Revision, clock: MailClock): number {
  const sessionIds = coveredSessionIds(tx, summary);
  const seatHolders = new Set(
    sessionIds.length === 0
      ? []
      : tx
          .selectDistinct({ userId: registrations.userId })
          .from(registrations)
          .where(and(inArray(registrations.sessionId, sessionIds), inArray(registrations.status, [...HOLDS_SEAT])))
          .all()
          .flatMap((r) => (r.userId === null ? [] : [r.userId])),
  );
  const namedAuthors = new Set(
    tx
      .selectDistinct({ authorId: questions.authorId })
      .from(summaryItems)
      .innerJoin(questions, eq(questions.id, summaryItems.questionId))
      .where(and(eq(summaryItems.revisionId, revision.id), eq(questions.anonymous, false), isNotNull(questions.authorId)))
      .all()
      .map((r) => r.authorId as number),
  );
  const title = summaryTitle(tx, summary);
  const recipients = [...new Set([...seatHolders, ...namedAuthors])].sort((a, b) => a - b);
  for (const userId of recipients) {
    mailPerson(
      tx,
      userId,
      {
        dedupeKey: `summary-published:s${summary.id}:r${revision.number}:u${userId}`,
        kind: "summary_published",
        mail: renderSummaryPublishedMail({
          title,
          update: revision.number > 1,
          ownQuestionIncluded: namedAuthors.has(userId),
          heldSeat: seatHolders.has(userId),
          url: `${clock.appUrl}/qa/summaries/${summary.id}`,
        }),
      },
      clock.now,
    );
  }
  return recipients.length;
}
