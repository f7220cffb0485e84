// The findings of the registration-core review, each reproduced against a real SQLite file.
import { and, eq, inArray } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { outbox, registrations, sessions } from "~db/schema";
import { listMoveTargets, movePerson } from "~/participants/move.server";
import { setAttendance } from "~/participants/participants.server";
import { personalSessionState } from "~/registrations/my-registrations.server";
import { assertSeatRules, SeatRuleViolation } from "~/registrations/seat-rules.server";
import { cancelRegistration, rebook, register, switchFromWaitlist } from "~/registrations/transitions.server";
import { acceptOffer, runWaitlistDeadlines } from "~/registrations/waitlist.server";
import { callOffSession, cancelSession, discardDraft } from "~/sessions/cancellation.server";
import { listUpcomingSessions } from "~/sessions/sessions.server";
import { createTestDb } from "../support/db";
import { createSeries, createSession, createUser } from "../support/factories";

const H = 3600_000;
const t0 = new Date("2027-03-01T08:00:00Z");
const at = (hours: number) => ({
  now: new Date(t0.getTime() + hours * H),
  appUrl: "http://ki.test",
  mailFrom: "KI-Infoveranstaltungen <ki-info@stadt.example>",
  alarmMinutes: 15,
});
type Db = ReturnType<typeof createTestDb>["db"];

function threeSessions(db: Db, options: { mode?: "auto" | "offer"; capacities?: [number, number, number] } = {}) {
  const series = createSeries(db, { waitlistMode: options.mode ?? "auto", offerHours: 24, oneSeatPerPerson: true });
  const [ca, cb, cc] = options.capacities ?? [2, 1, 2];
  const make = (days: number, capacity: number) =>
    createSession(db, {
      seriesId: series.id,
      capacity,
      startsAt: new Date(t0.getTime() + days * 24 * H),
      publishedAt: new Date(t0.getTime() - H),
    });
  return { series, a: make(10, ca), b: make(20, cb), c: make(30, cc) };
}

/** Seats (confirmed or offered) a person holds in the series' sessions that have not started. */
function upcomingSeats(db: Db, userId: number, now: Date) {
  return db
    .select({ id: registrations.id, sessionId: registrations.sessionId, startsAt: sessions.startsAt })
    .from(registrations)
    .innerJoin(sessions, eq(sessions.id, registrations.sessionId))
    .where(and(eq(registrations.userId, userId), inArray(registrations.status, ["confirmed", "offered"])))
    .all()
    .filter((row) => row.startsAt > now);
}

const statusIn = (db: Db, userId: number, sessionId: number) =>
  db
    .select({ status: registrations.status, endReason: registrations.endReason })
    .from(registrations)
    .where(and(eq(registrations.userId, userId), eq(registrations.sessionId, sessionId)))
    .all();

const admin = (db: Db) => ({ id: createUser(db, { roles: ["admin"] }).id, roles: ["admin"] as const });

describe("seat rules hold under a person's own clicks", () => {
  it("finding 1: holding A, waiting conditionally for B, rebooking to C and accepting B never gives two seats", () => {
    const { db } = createTestDb();
    const { a, b, c } = threeSessions(db, { mode: "offer" });
    const [p, holder] = [createUser(db), createUser(db)];
    expect(register(db, holder.id, b.id, {}, at(0))).toMatchObject({ ok: true, outcome: "confirmed" });
    expect(register(db, p.id, a.id, {}, at(0))).toMatchObject({ ok: true, outcome: "confirmed" });
    expect(rebook(db, p.id, b.id, at(1))).toMatchObject({ ok: true, outcome: "waitlisted" });
    // B's seat frees: a conditional entry is the person's own standing request and is swapped at once.
    expect(cancelRegistration(db, holder.id, b.id, at(2))).toMatchObject({ ok: true });
    expect(upcomingSeats(db, p.id, at(2).now).map((s) => s.sessionId)).toEqual([b.id]);
    expect(rebook(db, p.id, c.id, at(3))).toMatchObject({ ok: true, outcome: "rebooked" });
    expect(acceptOffer(db, p.id, b.id, at(4))).toMatchObject({ ok: false });
    expect(upcomingSeats(db, p.id, at(4).now).map((s) => s.sessionId)).toEqual([c.id]);
  });

  it("the guard itself refuses a second seat, a second waitlist entry and an unconditional entry next to a seat", () => {
    const { db } = createTestDb();
    const { series, a, b, c } = threeSessions(db);
    const p = createUser(db);
    const insert = (sessionId: number, status: "confirmed" | "waitlisted", keeps: number | null = null) =>
      db
        .insert(registrations)
        .values({ sessionId, userId: p.id, status, queuedAt: t0, updatedAt: t0, replacesRegistrationId: keeps })
        .returning()
        .get();
    const check = () => assertSeatRules(db, { userId: p.id, seriesId: series.id, sessionIds: [a.id, b.id, c.id] }, t0);
    const seat = insert(a.id, "confirmed");
    expect(check).not.toThrow();
    const entry = insert(b.id, "waitlisted");
    expect(check).toThrow(SeatRuleViolation);
    db.update(registrations).set({ replacesRegistrationId: seat.id }).where(eq(registrations.id, entry.id)).run();
    expect(check).not.toThrow();
    insert(c.id, "confirmed");
    expect(check).toThrow(/one_seat_in_series/);
  });

  it("finding 4: history never blocks a later session, attended or not, and the page does not claim a waitlist", () => {
    const { db } = createTestDb();
    const { a, b, c } = threeSessions(db);
    const [came, noShow] = [createUser(db), createUser(db)];
    register(db, came.id, a.id, {}, at(0));
    register(db, noShow.id, a.id, {}, at(0));
    const afterA = 10 * 24 + 3; // hours: session A (day 10) is over
    const started = at(10 * 24 + 0.5);
    expect(setAttendance(db, admin(db), a.id, { registrationId: statusId(db, came.id, a.id), attended: true }, started.now)).toMatchObject({
      ok: true,
    });
    for (const person of [came, noShow]) {
      const state = personalSessionState(db, person.id, b, at(afterA).now);
      expect(state.seatElsewhere).toBeNull();
      expect(state.waitingElsewhere).toBeNull();
    }
    expect(register(db, came.id, b.id, {}, at(afterA))).toMatchObject({ ok: true, outcome: "confirmed" });
    expect(register(db, noShow.id, c.id, {}, at(afterA))).toMatchObject({ ok: true, outcome: "confirmed" });
    expect(statusIn(db, came.id, a.id)).toEqual([{ status: "attended", endReason: null }]);
  });

  it("finding 5: a person on the waitlist of one session switches to a free seat in another in one step", () => {
    const { db } = createTestDb();
    const { b, c } = threeSessions(db);
    const [holder, p] = [createUser(db), createUser(db)];
    register(db, holder.id, b.id, {}, at(0));
    expect(register(db, p.id, b.id, {}, at(0))).toMatchObject({ outcome: "waitlisted" });
    expect(register(db, p.id, c.id, {}, at(1))).toEqual({ ok: false, reason: "waitlisted_in_series" });
    const state = personalSessionState(db, p.id, c, at(1).now);
    expect(state.waitingElsewhere).toMatchObject({ sessionId: b.id, status: "waitlisted" });
    expect(switchFromWaitlist(db, p.id, c.id, at(1))).toMatchObject({ ok: true });
    expect(statusIn(db, p.id, b.id)).toEqual([{ status: "cancelled", endReason: "rebooked" }]);
    expect(statusIn(db, p.id, c.id)).toEqual([{ status: "confirmed", endReason: null }]);
    expect(db.select().from(outbox).where(eq(outbox.kind, "switched")).all()).toHaveLength(1);
  });

  it("finding 10: a conditional entry ends when the kept session starts; attendance stays and the seat goes on", () => {
    const { db } = createTestDb();
    const { a, b } = threeSessions(db, { capacities: [2, 1, 2] });
    const [p, holder, next] = [createUser(db), createUser(db), createUser(db)];
    register(db, holder.id, b.id, {}, at(0));
    register(db, p.id, a.id, {}, at(0));
    expect(rebook(db, p.id, b.id, at(1))).toMatchObject({ outcome: "waitlisted" });
    expect(register(db, next.id, b.id, {}, at(2))).toMatchObject({ outcome: "waitlisted" });
    const duringA = at(10 * 24 + 0.5);
    setAttendance(db, admin(db), a.id, { registrationId: statusId(db, p.id, a.id), attended: true }, duringA.now);
    // Before the minute job ran, the seat in B frees: the stale conditional entry must not take it.
    expect(cancelRegistration(db, holder.id, b.id, duringA)).toMatchObject({ ok: true });
    expect(statusIn(db, p.id, a.id)).toEqual([{ status: "attended", endReason: null }]);
    expect(statusIn(db, p.id, b.id)).toEqual([{ status: "cancelled", endReason: "kept_earlier" }]);
    expect(statusIn(db, next.id, b.id)).toEqual([{ status: "confirmed", endReason: null }]);
    const mails = db.select().from(outbox).where(eq(outbox.recipient, p.email!)).all();
    expect(mails.filter((m) => m.icsMethod === "CANCEL")).toHaveLength(0);
    expect(mails.filter((m) => m.kind === "conditional_ended")).toHaveLength(1);
  });

  it("finding 10 via the minute job: the conditional entry ends once, with one mail", () => {
    const { db } = createTestDb();
    const { a, b } = threeSessions(db);
    const [p, holder] = [createUser(db), createUser(db)];
    register(db, holder.id, b.id, {}, at(0));
    register(db, p.id, a.id, {}, at(0));
    rebook(db, p.id, b.id, at(1));
    expect(runWaitlistDeadlines(db, at(10 * 24 - 1))).toBe(0);
    expect(runWaitlistDeadlines(db, at(10 * 24 + 0.1))).toBe(1);
    expect(runWaitlistDeadlines(db, at(10 * 24 + 0.2))).toBe(0);
    expect(statusIn(db, p.id, a.id)).toEqual([{ status: "confirmed", endReason: null }]);
    expect(db.select().from(outbox).where(eq(outbox.kind, "conditional_ended")).all()).toHaveLength(1);
  });
});

describe("organiser actions respect the seat rules and history", () => {
  it("finding 2: moving a conditional entry gives one seat; moves stay in the series; history is never moved", () => {
    const { db } = createTestDb();
    const { a, b, c } = threeSessions(db);
    const other = createSession(db, { capacity: 5, startsAt: new Date(t0.getTime() + 15 * 24 * H), publishedAt: t0 });
    const [p, holder, q] = [createUser(db), createUser(db), createUser(db)];
    const organiser = admin(db);
    register(db, holder.id, b.id, {}, at(0));
    register(db, p.id, a.id, {}, at(0));
    rebook(db, p.id, b.id, at(1));
    const entry = statusId(db, p.id, b.id);
    expect(movePerson(db, organiser, entry, c.id, { overbookReason: null }, at(2))).toMatchObject({ ok: true });
    expect(upcomingSeats(db, p.id, at(2).now).map((s) => s.sessionId)).toEqual([c.id]);
    expect(statusIn(db, p.id, a.id)).toEqual([{ status: "cancelled", endReason: "moved" }]);
    // Another series is not a target, neither in the list nor by a forged form.
    expect(listMoveTargets(db, a.id, at(2).now).map((s) => s.id)).toEqual([b.id, c.id]);
    expect(movePerson(db, organiser, statusId(db, p.id, c.id), other.id, { overbookReason: "x" }, at(2))).toEqual({
      ok: false,
      reason: "target_unavailable",
    });
    // Attendance of a session that has begun stays where it is.
    register(db, q.id, a.id, {}, at(3));
    const during = at(10 * 24 + 0.5);
    setAttendance(db, organiser, a.id, { registrationId: statusId(db, q.id, a.id), attended: true }, during.now);
    expect(movePerson(db, organiser, statusId(db, q.id, a.id), c.id, { overbookReason: "x" }, during)).toEqual({
      ok: false,
      reason: "started",
    });
    expect(statusIn(db, q.id, a.id)).toEqual([{ status: "attended", endReason: null }]);
  });

  it("finding 2: an overbooking is recorded on the registration, and the capacity rule counts the rest", () => {
    const { db } = createTestDb();
    const { a, b } = threeSessions(db, { capacities: [2, 1, 2] });
    const [p, holder] = [createUser(db), createUser(db)];
    register(db, holder.id, b.id, {}, at(0));
    register(db, p.id, a.id, {}, at(0));
    expect(movePerson(db, admin(db), statusId(db, p.id, a.id), b.id, { overbookReason: "Personalrat" }, at(1))).toMatchObject({
      ok: true,
      overbooked: true,
    });
    const rows = db.select().from(registrations).where(eq(registrations.sessionId, b.id)).all();
    expect(rows.map((r) => [r.status, r.overbooked])).toEqual([
      ["confirmed", false],
      ["confirmed", true],
    ]);
  });

  it("finding 3: a session that has started cannot be cancelled; it can be called off, which keeps every registration", () => {
    const { db } = createTestDb();
    const { a } = threeSessions(db);
    const [p, q] = [createUser(db), createUser(db)];
    register(db, p.id, a.id, {}, at(0));
    register(db, q.id, a.id, {}, at(0));
    const organiser = admin(db);
    const during = at(10 * 24 + 0.1);
    expect(cancelSession(db, organiser, a.id, "krank", during)).toEqual({ ok: false, reason: "started" });
    expect(callOffSession(db, organiser, a.id, "", during)).toMatchObject({ ok: true, told: 2 });
    expect(statusIn(db, p.id, a.id)).toEqual([{ status: "confirmed", endReason: null }]);
    expect(db.select().from(sessions).where(eq(sessions.id, a.id)).get()).toMatchObject({ status: "published", calledOffReason: "" });
    expect(db.select().from(outbox).where(eq(outbox.kind, "session_called_off")).all()).toHaveLength(2);
    expect(setAttendance(db, organiser, a.id, { registrationId: statusId(db, p.id, a.id), attended: true }, during.now)).toEqual({
      ok: false,
      reason: "called_off",
    });
  });

  it("finding 3: a session with attendance is not called off, and an ended one neither", () => {
    const { db } = createTestDb();
    const { a } = threeSessions(db);
    const p = createUser(db);
    register(db, p.id, a.id, {}, at(0));
    const organiser = admin(db);
    const during = at(10 * 24 + 0.1);
    setAttendance(db, organiser, a.id, { registrationId: statusId(db, p.id, a.id), attended: true }, during.now);
    expect(callOffSession(db, organiser, a.id, "x", during)).toEqual({ ok: false, reason: "attendance_recorded" });
    expect(cancelSession(db, organiser, a.id, "x", at(10 * 24 + 5))).toEqual({ ok: false, reason: "started" });
    expect(statusIn(db, p.id, a.id)).toEqual([{ status: "attended", endReason: null }]);
  });

  it("finding 3: a draft is discarded, never cancelled into public view", () => {
    const { db } = createTestDb();
    const series = createSeries(db);
    const draft = createSession(db, {
      seriesId: series.id,
      status: "draft",
      publishedAt: null,
      startsAt: new Date(Date.now() + 5 * 24 * H),
    });
    const organiser = admin(db);
    expect(cancelSession(db, organiser, draft.id, "weg", at(0))).toEqual({ ok: false, reason: "draft" });
    // A draft that an older version cancelled stays invisible too.
    const oldCancelled = createSession(db, {
      seriesId: series.id,
      status: "cancelled",
      publishedAt: null,
      cancelReason: "intern",
      startsAt: new Date(Date.now() + 6 * 24 * H),
    });
    const visible = listUpcomingSessions(db, new Date(), {}).map((s) => s.id);
    expect(visible).not.toContain(draft.id);
    expect(visible).not.toContain(oldCancelled.id);
    expect(discardDraft(db, organiser, draft.id, new Date())).toEqual({ ok: true });
    expect(db.select().from(sessions).where(eq(sessions.id, draft.id)).get()).toBeUndefined();
  });
});

function statusId(db: Db, userId: number, sessionId: number): number {
  const row = db
    .select({ id: registrations.id })
    .from(registrations)
    .where(
      and(
        eq(registrations.userId, userId),
        eq(registrations.sessionId, sessionId),
        inArray(registrations.status, ["confirmed", "waitlisted", "offered", "attended"]),
      ),
    )
    .get();
  if (!row) throw new Error(`no active registration of ${userId} in ${sessionId}`);
  return row.id;
}

describe("what a person reads about their own state", () => {
  it("the session page and /me state for past, waitlisted, offered and conditional entries", async () => {
    const { listMyRegistrations } = await import("~/registrations/my-registrations.server");
    const { db } = createTestDb();
    const { a, b, c } = threeSessions(db, { mode: "offer", capacities: [2, 1, 2] });
    const [p, holder, q] = [createUser(db), createUser(db), createUser(db)];
    register(db, holder.id, b.id, {}, at(0));
    register(db, p.id, a.id, {}, at(0));
    rebook(db, p.id, b.id, at(1));
    // Conditional entry: B names the seat in A it keeps; C offers rebooking.
    expect(personalSessionState(db, p.id, b, at(1).now).own).toMatchObject({
      status: "waitlisted",
      position: 1,
      keepsSeat: { sessionId: a.id },
    });
    expect(personalSessionState(db, p.id, c, at(1).now)).toMatchObject({
      own: null,
      seatElsewhere: { sessionId: a.id },
      waitingElsewhere: null,
    });
    // An offer (q waits plainly in B; holder leaves; p's conditional entry is swapped first).
    register(db, q.id, b.id, {}, at(2));
    cancelRegistration(db, holder.id, b.id, at(3));
    expect(statusIn(db, p.id, b.id)).toEqual([{ status: "confirmed", endReason: null }]);
    cancelRegistration(db, p.id, b.id, at(4));
    expect(personalSessionState(db, q.id, b, at(4).now).own).toMatchObject({ status: "offered" });
    expect(personalSessionState(db, q.id, c, at(4).now).waitingElsewhere).toMatchObject({ sessionId: b.id, status: "offered" });
    // /me: only current states on top; ended ones below with their reason, newest first.
    const mine = listMyRegistrations(db, p.id, at(4).now);
    expect(mine.current).toEqual([]);
    expect(mine.ended.map((r) => [r.sessionId, r.status, r.endReason])).toEqual([
      [b.id, "cancelled", "self"],
      [a.id, "cancelled", "rebooked"],
    ]);
    const waiting = listMyRegistrations(db, q.id, at(4).now);
    expect(waiting.current.map((r) => [r.sessionId, r.status])).toEqual([[b.id, "offered"]]);
    // After the sessions, everything is history.
    const later = listMyRegistrations(db, q.id, at(40 * 24).now);
    expect(later.current).toEqual([]);
    expect(later.ended.map((r) => r.sessionId)).toEqual([b.id]);
  });
});
