// Property test of the seat rules: random sequences of everything staff and organisers can
// do to one series of three sessions (both waitlist modes), with the clock stepping past
// starts and ends. After every step the rules are checked by SQL against the real database
// file. CI runs a fixed seed; a failing seed and path are printed by fast-check — keep them
// as an example in `examples` below.
import { fc } from "@fast-check/vitest";
import { and, eq, inArray, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { registrations, sessions, users } from "~db/schema";
import { movePerson } from "~/participants/move.server";
import { registerByHand, setAttendance } from "~/participants/participants.server";
import type { Clock } from "~/registrations/clock";
import { cancelRegistration, rebook, register, switchFromWaitlist } from "~/registrations/transitions.server";
import { acceptOffer, declineOffer, runWaitlistDeadlines } from "~/registrations/waitlist.server";
import { callOffSession, cancelSession, discardDraft } from "~/sessions/cancellation.server";
import { publishSession, updateSession } from "~/sessions/planning.server";
import { listPastSessions, listUpcomingSessions } from "~/sessions/sessions.server";
import { createTestDb } from "../support/db";
import { createSeries, createSession, createUser } from "../support/factories";

const H = 3600_000;
const SEED = Number(process.env.SEAT_RULES_SEED ?? 20261127);
const RUNS = Number(process.env.SEAT_RULES_RUNS ?? 150);
const t0 = new Date("2027-05-03T06:00:00Z");

const person = fc.integer({ min: 0, max: 3 });
const slot = fc.integer({ min: 0, max: 2 });
const action = fc.oneof(
  { weight: 8, arbitrary: fc.record({ kind: fc.constant("register" as const), person, slot }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("registerByHand" as const), person, slot }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("cancel" as const), person, slot }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant("rebook" as const), person, slot }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("switch" as const), person, slot }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("accept" as const), person, slot }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("decline" as const), person, slot }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("deadlines" as const) }) },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant("move" as const), person, slot, target: slot, overbook: fc.boolean() }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("attend" as const), person, slot, attended: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("attendAll" as const), slot }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("capacity" as const), slot, capacity: fc.integer({ min: 1, max: 3 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("publish" as const), slot }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("discard" as const), slot }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("cancelSession" as const), slot }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("callOff" as const), slot }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("tick" as const), hours: fc.constantFrom(0.5, 2, 6, 12, 12, 30) }) },
);
type Action = typeof action extends fc.Arbitrary<infer A> ? A : never;

const scenario = fc.record({
  mode: fc.constantFrom("auto" as const, "offer" as const),
  capacities: fc.tuple(fc.integer({ min: 1, max: 2 }), fc.integer({ min: 1, max: 2 }), fc.integer({ min: 1, max: 2 })),
  draftSlot: fc.integer({ min: -1, max: 2 }),
  actions: fc.array(action, { minLength: 10, maxLength: 60 }),
});
type Scenario = typeof scenario extends fc.Arbitrary<infer S> ? S : never;

function runScenario(input: Scenario) {
  const { db } = createTestDb();
  const series = createSeries(db, { waitlistMode: input.mode, offerHours: 6, oneSeatPerPerson: true });
  // Sessions 1, 2 and 3 days after t0, 90 minutes each; a tick of 30 h passes one of them.
  const slots = input.capacities.map(
    (capacity, index) =>
      createSession(db, {
        seriesId: series.id,
        capacity,
        startsAt: new Date(t0.getTime() + (index + 1) * 24 * H),
        status: index === input.draftSlot ? "draft" : "published",
        publishedAt: index === input.draftSlot ? null : new Date(t0.getTime() - H),
      }).id,
  );
  const people = [0, 1, 2, 3].map(() => createUser(db));
  const admin = { id: createUser(db, { roles: ["admin"] }).id, roles: ["admin"] as const, displayName: "Admin" };
  let now = t0;
  const clock = (): Clock => ({ now, appUrl: "http://ki.test", mailFrom: "ki@stadt.example", alarmMinutes: 15 });

  const activeId = (userId: number, sessionId: number) =>
    db
      .select({ id: registrations.id })
      .from(registrations)
      .where(
        and(
          eq(registrations.userId, userId),
          eq(registrations.sessionId, sessionId),
          inArray(registrations.status, ["confirmed", "waitlisted", "offered", "attended"]),
        ),
      )
      .get()?.id;

  function apply(step: Action) {
    const c = clock();
    const user = "person" in step ? people[step.person]! : null;
    const sessionId = "slot" in step ? slots[step.slot]! : 0;
    switch (step.kind) {
      case "register":
        return register(db, user!.id, sessionId, {}, c);
      case "registerByHand":
        return registerByHand(db, admin, sessionId, { displayName: user!.displayName ?? "", department: null, email: user!.email }, c);
      case "cancel":
        return cancelRegistration(db, user!.id, sessionId, c);
      case "rebook":
        return rebook(db, user!.id, sessionId, c);
      case "switch":
        return switchFromWaitlist(db, user!.id, sessionId, c);
      case "accept":
        return acceptOffer(db, user!.id, sessionId, c);
      case "decline":
        return declineOffer(db, user!.id, sessionId, c);
      case "deadlines":
        return runWaitlistDeadlines(db, c);
      case "move": {
        const id = activeId(user!.id, sessionId);
        if (!id) return null;
        return movePerson(db, admin, id, slots[step.target]!, { overbookReason: step.overbook ? "Pflichttermin" : null }, c);
      }
      case "attend": {
        const id = activeId(user!.id, sessionId);
        if (!id) return null;
        return setAttendance(db, admin, sessionId, { registrationId: id, attended: step.attended }, now);
      }
      case "attendAll":
        return setAttendance(db, admin, sessionId, { registrationId: "all-confirmed", attended: true }, now);
      case "capacity": {
        const row = db.select().from(sessions).where(eq(sessions.id, sessionId)).get();
        if (!row) return null;
        return updateSession(db, admin, sessionId, { ...row, facilitatorIds: [], capacity: step.capacity }, c);
      }
      case "publish":
        return publishSession(db, admin, sessionId, "http://ki.test", now);
      case "discard":
        return discardDraft(db, admin, sessionId, now);
      case "cancelSession":
        return cancelSession(db, admin, sessionId, "Referentin erkrankt", c);
      case "callOff":
        return callOffSession(db, admin, sessionId, "Referentin erkrankt", c);
      case "tick":
        now = new Date(now.getTime() + step.hours * H);
        // The job runner does this every minute.
        return runWaitlistDeadlines(db, clock());
    }
  }

  type Snapshot = Map<number, { status: string; sessionId: number; startsAt: Date }>;
  const snapshot = (): Snapshot =>
    new Map(
      db
        .select({ id: registrations.id, status: registrations.status, sessionId: registrations.sessionId, startsAt: sessions.startsAt })
        .from(registrations)
        .innerJoin(sessions, eq(sessions.id, registrations.sessionId))
        .all()
        .map((row) => [row.id, row]),
    );

  function checkRules(step: Action, before: Snapshot, index: number) {
    const where = `after step ${index} ${JSON.stringify(step)}`;
    // Capacity: seats not recorded as overbooked never exceed it.
    const over = db.all<{ id: number; held: number; capacity: number }>(sql`
      select s.id, s.capacity, (select count(*) from registrations r where r.session_id = s.id and r.overbooked = 0
        and r.status in ('confirmed', 'offered', 'attended')) as held from sessions s`);
    for (const row of over) expect(row.held, `${where}: session ${row.id}`).toBeLessThanOrEqual(row.capacity);
    // One seat, one waitlist entry, and the entry conditional on the seat, per person upcoming.
    const perPerson = db.all<{ userId: number; seats: number; waiting: number; conditionalOnSeat: number }>(sql`
      select r.user_id as userId,
        sum(r.status in ('confirmed', 'offered', 'attended')) as seats,
        sum(r.status = 'waitlisted') as waiting,
        sum(r.status = 'waitlisted' and r.replaces_registration_id in (
          select r2.id from registrations r2 join sessions s2 on s2.id = r2.session_id
          where r2.status in ('confirmed', 'offered') and s2.starts_at > ${now.getTime()})) as conditionalOnSeat
      from registrations r join sessions s on s.id = r.session_id
      where s.series_id = ${series.id} and s.starts_at > ${now.getTime()}
        and r.status in ('confirmed', 'offered', 'attended', 'waitlisted')
      group by r.user_id`);
    for (const row of perPerson) {
      expect(row.seats, `${where}: seats of person ${row.userId}`).toBeLessThanOrEqual(1);
      expect(row.waiting, `${where}: waitlist entries of person ${row.userId}`).toBeLessThanOrEqual(1);
      if (row.seats === 1 && row.waiting === 1) expect(row.conditionalOnSeat, `${where}: person ${row.userId}`).toBe(1);
    }
    // First come, first served: nobody waits while a seat is free, and offers go to the oldest.
    const queues = db.all<{ id: number; held: number; capacity: number; waiting: number; lastOffer: number; firstWaiting: number }>(sql`
      select s.id, s.capacity,
        (select count(*) from registrations r where r.session_id = s.id and r.status in ('confirmed', 'offered', 'attended')) as held,
        (select count(*) from registrations r where r.session_id = s.id and r.status = 'waitlisted') as waiting,
        (select max(r.id) from registrations r where r.session_id = s.id and r.status = 'offered') as lastOffer,
        (select min(r.id) from registrations r where r.session_id = s.id and r.status = 'waitlisted') as firstWaiting
      from sessions s where s.status = 'published' and s.starts_at > ${now.getTime()}`);
    for (const q of queues) {
      if (q.held < q.capacity) expect(q.waiting, `${where}: session ${q.id} has a free seat and a waitlist`).toBe(0);
      if (q.lastOffer && q.firstWaiting) expect(q.lastOffer, `${where}: session ${q.id} offers out of order`).toBeLessThan(q.firstWaiting);
    }
    // History: a registration in a session that had started changes only through attendance
    // (confirmed <-> attended) or an offer running out; an attended row only through attendance.
    const after = snapshot();
    for (const [id, old] of before) {
      const current = after.get(id);
      const changed = !current || current.status !== old.status;
      if (!changed || old.startsAt > now) continue;
      const attendance =
        (step.kind === "attend" || step.kind === "attendAll") &&
        current &&
        ["confirmed", "attended"].includes(old.status) &&
        ["confirmed", "attended"].includes(current.status);
      const offerRanOut = old.status === "offered" && current?.status === "cancelled";
      expect(attendance || offerRanOut, `${where}: registration ${id} in a started session went ${old.status} → ${current?.status}`).toBe(
        true,
      );
    }
    // No draft, and no cancelled draft, reaches the staff lists.
    const shown = [...listUpcomingSessions(db, now, {}), ...listPastSessions(db, now)].map((s) => s.id);
    const hidden = db
      .select({ id: sessions.id })
      .from(sessions)
      .where(sql`${sessions.status} = 'draft' or (${sessions.status} = 'cancelled' and ${sessions.publishedAt} is null)`)
      .all()
      .map((s) => s.id);
    for (const id of hidden) expect(shown, `${where}: draft ${id} visible`).not.toContain(id);
  }

  input.actions.forEach((step, index) => {
    const before = snapshot();
    const out = apply(step);
    if (process.env.DEBUG_SEATS) console.info(JSON.stringify(step), JSON.stringify(out));
    checkRules(step, before, index);
  });
  // Every person still exists and nothing was written outside the series' sessions.
  expect(db.select({ n: sql<number>`count(*)` }).from(users).get()!.n).toBe(5);
}

describe("seat rules under random sequences of actions", () => {
  it(`hold after every step (seed ${SEED}, ${RUNS} runs of up to 60 steps)`, () => {
    fc.assert(
      fc.property(scenario, (input) => runScenario(input)),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );
    // About 7 s alone on two cores; a generous limit so a busy machine does not fail it.
  }, 180_000);

  // Sequences that once broke a rule, kept as examples (finding 1 of the registration review).
  const examples: Scenario[] = [
    {
      mode: "offer",
      capacities: [1, 1, 2],
      draftSlot: -1,
      actions: [
        { kind: "register", person: 1, slot: 1 },
        { kind: "register", person: 0, slot: 0 },
        { kind: "rebook", person: 0, slot: 1 },
        { kind: "cancel", person: 1, slot: 1 },
        { kind: "rebook", person: 0, slot: 2 },
        { kind: "accept", person: 0, slot: 1 },
      ],
    },
  ];
  it.each(examples.map((example, index) => [index, example] as const))("example %i holds", (_index, example) => runScenario(example));
});
