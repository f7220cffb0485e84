// Registration and waitlist. Every use case runs in one BEGIN IMMEDIATE transaction: check
// the state, change it, write mails and audit, commit; SMTP happens later from the outbox.
// Invariants: seats held (confirmed + offered + attended) ≤ capacity; the waitlist is
// served first come, first served; one place per person and series when the series says
// so; a rebooking never leaves a person without the place they had.
import { and, asc, eq, inArray, lte, ne, sql } from "drizzle-orm";
import { renderRegistrationCancelled } from "~emails/registration-cancelled";
import { renderRegistrationConfirmed } from "~emails/registration-confirmed";
import { renderRegistrationOfferExpired } from "~emails/registration-offer-expired";
import { renderRegistrationOffered } from "~emails/registration-offered";
import { renderRegistrationPromoted } from "~emails/registration-promoted";
import { renderRegistrationRebooked } from "~emails/registration-rebooked";
import { renderRegistrationWaitlisted } from "~emails/registration-waitlisted";
import { renderRegistrationReleased } from "~emails/registration-released";
import { renderSessionCancelled } from "~emails/session-cancelled";
import { inviteForRegistration } from "~/calendar/invites.server";
import { writeAudit } from "~/lib/audit.server";
import { formatDateRange, formatDateTime } from "~/lib/dates";
import { schema, type Db, type DbOrTx } from "~/lib/db.server";
import { registrationWindow } from "~/sessions/rules";
import type { RegistrationStatus } from "~db/schema";
import { mailPerson, sessionFacts } from "./mail-facts.server";
import { ACTIVE, HOLDS_SEAT } from "./rules";

const { registrations, sessions, series } = schema;

/** What a use case needs besides the database: the time, and what goes into mails. */
export type Clock = { now: Date; appUrl: string; mailFrom: string; alarmMinutes: number };

export function clockFor(env: { appUrl: string; mailFrom: string; alarmMinutes: number }, now = new Date()): Clock {
  return { now, appUrl: env.appUrl, mailFrom: env.mailFrom, alarmMinutes: env.alarmMinutes };
}

type SessionRow = typeof sessions.$inferSelect & {
  seriesTitle: string;
  waitlistMode: "auto" | "offer";
  offerHours: number;
  onePlacePerPerson: boolean;
};
type RegistrationRow = typeof registrations.$inferSelect;

// The reads every registration makes are prepared once per database and reused: building
// and compiling the same queries again was most of a registration's cost (npm run bench).
// They take the root `db`: better-sqlite3 has one connection, so inside db.transaction(...)
// they read the transaction's own state, exactly like `tx` would.
const preparedReads = new WeakMap<Db, ReturnType<typeof prepareReads>>();

function prepareReads(db: Db) {
  return {
    session: db
      .select({
        session: sessions,
        seriesTitle: series.title,
        waitlistMode: series.waitlistMode,
        offerHours: series.offerHours,
        onePlacePerPerson: series.onePlacePerPerson,
      })
      .from(sessions)
      .innerJoin(series, eq(series.id, sessions.seriesId))
      .where(eq(sessions.id, sql.placeholder("sessionId")))
      .prepare(),
    seatsHeld: db
      .select({ n: sql<number>`count(*)` })
      .from(registrations)
      .where(and(eq(registrations.sessionId, sql.placeholder("sessionId")), inArray(registrations.status, [...HOLDS_SEAT])))
      .prepare(),
    active: db
      .select()
      .from(registrations)
      .where(
        and(
          eq(registrations.sessionId, sql.placeholder("sessionId")),
          eq(registrations.userId, sql.placeholder("userId")),
          inArray(registrations.status, [...ACTIVE]),
        ),
      )
      .prepare(),
    activeInSeries: db
      .select({ id: registrations.id, sessionId: registrations.sessionId, status: registrations.status })
      .from(registrations)
      .innerJoin(sessions, eq(sessions.id, registrations.sessionId))
      .where(
        and(
          eq(registrations.userId, sql.placeholder("userId")),
          eq(sessions.seriesId, sql.placeholder("seriesId")),
          inArray(registrations.status, [...ACTIVE]),
        ),
      )
      .prepare(),
  };
}

function reads(db: Db) {
  let prepared = preparedReads.get(db);
  if (!prepared) {
    prepared = prepareReads(db);
    preparedReads.set(db, prepared);
  }
  return prepared;
}

function loadSession(db: Db, sessionId: number): SessionRow | undefined {
  const row = reads(db).session.get({ sessionId });
  return row
    ? {
        ...row.session,
        seriesTitle: row.seriesTitle,
        waitlistMode: row.waitlistMode,
        offerHours: row.offerHours,
        onePlacePerPerson: row.onePlacePerPerson,
      }
    : undefined;
}

function seatsHeld(db: Db, sessionId: number): number {
  return reads(db).seatsHeld.get({ sessionId })?.n ?? 0;
}

function activeRegistration(db: Db, sessionId: number, userId: number): RegistrationRow | undefined {
  return reads(db).active.get({ sessionId, userId });
}

/** The person's active registrations in any date of a series (one indexed query). */
function activeInSeries(db: Db, seriesId: number, userId: number): Pick<RegistrationRow, "id" | "sessionId" | "status">[] {
  return reads(db).activeInSeries.all({ userId, seriesId });
}

/** The person's active registrations in other dates of the same series (also for the session page). */
export function activeInSeriesElsewhere(
  db: Db,
  session: { id: number; seriesId: number },
  userId: number,
): (RegistrationRow & { sessionStartsAt: Date; sessionEndsAt: Date })[] {
  return db
    .select({ registration: registrations, sessionStartsAt: sessions.startsAt, sessionEndsAt: sessions.endsAt })
    .from(registrations)
    .innerJoin(sessions, eq(sessions.id, registrations.sessionId))
    .where(
      and(
        eq(sessions.seriesId, session.seriesId),
        ne(sessions.id, session.id),
        eq(registrations.userId, userId),
        inArray(registrations.status, [...ACTIVE]),
      ),
    )
    .all()
    .map((row) => ({ ...row.registration, sessionStartsAt: row.sessionStartsAt, sessionEndsAt: row.sessionEndsAt }));
}

/**
 * 1-based place on the waitlist. "First come" is the order of the committed transactions,
 * which the row id records exactly (writers are serialised by BEGIN IMMEDIATE), even across
 * processes whose clocks differ by a few milliseconds.
 */
export function waitlistPosition(tx: DbOrTx, registration: Pick<RegistrationRow, "id" | "sessionId">): number {
  return (
    tx
      .select({ n: sql<number>`count(*)` })
      .from(registrations)
      .where(
        and(
          eq(registrations.sessionId, registration.sessionId),
          eq(registrations.status, "waitlisted"),
          lte(registrations.id, registration.id),
        ),
      )
      .get()?.n ?? 0
  );
}

/** The invite for a registration's mail (REQUEST for a held place, CANCEL when it ends). */
function invite(
  tx: DbOrTx,
  registrationId: number,
  session: SessionRow,
  method: "REQUEST" | "CANCEL",
  clock: Clock,
  sessionCancelled = false,
) {
  return inviteForRegistration(tx, registrationId, session, method, clock, { sessionCancelled });
}

function setStatus(tx: DbOrTx, id: number, status: RegistrationStatus, now: Date, extra: Partial<RegistrationRow> = {}) {
  tx.update(registrations)
    .set({ status, updatedAt: now, ...extra })
    .where(eq(registrations.id, id))
    .run();
}

function audit(
  tx: DbOrTx,
  actorId: number | null,
  action: string,
  registration: Pick<RegistrationRow, "id" | "sessionId">,
  now: Date,
  details: Record<string, unknown> = {},
) {
  writeAudit(tx, {
    actorId,
    action,
    subjectType: "registration",
    subjectId: registration.id,
    details: { sessionId: registration.sessionId, ...details },
    at: now,
  });
}

/**
 * Gives free seats to the waitlist, oldest entry first: at once (auto mode) or as an offer
 * with a deadline (offer mode). When a conditional entry becomes a place, the person's old
 * place is released in this same transaction and that session is filled in turn.
 */
export function fillFreeSeats(db: Db, sessionId: number, clock: Clock): void {
  const tx: DbOrTx = db;
  const queue = [sessionId];
  while (queue.length > 0) {
    const session = loadSession(db, queue.shift()!);
    // No moving up into a cancelled, unpublished or already started session.
    if (session?.status !== "published" || session.startsAt <= clock.now) continue;
    for (;;) {
      if (seatsHeld(db, session.id) >= session.capacity) break;
      const next = tx
        .select()
        .from(registrations)
        .where(and(eq(registrations.sessionId, session.id), eq(registrations.status, "waitlisted")))
        .orderBy(asc(registrations.id))
        .get();
      if (!next) break;
      const facts = sessionFacts(session, session.seriesTitle, clock.appUrl);
      if (session.waitlistMode === "offer") {
        const deadline = new Date(Math.min(clock.now.getTime() + session.offerHours * 3600_000, session.startsAt.getTime()));
        setStatus(tx, next.id, "offered", clock.now, { offerExpiresAt: deadline });
        audit(tx, null, "registration_offered", next, clock.now, { offerExpiresAt: deadline });
        mailPerson(
          tx,
          next.userId,
          {
            dedupeKey: `offer:r${next.id}`,
            kind: "offer",
            mail: renderRegistrationOffered(facts, { deadline: `${formatDateTime(deadline)}` }),
          },
          clock.now,
        );
        continue;
      }
      setStatus(tx, next.id, "confirmed", clock.now);
      audit(tx, null, "registration_promoted", next, clock.now);
      const released = releaseReplacedPlace(db, next, clock);
      if (released) queue.push(released.sessionId);
      mailPerson(
        tx,
        next.userId,
        {
          dedupeKey: `promoted:r${next.id}`,
          kind: "promoted",
          mail: renderRegistrationPromoted(facts, {
            releasedElsewhere: released ? formatDateRange(released.startsAt, released.endsAt) : null,
          }),
          ics: invite(tx, next.id, session, "REQUEST", clock),
        },
        clock.now,
      );
    }
  }
}

/** For a conditional entry that just became a place: gives up the old place. */
function releaseReplacedPlace(
  db: Db,
  registration: RegistrationRow,
  clock: Clock,
): { sessionId: number; startsAt: Date; endsAt: Date } | null {
  const tx: DbOrTx = db;
  if (!registration.replacesRegistrationId) return null;
  const old = tx
    .select({ registration: registrations, startsAt: sessions.startsAt, endsAt: sessions.endsAt })
    .from(registrations)
    .innerJoin(sessions, eq(sessions.id, registrations.sessionId))
    .where(eq(registrations.id, registration.replacesRegistrationId))
    .get();
  if (!old || !(ACTIVE as readonly string[]).includes(old.registration.status)) return null;
  setStatus(tx, old.registration.id, "cancelled", clock.now, { endReason: "rebooked", offerExpiresAt: null });
  audit(tx, registration.userId, "registration_released_for_rebooking", old.registration, clock.now, {
    newRegistrationId: registration.id,
  });
  mailReleased(db, old.registration, clock);
  return { sessionId: old.registration.sessionId, startsAt: old.startsAt, endsAt: old.endsAt };
}

/** The old date of a rebooking: one mail with its CANCEL, so the calendar entry goes away. */
function mailReleased(db: Db, registration: RegistrationRow, clock: Clock): void {
  const session = loadSession(db, registration.sessionId);
  if (!session) return;
  mailPerson(
    db,
    registration.userId,
    {
      dedupeKey: `released:r${registration.id}`,
      kind: "released",
      mail: renderRegistrationReleased(sessionFacts(session, session.seriesTitle, clock.appUrl)),
      ics: invite(db, registration.id, session, "CANCEL", clock),
    },
    clock.now,
  );
}

export type Refusal =
  | "not_found"
  | "cancelled"
  | "past"
  | "not_yet_open"
  | "closed"
  | "has_place_in_series"
  | "not_registered"
  | "started"
  | "no_offer"
  | "offer_expired"
  | "nothing_to_rebook";

export type RegisterResult =
  | { ok: true; outcome: "confirmed" | "waitlisted"; registrationId: number; position: number | null }
  | { ok: true; outcome: "already"; registrationId: number }
  | { ok: false; reason: Refusal };

function windowRefusal(session: SessionRow, now: Date): Refusal | null {
  const window = registrationWindow(session, now);
  if (window === "draft") return "not_found";
  if (window === "open") return null;
  return window as Refusal;
}

/** "Jetzt anmelden" / "Auf die Warteliste". A double submit finds the first and changes nothing. */
export function register(
  db: Db,
  userId: number,
  sessionId: number,
  input: { supportNeeds?: string | null; actorId?: number },
  clock: Clock,
): RegisterResult {
  return db.transaction(
    (tx): RegisterResult => {
      const session = loadSession(db, sessionId);
      if (!session) return { ok: false, reason: "not_found" };
      const inSeries = activeInSeries(db, session.seriesId, userId);
      const existing = inSeries.find((r) => r.sessionId === sessionId);
      if (existing) return { ok: true, outcome: "already", registrationId: existing.id };
      const refusal = windowRefusal(session, clock.now);
      if (refusal) return { ok: false, reason: refusal };
      if (session.onePlacePerPerson && inSeries.length > 0) return { ok: false, reason: "has_place_in_series" };
      const status = seatsHeld(db, sessionId) < session.capacity ? "confirmed" : "waitlisted";
      const registration = tx
        .insert(registrations)
        .values({
          sessionId,
          userId,
          status,
          queuedAt: clock.now,
          updatedAt: clock.now,
          supportNeeds: input.supportNeeds?.trim() || null,
        })
        .returning()
        .get();
      audit(
        tx,
        input.actorId ?? userId,
        status === "confirmed" ? "registration_confirmed" : "registration_waitlisted",
        registration,
        clock.now,
      );
      const facts = sessionFacts(session, session.seriesTitle, clock.appUrl);
      if (status === "confirmed") {
        mailPerson(
          tx,
          userId,
          {
            dedupeKey: `confirm:r${registration.id}`,
            kind: "confirmation",
            mail: renderRegistrationConfirmed(facts),
            ics: invite(tx, registration.id, session, "REQUEST", clock),
          },
          clock.now,
        );
        return { ok: true, outcome: "confirmed", registrationId: registration.id, position: null };
      }
      const position = mailWaitlistEntry(tx, registration, session, clock, { keepsPlaceElsewhere: false });
      return { ok: true, outcome: "waitlisted", registrationId: registration.id, position };
    },
    { behavior: "immediate" },
  );
}

/** The waitlist mail names the place in the queue; returns that place. */
function mailWaitlistEntry(
  tx: DbOrTx,
  registration: RegistrationRow,
  session: SessionRow,
  clock: Clock,
  options: { keepsPlaceElsewhere: boolean },
): number {
  const position = waitlistPosition(tx, registration);
  mailPerson(
    tx,
    registration.userId,
    {
      dedupeKey: `waitlist:r${registration.id}`,
      kind: "waitlist",
      mail: renderRegistrationWaitlisted(sessionFacts(session, session.seriesTitle, clock.appUrl), {
        position,
        keepsPlaceElsewhere: options.keepsPlaceElsewhere,
        mode: session.waitlistMode,
      }),
    },
    clock.now,
  );
  return position;
}

export type CancelResult = { ok: true; wasWaitlisted: boolean } | { ok: false; reason: Refusal };

/** "Abmelden": gives the seat (or the waitlist place) back; a freed seat moves the waitlist up. */
export function cancelRegistration(db: Db, userId: number, sessionId: number, clock: Clock): CancelResult {
  return db.transaction(
    (tx): CancelResult => {
      const session = loadSession(db, sessionId);
      if (!session || session.status === "draft") return { ok: false, reason: "not_found" };
      const registration = activeRegistration(db, sessionId, userId);
      if (!registration) return { ok: false, reason: "not_registered" };
      if (session.startsAt <= clock.now || registration.status === "attended") return { ok: false, reason: "started" };
      setStatus(tx, registration.id, "cancelled", clock.now, { endReason: "self", offerExpiresAt: null });
      audit(tx, userId, "registration_cancelled", registration, clock.now, { from: registration.status });
      const wasWaitlisted = registration.status === "waitlisted";
      mailPerson(
        tx,
        userId,
        {
          dedupeKey: `cancelled:r${registration.id}`,
          kind: "cancellation",
          mail: renderRegistrationCancelled(sessionFacts(session, session.seriesTitle, clock.appUrl), { wasWaitlisted }),
          // Only a held place was ever in the person's calendar.
          ics: registration.status === "confirmed" ? invite(tx, registration.id, session, "CANCEL", clock) : undefined,
        },
        clock.now,
      );
      if (!wasWaitlisted) fillFreeSeats(db, sessionId, clock);
      return { ok: true, wasWaitlisted };
    },
    { behavior: "immediate" },
  );
}

export type OfferResult = { ok: true } | { ok: false; reason: Refusal };

export function acceptOffer(db: Db, userId: number, sessionId: number, clock: Clock): OfferResult {
  return db.transaction(
    (tx): OfferResult => {
      const session = loadSession(db, sessionId);
      if (!session || session.status === "draft") return { ok: false, reason: "not_found" };
      const registration = activeRegistration(db, sessionId, userId);
      if (registration?.status !== "offered") return { ok: false, reason: "no_offer" };
      if (!registration.offerExpiresAt || registration.offerExpiresAt <= clock.now) {
        expireOne(db, registration, session, clock);
        fillFreeSeats(db, sessionId, clock);
        return { ok: false, reason: "offer_expired" };
      }
      setStatus(tx, registration.id, "confirmed", clock.now, { offerExpiresAt: null });
      audit(tx, userId, "registration_offer_accepted", registration, clock.now);
      const released = releaseReplacedPlace(db, registration, clock);
      mailPerson(
        tx,
        userId,
        {
          dedupeKey: `promoted:r${registration.id}`,
          kind: "promoted",
          mail: renderRegistrationPromoted(sessionFacts(session, session.seriesTitle, clock.appUrl), {
            releasedElsewhere: released ? formatDateRange(released.startsAt, released.endsAt) : null,
          }),
          ics: invite(tx, registration.id, session, "REQUEST", clock),
        },
        clock.now,
      );
      if (released) fillFreeSeats(db, released.sessionId, clock);
      return { ok: true };
    },
    { behavior: "immediate" },
  );
}

export function declineOffer(db: Db, userId: number, sessionId: number, clock: Clock): OfferResult {
  return db.transaction(
    (tx): OfferResult => {
      const session = loadSession(db, sessionId);
      if (!session || session.status === "draft") return { ok: false, reason: "not_found" };
      const registration = activeRegistration(db, sessionId, userId);
      if (registration?.status !== "offered") return { ok: false, reason: "no_offer" };
      setStatus(tx, registration.id, "cancelled", clock.now, { endReason: "offer_declined", offerExpiresAt: null });
      audit(tx, userId, "registration_offer_declined", registration, clock.now);
      mailPerson(
        tx,
        userId,
        {
          dedupeKey: `cancelled:r${registration.id}`,
          kind: "cancellation",
          mail: renderRegistrationCancelled(sessionFacts(session, session.seriesTitle, clock.appUrl), { wasWaitlisted: true }),
        },
        clock.now,
      );
      fillFreeSeats(db, sessionId, clock);
      return { ok: true };
    },
    { behavior: "immediate" },
  );
}

function expireOne(db: Db, registration: RegistrationRow, session: SessionRow, clock: Clock) {
  const tx: DbOrTx = db;
  setStatus(tx, registration.id, "cancelled", clock.now, { endReason: "offer_expired", offerExpiresAt: null });
  audit(tx, null, "registration_offer_expired", registration, clock.now);
  mailPerson(
    tx,
    registration.userId,
    {
      dedupeKey: `offer-expired:r${registration.id}`,
      kind: "offer_expired",
      mail: renderRegistrationOfferExpired(sessionFacts(session, session.seriesTitle, clock.appUrl)),
      ics: invite(tx, registration.id, session, "CANCEL", clock),
    },
    clock.now,
  );
}

/** The job that runs every minute: offers past their deadline pass to the next person. */
export function expireOffers(db: Db, clock: Clock): number {
  return db.transaction(
    (tx) => {
      const due = tx
        .select()
        .from(registrations)
        .where(and(eq(registrations.status, "offered"), lte(registrations.offerExpiresAt, clock.now)))
        .orderBy(asc(registrations.offerExpiresAt), asc(registrations.id))
        .all();
      const sessionIds = new Set<number>();
      for (const registration of due) {
        const session = loadSession(db, registration.sessionId);
        if (!session) continue;
        expireOne(db, registration, session, clock);
        sessionIds.add(session.id);
      }
      for (const sessionId of sessionIds) fillFreeSeats(db, sessionId, clock);
      return due.length;
    },
    { behavior: "immediate" },
  );
}

export type RebookResult =
  | { ok: true; outcome: "rebooked"; registrationId: number }
  | { ok: true; outcome: "waitlisted"; registrationId: number; position: number }
  | { ok: true; outcome: "already"; registrationId: number }
  | { ok: false; reason: Refusal };

/**
 * "Auf diesen Termin umbuchen": with a free seat here the places are swapped at once;
 * when this date is full, a conditional waitlist entry keeps the old place until it turns
 * into a place here.
 */
export function rebook(db: Db, userId: number, sessionId: number, clock: Clock): RebookResult {
  return db.transaction(
    (tx): RebookResult => {
      const session = loadSession(db, sessionId);
      if (!session) return { ok: false, reason: "not_found" };
      const existing = activeRegistration(db, sessionId, userId);
      if (existing) return { ok: true, outcome: "already", registrationId: existing.id };
      const refusal = windowRefusal(session, clock.now);
      if (refusal) return { ok: false, reason: refusal };
      const elsewhere = activeInSeriesElsewhere(db, session, userId);
      const held = elsewhere.find((r) => r.status === "confirmed" && r.sessionStartsAt > clock.now);
      if (!held) return { ok: false, reason: "nothing_to_rebook" };
      // One waitlist entry at a time: an earlier conditional entry gives way to this one.
      for (const other of elsewhere.filter((r) => r.status === "waitlisted")) {
        setStatus(tx, other.id, "cancelled", clock.now, { endReason: "rebooked" });
        audit(tx, userId, "registration_replaced", other, clock.now);
      }
      const facts = sessionFacts(session, session.seriesTitle, clock.appUrl);
      if (seatsHeld(db, sessionId) < session.capacity) {
        const registration = tx
          .insert(registrations)
          .values({ sessionId, userId, status: "confirmed", queuedAt: clock.now, updatedAt: clock.now, supportNeeds: held.supportNeeds })
          .returning()
          .get();
        setStatus(tx, held.id, "cancelled", clock.now, { endReason: "rebooked" });
        audit(tx, userId, "registration_rebooked", registration, clock.now, { from: held.id });
        mailPerson(
          tx,
          userId,
          {
            dedupeKey: `rebooked:r${registration.id}`,
            kind: "rebooked",
            mail: renderRegistrationRebooked(facts, { previousWhen: formatDateRange(held.sessionStartsAt, held.sessionEndsAt) }),
            ics: invite(tx, registration.id, session, "REQUEST", clock),
          },
          clock.now,
        );
        mailReleased(db, held, clock);
        fillFreeSeats(db, held.sessionId, clock);
        return { ok: true, outcome: "rebooked", registrationId: registration.id };
      }
      const registration = tx
        .insert(registrations)
        .values({
          sessionId,
          userId,
          status: "waitlisted",
          queuedAt: clock.now,
          updatedAt: clock.now,
          replacesRegistrationId: held.id,
          supportNeeds: held.supportNeeds,
        })
        .returning()
        .get();
      audit(tx, userId, "registration_waitlisted_conditionally", registration, clock.now, { keeps: held.id });
      const position = mailWaitlistEntry(tx, registration, session, clock, { keepsPlaceElsewhere: true });
      return { ok: true, outcome: "waitlisted", registrationId: registration.id, position };
    },
    { behavior: "immediate" },
  );
}

/** Inside the organiser's cancellation: every active registration ends, each person is told. */
export function cancelAllRegistrations(db: Db, sessionId: number, reason: string, clock: Clock): number {
  const tx: DbOrTx = db;
  const session = loadSession(db, sessionId);
  if (!session) return 0;
  const active = tx
    .select()
    .from(registrations)
    .where(and(eq(registrations.sessionId, sessionId), inArray(registrations.status, [...ACTIVE])))
    .all();
  const facts = sessionFacts(session, session.seriesTitle, clock.appUrl);
  for (const registration of active) {
    setStatus(tx, registration.id, "cancelled_by_organizer", clock.now, { endReason: "organizer", offerExpiresAt: null });
    mailPerson(
      tx,
      registration.userId,
      {
        dedupeKey: `session-cancelled:r${registration.id}`,
        kind: "session_cancelled",
        mail: renderSessionCancelled(facts, { reason }),
        ics: invite(tx, registration.id, session, "CANCEL", clock, true),
      },
      clock.now,
    );
  }
  return active.length;
}

export type MoveResult =
  | { ok: true; overbooked: boolean; registrationId: number }
  | { ok: false; reason: "forbidden" | "not_found" | "target_unavailable" | "target_full" | "same_session" | "already_there" };

/**
 * An organiser moves a person to another date under the same rules: a free seat is
 * swapped in one transaction; a full date needs a deliberate overbooking with a reason,
 * which the audit log keeps. It never happens by accident.
 */
export function movePerson(
  db: Db,
  actor: { id: number; roles: readonly string[] },
  registrationId: number,
  targetSessionId: number,
  input: { overbookReason: string | null },
  clock: Clock,
): MoveResult {
  if (!actor.roles.includes("admin")) return { ok: false, reason: "forbidden" };
  return db.transaction(
    (tx): MoveResult => {
      const current = tx.select().from(registrations).where(eq(registrations.id, registrationId)).get();
      if (!current || !(ACTIVE as readonly string[]).includes(current.status)) return { ok: false, reason: "not_found" };
      if (current.sessionId === targetSessionId) return { ok: false, reason: "same_session" };
      const target = loadSession(db, targetSessionId);
      if (target?.status !== "published" || target.startsAt <= clock.now) return { ok: false, reason: "target_unavailable" };
      if (activeRegistration(db, targetSessionId, current.userId)) return { ok: false, reason: "already_there" };
      const free = seatsHeld(db, targetSessionId) < target.capacity;
      if (!free && !input.overbookReason) return { ok: false, reason: "target_full" };
      const moved = tx
        .insert(registrations)
        .values({
          sessionId: targetSessionId,
          userId: current.userId,
          status: "confirmed",
          queuedAt: clock.now,
          updatedAt: clock.now,
          supportNeeds: current.supportNeeds,
        })
        .returning()
        .get();
      setStatus(tx, current.id, "cancelled", clock.now, { endReason: "moved", offerExpiresAt: null });
      audit(tx, actor.id, free ? "registration_moved" : "registration_overbooked", moved, clock.now, {
        from: current.id,
        fromSessionId: current.sessionId,
        ...(free ? {} : { reason: input.overbookReason, capacity: target.capacity }),
      });
      const old = loadSession(db, current.sessionId);
      mailPerson(
        tx,
        current.userId,
        {
          dedupeKey: `rebooked:r${moved.id}`,
          kind: "rebooked",
          mail: renderRegistrationRebooked(sessionFacts(target, target.seriesTitle, clock.appUrl), {
            previousWhen: old ? formatDateRange(old.startsAt, old.endsAt) : "",
          }),
          ics: invite(tx, moved.id, target, "REQUEST", clock),
        },
        clock.now,
      );
      if (current.status === "confirmed") mailReleased(db, current, clock);
      if (current.status !== "waitlisted") fillFreeSeats(db, current.sessionId, clock);
      return { ok: true, overbooked: !free, registrationId: moved.id };
    },
    { behavior: "immediate" },
  );
}
