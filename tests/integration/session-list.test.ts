import { describe, expect, it } from "vitest";
import { registrations } from "~db/schema";
import { ownStatesForSessions } from "~/registrations/my-registrations.server";
import { getPublicSession, listPastSessions, listUpcomingSessions } from "~/sessions/sessions.server";
import { createTestDb } from "../support/db";
import { createSeries, createSession, createUser } from "../support/factories";

const DAY = 24 * 3600_000;

describe("staff session list", () => {
  const { db } = createTestDb();
  const now = new Date("2026-06-01T08:00:00Z");
  const s = createSeries(db, { title: "A-Reihe" });
  const full = createSession(db, { seriesId: s.id, capacity: 1, startsAt: new Date(now.getTime() + 2 * DAY), publishedAt: now });
  const online = createSession(db, { seriesId: s.id, format: "online", startsAt: new Date("2026-07-10T08:00:00Z"), publishedAt: now });
  const draft = createSession(db, { seriesId: s.id, status: "draft", startsAt: new Date(now.getTime() + 3 * DAY) });
  const past = createSession(db, { seriesId: s.id, startsAt: new Date(now.getTime() - 3 * DAY), publishedAt: now });
  const a = createUser(db);
  const b = createUser(db);
  for (const [userId, status] of [
    [a.id, "confirmed"],
    [b.id, "waitlisted"],
  ] as const) {
    db.insert(registrations).values({ sessionId: full.id, userId, status, queuedAt: now, updatedAt: now }).run();
  }

  it("lists published upcoming sessions with seats and waitlist, never drafts or past ones", () => {
    const list = listUpcomingSessions(db, now);
    expect(list.map((x) => x.id)).toEqual([full.id, online.id]);
    expect(list[0]!.seats).toEqual({ capacity: 1, taken: 1, waitlisted: 1 });
    expect(list.some((x) => x.id === draft.id)).toBe(false);
    expect(listPastSessions(db, now).map((x) => x.id)).toEqual([past.id]);
  });

  it("filters by format, Berlin month and free seats", () => {
    expect(listUpcomingSessions(db, now, { format: "online" }).map((x) => x.id)).toEqual([online.id]);
    expect(listUpcomingSessions(db, now, { month: "2026-07" }).map((x) => x.id)).toEqual([online.id]);
    expect(listUpcomingSessions(db, now, { onlyWithFreeSeats: true }).map((x) => x.id)).toEqual([online.id]);
  });

  it("finds a hybrid date under Präsenz and under Online, and only hybrid ones under Hybrid", () => {
    const t = createTestDb().db;
    const series = createSeries(t, { title: "Formate" });
    const at = (days: number) => new Date(now.getTime() + days * DAY);
    const room = createSession(t, { seriesId: series.id, format: "in_person", startsAt: at(1), publishedAt: now });
    const web = createSession(t, { seriesId: series.id, format: "online", startsAt: at(2), publishedAt: now });
    const both = createSession(t, { seriesId: series.id, format: "hybrid", startsAt: at(3), publishedAt: now });
    const ids = (format: "in_person" | "online" | "hybrid") => listUpcomingSessions(t, now, { format }).map((x) => x.id);
    expect(ids("in_person")).toEqual([room.id, both.id]);
    expect(ids("online")).toEqual([web.id, both.id]);
    expect(ids("hybrid")).toEqual([both.id]);
  });

  it("tells a person their own state per listed session: seat, waitlist place, nothing", () => {
    expect(ownStatesForSessions(db, a.id, [full.id, online.id])).toEqual({
      [full.id]: { status: "confirmed", position: null, offerExpiresAt: null },
    });
    expect(ownStatesForSessions(db, b.id, [full.id, online.id])).toEqual({
      [full.id]: { status: "waitlisted", position: 1, offerExpiresAt: null },
    });
    expect(ownStatesForSessions(db, b.id, [])).toEqual({});
  });

  it("hides drafts from the detail page", () => {
    expect(getPublicSession(db, draft.id, now)).toBeNull();
    expect(getPublicSession(db, full.id, now)?.window).toBe("open");
  });
});
