import { parse } from "csv-parse/sync";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { outbox, registrations, users } from "~db/schema";
import { participantsCsv } from "~/participants/csv";
import { certificateFor } from "~/participants/certificate.server";
import { canManageSession, listParticipants, registerByHand, setAttendance } from "~/participants/participants.server";
import { register } from "~/registrations/transitions.server";
import { createTestDb } from "../support/db";
import { createSession, createUser } from "../support/factories";

const H = 3600_000;
const ctx = { appUrl: "http://ki.test", mailFrom: "KI <ki@stadt.example>", alarmMinutes: 15 };

describe("participants and attendance", () => {
  it("lets only admins and the session's own facilitators in", () => {
    const { db } = createTestDb();
    const facilitator = createUser(db, { roles: ["facilitator"] });
    const otherFacilitator = createUser(db, { roles: ["facilitator"] });
    const admin = createUser(db, { roles: ["admin"] });
    const participant = createUser(db);
    const session = createSession(db, { facilitatorIds: [facilitator.id] });
    expect(canManageSession(db, { id: facilitator.id, roles: ["facilitator"] }, session.id)).toBe(true);
    expect(canManageSession(db, { id: admin.id, roles: ["admin"] }, session.id)).toBe(true);
    expect(canManageSession(db, { id: otherFacilitator.id, roles: ["facilitator"] }, session.id)).toBe(false);
    expect(canManageSession(db, { id: participant.id, roles: ["participant"] }, session.id)).toBe(false);
    expect(
      setAttendance(
        db,
        { id: participant.id, roles: ["participant"] },
        session.id,
        { registrationId: "all-confirmed", attended: true },
        new Date(),
      ),
    ).toEqual({
      ok: false,
      reason: "forbidden",
    });
  });

  it("marks attendance only once the session has begun, one by one or all confirmed at once", () => {
    const { db } = createTestDb();
    const start = new Date("2027-03-01T09:00:00Z");
    const admin = { id: createUser(db, { roles: ["admin"] }).id, roles: ["admin"] };
    const session = createSession(db, { startsAt: start, capacity: 2, publishedAt: new Date("2027-01-01T00:00:00Z") });
    const [a, b, c] = [createUser(db), createUser(db), createUser(db)];
    const before = { now: new Date(start.getTime() - 48 * H), ...ctx };
    for (const p of [a, b, c]) register(db, p.id, session.id, {}, before);
    const regA = db.select().from(registrations).where(eq(registrations.userId, a.id)).get()!;
    const regC = db.select().from(registrations).where(eq(registrations.userId, c.id)).get()!;
    expect(setAttendance(db, admin, session.id, { registrationId: regA.id, attended: true }, new Date(start.getTime() - H))).toEqual({
      ok: false,
      reason: "not_started",
    });
    const during = new Date(start.getTime() + 10 * 60_000);
    expect(setAttendance(db, admin, session.id, { registrationId: regC.id, attended: true }, during)).toEqual({
      ok: false,
      reason: "not_a_seat",
    });
    expect(setAttendance(db, admin, session.id, { registrationId: regA.id, attended: true }, during)).toEqual({ ok: true, changed: 1 });
    expect(setAttendance(db, admin, session.id, { registrationId: "all-confirmed", attended: true }, during)).toEqual({
      ok: true,
      changed: 1,
    });
    expect(setAttendance(db, admin, session.id, { registrationId: regA.id, attended: false }, during)).toEqual({ ok: true, changed: 1 });
    expect(
      listParticipants(db, session.id)
        .map((p) => p.status)
        .sort(),
    ).toEqual(["attended", "confirmed", "waitlisted"]);

    // The certificate: only the person's own, only when attended.
    const regB = db.select().from(registrations).where(eq(registrations.userId, b.id)).get()!;
    expect(certificateFor(db, b.id, regB.id)).toMatchObject({ minutes: 90 });
    expect(certificateFor(db, a.id, regB.id)).toBeNull();
    expect(certificateFor(db, a.id, regA.id)).toBeNull();
  });

  it("registers people without a mailbox under the same capacity rules, without mail", () => {
    const { db } = createTestDb();
    const admin = { id: createUser(db, { roles: ["admin"] }).id, roles: ["admin"] };
    const facilitator = { id: createUser(db, { roles: ["facilitator"] }).id, roles: ["facilitator"] };
    const session = createSession(db, { capacity: 1 });
    const clock = { now: new Date(), ...ctx };
    expect(registerByHand(db, facilitator, session.id, { displayName: "X", department: null, email: null }, clock)).toEqual({
      ok: false,
      reason: "forbidden",
    });
    expect(registerByHand(db, admin, session.id, { displayName: "Bauhof Eins", department: "Bauhof", email: null }, clock)).toMatchObject({
      ok: true,
      outcome: "confirmed",
    });
    expect(registerByHand(db, admin, session.id, { displayName: "Bauhof Zwei", department: "Bauhof", email: null }, clock)).toMatchObject({
      ok: true,
      outcome: "waitlisted",
      position: 1,
    });
    expect(db.select().from(outbox).all()).toEqual([]);
    // A refused registration leaves no account behind.
    const past = createSession(db, { startsAt: new Date(Date.now() - 48 * H) });
    const usersBefore = db.select().from(users).all().length;
    expect(registerByHand(db, admin, past.id, { displayName: "Zu Spät", department: null, email: null }, clock)).toEqual({
      ok: false,
      reason: "past",
    });
    expect(db.select().from(users).all().length).toBe(usersBefore);
    expect(listParticipants(db, session.id).map((p) => [p.name, p.status])).toEqual([
      ["Bauhof Eins", "confirmed"],
      ["Bauhof Zwei", "waitlisted"],
    ]);
  });
});

describe("participant export", () => {
  it("opens in a spreadsheet: BOM, semicolons, umlauts, quoted fields, no formulas, no support needs", () => {
    const csv = participantsCsv([
      {
        name: "Jürgen Öztürk",
        department: "Amt für Straßen; Brücken",
        email: "j@stadt.example",
        status: "Angemeldet",
        registeredAt: "03.03.2026 10:00",
        attended: "ja",
      },
      {
        name: '=HYPERLINK("http://evil")',
        department: "+49 123",
        email: "@x",
        status: "-1",
        registeredAt: "03.03.2026 10:01",
        attended: "",
      },
    ]);
    expect(csv.startsWith("\uFEFF")).toBe(true);
    const rows = parse(csv, { bom: true, delimiter: ";" }) as string[][];
    expect(rows[0]).toEqual(["Name", "Fachbereich/Amt", "E-Mail", "Status", "Angemeldet am", "Anwesend"]);
    expect(rows[1]).toEqual(["Jürgen Öztürk", "Amt für Straßen; Brücken", "j@stadt.example", "Angemeldet", "03.03.2026 10:00", "ja"]);
    expect(rows[2]).toEqual(['\'=HYPERLINK("http://evil")', "'+49 123", "'@x", "'-1", "03.03.2026 10:01", ""]);
    for (const row of rows.slice(1)) for (const cell of row) expect(cell).not.toMatch(/^[=+\-@]/);
    expect(csv).not.toContain("Unterstützungsbedarf");
  });
});

describe("moving people and messages", () => {
  it("moves into a free seat atomically, refuses a full date without a reason, overbooks with one", async () => {
    const { db } = createTestDb();
    const { movePerson } = await import("~/participants/move.server");
    const { auditLog, sessions } = await import("~db/schema");
    const admin = { id: createUser(db, { roles: ["admin"] }).id, roles: ["admin"] };
    const clock = { now: new Date(), ...ctx };
    const from = createSession(db, { capacity: 1 });
    const to = createSession(db, { seriesId: from.seriesId, capacity: 1, startsAt: new Date(Date.now() + 9 * 24 * H) });
    const [a, b, c] = [createUser(db), createUser(db), createUser(db)];
    register(db, a.id, from.id, {}, clock);
    register(db, b.id, from.id, {}, clock); // waits
    const regA = db.select().from(registrations).where(eq(registrations.userId, a.id)).get()!;
    expect(movePerson(db, { id: createUser(db).id, roles: ["participant"] }, regA.id, to.id, { overbookReason: null }, clock)).toEqual({
      ok: false,
      reason: "forbidden",
    });
    expect(movePerson(db, admin, regA.id, to.id, { overbookReason: null }, clock)).toMatchObject({ ok: true, overbooked: false });
    // a's old seat went to b in the same transaction.
    expect(listParticipants(db, from.id).map((p) => p.status)).toEqual(["confirmed"]);
    register(db, c.id, from.id, {}, clock); // c waits in "from"
    const regC = db.select().from(registrations).where(eq(registrations.userId, c.id)).get()!;
    const before = db.select().from(registrations).all();
    expect(movePerson(db, admin, regC.id, to.id, { overbookReason: null }, clock)).toEqual({ ok: false, reason: "target_full" });
    expect(db.select().from(registrations).all()).toEqual(before);
    expect(movePerson(db, admin, regC.id, to.id, { overbookReason: "Personalrat, Pflichttermin" }, clock)).toMatchObject({
      ok: true,
      overbooked: true,
    });
    expect(listParticipants(db, to.id).filter((p) => p.status === "confirmed").length).toBe(2);
    const entry = db.select().from(auditLog).where(eq(auditLog.action, "registration_overbooked")).get()!;
    expect(entry.details).toMatchObject({ reason: "Personalrat, Pflichttermin", capacity: 1 });
    // Never into a cancelled or past session.
    db.update(sessions).set({ status: "cancelled" }).where(eq(sessions.id, to.id)).run();
    const regB = db.select().from(registrations).where(eq(registrations.userId, b.id)).get()!;
    expect(movePerson(db, admin, regB.id, to.id, { overbookReason: "x" }, clock)).toEqual({ ok: false, reason: "target_unavailable" });
  });

  it("messages everyone with a place once, refuses an empty message", async () => {
    const { db } = createTestDb();
    const { messageParticipants } = await import("~/participants/participants.server");
    const facilitator = createUser(db, { roles: ["facilitator"], displayName: "Kim" });
    const session = createSession(db, { capacity: 1, facilitatorIds: [facilitator.id] });
    const [a, b] = [createUser(db), createUser(db)];
    const clock = { now: new Date(), ...ctx };
    register(db, a.id, session.id, {}, clock);
    register(db, b.id, session.id, {}, clock);
    const actor = { id: facilitator.id, roles: ["facilitator"], displayName: "Kim" };
    expect(messageParticipants(db, actor, session.id, { audience: "holders", text: "   " }, clock)).toEqual({ ok: false, reason: "empty" });
    expect(
      messageParticipants(db, actor, session.id, { audience: "holders", text: "Raum geändert, bitte Laptop mitbringen" }, clock),
    ).toEqual({ ok: true, sent: 1 });
    const mails = db.select().from(outbox).where(eq(outbox.kind, "participant_message")).all();
    expect(mails.map((m) => m.recipient)).toEqual([a.email]);
    expect(mails[0]!.text).toContain("Raum geändert, bitte Laptop mitbringen");
    expect(mails[0]!.text).toContain(`/sessions/${session.id}`);
    const outsider = { id: createUser(db, { roles: ["facilitator"] }).id, roles: ["facilitator"], displayName: "X" };
    expect(messageParticipants(db, outsider, session.id, { audience: "waitlist", text: "Hallo" }, clock)).toEqual({
      ok: false,
      reason: "forbidden",
    });
  });
});
