import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { outbox, registrations, sessions } from "~db/schema";
import { acceptOffer, declineOffer, expireOffers } from "~/registrations/waitlist.server";
import { cancelRegistration, rebook, register } from "~/registrations/transitions.server";
import { waitlistPosition } from "~/registrations/reads.server";
import { deleteSupportNeedsOfEndedSessions } from "~/registrations/retention.server";
import { cancelSession } from "~/sessions/cancellation.server";
import { updateSession } from "~/sessions/planning.server";
import type { SessionInput } from "~/sessions/planning.schema";
import { createTestDb } from "../support/db";
import { createSeries, createSession, createUser } from "../support/factories";

const H = 3600_000;
const APP_URL = "http://ki.test";
const t0 = new Date("2027-02-01T08:00:00Z");
const at = (hours: number) => ({
  now: new Date(t0.getTime() + hours * H),
  appUrl: APP_URL,
  mailFrom: "KI-Infoveranstaltungen <ki-info@stadt.example>",
  alarmMinutes: 15,
});
const clock = at(0);

type Db = ReturnType<typeof createTestDb>["db"];

function statusOf(db: Db, userId: number, sessionId: number) {
  return db
    .select({ status: registrations.status })
    .from(registrations)
    .where(and(eq(registrations.userId, userId), eq(registrations.sessionId, sessionId)))
    .all()
    .map((r) => r.status);
}

function mailsTo(db: Db, email: string) {
  return db
    .select()
    .from(outbox)
    .where(eq(outbox.recipient, email))
    .all()
    .map((m) => m.kind);
}

function setup(db: Db, options: { capacity?: number; mode?: "auto" | "offer"; offerHours?: number; oneSeatPerPerson?: boolean } = {}) {
  const series = createSeries(db, {
    waitlistMode: options.mode ?? "auto",
    offerHours: options.offerHours ?? 24,
    oneSeatPerPerson: options.oneSeatPerPerson ?? true,
  });
  const session = createSession(db, {
    seriesId: series.id,
    capacity: options.capacity ?? 2,
    startsAt: new Date(t0.getTime() + 14 * 24 * H),
    publishedAt: new Date(t0.getTime() - H),
  });
  return { series, session };
}

describe("registration and waitlist", () => {
  it("confirms while seats are free, then waitlists in order, and mails each step once", () => {
    const { db } = createTestDb();
    const { session } = setup(db, { capacity: 2 });
    const people = [createUser(db), createUser(db), createUser(db), createUser(db)];
    const results = people.map((p, i) => register(db, p.id, session.id, {}, at(i * 0.001)));
    expect(results.map((r) => r.ok && r.outcome)).toEqual(["confirmed", "confirmed", "waitlisted", "waitlisted"]);
    expect(results.map((r) => (r.ok && r.outcome !== "already" ? r.position : null))).toEqual([null, null, 1, 2]);
    expect(mailsTo(db, people[0]!.email!)).toEqual(["confirmation"]);
    expect(mailsTo(db, people[2]!.email!)).toEqual(["waitlist"]);
    const waitMail = db.select().from(outbox).where(eq(outbox.recipient, people[3]!.email!)).get()!;
    expect(waitMail.text).toContain("Platz 2 der Warteliste");
    expect(waitMail.text).toContain(`${APP_URL}/sessions/${session.id}`);

    // A double submit changes nothing and sends nothing.
    expect(register(db, people[0]!.id, session.id, {}, clock)).toMatchObject({ ok: true, outcome: "already" });
    expect(statusOf(db, people[0]!.id, session.id)).toEqual(["confirmed"]);
    expect(mailsTo(db, people[0]!.email!)).toEqual(["confirmation"]);
  });

  it("moves the first waitlisted person up when a seat frees (auto mode), positions stay gap-free", () => {
    const { db } = createTestDb();
    const { session } = setup(db, { capacity: 1 });
    const [a, b, c] = [createUser(db), createUser(db), createUser(db)];
    register(db, a.id, session.id, {}, at(0));
    register(db, b.id, session.id, {}, at(0.1));
    register(db, c.id, session.id, {}, at(0.2));
    expect(cancelRegistration(db, a.id, session.id, at(1))).toEqual({ ok: true, wasWaitlisted: false });
    expect(statusOf(db, b.id, session.id)).toEqual(["confirmed"]);
    expect(mailsTo(db, b.email!)).toEqual(["waitlist", "promoted"]);
    expect(mailsTo(db, a.email!)).toEqual(["confirmation", "cancellation"]);
    const cReg = db.select().from(registrations).where(eq(registrations.userId, c.id)).get()!;
    expect(waitlistPosition(db, cReg)).toBe(1);
    expect(cancelRegistration(db, a.id, session.id, at(2))).toEqual({ ok: false, reason: "not_registered" });
  });

  it("offers a freed seat with a deadline (offer mode); declined or expired offers pass on", () => {
    const { db } = createTestDb();
    const { session } = setup(db, { capacity: 1, mode: "offer", offerHours: 24 });
    const [a, b, c, d] = [createUser(db), createUser(db), createUser(db), createUser(db)];
    for (const [i, p] of [a, b, c, d].entries()) register(db, p.id, session.id, {}, at(i * 0.01));
    cancelRegistration(db, a.id, session.id, at(1));
    const offered = db.select().from(registrations).where(eq(registrations.userId, b.id)).get()!;
    expect(offered.status).toBe("offered");
    expect(offered.offerExpiresAt).toEqual(new Date(t0.getTime() + 25 * H));
    expect(mailsTo(db, b.email!)).toEqual(["waitlist", "offer"]);
    // An offered seat counts: nobody else gets in.
    const e = createUser(db);
    expect(register(db, e.id, session.id, {}, at(2))).toMatchObject({ outcome: "waitlisted" });

    expect(declineOffer(db, b.id, session.id, at(3))).toEqual({ ok: true });
    expect(statusOf(db, c.id, session.id)).toEqual(["offered"]);

    // The deadline passes (injectable clock, no sleeping): the job hands the seat to d.
    expect(expireOffers(db, at(3 + 23))).toBe(0);
    expect(expireOffers(db, at(3 + 24))).toBe(1);
    expect(statusOf(db, c.id, session.id)).toEqual(["cancelled"]);
    expect(mailsTo(db, c.email!)).toEqual(["waitlist", "offer", "offer_expired"]);
    expect(statusOf(db, d.id, session.id)).toEqual(["offered"]);
    expect(acceptOffer(db, d.id, session.id, at(28))).toEqual({ ok: true });
    expect(statusOf(db, d.id, session.id)).toEqual(["confirmed"]);
    expect(acceptOffer(db, d.id, session.id, at(28))).toEqual({ ok: false, reason: "no_offer" });
  });

  it("refuses an offer accepted after its deadline and passes it on", () => {
    const { db } = createTestDb();
    const { session } = setup(db, { capacity: 1, mode: "offer", offerHours: 2 });
    const [a, b, c] = [createUser(db), createUser(db), createUser(db)];
    for (const [i, p] of [a, b, c].entries()) register(db, p.id, session.id, {}, at(i * 0.01));
    cancelRegistration(db, a.id, session.id, at(1));
    expect(acceptOffer(db, b.id, session.id, at(3.5))).toEqual({ ok: false, reason: "offer_expired" });
    expect(statusOf(db, c.id, session.id)).toEqual(["offered"]);
  });

  it("refuses registration outside the window, for drafts, cancelled and past sessions", () => {
    const { db } = createTestDb();
    const series = createSeries(db);
    const person = createUser(db);
    const future = new Date(t0.getTime() + 10 * 24 * H);
    const notYet = createSession(db, { seriesId: series.id, startsAt: future, registrationOpensAt: new Date(t0.getTime() + H) });
    const closed = createSession(db, { seriesId: series.id, startsAt: future, registrationClosesAt: new Date(t0.getTime() - H) });
    const draft = createSession(db, { seriesId: series.id, startsAt: future, status: "draft" });
    const cancelled = createSession(db, { seriesId: series.id, startsAt: future, status: "cancelled" });
    const past = createSession(db, {
      seriesId: series.id,
      startsAt: new Date(t0.getTime() - 5 * H),
      publishedAt: new Date(t0.getTime() - 100 * H),
    });
    expect(register(db, person.id, notYet.id, {}, clock)).toEqual({ ok: false, reason: "not_yet_open" });
    expect(register(db, person.id, closed.id, {}, clock)).toEqual({ ok: false, reason: "closed" });
    expect(register(db, person.id, draft.id, {}, clock)).toEqual({ ok: false, reason: "not_found" });
    expect(register(db, person.id, cancelled.id, {}, clock)).toEqual({ ok: false, reason: "cancelled" });
    expect(register(db, person.id, past.id, {}, clock)).toEqual({ ok: false, reason: "past" });
    expect(register(db, person.id, 999999, {}, clock)).toEqual({ ok: false, reason: "not_found" });
    expect(db.select().from(registrations).all()).toEqual([]);
    expect(db.select().from(outbox).all()).toEqual([]);
  });

  it("allows one place per person and series, and rebooks atomically into a free seat", () => {
    const { db } = createTestDb();
    const { series, session: first } = setup(db, { capacity: 1 });
    const second = createSession(db, { seriesId: series.id, capacity: 5, startsAt: new Date(t0.getTime() + 21 * 24 * H), publishedAt: t0 });
    const [a, b] = [createUser(db), createUser(db)];
    register(db, a.id, first.id, {}, at(0));
    register(db, b.id, first.id, {}, at(0.1));
    expect(register(db, a.id, second.id, {}, at(1))).toEqual({ ok: false, reason: "has_seat_in_series" });
    expect(rebook(db, a.id, second.id, at(1))).toMatchObject({ ok: true, outcome: "rebooked" });
    expect(statusOf(db, a.id, first.id)).toEqual(["cancelled"]);
    expect(statusOf(db, a.id, second.id)).toEqual(["confirmed"]);
    // The freed seat went to b in the same transaction.
    expect(statusOf(db, b.id, first.id)).toEqual(["confirmed"]);
    // The new date's invite, and a CANCEL for the old one.
    expect(mailsTo(db, a.email!)).toEqual(["confirmation", "rebooked", "released"]);
    expect(rebook(db, b.id, 999999, at(1))).toEqual({ ok: false, reason: "not_found" });
  });

  it("keeps the old place on a conditional waitlist entry until it turns into a place (both dates full)", () => {
    const { db } = createTestDb();
    const { series, session: first } = setup(db, { capacity: 1 });
    const second = createSession(db, { seriesId: series.id, capacity: 1, startsAt: new Date(t0.getTime() + 21 * 24 * H), publishedAt: t0 });
    const [a, b, c] = [createUser(db), createUser(db), createUser(db)];
    register(db, a.id, first.id, {}, at(0)); // a holds first
    register(db, b.id, second.id, {}, at(0)); // b holds second
    register(db, c.id, first.id, {}, at(0.1)); // c waits for first

    expect(rebook(db, a.id, second.id, at(1))).toMatchObject({ ok: true, outcome: "waitlisted", position: 1 });
    expect(statusOf(db, a.id, first.id)).toEqual(["confirmed"]); // not worse off
    expect(statusOf(db, a.id, second.id)).toEqual(["waitlisted"]);

    // b leaves second: a moves up there, a's first place is released and goes to c.
    cancelRegistration(db, b.id, second.id, at(2));
    expect(statusOf(db, a.id, second.id)).toEqual(["confirmed"]);
    expect(statusOf(db, a.id, first.id)).toEqual(["cancelled"]);
    expect(statusOf(db, c.id, first.id)).toEqual(["confirmed"]);
    const held = db
      .select()
      .from(registrations)
      .all()
      .filter((r) => r.status === "confirmed");
    expect(held.length).toBe(2);
    expect(mailsTo(db, a.email!)).toEqual(["confirmation", "waitlist", "released", "promoted"]);
    const promoted = db
      .select()
      .from(outbox)
      .where(
        eq(
          outbox.dedupeKey,
          `promoted:r${
            db
              .select()
              .from(registrations)
              .where(and(eq(registrations.userId, a.id), eq(registrations.sessionId, second.id)))
              .get()!.id
          }`,
        ),
      )
      .get()!;
    expect(promoted.text).toContain("bisherigen Platz");
  });

  it("promotes when capacity rises and cancels everyone when the session is cancelled", () => {
    const { db } = createTestDb();
    const { session } = setup(db, { capacity: 1 });
    const admin = { id: createUser(db, { roles: ["admin"] }).id, roles: ["admin"] };
    const [a, b, c] = [createUser(db), createUser(db), createUser(db)];
    for (const [i, p] of [a, b, c].entries()) register(db, p.id, session.id, {}, at(i * 0.01));
    const row = db.select().from(sessions).where(eq(sessions.id, session.id)).get()!;
    const update = { ...row, capacity: 2, facilitatorIds: [] } as unknown as SessionInput;
    expect(updateSession(db, admin, session.id, update, at(1)).ok).toBe(true);
    expect(statusOf(db, b.id, session.id)).toEqual(["confirmed"]);
    expect(statusOf(db, c.id, session.id)).toEqual(["waitlisted"]);

    expect(cancelSession(db, admin, session.id, "Raum nicht verfügbar", at(2))).toEqual({ ok: true, registrationsCancelled: 3 });
    for (const p of [a, b, c]) expect(statusOf(db, p.id, session.id)).toEqual(["cancelled_by_organizer"]);
    const mail = db.select().from(outbox).where(eq(outbox.recipient, c.email!)).all().at(-1)!;
    expect(mail.kind).toBe("session_cancelled");
    expect(mail.text).toContain("Raum nicht verfügbar");
  });

  it("deletes support needs once the session is over", () => {
    const { db } = createTestDb();
    const { session } = setup(db, { capacity: 5 });
    const a = createUser(db);
    register(db, a.id, session.id, { supportNeeds: "Gebärdensprachdolmetschung" }, clock);
    expect(db.select().from(registrations).get()!.supportNeeds).toBe("Gebärdensprachdolmetschung");
    expect(deleteSupportNeedsOfEndedSessions(db, new Date(t0.getTime() + 13 * 24 * H))).toBe(0);
    expect(deleteSupportNeedsOfEndedSessions(db, new Date(t0.getTime() + 15 * 24 * H))).toBe(1);
    expect(db.select().from(registrations).get()!.supportNeeds).toBeNull();
  });
});
