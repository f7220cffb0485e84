import { count, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLog, outbox, registrations, sessions } from "~db/schema";
import type { SessionInput } from "~/sessions/planning.schema";
import { updateSession } from "~/sessions/planning.server";
import { createTestDb } from "../support/db";
import { createSession, createUser } from "../support/factories";

// The organiser confirms the change the preview showed, and only that one: a confirmation
// carried over to another edit, or past someone else's save, saves nothing and mails nobody.

const clock = {
  now: new Date("2027-04-11T08:00:00Z"),
  appUrl: "https://ki-info.stadt.example",
  mailFrom: "KI-Infoveranstaltungen <ki-info@stadt.example>",
  alarmMinutes: 15,
};

type Db = ReturnType<typeof createTestDb>["db"];

function setUp() {
  const { db } = createTestDb();
  const admin = { id: createUser(db, { roles: ["admin"] }).id, roles: ["admin"] };
  return { db, admin, sessionId: createSessionWithPeople(db) };
}

/** A published session with one person holding the only seat and one on the waitlist. */
function createSessionWithPeople(db: Db): number {
  const session = createSession(db, {
    capacity: 1,
    startsAt: new Date("2027-05-03T08:00:00Z"),
    endsAt: new Date("2027-05-03T09:30:00Z"),
    publishedAt: new Date("2027-04-01T00:00:00Z"),
  });
  const holder = createUser(db);
  const waiting = createUser(db);
  const at = new Date("2027-04-10T08:00:00Z");
  db.insert(registrations)
    .values([
      { sessionId: session.id, userId: holder.id, status: "confirmed", queuedAt: at, updatedAt: at },
      { sessionId: session.id, userId: waiting.id, status: "waitlisted", queuedAt: at, updatedAt: at },
    ])
    .run();
  return session.id;
}

function asInput(db: Db, sessionId: number, changes: Partial<SessionInput>): SessionInput {
  const row = db.select().from(sessions).where(eq(sessions.id, sessionId)).get()!;
  return { ...row, facilitatorIds: [], ...changes } as unknown as SessionInput;
}

/** Everything a refused save must leave alone. */
function snapshot(db: Db, sessionId: number) {
  return {
    session: db.select().from(sessions).where(eq(sessions.id, sessionId)).get(),
    outbox: db.select({ n: count() }).from(outbox).get()!.n,
    audit: db.select({ n: count() }).from(auditLog).get()!.n,
  };
}

function preview(db: Db, admin: { id: number; roles: string[] }, sessionId: number, input: SessionInput) {
  const result = updateSession(db, admin, sessionId, input, clock);
  if (result.ok || result.reason !== "needs_confirmation") throw new Error(`expected a preview, got ${JSON.stringify(result)}`);
  return result;
}

describe("change preview: the confirmation is bound to the previewed change", () => {
  it("saves and mails with the confirmation of the previewed change", () => {
    const { db, admin, sessionId } = setUp();
    const change = asInput(db, sessionId, { room: "Großer Saal" });
    const before = snapshot(db, sessionId);
    const shown = preview(db, admin, sessionId, change);
    expect(shown).toMatchObject({ changes: [{ label: "Raum", old: "Ratssaal", new: "Großer Saal" }], holders: 1, waitlisted: 1 });
    expect(shown.stale).toBe(false);
    expect(shown.confirmation).toMatch(/^[0-9a-f]{64}$/);
    // Asking again for the same change gives the same confirmation, and still changes nothing.
    expect(preview(db, admin, sessionId, change).confirmation).toBe(shown.confirmation);
    expect(snapshot(db, sessionId)).toEqual(before);

    expect(updateSession(db, admin, sessionId, change, clock, { confirmation: shown.confirmation })).toEqual({
      ok: true,
      significant: true,
      notified: 2,
    });
    const after = db.select().from(sessions).where(eq(sessions.id, sessionId)).get()!;
    expect(after.room).toBe("Großer Saal");
    expect(after.sequence).toBe(before.session!.sequence + 1);
    const mails = db.select().from(outbox).where(eq(outbox.kind, "session_changed")).all();
    expect(mails).toHaveLength(2);
    expect(mails[0]!.text).toContain("Raum: Ratssaal → Großer Saal");
  });

  it("refuses another edit sent with the previewed change's confirmation and shows the new preview", () => {
    const { db, admin, sessionId } = setUp();
    const shown = preview(db, admin, sessionId, asInput(db, sessionId, { room: "Großer Saal" }));
    const before = snapshot(db, sessionId);

    // Another value in a previewed field, another significant field, or an extra field beside the previewed change.
    const others: Partial<SessionInput>[] = [
      { room: "Kleiner Saal" },
      { room: "Großer Saal", place: "Bürgerhaus" },
      { room: "Großer Saal", startsAt: new Date("2027-05-03T09:00:00Z"), endsAt: new Date("2027-05-03T10:30:00Z") },
      { room: "Großer Saal", capacity: 30 },
      { room: "Großer Saal", noteForParticipants: "Bitte Laptop mitbringen" },
    ];
    for (const other of others) {
      const result = updateSession(db, admin, sessionId, asInput(db, sessionId, other), clock, { confirmation: shown.confirmation });
      expect(result, JSON.stringify(other)).toMatchObject({ ok: false, reason: "needs_confirmation", stale: true });
      if (result.ok || result.reason !== "needs_confirmation") throw new Error("unreachable");
      expect(result.confirmation).not.toBe(shown.confirmation);
      expect(snapshot(db, sessionId)).toEqual(before);
    }

    // The new preview shows the new change, and its confirmation saves exactly that one.
    const renewed = updateSession(db, admin, sessionId, asInput(db, sessionId, { room: "Kleiner Saal" }), clock, {
      confirmation: shown.confirmation,
    });
    if (renewed.ok || renewed.reason !== "needs_confirmation") throw new Error(`expected a preview, got ${JSON.stringify(renewed)}`);
    expect(renewed.changes).toEqual([{ label: "Raum", old: "Ratssaal", new: "Kleiner Saal" }]);
    const saved = updateSession(db, admin, sessionId, asInput(db, sessionId, { room: "Kleiner Saal" }), clock, {
      confirmation: renewed.confirmation,
    });
    expect(saved).toMatchObject({ ok: true, notified: 2 });
    expect(db.select().from(sessions).where(eq(sessions.id, sessionId)).get()!.room).toBe("Kleiner Saal");
  });

  it("refuses a confirmation that went stale because the session was saved in between", () => {
    const { db, admin, sessionId } = setUp();
    const change = asInput(db, sessionId, { room: "Großer Saal" });
    const shown = preview(db, admin, sessionId, change);

    // Someone else moves the start and confirms their own preview: the sequence rises.
    const moved = { startsAt: new Date("2027-05-03T09:00:00Z"), endsAt: new Date("2027-05-03T10:30:00Z") };
    const theirs = preview(db, admin, sessionId, asInput(db, sessionId, moved));
    expect(updateSession(db, admin, sessionId, asInput(db, sessionId, moved), clock, { confirmation: theirs.confirmation }).ok).toBe(true);
    const before = snapshot(db, sessionId);

    // The first organiser's form still has the old times: saving it now would move the session back.
    const result = updateSession(db, admin, sessionId, change, clock, { confirmation: shown.confirmation });
    expect(result).toMatchObject({ ok: false, reason: "needs_confirmation", stale: true });
    if (result.ok || result.reason !== "needs_confirmation") throw new Error("unreachable");
    expect(result.changes.map((c) => c.label)).toEqual(["Beginn", "Ende", "Raum"]);
    expect(snapshot(db, sessionId)).toEqual(before);
  });

  it("refuses forged confirmations and one from another session", () => {
    const { db, admin, sessionId } = setUp();
    const otherId = createSessionWithPeople(db);
    const change = asInput(db, sessionId, { room: "Großer Saal" });
    const fromOtherSession = preview(db, admin, otherId, asInput(db, otherId, { room: "Großer Saal" }));
    const before = snapshot(db, sessionId);
    for (const forged of ["yes", "0".repeat(64), fromOtherSession.confirmation]) {
      const result = updateSession(db, admin, sessionId, change, clock, { confirmation: forged });
      expect(result, forged).toMatchObject({ ok: false, reason: "needs_confirmation", stale: true });
      expect(snapshot(db, sessionId)).toEqual(before);
    }
  });

  it("needs no confirmation for a change nobody has to hear about", () => {
    const { db, admin, sessionId } = setUp();
    expect(updateSession(db, admin, sessionId, asInput(db, sessionId, { capacity: 2 }), clock)).toMatchObject({
      ok: true,
      significant: false,
      notified: 0,
    });
  });
});
