// Read side for the person: their state on a session page, and "Meine Anmeldungen".
import { and, asc, desc, eq, inArray } from "drizzle-orm";
import { schema, type Db } from "~/lib/db.server";
import type { RegistrationStatus } from "~db/schema";
import { ACTIVE } from "./rules";
import { upcomingInSeries, waitlistPosition } from "./reads.server";

const { registrations, sessions, series } = schema;

export type OwnRegistration = {
  id: number;
  status: RegistrationStatus;
  position: number | null;
  offerExpiresAt: Date | null;
  /** Set for a conditional waitlist entry: the session whose seat is kept until then. */
  keepsSeat: { sessionId: number; startsAt: Date; endsAt: Date } | null;
  supportNeeds: string | null;
};

type Elsewhere = { sessionId: number; startsAt: Date; endsAt: Date };

export type PersonalSessionState = {
  own: OwnRegistration | null;
  /** A confirmed seat in another upcoming session of the series. */
  seatElsewhere: Elsewhere | null;
  /** A waitlist entry or open offer in another upcoming session of the series. */
  waitingElsewhere: (Elsewhere & { status: "waitlisted" | "offered" }) | null;
};

function keptSeat(db: Db, registrationId: number | null) {
  if (!registrationId) return null;
  const row = db
    .select({ sessionId: registrations.sessionId, status: registrations.status, startsAt: sessions.startsAt, endsAt: sessions.endsAt })
    .from(registrations)
    .innerJoin(sessions, eq(sessions.id, registrations.sessionId))
    .where(eq(registrations.id, registrationId))
    .get();
  return row && (ACTIVE as readonly string[]).includes(row.status)
    ? { sessionId: row.sessionId, startsAt: row.startsAt, endsAt: row.endsAt }
    : null;
}

export function personalSessionState(db: Db, userId: number, session: { id: number; seriesId: number }, now: Date): PersonalSessionState {
  const ownRow = db
    .select()
    .from(registrations)
    .where(and(eq(registrations.sessionId, session.id), eq(registrations.userId, userId), inArray(registrations.status, [...ACTIVE])))
    .get();
  const own: OwnRegistration | null = ownRow
    ? {
        id: ownRow.id,
        status: ownRow.status,
        position: ownRow.status === "waitlisted" ? waitlistPosition(db, ownRow) : null,
        offerExpiresAt: ownRow.offerExpiresAt,
        keepsSeat: ownRow.status === "waitlisted" ? keptSeat(db, ownRow.replacesRegistrationId) : null,
        supportNeeds: ownRow.supportNeeds,
      }
    : null;
  // Only sessions that have not started count: history never blocks a later date.
  const elsewhere = upcomingInSeries(db, session.seriesId, userId, now, { exceptSessionId: session.id });
  const seat = elsewhere.find((r) => r.status === "confirmed");
  const waiting = elsewhere.find((r) => r.status === "waitlisted" || r.status === "offered");
  return {
    own,
    seatElsewhere: seat ? { sessionId: seat.sessionId, startsAt: seat.sessionStartsAt, endsAt: seat.sessionEndsAt } : null,
    waitingElsewhere:
      waiting && !seat
        ? {
            sessionId: waiting.sessionId,
            startsAt: waiting.sessionStartsAt,
            endsAt: waiting.sessionEndsAt,
            status: waiting.status as "waitlisted" | "offered",
          }
        : null,
  };
}

export type MyRegistration = {
  id: number;
  status: RegistrationStatus;
  endReason: string | null;
  position: number | null;
  offerExpiresAt: Date | null;
  sessionId: number;
  seriesTitle: string;
  startsAt: Date;
  endsAt: Date;
  format: "in_person" | "online" | "hybrid";
  place: string;
  room: string;
  sessionStatus: "draft" | "published" | "cancelled";
  /** An active registration for a session that has not ended: shown with its actions. */
  current: boolean;
  started: boolean;
  /** Cancelling would give the place to someone on the waitlist: ask once. */
  passesSeatOn: boolean;
};

/**
 * "Meine Anmeldungen": one row per session the person currently holds a place in, waits
 * for or has been offered (soonest first), and below it everything that is over: past
 * sessions and ended registrations (newest first). A session never shows up twice in the
 * current list, and history never mixes with the current state.
 */
export function listMyRegistrations(db: Db, userId: number, now: Date): { current: MyRegistration[]; ended: MyRegistration[] } {
  const rows = db
    .select({
      registration: registrations,
      seriesTitle: series.title,
      startsAt: sessions.startsAt,
      endsAt: sessions.endsAt,
      format: sessions.format,
      place: sessions.place,
      room: sessions.room,
      sessionStatus: sessions.status,
    })
    .from(registrations)
    .innerJoin(sessions, eq(sessions.id, registrations.sessionId))
    .innerJoin(series, eq(series.id, sessions.seriesId))
    .where(eq(registrations.userId, userId))
    .orderBy(asc(sessions.startsAt), desc(registrations.id))
    .all();
  const items: MyRegistration[] = rows.map((row) => {
    const current = row.endsAt > now && (ACTIVE as readonly string[]).includes(row.registration.status);
    return {
      id: row.registration.id,
      status: row.registration.status,
      endReason: row.registration.endReason,
      position: row.registration.status === "waitlisted" ? waitlistPosition(db, row.registration) : null,
      offerExpiresAt: row.registration.offerExpiresAt,
      sessionId: row.registration.sessionId,
      seriesTitle: row.seriesTitle,
      startsAt: row.startsAt,
      endsAt: row.endsAt,
      format: row.format,
      place: row.place,
      room: row.room,
      sessionStatus: row.sessionStatus,
      current,
      started: row.startsAt <= now,
      passesSeatOn:
        current && row.registration.status === "confirmed" && row.startsAt > now && someoneWaits(db, row.registration.sessionId),
    };
  });
  return {
    current: items.filter((item) => item.current),
    ended: items.filter((item) => !item.current).reverse(),
  };
}

function someoneWaits(db: Db, sessionId: number): boolean {
  return !!db
    .select({ id: registrations.id })
    .from(registrations)
    .where(and(eq(registrations.sessionId, sessionId), inArray(registrations.status, ["waitlisted", "offered"])))
    .get();
}

/** The person's own state on a card of the session list. */
export type CardState = { status: "confirmed" | "waitlisted" | "offered"; position: number | null; offerExpiresAt: Date | null };

/** The person's active registrations among the listed sessions (one query, plus one per waitlist entry). */
export function ownStatesForSessions(db: Db, userId: number, sessionIds: number[]): Record<number, CardState> {
  if (sessionIds.length === 0) return {};
  const rows = db
    .select()
    .from(registrations)
    .where(
      and(
        eq(registrations.userId, userId),
        inArray(registrations.sessionId, sessionIds),
        inArray(registrations.status, ["confirmed", "waitlisted", "offered"]),
      ),
    )
    .all();
  const states: Record<number, CardState> = {};
  for (const row of rows) {
    states[row.sessionId] = {
      status: row.status as CardState["status"],
      position: row.status === "waitlisted" ? waitlistPosition(db, row) : null,
      offerExpiresAt: row.offerExpiresAt,
    };
  }
  return states;
}

/**
 * "Abmelden" asks once when it cannot be undone by registering again: the person holds a
 * confirmed place and someone waits for it (the place goes to them at once).
 */
export function cancelPassesSeatOn(db: Db, userId: number, sessionId: number): boolean {
  const own = db
    .select({ status: registrations.status })
    .from(registrations)
    .where(and(eq(registrations.sessionId, sessionId), eq(registrations.userId, userId), eq(registrations.status, "confirmed")))
    .get();
  return !!own && someoneWaits(db, sessionId);
}
