// Read side of sessions for staff pages: upcoming and past published sessions with their
// seat counts, and one session's detail.
import { and, asc, desc, eq, gt, lte, sql } from "drizzle-orm";
import { publiclyVisible } from "~/sessions/visibility.server";
import { schema, type Db } from "~/lib/db.server";
import { berlinMonthKey } from "~/lib/dates";
import { seatsHeldColumn, waitlistLengthColumn } from "~/registrations/seats.server";
import type { SessionFormat } from "~db/schema";
import { freeSeats, matchesFormatFilter, registrationWindow, type RegistrationWindow, type Seats } from "./rules";

const { sessions, series, sessionFacilitators, users } = schema;

export type SessionFilters = {
  format?: SessionFormat;
  /** "2026-03", a Berlin calendar month */
  month?: string;
  onlyWithFreeSeats?: boolean;
};

export type SessionListItem = {
  id: number;
  seriesId: number;
  seriesTitle: string;
  startsAt: Date;
  endsAt: Date;
  format: SessionFormat;
  place: string;
  room: string;
  status: "draft" | "published" | "cancelled";
  seats: Seats;
  window: RegistrationWindow;
};

function listSelection() {
  return {
    id: sessions.id,
    seriesId: sessions.seriesId,
    seriesTitle: series.title,
    startsAt: sessions.startsAt,
    endsAt: sessions.endsAt,
    format: sessions.format,
    place: sessions.place,
    room: sessions.room,
    status: sessions.status,
    capacity: sessions.capacity,
    publishedAt: sessions.publishedAt,
    registrationOpensAt: sessions.registrationOpensAt,
    registrationClosesAt: sessions.registrationClosesAt,
    // Seats held and waitlist length have one definition (decision 005).
    taken: seatsHeldColumn(),
    waitlisted: waitlistLengthColumn(),
  };
}

function selectSessionList(db: Db) {
  return db.select(listSelection()).from(sessions).innerJoin(series, eq(series.id, sessions.seriesId));
}

type ListRow = ReturnType<ReturnType<typeof selectSessionList>["all"]>[number];

function toListItem(row: ListRow, now: Date): SessionListItem {
  return {
    id: row.id,
    seriesId: row.seriesId,
    seriesTitle: row.seriesTitle,
    startsAt: row.startsAt,
    endsAt: row.endsAt,
    format: row.format,
    place: row.place,
    room: row.room,
    status: row.status,
    seats: { capacity: row.capacity, taken: Number(row.taken), waitlisted: Number(row.waitlisted) },
    window: registrationWindow(row, now),
  };
}

/** Published (and cancelled, so people see it was called off) sessions that have not ended. */
export function listUpcomingSessions(db: Db, now: Date, filters: SessionFilters = {}): SessionListItem[] {
  const rows = selectSessionList(db)
    .where(and(publiclyVisible(), gt(sessions.endsAt, now)))
    .orderBy(asc(series.title), asc(sessions.startsAt), asc(sessions.id))
    .all();
  return filterSessions(
    rows.map((row) => toListItem(row, now)),
    filters,
  );
}

/** The list's filters, applied to an already loaded list (one query serves the whole page). */
export function filterSessions(items: SessionListItem[], filters: SessionFilters): SessionListItem[] {
  return items
    .filter((item) => matchesFormatFilter(item.format, filters.format))
    .filter((item) => !filters.month || berlinMonthKey(item.startsAt) === filters.month)
    .filter((item) => !filters.onlyWithFreeSeats || (item.status === "published" && freeSeats(item.seats) > 0));
}

export function listPastSessions(db: Db, now: Date): SessionListItem[] {
  const rows = selectSessionList(db)
    .where(and(publiclyVisible(), lte(sessions.endsAt, now)))
    .orderBy(desc(sessions.startsAt))
    .all();
  return rows.map((row) => toListItem(row, now));
}

/** Groups a list by series, keeping the list's order. */
export function groupBySeries(items: SessionListItem[]): { seriesId: number; title: string; sessions: SessionListItem[] }[] {
  const groups = new Map<number, { seriesId: number; title: string; sessions: SessionListItem[] }>();
  for (const item of items) {
    const group = groups.get(item.seriesId) ?? { seriesId: item.seriesId, title: item.seriesTitle, sessions: [] };
    group.sessions.push(item);
    groups.set(item.seriesId, group);
  }
  return [...groups.values()];
}

export type SessionDetail = SessionListItem & {
  oneSeatPerPerson: boolean;
  /** Never send this to a page unless the viewer holds a place. */
  onlineUrl: string | null;
  seriesDescription: string;
  audience: string;
  accessibilityNotes: string;
  /** Shown to everyone; only http(s) links are ever saved (links.ts). */
  directionsUrl: string | null;
  onlineTool: string | null;
  testRoomUrl: string | null;
  contactName: string | null;
  contactEmail: string | null;
  noteForParticipants: string;
  cancelReason: string | null;
  calledOffAt: Date | null;
  calledOffReason: string | null;
  facilitators: string[];
};

/** A session as staff may see it; drafts are not visible here (null → 404). */
export function getPublicSession(db: Db, sessionId: number, now: Date): SessionDetail | null {
  const row = db
    .select({
      ...listSelection(),
      seriesDescription: series.description,
      audience: series.audience,
      oneSeatPerPerson: series.oneSeatPerPerson,
      onlineUrl: sessions.onlineUrl,
      accessibilityNotes: sessions.accessibilityNotes,
      directionsUrl: sessions.directionsUrl,
      onlineTool: sessions.onlineTool,
      testRoomUrl: sessions.testRoomUrl,
      contactName: series.contactName,
      contactEmail: series.contactEmail,
      noteForParticipants: sessions.noteForParticipants,
      cancelReason: sessions.cancelReason,
      calledOffAt: sessions.calledOffAt,
      calledOffReason: sessions.calledOffReason,
    })
    .from(sessions)
    .innerJoin(series, eq(series.id, sessions.seriesId))
    .where(and(eq(sessions.id, sessionId), publiclyVisible()))
    .get() as
    | (ListRow & {
        oneSeatPerPerson: boolean;
        onlineUrl: string | null;
        seriesDescription: string;
        audience: string;
        accessibilityNotes: string;
        directionsUrl: string | null;
        onlineTool: string | null;
        testRoomUrl: string | null;
        contactName: string | null;
        contactEmail: string | null;
        noteForParticipants: string;
        cancelReason: string | null;
        calledOffAt: Date | null;
        calledOffReason: string | null;
      })
    | undefined;
  if (!row) return null;
  const facilitators = db
    .select({ name: users.displayName })
    .from(sessionFacilitators)
    .innerJoin(users, eq(users.id, sessionFacilitators.userId))
    .where(eq(sessionFacilitators.sessionId, sessionId))
    .orderBy(asc(users.displayName))
    .all()
    .map((f) => f.name);
  return {
    ...toListItem(row, now),
    oneSeatPerPerson: row.oneSeatPerPerson,
    onlineUrl: row.onlineUrl,
    seriesDescription: row.seriesDescription,
    audience: row.audience,
    accessibilityNotes: row.accessibilityNotes,
    directionsUrl: row.directionsUrl,
    onlineTool: row.onlineTool,
    testRoomUrl: row.testRoomUrl,
    contactName: row.contactName,
    contactEmail: row.contactEmail,
    noteForParticipants: row.noteForParticipants,
    cancelReason: row.cancelReason,
    calledOffAt: row.calledOffAt,
    calledOffReason: row.calledOffReason,
    facilitators,
  };
}

/**
 * Series that staff know (at least one date was published) but where no upcoming date has
 * a free seat: here people may ask to hear about new dates.
 */
export function listSeriesWithoutFreeSessions(
  db: Db,
  now: Date,
  upcoming: SessionListItem[] = listUpcomingSessions(db, now),
  onlySeriesId?: number,
): { seriesId: number; title: string }[] {
  const withFreeSession = new Set(upcoming.filter(hasBookableSeat).map((s) => s.seriesId));
  return db
    .select({ seriesId: series.id, title: series.title })
    .from(series)
    .where(
      and(
        onlySeriesId === undefined ? undefined : eq(series.id, onlySeriesId),
        sql`exists (select 1 from ${sessions} s where s.series_id = ${series.id} and (s.status = 'published' or (s.status = 'cancelled' and s.published_at is not null)))`,
      ),
    )
    .orderBy(asc(series.title))
    .all()
    .filter((s) => !withFreeSession.has(s.seriesId));
}

function hasBookableSeat(session: SessionListItem): boolean {
  return session.status === "published" && (session.window === "open" || session.window === "not_yet_open") && freeSeats(session.seats) > 0;
}

/** For one session's page: are all dates of its series full or past? */
export function seriesHasNoFreeSession(db: Db, seriesId: number, now: Date): boolean {
  const upcoming = selectSessionList(db)
    .where(and(eq(sessions.seriesId, seriesId), eq(sessions.status, "published"), gt(sessions.endsAt, now)))
    .all()
    .map((row) => toListItem(row, now));
  return listSeriesWithoutFreeSessions(db, now, upcoming, seriesId).length > 0;
}
