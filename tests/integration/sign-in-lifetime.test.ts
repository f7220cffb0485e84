import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { loginSessions } from "~db/schema";
import { endLoginSession, logOutEverywhere, readLoginSession, renewLoginSession, startLoginSession } from "~/auth/login-session.server";
import { currentFeedToken, userForFeedToken } from "~/calendar/feeds.server";
import { createTestDb } from "../support/db";
import { testEnv } from "../support/env";
import { createUser } from "../support/factories";

const DAY = 24 * 3600_000;

describe("login sessions: idle time and absolute lifetime", () => {
  const env = testEnv();
  const t0 = new Date("2026-03-02T08:00:00Z");
  const at = (days: number) => new Date(t0.getTime() + days * DAY);
  const requestWith = (setCookie?: string) =>
    new Request("http://127.0.0.1:9/me", setCookie ? { headers: { Cookie: setCookie.split(";")[0]! } } : {});

  it("ends a login LOGIN_MAX_DAYS (30) after signing in, even when it was used every day", async () => {
    const { db } = createTestDb();
    const user = createUser(db);
    const cookie = await startLoginSession(db, env, requestWith(), user.id, t0);
    for (let day = 1; day < 30; day++) {
      const session = await readLoginSession(db, env, requestWith(cookie), at(day));
      expect(session, `day ${day}`).toMatchObject({ userId: user.id });
      expect(await renewLoginSession(db, env, session!, at(day)), `renewed on day ${day}`).not.toBeNull();
    }
    const lastRenewal = await renewLoginSession(db, env, (await readLoginSession(db, env, requestWith(cookie), at(29.9)))!, at(29.9));
    // Renewed daily, and still never past the 30 days: neither the row nor the cookie.
    expect(lastRenewal).toBeNull(); // less than a day since the renewal on day 29
    const row = db.select().from(loginSessions).where(eq(loginSessions.userId, user.id)).get()!;
    expect(row.expiresAt.getTime()).toBe(at(30).getTime());
    expect(await readLoginSession(db, env, requestWith(cookie), at(29.99))).not.toBeNull();
    expect(await readLoginSession(db, env, requestWith(cookie), new Date(at(30).getTime() + 60_000))).toBeNull();
  });

  it("gives a renewed cookie no more time than the absolute end leaves", async () => {
    const { db } = createTestDb();
    const user = createUser(db);
    const cookie = await startLoginSession(db, env, requestWith(), user.id, t0);
    expect(/Max-Age=(\d+)/.exec(cookie)![1]).toBe(String(14 * 24 * 3600));
    let session = await readLoginSession(db, env, requestWith(cookie), at(10));
    expect(await renewLoginSession(db, env, session!, at(10))).toContain(`Max-Age=${14 * 24 * 3600}`);
    session = await readLoginSession(db, env, requestWith(cookie), at(20));
    expect(await renewLoginSession(db, env, session!, at(20))).toContain(`Max-Age=${10 * 24 * 3600}`);
    session = await readLoginSession(db, env, requestWith(cookie), at(29.5));
    expect(await renewLoginSession(db, env, session!, at(29.5))).toContain(`Max-Age=${12 * 3600}`);
  });

  it("ends a login after LOGIN_IDLE_DAYS (14) without use", async () => {
    const { db } = createTestDb();
    const user = createUser(db);
    const cookie = await startLoginSession(db, env, requestWith(), user.id, t0);
    expect(await readLoginSession(db, env, requestWith(cookie), at(13.9))).not.toBeNull();
    expect(await readLoginSession(db, env, requestWith(cookie), new Date(at(14).getTime() + 60_000))).toBeNull();
  });

  it("follows configured values; a lowered LOGIN_MAX_DAYS ends older logins at once", async () => {
    const { db } = createTestDb();
    const user = createUser(db);
    const cookie = await startLoginSession(db, env, requestWith(), user.id, t0);
    for (let day = 1; day <= 8; day++)
      await renewLoginSession(db, env, (await readLoginSession(db, env, requestWith(cookie), at(day)))!, at(day));
    const shorter = testEnv({ LOGIN_IDLE_DAYS: "3", LOGIN_MAX_DAYS: "7" });
    expect(await readLoginSession(db, env, requestWith(cookie), at(8.5))).not.toBeNull();
    expect(await readLoginSession(db, shorter, requestWith(cookie), at(8.5))).toBeNull();
    const fresh = await startLoginSession(db, shorter, requestWith(), user.id, t0);
    expect(await readLoginSession(db, shorter, requestWith(fresh), at(2.9))).not.toBeNull();
    expect(await readLoginSession(db, shorter, requestWith(fresh), at(3.1))).toBeNull();
  });

  it("keeps logins started before this change (created by the earlier session storage) working", async () => {
    const { db } = createTestDb();
    // Same cookie (signed row id) and row shape as Remix's createSessionStorage wrote them.
    const user = createUser(db);
    const now = new Date();
    const cookie = await startLoginSession(db, env, requestWith(), user.id, now);
    const id = db.select().from(loginSessions).where(eq(loginSessions.userId, user.id)).get()!.id;
    db.update(loginSessions)
      .set({ data: JSON.stringify({ userId: user.id, renewedAt: now.getTime() }) })
      .where(eq(loginSessions.id, id))
      .run();
    expect(await readLoginSession(db, env, requestWith(cookie), now)).toMatchObject({ id, userId: user.id, renewedAt: now.getTime() });
    expect(await endLoginSession(db, env, requestWith(cookie))).toMatch(/^ki_login=;/);
    expect(await readLoginSession(db, env, requestWith(cookie), now)).toBeNull();
  });

  it("'Überall ausloggen' ends every login of the person, and resets the calendar feed link only when asked", async () => {
    const { db } = createTestDb();
    const person = createUser(db);
    const other = createUser(db);
    const now = new Date();
    const start = () => startLoginSession(db, env, requestWith(), person.id, now);
    const othersLogin = await startLoginSession(db, env, requestWith(), other.id, now);
    const logins = [await start(), await start()];
    const feed = currentFeedToken(db, env.sessionSecret, person.id);
    const othersFeed = currentFeedToken(db, env.sessionSecret, other.id);

    expect(logOutEverywhere(db, person.id, { resetCalendarFeed: false })).toEqual({ endedLogins: 2 });
    for (const cookie of logins) expect(await readLoginSession(db, env, requestWith(cookie), now)).toBeNull();
    expect(await readLoginSession(db, env, requestWith(othersLogin), now)).toMatchObject({ userId: other.id });
    expect(currentFeedToken(db, env.sessionSecret, person.id)).toBe(feed);

    await start();
    expect(logOutEverywhere(db, person.id, { resetCalendarFeed: true })).toEqual({ endedLogins: 1 });
    expect(userForFeedToken(db, env.sessionSecret, feed)).toBeNull();
    const newFeed = currentFeedToken(db, env.sessionSecret, person.id);
    expect(newFeed).not.toBe(feed);
    expect(userForFeedToken(db, env.sessionSecret, newFeed)).toBe(person.id);
    expect(currentFeedToken(db, env.sessionSecret, other.id)).toBe(othersFeed);
  });
});
