import { count, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLog, sessionFacilitators, sessions } from "~db/schema";
import { checkSessionsCsv, importSessionsCsv } from "~/sessions/csv-import.server";
import { COMMAND_LINE_ACTOR } from "~/sessions/planning.server";
import { createTestDb } from "../support/db";
import { createSeries, createSession, createUser } from "../support/factories";

const HEADER = "series;starts_at;ends_at;format;place;room;capacity;facilitator_emails;status";

describe("CSV import of dates", () => {
  /** A new database with the series, two facilitators, a participant and an admin. */
  function setUp() {
    const { db } = createTestDb();
    const series = createSeries(db, { title: "Einführung KI" });
    createUser(db, { email: "mod1@stadt.example", roles: ["facilitator"] });
    createUser(db, { email: "mod2@stadt.example", roles: ["facilitator"] });
    createUser(db, { email: "nur-teilnehmer@stadt.example" });
    const admin = { id: createUser(db, { roles: ["admin"] }).id, roles: ["admin"] };
    const sessionCount = () => db.select({ n: count() }).from(sessions).get()!.n;
    return { db, series, admin, sessionCount };
  }

  it("imports valid rows in Berlin time, with a BOM, semicolons and several facilitators", () => {
    const { db, admin } = setUp();
    const csv =
      "\uFEFF" +
      [
        HEADER,
        "Einführung KI;2026-03-24 10:00;2026-03-24 11:30;in_person;Rathaus;Ratssaal;20;mod1@stadt.example|mod2@stadt.example;published",
        "Einführung KI;2026-03-31 10:00;2026-03-31 11:30;online;;;50;mod1@stadt.example",
      ].join("\r\n");
    const result = importSessionsCsv(db, admin, csv, { publish: false, appUrl: "http://x" });
    expect(result).toEqual({ ok: true, imported: 2, published: 1 });
    const rows = db.select().from(sessions).all();
    expect(rows.map((r) => [r.startsAt.toISOString(), r.status])).toEqual([
      ["2026-03-24T09:00:00.000Z", "published"],
      ["2026-03-31T08:00:00.000Z", "draft"],
    ]);
    expect(db.select().from(sessionFacilitators).where(eq(sessionFacilitators.sessionId, rows[0]!.id)).all().length).toBe(2);
    expect(db.select().from(auditLog).where(eq(auditLog.action, "session_imported")).all().length).toBe(2);
  });

  it("detects commas and the --publish switch", () => {
    const { db } = setUp();
    const csv = [
      "series,starts_at,ends_at,format,place,room,capacity,facilitator_emails",
      "Einführung KI,2026-04-07 10:00,2026-04-07 11:30,hybrid,Rathaus,Raum 1,10,",
    ].join("\n");
    expect(importSessionsCsv(db, COMMAND_LINE_ACTOR, csv, { publish: true, appUrl: "http://x" })).toEqual({
      ok: true,
      imported: 1,
      published: 1,
    });
  });

  it("reports every bad row with its line number and imports nothing", () => {
    const { db, series, admin, sessionCount } = setUp();
    // The last row repeats this date (10:00 Berlin time).
    createSession(db, { seriesId: series.id, startsAt: new Date("2026-03-24T09:00:00Z") });
    const before = sessionCount();
    const csv = [
      HEADER,
      "Einführung KI;2026-05-05 10:00;2026-05-05 11:30;in_person;Rathaus;Ratssaal;20;mod1@stadt.example",
      "Unbekannte Reihe;2026-05-06 10:00;2026-05-06 11:30;in_person;Rathaus;Ratssaal;20;",
      "Einführung KI;2026-03-29 02:30;2026-03-29 04:00;in_person;Rathaus;Ratssaal;20;",
      "Einführung KI;32.05.2026 10:00;2026-05-05 11:30;in_person;Rathaus;Ratssaal;20;",
      "Einführung KI;2026-05-12 10:00;2026-05-12 11:30;in_person;Rathaus;Ratssaal;20;nur-teilnehmer@stadt.example",
      "Einführung KI;2026-05-05 10:00;2026-05-05 11:30;in_person;Rathaus;Ratssaal;20;",
      "Einführung KI;2026-05-19 10:00;2026-05-19 11:30;webinar;Rathaus;Ratssaal;0;",
      "Einführung KI;2026-03-24 10:00;2026-03-24 11:30;in_person;Rathaus;Ratssaal;20;",
    ].join("\n");
    const result = importSessionsCsv(db, admin, csv, { publish: false, appUrl: "http://x" });
    expect(result.ok).toBe(false);
    const errors = result.ok === false && result.reason === "invalid" ? result.errors : [];
    expect(errors.map((e) => e.line)).toEqual([3, 4, 5, 6, 7, 8, 9]);
    expect(errors[0]!.message).toContain("Unbekannte Veranstaltungsreihe");
    expect(errors[1]!.message).toContain("Zeitumstellung");
    expect(errors[2]!.message).toBe(
      "Beginn „32.05.2026 10:00“ ist kein gültiges Datum. Bitte schreiben Sie es wie 15.01.2027 14:00 (deutsche Zeit).",
    );
    expect(errors[3]!.message).toContain(
      "keine bekannte Person mit der Rolle Moderation. Bitte unter „Personen und Rollen“ in /admin/people freischalten.",
    );
    expect(errors[4]!.message).toContain("Zeile 2");
    expect(errors[5]!.message).toMatch(/Format.*Platzzahl/);
    expect(errors[6]!.message).toContain("gibt es schon");
    expect(sessionCount()).toBe(before);
  });

  it("rejects a wrong header before looking at rows", () => {
    const { db } = setUp();
    const check = checkSessionsCsv(db, "title;start;end\nEinführung KI;2026-05-05 10:00;2026-05-05 11:30");
    expect(check.errors).toEqual([{ line: 1, message: expect.stringContaining("Die Kopfzeile muss lauten") }]);
  });

  it("refuses people who are not admins", () => {
    const { db } = setUp();
    const participant = { id: createUser(db).id, roles: ["participant"] };
    expect(importSessionsCsv(db, participant, HEADER, { publish: false, appUrl: "http://x" })).toEqual({ ok: false, reason: "forbidden" });
  });

  it("reads German column names, German dates as Berlin wall time and German format words", () => {
    const { db } = setUp();
    const csv = [
      "Reihe;Beginn;Ende;Format;Ort;Raum;Plätze;Moderation;Status",
      "Einführung KI;15.01.2027 14:00;15.01.2027 15:30;Präsenz;Rathaus, Rathausplatz 1;Ratssaal;20;mod1@stadt.example;Entwurf",
      "Einführung KI;15.7.2027, 9:00 Uhr;15.07.2027 10:30 Uhr;Online;;;50;;veröffentlicht",
      "Einführung KI;2027-01-22 14:00;2027-01-22 15:00;HYBRID;Rathaus;Raum 2;12;",
    ].join("\n");
    const check = checkSessionsCsv(db, csv);
    expect(check.errors).toEqual([]);
    expect(
      check.rows.map((r) => [r.line, r.startsAt.toISOString(), r.endsAt.toISOString(), r.format, r.place, r.capacity, r.status]),
    ).toEqual([
      // January is winter time (UTC+1), July summer time (UTC+2).
      [2, "2027-01-15T13:00:00.000Z", "2027-01-15T14:30:00.000Z", "in_person", "Rathaus, Rathausplatz 1", 20, "draft"],
      [3, "2027-07-15T07:00:00.000Z", "2027-07-15T08:30:00.000Z", "online", "", 50, "published"],
      [4, "2027-01-22T13:00:00.000Z", "2027-01-22T14:00:00.000Z", "hybrid", "Rathaus", 12, "draft"],
    ]);
  });

  it("accepts other German names for the columns and any order", () => {
    const { db } = setUp();
    const csv = [
      "Veranstaltungsreihe,Kapazität,Ende,Beginn,Format,Veranstaltungsort,Raum,Moderation",
      "Einführung KI,15,03.02.2027 11:30,03.02.2027 10:00,vor Ort,Stadthaus,A 1,",
    ].join("\n");
    const check = checkSessionsCsv(db, csv);
    expect(check.errors).toEqual([]);
    expect(check.rows[0]).toMatchObject({
      capacity: 15,
      place: "Stadthaus",
      format: "in_person",
      startsAt: new Date("2027-02-03T09:00:00Z"),
    });
  });

  it("names the row of a bad German date, a bad format word and a bad status, in German", () => {
    const { db, admin, sessionCount } = setUp();
    const before = sessionCount();
    const csv = [
      "Reihe;Beginn;Ende;Format;Ort;Raum;Plätze;Moderation;Status",
      "Einführung KI;15.01.2027 14:00;15.01.2027 15:30;Präsenz;Rathaus;Ratssaal;20;;",
      "Einführung KI;31.02.2027 14:00;31.02.2027 15:30;Präsenz;Rathaus;Ratssaal;20;;",
      "Einführung KI;16.01.2027 14:00;16.01.2027 15:30;Webinar;Rathaus;Ratssaal;20;;fertig",
    ].join("\n");
    const result = importSessionsCsv(db, admin, csv, { publish: false, appUrl: "http://x" });
    const errors = result.ok === false && result.reason === "invalid" ? result.errors : [];
    expect(errors).toEqual([
      { line: 3, message: expect.stringContaining("Beginn „31.02.2027 14:00“ ist kein gültiges Datum") },
      {
        line: 4,
        message: expect.stringMatching(/Unbekanntes Format „Webinar“ \(erlaubt: Präsenz, Online, Hybrid\).*Unbekannter Status „fertig“/),
      },
    ]);
    expect(sessionCount()).toBe(before);
  });

  it("points out a date on a public holiday or a weekend in the preview, without refusing it", () => {
    const { db } = setUp();
    const csv = [
      "Reihe;Beginn;Ende;Format;Ort;Raum;Plätze;Moderation",
      "Einführung KI;03.10.2027 10:00;03.10.2027 11:00;Online;;;20;",
      "Einführung KI;28.05.2027 10:00;28.05.2027 11:00;Online;;;20;",
      "Einführung KI;05.06.2027 10:00;05.06.2027 11:00;Online;;;20;",
    ].join("\n");
    const check = checkSessionsCsv(db, csv);
    expect(check.errors).toEqual([]);
    expect(check.rows.map((r) => r.dayOff)).toEqual([
      expect.stringContaining("Tag der Deutschen Einheit"),
      // 27 May 2027 is Fronleichnam; the Friday after is an ordinary working day.
      null,
      "Der Termin fällt auf einen Samstag.",
    ]);
  });
});
