// Every figure an organiser reads (per series: upcoming dates and drafts; per session: seats
// held, waitlist, attendance) must equal what the database holds. The data differ from
// session to session and from series to series, so a query that counts "the same one row
// everywhere" (an unqualified outer id in a correlated subquery) cannot pass.
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { registrations, type RegistrationStatus } from "~db/schema";
import { listParticipants, participantCounters, sessionHeader } from "~/participants/participants.server";
import { countSeatsHeld, countWaitlisted } from "~/registrations/seats.server";
import { getSessionForAdmin, listSeriesOverview, listSessionsOfSeries } from "~/sessions/admin-overview.server";
import { getPublicSession, listPastSessions, listUpcomingSessions } from "~/sessions/sessions.server";
import { createTestDb } from "../support/db";
import { createSeries, createSession, createUser } from "../support/factories";

const H = 3600_000;
const DAY = 24 * H;

type Mix = Partial<Record<RegistrationStatus, number>>;

describe("organiser figures equal the database", () => {
  const { db } = createTestDb();
  const now = new Date("2026-06-01T08:00:00Z");
  const at = (offset: number) => new Date(now.getTime() + offset);
  const published = { status: "published" as const, publishedAt: at(-30 * DAY) };

  const alpha = createSeries(db, { title: "Alpha" });
  const beta = createSeries(db, { title: "Beta" });
  const gamma = createSeries(db, { title: "Gamma" }); // no dates at all
  const delta = createSeries(db, { title: "Delta" });

  const mixes = new Map<number, Mix>();
  function session(seriesId: number, startOffset: number, capacity: number, status: "draft" | "published" | "cancelled", mix: Mix) {
    const row = createSession(db, {
      seriesId,
      capacity,
      startsAt: at(startOffset),
      ...(status === "published" ? published : status === "cancelled" ? { ...published, status } : { status, publishedAt: null }),
    });
    mixes.set(row.id, mix);
    return row;
  }

  // Alpha: two upcoming dates, one of them overbooked on purpose, a past one, two drafts.
  session(alpha.id, 2 * DAY, 10, "published", { confirmed: 3, offered: 1, waitlisted: 2, cancelled: 1 });
  const overbooked = session(alpha.id, 5 * DAY, 4, "published", { confirmed: 4, offered: 1, waitlisted: 5, cancelled_by_organizer: 2 });
  session(alpha.id, 9 * DAY, 12, "draft", {});
  session(alpha.id, -10 * DAY, 8, "published", { attended: 2, confirmed: 1, cancelled: 1 });
  session(alpha.id, 20 * DAY, 6, "draft", {});
  // Beta: three upcoming published dates, a called-off one, three drafts.
  session(beta.id, 3 * DAY, 20, "published", { confirmed: 7 });
  session(beta.id, 4 * DAY, 15, "cancelled", { cancelled_by_organizer: 3 });
  session(beta.id, 6 * DAY, 2, "published", { confirmed: 1, offered: 1, waitlisted: 3, cancelled: 2 });
  session(beta.id, 7 * DAY, 5, "published", {});
  for (const offset of [8, 11, 14]) session(beta.id, offset * DAY, 10, "draft", {});
  // Delta: a date running right now (counts as upcoming until its end) and a past one.
  const running = session(delta.id, -30 * 60_000, 9, "published", { confirmed: 4, attended: 2, waitlisted: 1 });
  session(delta.id, -40 * DAY, 30, "published", { attended: 6, confirmed: 2 });

  // Insert the registrations interleaved across sessions, so that ids and session ids never
  // line up in any helpful way.
  const queue: { sessionId: number; status: RegistrationStatus }[][] = [...mixes].map(([sessionId, mix]) =>
    Object.entries(mix).flatMap(([status, n]) => Array.from({ length: n }, () => ({ sessionId, status: status as RegistrationStatus }))),
  );
  for (let round = 0; queue.some((list) => list.length > 0); round++) {
    for (const list of queue) {
      const next = list.shift();
      if (!next) continue;
      const user = createUser(db);
      const overbookedSeat = next.sessionId === overbooked.id && next.status === "offered";
      db.insert(registrations)
        .values({ ...next, userId: user.id, queuedAt: at(-round * H), updatedAt: now, overbooked: overbookedSeat })
        .run();
    }
  }

  // Independent counts, straight from the tables.
  const regRows = db.all<{ session_id: number; status: string; n: number }>(
    sql`select session_id, status, count(*) as n from registrations group by session_id, status`,
  );
  const count = (sessionId: number, statuses: string[]) =>
    regRows.filter((r) => r.session_id === sessionId && statuses.includes(r.status)).reduce((sum, r) => sum + r.n, 0);
  const dbSeatsHeld = (sessionId: number) => count(sessionId, ["confirmed", "offered", "attended"]);
  const dbWaitlisted = (sessionId: number) => count(sessionId, ["waitlisted"]);
  const sessionRows = db.all<{ id: number; series_id: number; status: string; ends_at: number; capacity: number }>(
    sql`select id, series_id, status, ends_at, capacity from sessions order by id`,
  );
  const seriesRows = db.all<{ id: number }>(sql`select id from series order by id`);
  const dbUpcoming = (seriesId: number) =>
    db.all<{ n: number }>(
      sql`select count(*) as n from sessions where series_id = ${seriesId} and status = 'published' and ends_at > ${now.getTime()}`,
    )[0]!.n;
  const dbDrafts = (seriesId: number) =>
    db.all<{ n: number }>(sql`select count(*) as n from sessions where series_id = ${seriesId} and status = 'draft'`)[0]!.n;

  it("has data that tells the sessions and series apart", () => {
    const withRegistrations = sessionRows.filter((s) => count(s.id, ["confirmed", "offered", "attended", "waitlisted"]) > 0);
    expect(new Set(withRegistrations.map((s) => dbSeatsHeld(s.id))).size).toBeGreaterThanOrEqual(6);
    expect(new Set(sessionRows.map((s) => dbWaitlisted(s.id))).size).toBeGreaterThanOrEqual(4);
    expect(seriesRows.map((s) => [dbUpcoming(s.id), dbDrafts(s.id)])).toEqual([
      [2, 2],
      [3, 3],
      [0, 0],
      [1, 0],
    ]);
    expect(dbSeatsHeld(overbooked.id)).toBeGreaterThan(overbooked.capacity);
  });

  it("/admin: upcoming dates and drafts per series", () => {
    const overview = listSeriesOverview(db, now);
    expect(overview.map((s) => s.id).sort()).toEqual(seriesRows.map((s) => s.id));
    for (const row of overview) {
      expect({ series: row.id, upcoming: row.upcoming, drafts: row.drafts }).toEqual({
        series: row.id,
        upcoming: dbUpcoming(row.id),
        drafts: dbDrafts(row.id),
      });
    }
    expect(overview.find((s) => s.id === gamma.id)).toMatchObject({ upcoming: 0, drafts: 0 });
  });

  it("/admin/series/:id: seats held and waitlist of every date, upcoming and past", () => {
    for (const { id: seriesId } of seriesRows) {
      const { upcoming, past } = listSessionsOfSeries(db, seriesId, now);
      const rows = [...upcoming, ...past];
      expect(rows.map((r) => r.id).sort((a, b) => a - b)).toEqual(sessionRows.filter((s) => s.series_id === seriesId).map((s) => s.id));
      for (const row of rows) {
        expect({ session: row.id, taken: row.taken, waitlisted: row.waitlisted }).toEqual({
          session: row.id,
          taken: dbSeatsHeld(row.id),
          waitlisted: dbWaitlisted(row.id),
        });
      }
      expect(upcoming.every((r) => r.endsAt > now) && past.every((r) => r.endsAt <= now)).toBe(true);
    }
    expect(listSessionsOfSeries(db, delta.id, now).upcoming.map((r) => r.id)).toEqual([running.id]);
  });

  it("/admin/sessions/:id: seats held and waitlist", () => {
    for (const s of sessionRows) {
      const admin = getSessionForAdmin(db, s.id);
      expect({ session: s.id, taken: admin?.taken, waitlisted: admin?.waitlisted, capacity: admin?.capacity }).toEqual({
        session: s.id,
        taken: dbSeatsHeld(s.id),
        waitlisted: dbWaitlisted(s.id),
        capacity: s.capacity,
      });
    }
  });

  it("/sessions/:id/participants: seats held (offered included), attended, waitlist", () => {
    for (const s of sessionRows) {
      expect({ session: s.id, ...participantCounters(db, s.id) }).toEqual({
        session: s.id,
        seatsHeld: dbSeatsHeld(s.id),
        offered: count(s.id, ["offered"]),
        attended: count(s.id, ["attended"]),
        waitlisted: dbWaitlisted(s.id),
      });
      // The list below the counters shows exactly these people.
      const listed = listParticipants(db, s.id);
      const held = listed.filter((p) => ["confirmed", "offered", "attended"].includes(p.status)).length;
      expect([s.id, held, listed.filter((p) => p.status === "waitlisted").length]).toEqual([s.id, dbSeatsHeld(s.id), dbWaitlisted(s.id)]);
      // A draft has no participants page (404); every other session shows its capacity.
      expect(sessionHeader(db, s.id)?.capacity).toBe(s.status === "draft" ? undefined : s.capacity);
    }
  });

  it("staff lists and the session page count seats the same way", () => {
    const items = [...listUpcomingSessions(db, now), ...listPastSessions(db, now)];
    expect(items.map((i) => i.id).sort((a, b) => a - b)).toEqual(sessionRows.filter((s) => s.status !== "draft").map((s) => s.id));
    for (const item of items) {
      expect([item.id, item.seats.taken, item.seats.waitlisted]).toEqual([item.id, dbSeatsHeld(item.id), dbWaitlisted(item.id)]);
      const detail = getPublicSession(db, item.id, now);
      expect([item.id, detail?.seats.taken, detail?.seats.waitlisted]).toEqual([item.id, dbSeatsHeld(item.id), dbWaitlisted(item.id)]);
    }
  });

  it("the seat rule's own counts agree with every page", () => {
    for (const s of sessionRows) {
      expect([s.id, countSeatsHeld(db, s.id), countWaitlisted(db, s.id)]).toEqual([s.id, dbSeatsHeld(s.id), dbWaitlisted(s.id)]);
    }
  });
});
