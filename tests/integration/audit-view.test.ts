// The audit view (decision 023): organisers' and the system's steps are listed, people's own
// steps are not, sign-ins never name anyone, a registration entry never names its participant,
// and there is no way to filter by person.
import { describe, expect, it } from "vitest";
import { auditLog } from "~db/schema";
import { auditPage } from "~/audit/audit-view.server";
import { setAttendance } from "~/participants/participants.server";
import type { Clock } from "~/registrations/clock";
import { cancelRegistration, register } from "~/registrations/transitions.server";
import { createTestDb } from "../support/db";
import { createSeries, createSession, createUser } from "../support/factories";

const NOW = new Date("2027-03-15T10:00:00Z");
const clock: Clock = {
  now: new Date("2027-03-01T10:00:00Z"),
  appUrl: "http://localhost:3000",
  mailFrom: "ki@stadt.example",
  alarmMinutes: 0,
};
const url = (query = "") => new URL(`http://localhost/admin/audit${query}`);

describe("audit view", () => {
  /** A new database with a session's history: organisers', facilitators', the system's and people's own steps. */
  function setUp() {
    const { db } = createTestDb();
    const organiser = createUser(db, { roles: ["admin"], displayName: "Olga Organisation" });
    const admin = { id: organiser.id, roles: ["admin"] };
    const moderator = createUser(db, { roles: ["facilitator"], displayName: "Mona Moderation" });
    const series = createSeries(db);
    const seriesTitle = series.title;
    const session = createSession(db, {
      seriesId: series.id,
      startsAt: new Date("2027-03-10T09:00:00Z"),
      capacity: 1,
      facilitatorIds: [moderator.id],
    });
    const anna = createUser(db, { displayName: "Anna Teilnehmerin" });
    const bert = createUser(db, { displayName: "Bert Wartend" });
    register(db, anna.id, session.id, {}, clock);
    register(db, bert.id, session.id, {}, clock);
    cancelRegistration(db, anna.id, session.id, { ...clock, now: new Date("2027-03-02T10:00:00Z") }); // Bert moves up
    const held = register(db, anna.id, session.id, {}, { ...clock, now: new Date("2027-03-03T10:00:00Z") });
    expect(held.ok).toBe(true);
    setAttendance(
      db,
      { id: moderator.id, roles: ["facilitator"] },
      session.id,
      { registrationId: "all-confirmed", attended: true },
      new Date("2027-03-10T10:00:00Z"),
    );
    db.insert(auditLog)
      .values({
        actorId: anna.id,
        action: "signed_in",
        subjectType: "user",
        subjectId: String(anna.id),
        details: { method: "link" },
        at: new Date("2027-03-04T10:00:00Z"),
      })
      .run();
    db.insert(auditLog)
      .values({
        actorId: anna.id,
        action: "profile_updated",
        subjectType: "user",
        subjectId: String(anna.id),
        at: new Date("2027-03-04T10:01:00Z"),
      })
      .run();

    // Anna downloads her own data (hers, not listed); an organiser shows a hand-registered person
    // theirs (listed, without a name).
    const exported = (actorId: number, subjectId: number, at: string) =>
      db
        .insert(auditLog)
        .values({ actorId, action: "personal_data_exported", subjectType: "user", subjectId: String(subjectId), at: new Date(at) })
        .run();
    exported(anna.id, anna.id, "2027-03-04T10:02:00Z");
    exported(organiser.id, bert.id, "2027-03-04T10:03:00Z");

    db.insert(auditLog)
      .values({
        actorId: null,
        action: "retention_run",
        subjectType: "retention",
        subjectId: "run",
        details: { counts: {} },
        at: new Date("2027-03-09T02:00:00Z"),
      })
      .run();

    const load = (query = "") => {
      const result = auditPage(db, admin, url(query), NOW);
      if (!result.ok) throw new Error("forbidden");
      return result.page;
    };
    return { db, moderator, session, anna, seriesTitle, load };
  }

  it("is for organisers only", () => {
    const { db, moderator, anna } = setUp();
    expect(auditPage(db, { id: moderator.id, roles: ["facilitator"] }, url(), NOW)).toEqual({ ok: false, reason: "forbidden" });
    expect(auditPage(db, { id: anna.id, roles: ["council"] }, url(), NOW)).toEqual({ ok: false, reason: "forbidden" });
  });

  it("lists the system's and facilitators' steps, not people's own, and names no participant", () => {
    const { load } = setUp();
    const page = load();
    const actions = page.entries.map((e) => e.action);
    expect(actions).toContain("Nachgerückt");
    expect(actions).toContain("Anwesenheit eingetragen");
    expect(actions).toContain("Eingeloggt");
    // Own registrations, cancellations and the profile are the person's, not the organisers' business.
    expect(actions).not.toContain("Person von Hand angemeldet");
    // The retention run, the promotion, Bert's attendance, the sign-in and the organiser's export;
    // Anna waits again (one place).
    expect(page.entries).toHaveLength(5);
    expect(page.entries.filter((e) => e.action.startsWith("Daten einer Person")).map((e) => [e.actor, e.subject])).toEqual([
      ["Olga Organisation", "eine Person"],
    ]);
    const text = JSON.stringify(page.entries);
    expect(text).not.toContain("Anna");
    expect(text).not.toContain("Bert");
    expect(page.entries.find((e) => e.action === "Eingeloggt")?.actor).toBe("eine Person (nicht angezeigt)");
    expect(page.entries.find((e) => e.action === "Anwesenheit eingetragen")?.actor).toBe("Mona Moderation");
    expect(page.entries.find((e) => e.action === "Nachgerückt")?.actor).toBe("System");
  });

  it("filters by kind and time, and ignores any attempt to filter by person", () => {
    const { moderator, seriesTitle, load } = setUp();
    expect(load("?kind=system").entries.map((e) => [e.action, e.subject])).toEqual([
      ["Aufbewahrungsfristen angewendet", "Aufbewahrung"],
      ["Nachgerückt", `Eine Anmeldung: ${seriesTitle}, Termin am 10.03.2027`],
    ]);
    expect(load("?kind=participants&from=2027-03-11&to=2027-03-15").entries).toEqual([]);
    expect(load(`?actor=${moderator.id}&user=${moderator.id}`).entries).toEqual(load().entries);
    const refused = load("?from=2027-03-20&to=2027-03-01");
    expect(refused.errors.to).toBe("Der letzte Tag liegt vor dem ersten.");
    expect(refused.entries).toEqual([]);
    expect(load("?kind=keine").errors.kind).toBeDefined();
  });

  it("an entry whose actor account is gone says so instead of a name", () => {
    const { db, session, load } = setUp();
    db.insert(auditLog)
      .values({
        actorId: null,
        action: "session_updated",
        subjectType: "session",
        subjectId: String(session.id),
        at: new Date("2027-03-05T10:00:00Z"),
      })
      .run();
    const entry = load("?kind=planning").entries[0]!;
    expect(entry.actor).toBe("System oder nicht mehr gespeichert");
    expect(entry.href).toBe(`/admin/sessions/${session.id}`);
  });
});
