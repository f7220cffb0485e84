// Read side of the organisers' pages: every session (drafts and cancelled ones too) with
// seats taken, capacity and waitlist length.
import { asc, desc, eq, sql } from "drizzle-orm";
import { schema, type Db } from "~/lib/db.server";

const { series, sessions, registrations, sessionFacilitators } = schema;

const taken = sql<number>`(select count(*) from ${registrations} r
  where r.session_id = ${sessions.id} and r.status in ('confirmed', 'offered', 'attended'))`;
const waitlisted = sql<number>`(select count(*) from ${registrations} r
  where r.session_id = ${sessions.id} and r.status = 'waitlisted')`;

export function listSeriesOverview(db: Db, now: Date) {
  return db
    .select({
      id: series.id,
      title: series.title,
      audience: series.audience,
      upcoming: sql<number>`(select count(*) from ${sessions} s where s.series_id = ${series.id} and s.status = 'published' and s.ends_at > ${now.getTime()})`,
      drafts: sql<number>`(select count(*) from ${sessions} s where s.series_id = ${series.id} and s.status = 'draft')`,
    })
    .from(series)
    .orderBy(asc(series.title))
    .all();
}

export function getSeriesForAdmin(db: Db, seriesId: number) {
  return db.select().from(series).where(eq(series.id, seriesId)).get() ?? null;
}

export type AdminSessionRow = {
  id: number;
  startsAt: Date;
  endsAt: Date;
  format: "in_person" | "online" | "hybrid";
  place: string;
  room: string;
  status: "draft" | "published" | "cancelled";
  capacity: number;
  taken: number;
  waitlisted: number;
};

export function listSessionsOfSeries(db: Db, seriesId: number, now: Date): { upcoming: AdminSessionRow[]; past: AdminSessionRow[] } {
  const rows = db
    .select({
      id: sessions.id,
      startsAt: sessions.startsAt,
      endsAt: sessions.endsAt,
      format: sessions.format,
      place: sessions.place,
      room: sessions.room,
      status: sessions.status,
      capacity: sessions.capacity,
      taken,
      waitlisted,
    })
    .from(sessions)
    .where(eq(sessions.seriesId, seriesId))
    .orderBy(asc(sessions.startsAt), asc(sessions.id))
    .all();
  return {
    upcoming: rows.filter((row) => row.endsAt > now),
    // Past sessions are archived by date, newest first.
    past: rows.filter((row) => row.endsAt <= now).sort((a, b) => b.startsAt.getTime() - a.startsAt.getTime()),
  };
}

export function getSessionForAdmin(db: Db, sessionId: number) {
  const session = db
    .select({ session: sessions, seriesTitle: series.title, taken, waitlisted })
    .from(sessions)
    .innerJoin(series, eq(series.id, sessions.seriesId))
    .where(eq(sessions.id, sessionId))
    .get();
  if (!session) return null;
  const facilitatorIds = db
    .select({ userId: sessionFacilitators.userId })
    .from(sessionFacilitators)
    .where(eq(sessionFacilitators.sessionId, sessionId))
    .all()
    .map((f) => f.userId);
  return { ...session.session, seriesTitle: session.seriesTitle, taken: session.taken, waitlisted: session.waitlisted, facilitatorIds };
}

export function recentAudit(db: Db, subjectType: string, subjectId: number, limit = 20) {
  return db
    .select()
    .from(schema.auditLog)
    .where(sql`${schema.auditLog.subjectType} = ${subjectType} and ${schema.auditLog.subjectId} = ${String(subjectId)}`)
    .orderBy(desc(schema.auditLog.id))
    .limit(limit)
    .all();
}
