import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLog, newSessionAlerts, outbox, registrations, sessions } from "~db/schema";
import { requestNewSessionAlert } from "~/sessions/new-session-alerts.server";
import type { SessionInput } from "~/sessions/planning.schema";
import { cancelSession } from "~/sessions/cancellation.server";
import { createSeries, createSession, duplicateSession, publishSession, updateSession } from "~/sessions/planning.server";
import { getPublicSession, listUpcomingSessions } from "~/sessions/sessions.server";
import { createTestDb } from "../support/db";
import { createUser } from "../support/factories";

const APP_URL = "http://ki.test";
const clock = {
  now: new Date("2027-03-01T08:00:00Z"),
  appUrl: APP_URL,
  mailFrom: "KI-Infoveranstaltungen <ki-info@stadt.example>",
  alarmMinutes: 15,
};

function input(overrides: Partial<SessionInput> = {}): SessionInput {
  return {
    startsAt: new Date("2027-03-23T09:00:00Z"),
    endsAt: new Date("2027-03-23T10:30:00Z"),
    format: "in_person",
    place: "Rathaus",
    room: "Ratssaal",
    accessibilityNotes: "",
    directionsUrl: null,
    onlineTool: null,
    testRoomUrl: null,
    onlineUrl: null,
    capacity: 20,
    registrationOpensAt: null,
    registrationClosesAt: null,
    noteForParticipants: "",
    facilitatorIds: [],
    ...overrides,
  };
}

const seriesInput = {
  title: "Einführung",
  description: "",
  audience: "",
  defaultDurationMinutes: 90,
  defaultCapacity: 20,
  waitlistMode: "auto" as const,
  offerHours: 24,
  oneSeatPerPerson: true,
  contactName: null,
  contactEmail: null,
};

function auditOf(db: ReturnType<typeof createTestDb>["db"], sessionId: number) {
  return db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.subjectType, "session"), eq(auditLog.subjectId, String(sessionId))))
    .all();
}

describe("planning sessions", () => {
  /** A new database with an admin, a participant, a facilitator and a series. */
  function setUp() {
    const { db } = createTestDb();
    const admin = { id: createUser(db, { roles: ["participant", "admin"] }).id, roles: ["participant", "admin"] };
    const participant = { id: createUser(db).id, roles: ["participant"] };
    const facilitator = createUser(db, { roles: ["participant", "facilitator"] });
    const created = createSeries(db, admin, seriesInput);
    if (!created.ok) throw new Error("setup");
    const seriesId = created.seriesId;
    return { db, admin, participant, facilitator, seriesId };
  }

  it("lets only admins plan", () => {
    const { db, admin, participant, seriesId } = setUp();
    expect(createSeries(db, participant, { ...seriesInput, title: "X" })).toEqual({ ok: false, reason: "forbidden" });
    expect(createSession(db, participant, seriesId, input())).toEqual({ ok: false, reason: "forbidden" });
    expect(createSeries(db, admin, { ...seriesInput, title: "einführung" })).toEqual({ ok: false, reason: "duplicate_title" });
  });

  it("creates a draft that staff cannot see, publishes it, and audits both", () => {
    const { db, admin, participant, facilitator, seriesId } = setUp();
    const now = new Date("2027-03-01T08:00:00Z");
    const result = createSession(db, admin, seriesId, input({ facilitatorIds: [facilitator.id] }));
    expect(result.ok).toBe(true);
    const id = result.ok ? result.sessionId : 0;
    expect(getPublicSession(db, id, now)).toBeNull();
    expect(publishSession(db, participant, id, APP_URL, now)).toEqual({ ok: false, reason: "forbidden" });
    expect(publishSession(db, admin, id, APP_URL, now)).toEqual({ ok: true, notified: 0 });
    expect(publishSession(db, admin, id, APP_URL, now)).toEqual({ ok: false, reason: "not_draft" });
    expect(getPublicSession(db, id, now)?.facilitators).toEqual([facilitator.displayName]);
    expect(auditOf(db, id).map((a) => [a.action, a.actorId])).toEqual([
      ["session_created", admin.id],
      ["session_published", admin.id],
    ]);
  });

  it("refuses facilitators without that role", () => {
    const { db, admin, participant, seriesId } = setUp();
    expect(createSession(db, admin, seriesId, input({ facilitatorIds: [participant.id] }))).toEqual({
      ok: false,
      reason: "invalid_facilitators",
    });
  });

  it("refuses a capacity below the places already given, naming the number", () => {
    const { db, admin, seriesId } = setUp();
    const result = createSession(
      db,
      admin,
      seriesId,
      input({ startsAt: new Date("2027-04-01T08:00:00Z"), endsAt: new Date("2027-04-01T09:00:00Z") }),
    );
    const id = result.ok ? result.sessionId : 0;
    const now = new Date();
    for (let i = 0; i < 3; i++) {
      const person = createUser(db);
      db.insert(registrations).values({ sessionId: id, userId: person.id, status: "confirmed", queuedAt: now, updatedAt: now }).run();
    }
    const before = db.select().from(sessions).where(eq(sessions.id, id)).get();
    expect(updateSession(db, admin, id, input({ ...before, capacity: 2, facilitatorIds: [] } as SessionInput), clock)).toEqual({
      ok: false,
      reason: "capacity_below_taken",
      taken: 3,
    });
    expect(db.select().from(sessions).where(eq(sessions.id, id)).get()).toEqual(before);
    expect(updateSession(db, admin, id, input({ ...before, capacity: 3, facilitatorIds: [] } as SessionInput), clock).ok).toBe(true);
  });

  it("raises the calendar sequence on significant changes of a published session and records old and new", () => {
    const { db, admin, seriesId } = setUp();
    const now = new Date("2027-03-01T08:00:00Z");
    const result = createSession(
      db,
      admin,
      seriesId,
      input({ startsAt: new Date("2027-05-03T08:00:00Z"), endsAt: new Date("2027-05-03T09:30:00Z") }),
    );
    const id = result.ok ? result.sessionId : 0;
    publishSession(db, admin, id, APP_URL, now);
    const base = { ...db.select().from(sessions).where(eq(sessions.id, id)).get()!, facilitatorIds: [] } as unknown as SessionInput;
    expect(updateSession(db, admin, id, { ...base, noteForParticipants: "Bitte Laptop mitbringen" }, clock)).toEqual({
      ok: true,
      significant: false,
      notified: 0,
    });
    expect(updateSession(db, admin, id, { ...base, noteForParticipants: "Bitte Laptop mitbringen", room: "Raum 5" }, clock)).toEqual({
      ok: true,
      significant: true,
      notified: 0,
    });
    expect(db.select().from(sessions).where(eq(sessions.id, id)).get()!.sequence).toBe(1);
    const last = auditOf(db, id).at(-1)!;
    expect(last.details).toEqual({ room: { old: "Ratssaal", new: "Raum 5" } });
  });

  it("duplicates a session one week later at the same Berlin wall time, across the DST switch", () => {
    const { db, admin, facilitator, seriesId } = setUp();
    // Tue 23 March 2027, 10:00 CET → Tue 30 March 2027, 10:00 CEST (08:00 UTC).
    const result = createSession(db, admin, seriesId, input({ facilitatorIds: [facilitator.id] }));
    const id = result.ok ? result.sessionId : 0;
    const copy = duplicateSession(db, admin, id);
    expect(copy.ok).toBe(true);
    const row = db
      .select()
      .from(sessions)
      .where(eq(sessions.id, copy.ok ? copy.sessionId : 0))
      .get()!;
    expect(row.startsAt).toEqual(new Date("2027-03-30T08:00:00Z"));
    expect(row.endsAt).toEqual(new Date("2027-03-30T09:30:00Z"));
    expect(row.status).toBe("draft");
    expect(row.place).toBe("Rathaus");
  });

  it("cancels with a reason, once", () => {
    const { db, admin, seriesId } = setUp();
    const result = createSession(
      db,
      admin,
      seriesId,
      input({ startsAt: new Date("2027-06-01T08:00:00Z"), endsAt: new Date("2027-06-01T09:00:00Z") }),
    );
    const id = result.ok ? result.sessionId : 0;
    // A draft is discarded, never cancelled into public view.
    expect(cancelSession(db, admin, id, "Referentin erkrankt", clock)).toEqual({ ok: false, reason: "draft" });
    expect(publishSession(db, admin, id, "http://ki.test", clock.now).ok).toBe(true);
    expect(cancelSession(db, admin, id, "Referentin erkrankt", clock)).toEqual({ ok: true, registrationsCancelled: 0 });
    expect(cancelSession(db, admin, id, "nochmal", clock)).toEqual({ ok: false, reason: "already_cancelled" });
    expect(db.select().from(sessions).where(eq(sessions.id, id)).get()).toMatchObject({
      status: "cancelled",
      cancelReason: "Referentin erkrankt",
    });
    expect(updateSession(db, admin, id, input(), clock).ok).toBe(false);
  });

  it("mails people who asked for new dates once, when the next date is published", () => {
    const { db, admin, seriesId } = setUp();
    const now = new Date("2027-03-01T08:00:00Z");
    // The series has shown a date before; people ask to hear of the next one.
    const earlier = createSession(db, admin, seriesId, input());
    expect(publishSession(db, admin, earlier.ok ? earlier.sessionId : 0, APP_URL, now)).toEqual({ ok: true, notified: 0 });
    const alice = createUser(db, { email: "alice@stadt.example" });
    const bob = createUser(db, { email: "bob@stadt.example" });
    expect(requestNewSessionAlert(db, alice.id, seriesId)).toEqual({ ok: true, alreadyRequested: false });
    expect(requestNewSessionAlert(db, alice.id, seriesId)).toEqual({ ok: true, alreadyRequested: true });
    expect(requestNewSessionAlert(db, bob.id, seriesId)).toEqual({ ok: true, alreadyRequested: false });
    expect(requestNewSessionAlert(db, bob.id, 99999)).toEqual({ ok: false, reason: "not_found" });

    const first = createSession(
      db,
      admin,
      seriesId,
      input({ startsAt: new Date("2027-07-01T08:00:00Z"), endsAt: new Date("2027-07-01T09:30:00Z") }),
    );
    const second = createSession(
      db,
      admin,
      seriesId,
      input({ startsAt: new Date("2027-07-08T08:00:00Z"), endsAt: new Date("2027-07-08T09:30:00Z") }),
    );
    expect(publishSession(db, admin, first.ok ? first.sessionId : 0, APP_URL, now)).toEqual({ ok: true, notified: 2 });
    expect(publishSession(db, admin, second.ok ? second.sessionId : 0, APP_URL, now)).toEqual({ ok: true, notified: 0 });
    const mails = db.select().from(outbox).where(eq(outbox.kind, "new_date")).all();
    expect(mails.map((m) => m.recipient).sort()).toEqual(["alice@stadt.example", "bob@stadt.example"]);
    expect(mails[0]!.text).toContain(`${APP_URL}/sessions/${first.ok ? first.sessionId : 0}`);
    expect(mails[0]!.text).toContain("Do., 1. Juli 2027, 10:00–11:30\u00a0Uhr");
    expect(
      db
        .select()
        .from(newSessionAlerts)
        .all()
        .every((a) => a.notifiedAt !== null),
    ).toBe(true);
    // Asking again after being told opens a new request.
    expect(requestNewSessionAlert(db, alice.id, seriesId)).toEqual({ ok: true, alreadyRequested: false });
  });

  it("lists published sessions for staff immediately after publishing", () => {
    const { db, admin, seriesId } = setUp();
    const now = new Date("2027-03-01T08:00:00Z");
    const published = createSession(db, admin, seriesId, input());
    const draft = createSession(
      db,
      admin,
      seriesId,
      input({ startsAt: new Date("2027-03-30T08:00:00Z"), endsAt: new Date("2027-03-30T09:30:00Z") }),
    );
    if (!published.ok || !draft.ok) throw new Error("setup");
    expect(publishSession(db, admin, published.sessionId, APP_URL, now).ok).toBe(true);
    const ids = listUpcomingSessions(db, now).map((s) => s.id);
    const drafts = db
      .select()
      .from(sessions)
      .where(eq(sessions.status, "draft"))
      .all()
      .map((s) => s.id);
    expect(drafts).toEqual([draft.sessionId]);
    expect(ids.some((id) => drafts.includes(id))).toBe(false);
    expect(ids.length).toBeGreaterThan(0);
    expect(ids).toContain(published.sessionId);
  });
});
