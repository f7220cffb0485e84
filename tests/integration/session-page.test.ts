// The session page's new facts (issue 15, item 3): directions, online tool and test room per
// session, a contact per series, the organisers' working-time note. Bad input is refused next
// to its field and changes nothing; what is saved is what the page reads.
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLog, series as seriesTable, sessions, settings } from "~db/schema";
import { fieldErrors } from "~/lib/forms";
import { parseSessionForm, seriesInputSchema } from "~/sessions/planning.schema";
import { createSeries, createSession, duplicateSession, publishSession, updateSeries, updateSession } from "~/sessions/planning.server";
import { getPublicSession } from "~/sessions/sessions.server";
import { readWorkingTimeNote, saveWorkingTimeNote } from "~/sessions/working-time-note.server";
import { createTestDb } from "../support/db";
import { createUser } from "../support/factories";

const NOW = new Date("2027-03-01T08:00:00Z");
const clock = { now: NOW, appUrl: "http://ki.test", mailFrom: "KI-Infoveranstaltungen <ki-info@stadt.example>", alarmMinutes: 15 };

function sessionForm(fields: Record<string, string>): FormData {
  const form = new FormData();
  const values = {
    startsAt: "2027-03-23T10:00",
    endsAt: "2027-03-23T11:30",
    format: "hybrid",
    place: "Rathaus, Rathausplatz 1",
    room: "Ratssaal",
    capacity: "20",
    ...fields,
  };
  for (const [key, value] of Object.entries(values)) form.set(key, value);
  return form;
}

const seriesFields = {
  title: "Einführung",
  description: "",
  audience: "",
  defaultDurationMinutes: "90",
  defaultCapacity: "20",
  waitlistMode: "auto",
  offerHours: "24",
  oneSeatPerPerson: "on",
};

describe("session form: links, tool", () => {
  it("refuses javascript:, data: and other non-web links next to their field", () => {
    for (const bad of [
      "javascript:alert(document.cookie)",
      "JAVASCRIPT:alert(1)",
      "java\tscript:alert(1)",
      "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
      "vbscript:x",
      "/relativ",
      "stadtplan.example",
    ]) {
      const parsed = parseSessionForm(sessionForm({ directionsUrl: bad, testRoomUrl: bad }));
      expect(parsed.success, bad).toBe(false);
      if (parsed.success) continue;
      const errors = fieldErrors(parsed.error);
      expect(errors.directionsUrl).toBe("Bitte geben Sie einen vollständigen Link an, der mit https:// (oder http://) beginnt.");
      expect(errors.testRoomUrl).toBe(errors.directionsUrl);
      // The form gets back exactly what was typed.
      expect((parsed.raw as Record<string, unknown>).directionsUrl).toBe(bad);
    }
  });

  it("takes http(s) links and a tool name; empty fields are null, a too long tool name is refused", () => {
    const parsed = parseSessionForm(
      sessionForm({
        directionsUrl: " https://stadtplan.stadt.example/?suche=Rathaus ",
        onlineTool: " Webex ",
        testRoomUrl: "http://video.stadt.example/test",
      }),
    );
    expect(parsed.success && parsed.data).toMatchObject({
      directionsUrl: "https://stadtplan.stadt.example/?suche=Rathaus",
      onlineTool: "Webex",
      testRoomUrl: "http://video.stadt.example/test",
    });
    const empty = parseSessionForm(sessionForm({ directionsUrl: "", onlineTool: "  ", testRoomUrl: "" }));
    expect(empty.success && empty.data).toMatchObject({ directionsUrl: null, onlineTool: null, testRoomUrl: null });
    const long = parseSessionForm(sessionForm({ onlineTool: "W".repeat(61) }));
    expect(long.success ? null : fieldErrors(long.error).onlineTool).toBe("Höchstens 60 Zeichen.");
  });
});

describe("series form: contact", () => {
  it("refuses half a contact, naming the missing half, and a bad address", () => {
    const nameOnly = seriesInputSchema.safeParse({ ...seriesFields, contactName: "Kim Muster", contactEmail: "" });
    expect(nameOnly.success ? null : fieldErrors(nameOnly.error)).toEqual({
      contactEmail: "Bitte geben Sie auch die E-Mail-Adresse der Ansprechperson an.",
    });
    const mailOnly = seriesInputSchema.safeParse({ ...seriesFields, contactName: " ", contactEmail: "kim@stadt.example" });
    expect(mailOnly.success ? null : fieldErrors(mailOnly.error)).toEqual({
      contactName: "Bitte geben Sie auch den Namen der Ansprechperson an.",
    });
    const bad = seriesInputSchema.safeParse({ ...seriesFields, contactName: "Kim Muster", contactEmail: "kim@" });
    expect(bad.success ? null : fieldErrors(bad.error).contactEmail).toBe(
      "Bitte geben Sie eine gültige E-Mail-Adresse an, z. B. name@stadt.example.",
    );
  });

  it("takes both or neither", () => {
    const both = seriesInputSchema.safeParse({ ...seriesFields, contactName: " Kim Muster ", contactEmail: "Kim@Stadt.example" });
    expect(both.success && both.data).toMatchObject({ contactName: "Kim Muster", contactEmail: "kim@stadt.example" });
    const neither = seriesInputSchema.safeParse(seriesFields);
    expect(neither.success && neither.data).toMatchObject({ contactName: null, contactEmail: null });
  });
});

describe("saving and reading the session page's facts", () => {
  /** A new database with an admin and a member of staff. */
  function setUp() {
    const { db } = createTestDb();
    const admin = { id: createUser(db, { roles: ["participant", "admin"] }).id, roles: ["participant", "admin"] };
    const staff = { id: createUser(db).id, roles: ["participant"] };
    return { db, admin, staff };
  }

  it("stores links, tool and contact, shows them on the public session, copies them one week later", () => {
    const { db, admin } = setUp();
    const seriesInput = seriesInputSchema.parse({ ...seriesFields, contactName: "Kim Muster", contactEmail: "kim@stadt.example" });
    const created = createSeries(db, admin, seriesInput);
    if (!created.ok) throw new Error("setup");
    const parsed = parseSessionForm(
      sessionForm({
        directionsUrl: "https://stadtplan.stadt.example/?suche=Rathaus",
        onlineTool: "Webex",
        testRoomUrl: "https://video.stadt.example/test",
      }),
    );
    if (!parsed.success) throw new Error("setup");
    const session = createSession(db, admin, created.seriesId, parsed.data);
    if (!session.ok) throw new Error("setup");
    publishSession(db, admin, session.sessionId, clock.appUrl, NOW);
    expect(getPublicSession(db, session.sessionId, NOW)).toMatchObject({
      directionsUrl: "https://stadtplan.stadt.example/?suche=Rathaus",
      onlineTool: "Webex",
      testRoomUrl: "https://video.stadt.example/test",
      contactName: "Kim Muster",
      contactEmail: "kim@stadt.example",
    });

    // Changing them is no change people must be told about: no new calendar sequence.
    const before = db.select().from(sessions).where(eq(sessions.id, session.sessionId)).get()!;
    const changed = updateSession(
      db,
      admin,
      session.sessionId,
      { ...parsed.data, onlineTool: "MS Teams", directionsUrl: null, testRoomUrl: "https://teams.stadt.example/test" },
      clock,
    );
    expect(changed).toMatchObject({ ok: true, significant: false, notified: 0 });
    const after = db.select().from(sessions).where(eq(sessions.id, session.sessionId)).get()!;
    expect(after).toMatchObject({ onlineTool: "MS Teams", directionsUrl: null, testRoomUrl: "https://teams.stadt.example/test" });
    expect(after.sequence).toBe(before.sequence);

    const copy = duplicateSession(db, admin, session.sessionId);
    if (!copy.ok) throw new Error("copy");
    expect(db.select().from(sessions).where(eq(sessions.id, copy.sessionId)).get()).toMatchObject({
      onlineTool: "MS Teams",
      directionsUrl: null,
      testRoomUrl: "https://teams.stadt.example/test",
    });

    // Taking the contact away again.
    expect(updateSeries(db, admin, created.seriesId, { ...seriesInput, contactName: null, contactEmail: null })).toEqual({ ok: true });
    expect(db.select().from(seriesTable).where(eq(seriesTable.id, created.seriesId)).get()).toMatchObject({
      contactName: null,
      contactEmail: null,
    });
  });

  it("working-time note: only admins save it, a too long one changes nothing, empty removes it; audited", () => {
    const { db, admin, staff } = setUp();
    expect(saveWorkingTimeNote(db, staff, "Die Teilnahme ist Arbeitszeit.", NOW)).toEqual({ ok: false, reason: "forbidden" });
    expect(readWorkingTimeNote(db)).toBe("");
    expect(saveWorkingTimeNote(db, admin, "Die Teilnahme\nist Arbeitszeit.", NOW)).toEqual({ ok: true, changed: true });
    expect(readWorkingTimeNote(db)).toBe("Die Teilnahme ist Arbeitszeit.");
    expect(saveWorkingTimeNote(db, admin, "x".repeat(301), NOW)).toMatchObject({ ok: false, reason: "invalid" });
    expect(readWorkingTimeNote(db)).toBe("Die Teilnahme ist Arbeitszeit.");
    expect(saveWorkingTimeNote(db, admin, " Die Teilnahme ist Arbeitszeit. ", NOW)).toEqual({ ok: true, changed: false });
    expect(saveWorkingTimeNote(db, admin, "  ", NOW)).toEqual({ ok: true, changed: true });
    expect(db.select().from(settings).where(eq(settings.key, "working_time_note")).get()).toBeUndefined();
    const audit = db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "working_time_note_changed"), eq(auditLog.actorId, admin.id)))
      .all();
    expect(audit.map((entry) => entry.details)).toEqual([
      { old: "", new: "Die Teilnahme ist Arbeitszeit." },
      { old: "Die Teilnahme ist Arbeitszeit.", new: "" },
    ]);
  });
});
