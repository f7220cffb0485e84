// Calendar files and feeds: one session's .ics, the public feed of upcoming sessions, and a
// person's private feed of the places they hold.
import { and, asc, eq, gt, inArray, isNotNull, or } from "drizzle-orm";
import { canManageSession } from "~/participants/participants.server";
import { activeRegistration } from "~/registrations/reads.server";
import { mayReadParticipantDetails } from "~/sessions/participant-details";
import { publiclyVisible } from "~/sessions/visibility.server";
import { keyedHash, sameHash } from "~/auth/secrets.server";
import { logSecurityEvent } from "~/lib/security-log.server";
import { schema, type Db, type DbOrTx } from "~/lib/db.server";
import { nextSequence } from "./invites.server";
import { publishedCalendar, type CalendarContext, type CalendarSession } from "./ical.server";

const { sessions, series, registrations, users } = schema;
const KEEP_CANCELLED_MS = 30 * 24 * 3600_000;

const calendarSelection = {
  id: sessions.id,
  seriesTitle: series.title,
  startsAt: sessions.startsAt,
  endsAt: sessions.endsAt,
  format: sessions.format,
  place: sessions.place,
  room: sessions.room,
  onlineUrl: sessions.onlineUrl,
  status: sessions.status,
  sequence: sessions.sequence,
};

/** "Zum Kalender hinzufügen (.ics)": null for drafts and unknown ids. */
/** The .ics download of one session for this viewer (signed in or not). */
export function sessionCalendarFileFor(
  db: Db,
  sessionId: number,
  viewer: { id: number; roles: readonly string[] } | null,
  ctx: CalendarContext,
): string | null {
  const registrationStatus = viewer ? activeRegistration(db, sessionId, viewer.id)?.status : undefined;
  const managesSession = viewer ? canManageSession(db, viewer, sessionId) : false;
  return sessionCalendarFile(db, sessionId, ctx, mayReadParticipantDetails({ registrationStatus, managesSession }));
}

export function sessionCalendarFile(db: Db, sessionId: number, ctx: CalendarContext, viewerHoldsSeat: boolean): string | null {
  const session = db
    .select(calendarSelection)
    .from(sessions)
    .innerJoin(series, eq(series.id, sessions.seriesId))
    .where(and(eq(sessions.id, sessionId), publiclyVisible()))
    .get();
  if (!session) return null;
  return publishedCalendar([{ session, sequence: session.sequence, includeOnlineLink: viewerHoldsSeat }], ctx, session.seriesTitle);
}

/** Everything staff can register for: published sessions that have not ended. No links. */
export function publicFeed(db: Db, ctx: CalendarContext, now: Date): string {
  const rows = db
    .select(calendarSelection)
    .from(sessions)
    .innerJoin(series, eq(series.id, sessions.seriesId))
    .where(and(publiclyVisible(), gt(sessions.endsAt, now)))
    .orderBy(asc(sessions.startsAt))
    .all();
  return publishedCalendar(
    rows.map((session) => ({ session, sequence: session.sequence, includeOnlineLink: false })),
    ctx,
    "KI-Infoveranstaltungen",
  );
}

/** `${userId}-${keyed hash}`: nothing stored that a database leak could turn into a link. */
export function feedToken(secret: string, userId: number, version: number): string {
  return `${userId}-${keyedHash(secret, `calendar-feed:${userId}:${version}`)}`;
}

/** The user behind a feed token, or null; says nothing about whether it ever existed. */
export function userForFeedToken(db: Db, secret: string, token: string): number | null {
  const match = /^(\d{1,12})-([A-Za-z0-9_-]{43})$/.exec(token);
  if (!match) return null;
  const userId = Number(match[1]);
  const user = db.select({ version: users.calendarFeedVersion }).from(users).where(eq(users.id, userId)).get();
  if (!user) return null;
  return sameHash(feedToken(secret, userId, user.version), token) ? userId : null;
}

export function resetFeedToken(db: DbOrTx, userId: number): void {
  const user = db.select({ version: users.calendarFeedVersion }).from(users).where(eq(users.id, userId)).get();
  if (!user) return;
  logSecurityEvent("calendar_feed_reset", { userId });
  db.update(users)
    .set({ calendarFeedVersion: user.version + 1 })
    .where(eq(users.id, userId))
    .run();
}

export function currentFeedToken(db: Db, secret: string, userId: number): string {
  const user = db.select({ version: users.calendarFeedVersion }).from(users).where(eq(users.id, userId)).get();
  return feedToken(secret, userId, user?.version ?? 0);
}

/**
 * The places a person holds, and places that ended in the last 30 days as CANCELLED, so a
 * subscribed calendar removes them instead of keeping a stale entry.
 */
export function personalFeed(db: Db, userId: number, ctx: CalendarContext, now: Date): string {
  const rows = db
    .select({
      ...calendarSelection,
      registrationStatus: registrations.status,
      lastSent: registrations.lastSequenceSent,
      updatedAt: registrations.updatedAt,
    })
    .from(registrations)
    .innerJoin(sessions, eq(sessions.id, registrations.sessionId))
    .innerJoin(series, eq(series.id, sessions.seriesId))
    .where(
      and(
        eq(registrations.userId, userId),
        or(
          inArray(registrations.status, ["confirmed", "attended"]),
          and(
            inArray(registrations.status, ["cancelled", "cancelled_by_organizer"]),
            // Only places that were in the calendar (an invite went out), ended recently.
            isNotNull(registrations.lastSequenceSent),
            gt(registrations.updatedAt, new Date(now.getTime() - KEEP_CANCELLED_MS)),
          ),
        ),
      ),
    )
    .orderBy(asc(sessions.startsAt))
    .all();
  // One event per session: a held place wins over an older cancelled one.
  const bySession = new Map<number, (typeof rows)[number]>();
  for (const row of rows) {
    const existing = bySession.get(row.id);
    const holds = row.registrationStatus === "confirmed" || row.registrationStatus === "attended";
    if (!existing || holds) bySession.set(row.id, row);
  }
  return publishedCalendar(
    [...bySession.values()].map((row) => {
      const holds = row.registrationStatus === "confirmed" || row.registrationStatus === "attended";
      const session: CalendarSession = row;
      return {
        session,
        sequence: Math.max(nextSequence(row.sequence, null), row.lastSent ?? 0),
        includeOnlineLink:
          mayReadParticipantDetails({ registrationStatus: row.registrationStatus, managesSession: false }) && row.status !== "cancelled",
        cancelled: !holds || row.status === "cancelled",
      };
    }),
    ctx,
    "Meine KI-Infoveranstaltungen",
  );
}
