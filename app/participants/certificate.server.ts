import { and, eq } from "drizzle-orm";
import { readIdentity } from "~/identity/identity.server";
import { schema, type Db } from "~/lib/db.server";

/** A Teilnahmebestätigung: only for the person's own registration, only once attendance is marked. */
export function certificateFor(db: Db, userId: number, registrationId: number) {
  const row = db
    .select({
      name: schema.users.displayName,
      department: schema.users.department,
      seriesTitle: schema.series.title,
      startsAt: schema.sessions.startsAt,
      endsAt: schema.sessions.endsAt,
    })
    .from(schema.registrations)
    .innerJoin(schema.users, eq(schema.users.id, schema.registrations.userId))
    .innerJoin(schema.sessions, eq(schema.sessions.id, schema.registrations.sessionId))
    .innerJoin(schema.series, eq(schema.series.id, schema.sessions.seriesId))
    .where(
      and(
        eq(schema.registrations.id, registrationId),
        eq(schema.registrations.userId, userId),
        eq(schema.registrations.status, "attended"),
      ),
    )
    .get();
  return row
    ? {
        ...row,
        organisation: readIdentity(db).organisationName,
        minutes: Math.round((row.endsAt.getTime() - row.startsAt.getTime()) / 60_000),
      }
    : null;
}
