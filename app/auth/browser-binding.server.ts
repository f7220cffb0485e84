// Binds a sign-in code to the browser that asked for it: POST /login sets a random value
// in this cookie and stores its hash with the token. A code typed elsewhere finds nothing.
import { createCookie, type AppLoadContext } from "@remix-run/node";
import type { Env } from "~/lib/env.server";
import { randomToken } from "./secrets.server";
import { SIGN_IN_VALID_MS } from "./sign-in.server";

const cookies = new WeakMap<Env, ReturnType<typeof createCookie>>();

export function browserBindingCookie(env: Env) {
  let cookie = cookies.get(env);
  if (!cookie) {
    const https = env.appUrl.startsWith("https:");
    cookie = createCookie(https ? "__Host-ki_login_request" : "ki_login_request", {
      httpOnly: true,
      sameSite: "lax",
      secure: https,
      path: "/",
      maxAge: SIGN_IN_VALID_MS / 1000,
      secrets: [env.sessionSecret],
    });
    cookies.set(env, cookie);
  }
  return cookie;
}

/** The browser's existing value (so two requests from one browser share it), or a new one. */
export async function readBrowserSecret(context: Pick<AppLoadContext, "env">, request: Request): Promise<string> {
  const value = await browserBindingCookie(context.env).parse(request.headers.get("Cookie"));
  return typeof value === "string" && value.length >= 20 ? value : randomToken();
}

export async function existingBrowserSecret(context: Pick<AppLoadContext, "env">, request: Request): Promise<string | null> {
  const value = await browserBindingCookie(context.env).parse(request.headers.get("Cookie"));
  return typeof value === "string" && value.length >= 20 ? value : null;
}
