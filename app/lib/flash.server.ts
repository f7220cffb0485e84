// One-time messages after a redirect ("Sie sind eingeloggt."), in a signed cookie so they
// work for signed-out people and without JavaScript.
import { createCookieSessionStorage, type AppLoadContext } from "@remix-run/node";
import type { Env } from "./env.server";

export type Flash = { kind: "success" | "info" | "error"; text: string };

const storages = new WeakMap<Env, ReturnType<typeof createStorage>>();

function createStorage(env: Env) {
  return createCookieSessionStorage<Record<string, never>, { flash: Flash }>({
    cookie: {
      name: env.appUrl.startsWith("https:") ? "__Host-ki_flash" : "ki_flash",
      httpOnly: true,
      sameSite: "lax",
      secure: env.appUrl.startsWith("https:"),
      path: "/",
      secrets: [env.sessionSecret],
    },
  });
}

function storageFor(env: Env) {
  let storage = storages.get(env);
  if (!storage) {
    storage = createStorage(env);
    storages.set(env, storage);
  }
  return storage;
}

/** A Set-Cookie value carrying the message to the next page. */
export async function flashCookie(context: Pick<AppLoadContext, "env">, flash: Flash): Promise<string> {
  const storage = storageFor(context.env);
  const session = await storage.getSession();
  session.flash("flash", flash);
  return storage.commitSession(session);
}

/** Reads the message once; the returned Set-Cookie clears it. */
export async function consumeFlash(
  context: Pick<AppLoadContext, "env">,
  request: Request,
): Promise<{ flash: Flash | null; setCookie: string | null }> {
  const cookieHeader = request.headers.get("Cookie");
  if (!cookieHeader?.includes("ki_flash=")) return { flash: null, setCookie: null };
  const storage = storageFor(context.env);
  const session = await storage.getSession(cookieHeader);
  const flash = session.get("flash") ?? null;
  return { flash, setCookie: await storage.destroySession(session) };
}

/** A 303 to `url` with a message for the page there, plus any other cookies to set. */
export async function redirectWithFlash(
  context: Pick<AppLoadContext, "env">,
  url: string,
  flash: Flash,
  ...setCookies: string[]
): Promise<Response> {
  const headers = new Headers({ Location: url });
  for (const value of [...setCookies, await flashCookie(context, flash)]) headers.append("Set-Cookie", value);
  return new Response(null, { status: 303, headers });
}
