// At most one mail a day per facilitator with the number of new questions for their
// sessions and series (issue 12, item 6). Numbers only: no question text is ever in it.
// "New" means submitted after the previous digest to that person; the audit entry of each
// digest records the highest question id it covered.
import { and, desc, eq, gt, inArray, isNotNull, max, or, sql } from "drizzle-orm";
import { writeAudit } from "~/lib/audit.server";
import { toBerlinInputValue } from "~/lib/dates";
import { schema, type Db } from "~/lib/db.server";
import { mailPerson } from "~/registrations/mail-facts.server";
import { renderFacilitatorDigestMail } from "~emails/facilitator-digest";
import { facilitatedSeriesIds, facilitatedSessionIds, type ReviewClock } from "./review.server";

const { auditLog, outbox, questions, sessionFacilitators, sessions, userRoles, users } = schema;

/** Not in the night: the first run from this Berlin hour on sends the day's digest. */
export const DIGEST_FROM_HOUR = 7;
export const DIGEST_ACTION = "facilitator_digest_queued";

/** Queues the day's digests that are due; returns how many. */
export function queueFacilitatorDigests(db: Db, clock: ReviewClock): number {
  const wall = toBerlinInputValue(clock.now);
  if (Number(wall.slice(11, 13)) < DIGEST_FROM_HOUR) return 0;
  const day = wall.slice(0, 10);
  // Facilitators with a session that has not ended: the others have no queue to look at.
  const facilitators = db
    .selectDistinct({ id: users.id })
    .from(users)
    .innerJoin(userRoles, and(eq(userRoles.userId, users.id), eq(userRoles.role, "facilitator")))
    .innerJoin(sessionFacilitators, eq(sessionFacilitators.userId, users.id))
    .innerJoin(sessions, eq(sessions.id, sessionFacilitators.sessionId))
    .where(and(isNotNull(users.email), eq(sessions.status, "published"), gt(sessions.endsAt, clock.now)))
    .all();
  let queued = 0;
  for (const facilitator of facilitators) if (queueDigest(db, facilitator.id, day, clock)) queued++;
  return queued;
}

function queueDigest(db: Db, userId: number, day: string, clock: ReviewClock): boolean {
  return db.transaction(
    (tx) => {
      const dedupeKey = `facilitator-digest:u${userId}:${day}`;
      if (tx.select({ id: outbox.id }).from(outbox).where(eq(outbox.dedupeKey, dedupeKey)).get()) return false;
      const previous = tx
        .select({ details: auditLog.details })
        .from(auditLog)
        .where(and(eq(auditLog.subjectType, "user"), eq(auditLog.subjectId, String(userId)), eq(auditLog.action, DIGEST_ACTION)))
        .orderBy(desc(auditLog.id))
        .limit(1)
        .get();
      const seenUpTo = Number(previous?.details?.upToQuestionId ?? 0);
      const figures = tx
        .select({
          waiting: sql<number>`count(*)`,
          fresh: sql<number>`coalesce(sum(${questions.id} > ${seenUpTo}), 0)`,
        })
        .from(questions)
        .where(
          and(
            eq(questions.status, "submitted"),
            or(
              inArray(questions.sessionId, facilitatedSessionIds(tx, userId)),
              inArray(questions.seriesId, facilitatedSeriesIds(tx, userId)),
            ),
          ),
        )
        .get()!;
      if (figures.fresh === 0) return false;
      const upTo =
        tx
          .select({ id: max(questions.id) })
          .from(questions)
          .get()?.id ?? seenUpTo;
      mailPerson(
        tx,
        userId,
        {
          dedupeKey,
          kind: "facilitator_digest",
          mail: renderFacilitatorDigestMail({ newQuestions: figures.fresh, waiting: figures.waiting, url: `${clock.appUrl}/facilitate` }),
        },
        clock.now,
      );
      writeAudit(tx, {
        actorId: null,
        action: DIGEST_ACTION,
        subjectType: "user",
        subjectId: userId,
        details: { upToQuestionId: upTo, newQuestions: figures.fresh, day },
        at: clock.now,
      });
      return true;
    },
    { behavior: "immediate" },
  );
}
