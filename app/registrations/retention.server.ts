import { and, isNotNull, lte, sql } from "drizzle-orm";
import { schema, type DbOrTx } from "~/lib/db.server";

const { registrations, sessions } = schema;

/** Support needs may be health data (Art. 9 GDPR): deleted as soon as the session is over. */
export function deleteSupportNeedsOfEndedSessions(db: DbOrTx, now: Date): number {
  return db
    .update(registrations)
    .set({ supportNeeds: null })
    .where(
      and(
        isNotNull(registrations.supportNeeds),
        sql`${registrations.sessionId} in (select ${sessions.id} from ${sessions} where ${lte(sessions.endsAt, now)})`,
      ),
    )
    .run().changes;
}
