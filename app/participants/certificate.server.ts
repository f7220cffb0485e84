import { and, eq } from "drizzle-orm";
import { schema, type Db } from "~/lib/db.server";

const DEFAULT_ORGANISATION = "Stadtverwaltung Musterstadt";

export function organisationName(db: Db): string {
  return db.select().from(schema.settings).where(eq(schema.settings.key, "organisation_name")).get()?.value ?? DEFAULT_ORGANISATION;
}

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
    ? { ...row, organisation: organisationName(db), minutes: Math.round((row.endsAt.getTime() - row.startsAt.getTime()) / 60_000) }
    : null;
}
