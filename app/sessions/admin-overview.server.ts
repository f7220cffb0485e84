// Read side of the organisers' pages: every session (drafts and cancelled ones too) with
// seats held, capacity and waitlist length. Seats are counted only through
// ~/registrations/seats.server (decision 005), so these figures are the ones the guard enforces.
import { asc, desc, eq, type SQL, sql } from "drizzle-orm";
import { schema, type Db } from "~/lib/db.server";
import { seatsHeldColumn, waitlistLengthColumn } from "~/registrations/seats.server";
import { dayOffWarning } from "./day-off";

const { series, sessions, sessionFacilitators } = schema;

/**
 * Correlated subqueries for a select over `series`. The outer column is written out as
 * "series"."id": drizzle renders `${series.id}` unqualified in a select list, and inside
 * `from sessions` an unqualified "id" is the session's own id.
 */
const outerSeriesId = sql.raw(`"series"."id"`);

function upcomingSessionsColumn(now: Date): SQL<number> {
  return sql<number>`(select count(*) from "sessions" up_s
    where up_s.series_id = ${outerSeriesId} and up_s.status = 'published' and up_s.ends_at > ${now.getTime()})`.mapWith(Number);
}

function draftSessionsColumn(): SQL<number> {
  return sql<number>`(select count(*) from "sessions" draft_s
    where draft_s.series_id = ${outerSeriesId} and draft_s.status = 'draft')`.mapWith(Number);
}

export function listSeriesOverview(db: Db, now: Date) {
  return db
    .select({
      id: series.id,
      title: series.title,
      audience: series.audience,
      upcoming: upcomingSessionsColumn(now),
      drafts: draftSessionsColumn(),
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
  /** Seats held: confirmed + offered + attended (decision 005). */
  taken: number;
  waitlisted: number;
  /** A coming date on a holiday or weekend, pointed out to the organiser (nothing is refused). */
  dayOff: string | null;
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
      taken: seatsHeldColumn(),
      waitlisted: waitlistLengthColumn(),
    })
    .from(sessions)
    .where(eq(sessions.seriesId, seriesId))
    .orderBy(asc(sessions.startsAt), asc(sessions.id))
    .all();
  return {
    upcoming: rows
      .filter((row) => row.endsAt > now)
      .map((row) => ({ ...row, dayOff: row.status === "cancelled" ? null : dayOffWarning(row.startsAt) })),
    // Past sessions are archived by date, newest first.
    past: rows
      .filter((row) => row.endsAt <= now)
      .map((row) => ({ ...row, dayOff: null }))
      .sort((a, b) => b.startsAt.getTime() - a.startsAt.getTime()),
  };
}

export function getSessionForAdmin(db: Db, sessionId: number) {
  const session = db
    .select({ session: sessions, seriesTitle: series.title, taken: seatsHeldColumn(), waitlisted: waitlistLengthColumn() })
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
