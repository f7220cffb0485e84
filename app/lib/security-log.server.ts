// The security log: one JSON line per security event on stdout, for the operator to keep
// (30–90 days, see docs/operations.md) and to search when something looks wrong.
//
//   {"at":"2026-03-03T09:00:00.000Z","log":"security","event":"origin_refused","client":"Xq3…","method":"POST","path":"/login"}
//
// The client address is never written in clear: `client` is a keyed hash (HMAC-SHA256 with
// the session secret), so lines of one address can be grouped without the log naming it.
// No e-mail address or token belongs into a field; a value that looks like an address is
// replaced. server.mjs writes its events (origin refusal, 413) through the runtime's
// `logSecurityEvent`, so both sides share this one format.
import { AsyncLocalStorage } from "node:async_hooks";
import { createHmac, randomBytes } from "node:crypto";

export type SecurityEvent =
  | "origin_refused"
  | "body_too_large"
  | "sign_in_rate_limited"
  | "feedback_rate_limited"
  | "sign_in_wrong_code"
  | "sign_in_locked"
  | "role_granted"
  | "role_revoked"
  | "calendar_feed_reset"
  | "account_deleted";

export type SecurityFields = {
  /** Hashed before it is written; taken from the current request when left out. */
  clientIp?: string;
  [field: string]: string | number | boolean | null | undefined;
};

type Sink = { secret: string; write: (line: string) => void };

// Until the runtime configures it (server, CLI), a per-process key: lines stay pseudonymous.
let sink: Sink = { secret: randomBytes(32).toString("base64url"), write: (line) => process.stdout.write(`${line}\n`) };

export function configureSecurityLog(options: { secret: string; write?: (line: string) => void }): void {
  sink = { secret: options.secret, write: options.write ?? sink.write };
}

const currentRequest = new AsyncLocalStorage<{ clientIp: string }>();

/** Runs `fn` (a request's handling) so that its security events name its client. */
export function withSecurityLogClient<T>(clientIp: string, fn: () => T): T {
  return currentRequest.run({ clientIp }, fn);
}

export function clientHash(secret: string, clientIp: string): string {
  return createHmac("sha256", secret).update(`security-log:client:${clientIp}`).digest("base64url").slice(0, 16);
}

const LOOKS_LIKE_ADDRESS = /[^\s@]+@[^\s@]+/;
const MAX_VALUE_LENGTH = 200;

/** The line for one event; exported for tests. */
export function securityLogLine(secret: string, event: SecurityEvent, fields: SecurityFields, now: Date): string {
  const { clientIp, ...rest } = fields;
  const line: Record<string, string | number | boolean | null> = { at: now.toISOString(), log: "security", event };
  if (clientIp) line.client = clientHash(secret, clientIp);
  for (const [key, value] of Object.entries(rest)) {
    if (value === undefined || key in line) continue;
    if (typeof value !== "string") line[key] = value;
    else if (LOOKS_LIKE_ADDRESS.test(value)) line[key] = "[redacted]";
    else line[key] = value.length > MAX_VALUE_LENGTH ? `${value.slice(0, MAX_VALUE_LENGTH)}…` : value;
  }
  return JSON.stringify(line);
}

/** One line per security event; never throws (a log must not break the request). */
export function logSecurityEvent(event: SecurityEvent, fields: SecurityFields = {}): void {
  try {
    const clientIp = fields.clientIp ?? currentRequest.getStore()?.clientIp;
    sink.write(securityLogLine(sink.secret, event, { ...fields, clientIp }, new Date()));
  } catch {
    // A full disk or a closed stdout must not turn a refusal into a 500.
  }
}
