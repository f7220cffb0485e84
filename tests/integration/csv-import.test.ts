import { count, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLog, sessionFacilitators, sessions } from "~db/schema";
import { checkSessionsCsv, importSessionsCsv } from "~/sessions/csv-import.server";
import { COMMAND_LINE_ACTOR } from "~/sessions/planning.server";
import { createTestDb } from "../support/db";
import { createSeries, createUser } from "../support/factories";

const HEADER = "series;starts_at;ends_at;format;place;room;capacity;facilitator_emails;status";

describe("CSV import of dates", () => {
  const { db } = createTestDb();
  createSeries(db, { title: "Einführung KI" });
  createUser(db, { email: "mod1@stadt.example", roles: ["facilitator"] });
  createUser(db, { email: "mod2@stadt.example", roles: ["facilitator"] });
  createUser(db, { email: "nur-teilnehmer@stadt.example" });
  const admin = { id: createUser(db, { roles: ["admin"] }).id, roles: ["admin"] };
  const sessionCount = () => db.select({ n: count() }).from(sessions).get()!.n;

  it("imports valid rows in Berlin time, with a BOM, semicolons and several facilitators", () => {
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
    const before = sessionCount();
    const csv = [
      HEADER,
      "Einführung KI;2026-05-05 10:00;2026-05-05 11:30;in_person;Rathaus;Ratssaal;20;mod1@stadt.example",
      "Unbekannte Reihe;2026-05-06 10:00;2026-05-06 11:30;in_person;Rathaus;Ratssaal;20;",
      "Einführung KI;2026-03-29 02:30;2026-03-29 04:00;in_person;Rathaus;Ratssaal;20;",
      "Einführung KI;05.05.2026 10:00;2026-05-05 11:30;in_person;Rathaus;Ratssaal;20;",
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
    expect(errors[2]!.message).toContain("2026-03-03 10:00");
    expect(errors[3]!.message).toContain(
      "keine bekannte Person mit der Rolle Moderation. Bitte unter „Personen und Rollen“ in /admin/people freischalten.",
    );
    expect(errors[4]!.message).toContain("Zeile 2");
    expect(errors[5]!.message).toMatch(/Format.*Platzzahl/);
    expect(errors[6]!.message).toContain("gibt es schon");
    expect(sessionCount()).toBe(before);
  });

  it("rejects a wrong header before looking at rows", () => {
    const check = checkSessionsCsv(db, "title;start;end\nEinführung KI;2026-05-05 10:00;2026-05-05 11:30");
    expect(check.errors).toEqual([{ line: 1, message: expect.stringContaining("Die Kopfzeile muss lauten") }]);
  });

  it("refuses people who are not admins", () => {
    const participant = { id: createUser(db).id, roles: ["participant"] };
    expect(importSessionsCsv(db, participant, HEADER, { publish: false, appUrl: "http://x" })).toEqual({ ok: false, reason: "forbidden" });
  });
});
