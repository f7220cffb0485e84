import type { Db } from "~/lib/db.server";
import type { Env } from "~/lib/env.server";

// What server.mjs hands every loader and action (see runtime.server.ts `loadContext`).
declare module "@remix-run/node" {
  // Single fetch serialises Dates as Dates: tell the loader types so.
  interface Future {
    v3_singleFetch: true;
  }
  interface AppLoadContext {
    db: Db;
    env: Env;
    cspNonce: string;
    /** The client address, from X-Forwarded-For only when TRUST_PROXY is set. */
    clientIp: string;
    /** Asks the outbox job to run now; returns at once. */
    sendMailSoon: () => void;
  }
}
