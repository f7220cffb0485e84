// The report's figures (decision 023) equal independent SQL over a database filled through the
// real use cases (register, cancel, promotion, attendance), and department cells under 5 are
// never shown as numbers.
import { and, eq, inArray, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLog, questions, registrations, sessions, settings } from "~db/schema";
import { setAttendance } from "~/participants/participants.server";
import { saveDepartments } from "~/people/departments.server";
import { anonymiseRegistrations } from "~/privacy/anonymise.server";
import { reportCsv } from "~/reports/csv";
import { reportPage } from "~/reports/report-page.server";
import { loadReport } from "~/reports/reports.server";
import type { Clock } from "~/registrations/clock";
import { cancelRegistration, register } from "~/registrations/transitions.server";
import { createTestDb } from "../support/db";
import { createSeries, createSession, createUser } from "../support/factories";

const NOW = new Date("2027-03-15T10:00:00Z");
const clockAt = (iso: string): Clock => ({
  now: new Date(iso),
  appUrl: "http://localhost:3000",
  mailFrom: "ki@stadt.example",
  alarmMinutes: 0,
});
const filter = { from: "2027-01", to: "2027-03", seriesId: null };

describe("reports", () => {
  const { db } = createTestDb();
  const actor = (role: "admin" | "council" | "facilitator") => ({ id: createUser(db, { roles: [role] }).id, roles: [role] });
  const admin = actor("admin");
  const council = actor("council");
  const facilitator = actor("facilitator");
  expect(saveDepartments(db, admin, "Amt 10\nAmt 20", NOW).ok).toBe(true);
  const alpha = createSeries(db, { title: "Alpha" });
  const beta = createSeries(db, { title: "Beta" });
  const published = { status: "published" as const, publishedAt: new Date("2026-12-01T00:00:00Z") };
  const jan = createSession(db, {
    seriesId: alpha.id,
    startsAt: new Date("2027-01-20T09:00:00Z"),
    capacity: 3,
    ...published,
    facilitatorIds: [facilitator.id],
  });
  const feb = createSession(db, { seriesId: alpha.id, startsAt: new Date("2027-02-10T09:00:00Z"), capacity: 10, ...published });
  // Not held: called off, cancelled, a draft, and one that has not ended yet.
  createSession(db, {
    seriesId: beta.id,
    startsAt: new Date("2027-01-12T09:00:00Z"),
    ...published,
    calledOffAt: new Date("2027-01-12T09:30:00Z"),
  });
  createSession(db, { seriesId: beta.id, startsAt: new Date("2027-01-13T09:00:00Z"), status: "cancelled" });
  createSession(db, { seriesId: beta.id, startsAt: new Date("2027-02-13T09:00:00Z"), status: "draft" });
  createSession(db, { seriesId: beta.id, startsAt: new Date("2027-03-15T09:30:00Z"), ...published });

  const december = clockAt("2026-12-10T10:00:00Z");
  // January: 6 people for 3 places → a waitlist of 3; a cancellation promotes the first, then
  // one waiting person cancels too.
  const janPeople = Array.from({ length: 6 }, (_, i) => createUser(db, { department: i < 3 ? "Amt 10" : "Amt 20" }));
  for (const p of janPeople) expect(register(db, p.id, jan.id, {}, december).ok).toBe(true);
  expect(cancelRegistration(db, janPeople[0]!.id, jan.id, clockAt("2026-12-11T10:00:00Z")).ok).toBe(true);
  expect(cancelRegistration(db, janPeople[5]!.id, jan.id, clockAt("2026-12-12T10:00:00Z")).ok).toBe(true);
  // February: 5 in Amt 10, 2 elsewhere ("Amt 99" is not on the list: Sonstige), one anonymised.
  const febPeople = [
    ...Array.from({ length: 5 }, () => createUser(db, { department: "Amt 10" })),
    createUser(db, { department: "Amt 99" }),
    createUser(db, { department: null }),
  ];
  for (const p of febPeople) expect(register(db, p.id, feb.id, {}, december).ok).toBe(true);

  const janHeld = db
    .select()
    .from(registrations)
    .where(and(eq(registrations.sessionId, jan.id), eq(registrations.status, "confirmed")))
    .all();
  expect(
    setAttendance(db, facilitator, jan.id, { registrationId: janHeld[0]!.id, attended: true }, new Date("2027-01-20T10:00:00Z")).ok,
  ).toBe(true);
  expect(
    setAttendance(db, facilitator, jan.id, { registrationId: janHeld[1]!.id, attended: true }, new Date("2027-01-20T10:00:00Z")).ok,
  ).toBe(true);
  const anonymised = db
    .select()
    .from(registrations)
    .where(and(eq(registrations.sessionId, feb.id), eq(registrations.userId, febPeople[6]!.id)))
    .get()!;
  anonymiseRegistrations(db, [anonymised.id], NOW);

  db.insert(questions)
    .values([
      {
        sessionId: jan.id,
        text: "Frage 1",
        anonymous: true,
        status: "answered",
        createdAt: new Date("2027-01-05T10:00:00Z"),
        updatedAt: NOW,
      },
      {
        sessionId: jan.id,
        text: "Frage 2",
        anonymous: true,
        status: "submitted",
        createdAt: new Date("2027-01-06T10:00:00Z"),
        updatedAt: NOW,
      },
      {
        sessionId: jan.id,
        text: "Frage 3",
        anonymous: true,
        status: "withdrawn",
        createdAt: new Date("2027-01-06T10:00:00Z"),
        updatedAt: NOW,
      },
      {
        sessionId: jan.id,
        text: "Frage 4",
        anonymous: true,
        status: "answered",
        createdAt: new Date("2026-11-06T10:00:00Z"),
        updatedAt: NOW,
      },
    ])
    .run();

  it("refuses people who are neither organisers nor council", () => {
    expect(loadReport(db, facilitator, filter, NOW)).toEqual({ ok: false, reason: "forbidden" });
    expect(loadReport(db, council, filter, NOW).ok).toBe(true);
  });

  it("every figure equals plain SQL over the same database", () => {
    const result = loadReport(db, council, filter, NOW);
    if (!result.ok) throw new Error("forbidden");
    const { figures } = result.report;
    expect(figures.map((r) => [r.seriesTitle, r.month])).toEqual([
      ["Alpha", "2027-01"],
      ["Alpha", "2027-02"],
    ]);
    for (const [row, session] of [
      [figures[0]!, jan],
      [figures[1]!, feb],
    ] as const) {
      const count = (where: ReturnType<typeof sql>) =>
        db.get<{ n: number }>(sql`select count(*) as n from registrations where session_id = ${session.id} and ${where}`)!.n;
      expect(row.sessionsHeld).toBe(1);
      expect(row.placesOffered).toBe(db.get<{ c: number }>(sql`select capacity as c from sessions where id = ${session.id}`)!.c);
      expect(row.registrations).toBe(count(sql`coalesce(end_reason, '') not in ('rebooked', 'moved', 'kept_earlier')`));
      expect(row.cancellations).toBe(count(sql`status = 'cancelled' and end_reason = 'self'`));
      expect(row.attended).toBe(count(sql`status = 'attended'`));
      expect(row.noShows).toBe(row.attended > 0 ? count(sql`status = 'confirmed'`) : 0);
      expect(row.promotions).toBe(
        db.get<{ n: number }>(
          sql`select count(*) as n from audit_log where subject_type = 'registration' and action in ('registration_promoted', 'registration_offer_accepted') and json_extract(details, '$.sessionId') = ${session.id}`,
        )!.n,
      );
    }
    // Known from the story: 3 waited at once in January, one moved up; February never waited.
    expect(figures[0]).toMatchObject({
      registrations: 6,
      cancellations: 2,
      promotions: 1,
      waitlistPeak: 3,
      attended: 2,
      noShows: 1,
      sessionsWithAttendance: 1,
    });
    expect(figures[1]).toMatchObject({ registrations: 7, waitlistPeak: 0, sessionsWithAttendance: 0, noShows: 0 });
  });

  it("counts people by department with cells under 5 suppressed; anonymised ones count without a department", () => {
    const result = loadReport(db, admin, filter, NOW);
    if (!result.ok) throw new Error("forbidden");
    const { departments, departmentRows } = result.report;
    expect(departments).toEqual(["Amt 10", "Amt 20", "Sonstige", "ohne Angabe"]);
    // January: 3 + 3 people (cancellations count: they registered). Every cell is small.
    expect(departmentRows[0]!.total).toBe(6);
    expect(departmentRows[0]!.cells.map((c) => c.mark)).toEqual(["small", "small", "small", "small"]);
    // February: 5 in Amt 10 shown; Sonstige (Amt 99) 1, ohne Angabe 1 (the person without a department is the anonymised one).
    expect(departmentRows[1]!.total).toBe(7);
    expect(departmentRows[1]!.cells.map((c) => [c.value, c.mark])).toEqual([
      [5, "shown"],
      [0, "small"],
      [1, "small"],
      [1, "small"],
    ]);
    for (const row of departmentRows) for (const cell of row.cells) if (cell.value < 5) expect(cell.mark).not.toBe("shown");
    const csv = reportCsv(result.report, "abteilungen");
    expect(csv.startsWith("\uFEFFVeranstaltungsreihe;Monat;Amt 10;Amt 20;Sonstige;ohne Angabe;Zusammen\r\n")).toBe(true);
    expect(csv).toContain("Alpha;2027-02;5;< 5;< 5;< 5;7\r\n");
  });

  it("counts questions per section by the month they came in, without withdrawn ones", () => {
    const result = loadReport(db, admin, filter, NOW);
    if (!result.ok) throw new Error("forbidden");
    expect(result.report.sections).toEqual([{ label: "ohne Abschnitt", submitted: 2, answered: 1 }]);
  });

  it("an empty period is an empty report, not an error; bad months are refused next to the field", () => {
    const empty = reportPage(db, admin, new URL("http://x/admin/reports?from=2025-01&to=2025-03"), NOW);
    expect(empty.report).toMatchObject({ figures: [], departmentRows: [], sections: [] });
    const bad = reportPage(db, admin, new URL("http://x/admin/reports?from=2027-05&to=2027-01"), NOW);
    expect(bad.report).toBeNull();
    expect(bad.errors.to).toBe("Der letzte Monat liegt vor dem ersten.");
    const worse = reportPage(db, admin, new URL("http://x/admin/reports?from=Januar&to=2027-01&series=99999"), NOW);
    expect(worse.errors.from).toContain("als Monat");
    const unknownSeries = reportPage(db, admin, new URL("http://x/admin/reports?from=2027-01&to=2027-01&series=99999"), NOW);
    expect(unknownSeries.errors.series).toBeDefined();
  });

  it("the department list is refused with a message when a line repeats, and the setting is unchanged", () => {
    const before = db.select().from(settings).where(eq(settings.key, "departments")).get();
    expect(saveDepartments(db, admin, "Amt 10\namt 10", NOW)).toMatchObject({ ok: false, reason: "invalid" });
    expect(saveDepartments(db, facilitator, "Amt 30", NOW)).toEqual({ ok: false, reason: "forbidden" });
    expect(db.select().from(settings).where(eq(settings.key, "departments")).get()).toEqual(before);
  });

  it("registration events of sessions outside the report do not leak into it", () => {
    const ids = db
      .select({ id: sessions.id })
      .from(sessions)
      .all()
      .map((s) => s.id);
    const total = db
      .select({ n: sql<number>`count(*)` })
      .from(auditLog)
      .where(and(eq(auditLog.subjectType, "registration"), inArray(sql`json_extract(${auditLog.details}, '$.sessionId')`, ids)))
      .get()!.n;
    expect(total).toBeGreaterThan(0);
    const only = loadReport(db, admin, { from: "2027-02", to: "2027-02", seriesId: alpha.id }, NOW);
    if (!only.ok) throw new Error("forbidden");
    expect(only.report.figures).toHaveLength(1);
    expect(only.report.figures[0]).toMatchObject({ month: "2027-02", promotions: 0, waitlistPeak: 0 });
  });
});
