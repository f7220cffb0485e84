import { describe, expect, it } from "vitest";
import { registrations } from "~db/schema";
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

  it("hides drafts from the detail page", () => {
    expect(getPublicSession(db, draft.id, now)).toBeNull();
    expect(getPublicSession(db, full.id, now)?.window).toBe("open");
  });
});
