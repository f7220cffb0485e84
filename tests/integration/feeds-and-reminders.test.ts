import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { outbox } from "~db/schema";
import { openDatabase } from "~db/client";
import { currentFeedToken, personalFeed, publicFeed, resetFeedToken, sessionCalendarFile, userForFeedToken } from "~/calendar/feeds.server";
import { cancelRegistration, register } from "~/registrations/transitions.server";
import { sendDueReminders } from "~/registrations/reminders.server";
import { createTestDb } from "../support/db";
import { createSeries, createSession, createUser } from "../support/factories";
import { parseCalendar } from "../support/ical";

const ctx = { appUrl: "https://ki.test", mailFrom: "KI <ki@stadt.example>", alarmMinutes: 15 };
const H = 3600_000;
const SECRET = "feed-secret-that-is-long-enough-0123456789";

describe("calendar files and feeds", () => {
  it("offers one session's .ics, never a draft's; the public feed lists upcoming published sessions", () => {
    const { db } = createTestDb();
    const now = new Date("2027-01-10T08:00:00Z");
    const series = createSeries(db, { title: "Einführung" });
    const upcoming = createSession(db, {
      seriesId: series.id,
      startsAt: new Date("2027-01-20T09:00:00Z"),
      format: "online",
      onlineUrl: "https://video/x",
    });
    const draft = createSession(db, { seriesId: series.id, startsAt: new Date("2027-01-21T09:00:00Z"), status: "draft" });
    createSession(db, { seriesId: series.id, startsAt: new Date("2027-01-01T09:00:00Z") });
    const file = parseCalendar(sessionCalendarFile(db, upcoming.id, ctx, false)!);
    expect(file.method).toBe("PUBLISH");
    expect(file.events[0]!.uid).toBe(`session-${upcoming.id}@ki.test`);
    expect(file.events[0]!.location).not.toContain("https://video/x");
    expect(parseCalendar(sessionCalendarFile(db, upcoming.id, ctx, true)!).events[0]!.location).toContain("https://video/x");
    expect(sessionCalendarFile(db, draft.id, ctx, false)).toBeNull();
    const feed = parseCalendar(publicFeed(db, ctx, now));
    expect(feed.events.map((e) => e.uid)).toEqual([`session-${upcoming.id}@ki.test`]);
    expect(feed.events[0]!.location).not.toContain("https://video/x");
  });

  it("keeps a private feed of held places, cancelled ones as CANCELLED, behind a resettable token", () => {
    const { db } = createTestDb();
    const clock = { now: new Date("2027-01-10T08:00:00Z"), ...ctx };
    const person = createUser(db, { email: "feed@stadt.example" });
    const other = createUser(db);
    const a = createSession(db, { startsAt: new Date("2027-01-20T09:00:00Z") });
    const b = createSession(db, { startsAt: new Date("2027-01-22T09:00:00Z") });
    const c = createSession(db, { startsAt: new Date("2027-01-23T09:00:00Z") });
    register(db, person.id, a.id, {}, clock);
    register(db, person.id, b.id, {}, clock);
    register(db, other.id, c.id, {}, clock);
    cancelRegistration(db, person.id, b.id, clock);
    const events = parseCalendar(personalFeed(db, person.id, ctx, clock.now)).events;
    expect(events.map((e) => [e.uid, e.status])).toEqual([
      [`session-${a.id}@ki.test`, "CONFIRMED"],
      [`session-${b.id}@ki.test`, "CANCELLED"],
    ]);
    // The feed's sequence is never below what the person's mail client saw.
    expect(events[1]!.sequence).toBeGreaterThanOrEqual(1);

    const token = currentFeedToken(db, SECRET, person.id);
    expect(userForFeedToken(db, SECRET, token)).toBe(person.id);
    expect(userForFeedToken(db, SECRET, token.replace(/.$/, token.endsWith("A") ? "B" : "A"))).toBeNull();
    expect(userForFeedToken(db, SECRET, `999999-${"A".repeat(43)}`)).toBeNull();
    resetFeedToken(db, person.id);
    expect(userForFeedToken(db, SECRET, token)).toBeNull();
    expect(userForFeedToken(db, SECRET, currentFeedToken(db, SECRET, person.id))).toBe(person.id);
  });
});

describe("reminders", () => {
  it("reminds each holder once, N hours before, not those who registered later, and only once across two runners", () => {
    const { db, file } = createTestDb();
    const second = openDatabase(file);
    const start = new Date("2027-02-10T09:00:00Z");
    const session = createSession(db, { startsAt: start, capacity: 5, format: "hybrid", onlineUrl: "https://video/r" });
    const early = createUser(db, { email: "early@stadt.example" });
    const late = createUser(db, { email: "late@stadt.example" });
    const base = { ...ctx };
    register(db, early.id, session.id, {}, { now: new Date(start.getTime() - 72 * H), ...base });
    register(db, late.id, session.id, {}, { now: new Date(start.getTime() - 10 * H), ...base });

    expect(sendDueReminders(db, { now: new Date(start.getTime() - 25 * H), ...base }, 24)).toBe(0);
    const at = { now: new Date(start.getTime() - 23 * H), ...base };
    expect(sendDueReminders(db, at, 24) + sendDueReminders(second, at, 24)).toBe(1);
    expect(sendDueReminders(db, { now: new Date(start.getTime() - 2 * H), ...base }, 24)).toBe(0);
    const reminders = db.select().from(outbox).where(eq(outbox.kind, "reminder")).all();
    expect(reminders.map((r) => r.recipient)).toEqual(["early@stadt.example"]);
    expect(reminders[0]!.text).toContain("https://video/r");
    second.$client.close();
  });
});
