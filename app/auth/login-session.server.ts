// Login sessions (a signed-in browser; never "session", which is a Termin) are rows in the
// database behind a signed cookie, through Remix's createSessionStorage. Every sign-in
// creates a new row and id (no fixation); 30 days, sliding.
import { createCookie, createSessionStorage, type Session, type SessionStorage } from "@remix-run/node";
import { and, eq, gt } from "drizzle-orm";
import { schema, type Db } from "~/lib/db.server";
import type { Env } from "~/lib/env.server";
import { randomToken } from "./secrets.server";

const { loginSessions } = schema;
export const LOGIN_SESSION_MS = 30 * 24 * 3600_000;
/** A login session used after this much time gets a fresh 30 days (and cookie). */
export const RENEW_AFTER_MS = 24 * 3600_000;

export type LoginSessionData = { userId: number; renewedAt: number };
type Storage = SessionStorage<LoginSessionData>;

const storages = new WeakMap<Db, Storage>();

function isHttps(env: Env) {
  return env.appUrl.startsWith("https:");
}

export function loginSessionStorage(db: Db, env: Env): Storage {
  const existing = storages.get(db);
  if (existing) return existing;
  const cookie = createCookie(isHttps(env) ? "__Host-ki_login" : "ki_login", {
    httpOnly: true,
    sameSite: "lax",
    secure: isHttps(env),
    path: "/",
    maxAge: LOGIN_SESSION_MS / 1000,
    secrets: [env.sessionSecret],
  });
  const storage = createSessionStorage<LoginSessionData>({
    cookie,
    async createData(data, expires) {
      const id = randomToken();
      db.insert(loginSessions)
        .values({
          id,
          userId: data.userId ?? null,
          data: JSON.stringify(data),
          expiresAt: expires ?? new Date(Date.now() + LOGIN_SESSION_MS),
        })
        .run();
      return id;
    },
    async readData(id) {
      const row = db
        .select()
        .from(loginSessions)
        .where(and(eq(loginSessions.id, id), gt(loginSessions.expiresAt, new Date())))
        .get();
      return row ? (JSON.parse(row.data) as LoginSessionData) : null;
    },
    async updateData(id, data, expires) {
      db.update(loginSessions)
        .set({ data: JSON.stringify(data), expiresAt: expires ?? new Date(Date.now() + LOGIN_SESSION_MS) })
        .where(eq(loginSessions.id, id))
        .run();
    },
    async deleteData(id) {
      db.delete(loginSessions).where(eq(loginSessions.id, id)).run();
    },
  });
  storages.set(db, storage);
  return storage;
}

export async function readLoginSession(db: Db, env: Env, request: Request): Promise<Session<LoginSessionData>> {
  return loginSessionStorage(db, env).getSession(request.headers.get("Cookie"));
}

/**
 * Signs the browser in with a brand-new login session (the old one, if any, is deleted)
 * and returns the Set-Cookie value.
 */
export async function startLoginSession(db: Db, env: Env, request: Request, userId: number): Promise<string> {
  const storage = loginSessionStorage(db, env);
  const previous = await storage.getSession(request.headers.get("Cookie"));
  if (previous.id) await storage.destroySession(previous);
  const session = await storage.getSession();
  session.set("userId", userId);
  session.set("renewedAt", Date.now());
  return storage.commitSession(session, { expires: new Date(Date.now() + LOGIN_SESSION_MS) });
}

export async function endLoginSession(db: Db, env: Env, request: Request): Promise<string> {
  const storage = loginSessionStorage(db, env);
  return storage.destroySession(await storage.getSession(request.headers.get("Cookie")));
}

/** "Überall ausloggen": every browser of this person is signed out. */
export function endAllLoginSessions(db: Db, userId: number): number {
  return db.delete(loginSessions).where(eq(loginSessions.userId, userId)).run().changes;
}

/** Slides the 30 days once a day; returns a Set-Cookie value when it did. */
export async function renewLoginSession(db: Db, env: Env, session: Session<LoginSessionData>): Promise<string | null> {
  const renewedAt = session.get("renewedAt") ?? 0;
  if (!session.id || Date.now() - renewedAt < RENEW_AFTER_MS) return null;
  session.set("renewedAt", Date.now());
  return loginSessionStorage(db, env).commitSession(session, { expires: new Date(Date.now() + LOGIN_SESSION_MS) });
}
