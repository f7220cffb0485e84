// Login sessions (a signed-in browser; never "session", which is a Termin) are rows in the
// database behind a signed cookie that carries only the row's id. Every sign-in creates a
// new row and id (no fixation). A login session ends after LOGIN_IDLE_DAYS without use
// (sliding, renewed at most once a day) and LOGIN_MAX_DAYS after the sign-in at the
// latest, however often it is used: a stolen cookie does not live forever.
import { createCookie, type Cookie } from "@remix-run/node";
import { and, eq, gt } from "drizzle-orm";
import { schema, type Db, type DbOrTx } from "~/lib/db.server";
import type { Env } from "~/lib/env.server";
import { resetFeedToken } from "~/calendar/feeds.server";
import { randomToken } from "./secrets.server";

const { loginSessions } = schema;
const DAY_MS = 24 * 3600_000;

/** A signed-in browser, as read from its cookie and row. */
export type LoginSession = { id: string; userId: number; startedAt: Date; renewedAt: number };
type LoginSessionData = { userId: number; renewedAt: number };

const cookies = new WeakMap<Env, Cookie>();

// Same name, signing and value (the row id) as the earlier Remix session storage, so
// browsers signed in before stay signed in.
function loginCookie(env: Env): Cookie {
  let cookie = cookies.get(env);
  if (!cookie) {
    const https = env.appUrl.startsWith("https:");
    cookie = createCookie(https ? "__Host-ki_login" : "ki_login", {
      httpOnly: true,
      sameSite: "lax",
      secure: https,
      path: "/",
      secrets: [env.sessionSecret],
    });
    cookies.set(env, cookie);
  }
  return cookie;
}

/** When a login session that started at `startedAt` and is used at `now` ends. */
export function loginSessionEnd(env: Env, startedAt: Date, now: Date): Date {
  return new Date(Math.min(now.getTime() + env.loginIdleDays * DAY_MS, startedAt.getTime() + env.loginMaxDays * DAY_MS));
}

/** A login session used after this much time gets a fresh idle period (and cookie). */
function renewAfterMs(env: Env): number {
  return Math.min(DAY_MS, (env.loginIdleDays * DAY_MS) / 2);
}

function serialize(env: Env, id: string, expiresAt: Date, now: Date): Promise<string> {
  return loginCookie(env).serialize(id, {
    expires: expiresAt,
    maxAge: Math.max(0, Math.floor((expiresAt.getTime() - now.getTime()) / 1000)),
  });
}

async function cookieId(env: Env, request: Request): Promise<string | null> {
  const value = await loginCookie(env).parse(request.headers.get("Cookie"));
  return typeof value === "string" && value.length > 0 ? value : null;
}

/** The browser's login session, or null when it has none, or it ended (idle or too old). */
export async function readLoginSession(db: Db, env: Env, request: Request, now = new Date()): Promise<LoginSession | null> {
  const id = await cookieId(env, request);
  if (!id) return null;
  const row = db
    .select()
    .from(loginSessions)
    .where(
      and(
        eq(loginSessions.id, id),
        gt(loginSessions.expiresAt, now),
        // Also here, not only in expiresAt: a lowered LOGIN_MAX_DAYS applies at once.
        gt(loginSessions.createdAt, new Date(now.getTime() - env.loginMaxDays * DAY_MS)),
      ),
    )
    .get();
  if (!row || row.userId === null) return null;
  const data = JSON.parse(row.data) as Partial<LoginSessionData>;
  return { id: row.id, userId: row.userId, startedAt: row.createdAt, renewedAt: data.renewedAt ?? 0 };
}

/**
 * Signs the browser in with a brand-new login session (the old one, if any, is deleted)
 * and returns the Set-Cookie value.
 */
export async function startLoginSession(db: Db, env: Env, request: Request, userId: number, now = new Date()): Promise<string> {
  const previous = await cookieId(env, request);
  const id = randomToken();
  const expiresAt = loginSessionEnd(env, now, now);
  db.transaction(
    (tx) => {
      if (previous) tx.delete(loginSessions).where(eq(loginSessions.id, previous)).run();
      tx.insert(loginSessions)
        .values({
          id,
          userId,
          data: JSON.stringify({ userId, renewedAt: now.getTime() } satisfies LoginSessionData),
          expiresAt,
          createdAt: now,
        })
        .run();
    },
    { behavior: "immediate" },
  );
  return serialize(env, id, expiresAt, now);
}

export async function endLoginSession(db: Db, env: Env, request: Request): Promise<string> {
  const id = await cookieId(env, request);
  if (id) db.delete(loginSessions).where(eq(loginSessions.id, id)).run();
  return loginCookie(env).serialize("", { expires: new Date(0), maxAge: 0 });
}

/** "Überall ausloggen": every browser of this person is signed out. */
export function endAllLoginSessions(db: DbOrTx, userId: number): number {
  return db.delete(loginSessions).where(eq(loginSessions.userId, userId)).run().changes;
}

/**
 * "Überall ausloggen", optionally with a new calendar feed link: whoever had a browser of
 * this person may also have copied the feed link, which shows where they will be.
 */
export function logOutEverywhere(db: Db, userId: number, options: { resetCalendarFeed: boolean }): { endedLogins: number } {
  return db.transaction(
    (tx) => {
      const endedLogins = endAllLoginSessions(tx, userId);
      if (options.resetCalendarFeed) resetFeedToken(tx, userId);
      return { endedLogins };
    },
    { behavior: "immediate" },
  );
}

/**
 * Slides the idle time once a day, never past the absolute end; returns a Set-Cookie
 * value when it did.
 */
export async function renewLoginSession(db: Db, env: Env, session: LoginSession, now = new Date()): Promise<string | null> {
  if (now.getTime() - session.renewedAt < renewAfterMs(env)) return null;
  const expiresAt = loginSessionEnd(env, session.startedAt, now);
  const changed = db
    .update(loginSessions)
    .set({ data: JSON.stringify({ userId: session.userId, renewedAt: now.getTime() } satisfies LoginSessionData), expiresAt })
    .where(and(eq(loginSessions.id, session.id), gt(loginSessions.expiresAt, now)))
    .run().changes;
  return changed > 0 ? serialize(env, session.id, expiresAt, now) : null;
}
