// Passwordless sign-in: a mail with a one-time link and a six-digit code.
// - A GET of the link never consumes it (mail scanners open links first); a POST does.
// - The code works only in the browser that asked for it (a random value in a cookie,
//   stored hashed with the token), and only for that browser's newest request. Five wrong
//   codes void that code, never the link: whoever asks for links to someone else's address
//   and guesses codes must not be able to lock that person out of the links in their mail.
// - Token and code are stored hashed; the request is valid 15 minutes, once.
import { and, asc, desc, eq, gt, isNull, sql } from "drizzle-orm";
import { renderSignInMail } from "~emails/sign-in";
import { schema, type Db, type DbOrTx } from "~/lib/db.server";
import type { Env } from "~/lib/env.server";
import { queueMail } from "~/mail/outbox.server";
import { keyedHash, randomToken, sameHash, sha256, sixDigitCode } from "./secrets.server";
import { logSecurityEvent } from "~/lib/security-log.server";

const { loginTokens, rateLimitHits, users, userRoles, auditLog } = schema;

export const SIGN_IN_VALID_MS = 15 * 60_000;
export const RATE_WINDOW_MS = 15 * 60_000;
export const MAX_WRONG_CODES = 5;

export function isAllowedAddress(env: Env, email: string): boolean {
  if (env.allowedEmailDomains.length === 0) return true;
  const domain = email.slice(email.lastIndexOf("@") + 1);
  return env.allowedEmailDomains.includes(domain);
}

export type SignInRequestResult =
  | { ok: true }
  | { ok: false; reason: "domain_not_allowed" }
  | { ok: false; reason: "rate_limited"; retryAt: Date };

/**
 * Records a sign-in request and queues its mail, for known and unknown addresses alike:
 * nothing in the answer tells whether an account exists.
 */
export function requestSignIn(
  db: Db,
  env: Env,
  input: { email: string; redirectTo: string | null; clientIp: string; browserSecret: string; now?: Date },
): SignInRequestResult {
  const now = input.now ?? new Date();
  const email = input.email.toLowerCase();
  if (!isAllowedAddress(env, email)) return { ok: false, reason: "domain_not_allowed" };

  return db.transaction(
    (tx) => {
      const since = new Date(now.getTime() - RATE_WINDOW_MS);
      for (const [bucket, limit] of [
        [`address:${email}`, env.rateLimitPerAddress],
        [`ip:${input.clientIp}`, env.rateLimitPerIp],
      ] as const) {
        const hits = tx
          .select({ n: sql<number>`count(*)`, oldest: sql<number>`min(${rateLimitHits.at})` })
          .from(rateLimitHits)
          .where(and(eq(rateLimitHits.bucket, bucket), gt(rateLimitHits.at, since)))
          .get();
        if (hits && hits.n >= limit) {
          logSecurityEvent("sign_in_rate_limited", { clientIp: input.clientIp, limit: bucket.split(":")[0] });
          return { ok: false, reason: "rate_limited", retryAt: new Date(hits.oldest + RATE_WINDOW_MS) } as const;
        }
      }
      tx.insert(rateLimitHits)
        .values([
          { bucket: `address:${email}`, at: now },
          { bucket: `ip:${input.clientIp}`, at: now },
        ])
        .run();

      const token = randomToken();
      const code = sixDigitCode();
      const expiresAt = new Date(now.getTime() + SIGN_IN_VALID_MS);
      const row = tx
        .insert(loginTokens)
        .values({
          email,
          tokenHash: sha256(token),
          codeHash: keyedHash(env.sessionSecret, code),
          browserHash: sha256(input.browserSecret),
          redirectTo: input.redirectTo,
          expiresAt,
        })
        .returning({ id: loginTokens.id })
        .get();
      queueMail(
        tx,
        {
          dedupeKey: `login:t${row.id}`,
          kind: "login",
          recipient: email,
          mail: renderSignInMail({
            url: `${env.appUrl}/login/verify?token=${token}`,
            code,
            validMinutes: SIGN_IN_VALID_MS / 60_000,
          }),
          discardAfter: expiresAt,
        },
        now,
      );
      return { ok: true } as const;
    },
    { behavior: "immediate" },
  );
}

export type LinkState = "valid" | "invalid" | "expired" | "used";

// Wrong codes are not part of a link's state: they count against the code alone.
function stateOf(token: typeof loginTokens.$inferSelect | undefined, now: Date): LinkState {
  if (!token) return "invalid";
  if (token.usedAt) return "used";
  if (token.expiresAt <= now) return "expired";
  return "valid";
}

/** What the link page shows on GET, without consuming anything. */
export function describeSignInLink(db: Db, token: string, now = new Date()): LinkState {
  const row = db
    .select()
    .from(loginTokens)
    .where(eq(loginTokens.tokenHash, sha256(token)))
    .get();
  return stateOf(row, now);
}

export type SignInResult =
  | { ok: true; userId: number; redirectTo: string | null; needsProfile: boolean }
  | { ok: false; reason: Exclude<LinkState, "valid"> }
  | { ok: false; reason: "no_request" | "locked" }
  | { ok: false; reason: "wrong_code"; attemptsLeft: number };

/** POST of the link page: consumes the token and signs the person in. */
export function signInWithLink(db: Db, env: Env, input: { token: string; now?: Date }): SignInResult {
  const now = input.now ?? new Date();
  return db.transaction(
    (tx) => {
      const row = tx
        .select()
        .from(loginTokens)
        .where(eq(loginTokens.tokenHash, sha256(input.token)))
        .get();
      const state = stateOf(row, now);
      if (state !== "valid" || !row) return { ok: false, reason: state as Exclude<LinkState, "valid"> };
      return completeSignIn(tx, env, row, "link", now);
    },
    { behavior: "immediate" },
  );
}

/** The newest open sign-in request of this browser: the one its code page is about. */
function newestOpenRequest(db: DbOrTx, browserSecret: string, now: Date) {
  return db
    .select()
    .from(loginTokens)
    .where(and(eq(loginTokens.browserHash, sha256(browserSecret)), isNull(loginTokens.usedAt), gt(loginTokens.expiresAt, now)))
    .orderBy(desc(loginTokens.id))
    .limit(1)
    .get();
}

/** For the code page: the address this browser's code would sign in, or null. */
export function pendingSignInAddress(db: Db, browserSecret: string | null, now = new Date()): string | null {
  return browserSecret ? (newestOpenRequest(db, browserSecret, now)?.email ?? null) : null;
}

/**
 * The code typed into the page, in the browser that asked for it, checked against that
 * browser's newest open request only (the one whose address the page names).
 */
export function signInWithCode(db: Db, env: Env, input: { code: string; browserSecret: string | null; now?: Date }): SignInResult {
  const now = input.now ?? new Date();
  const browserSecret = input.browserSecret;
  if (!browserSecret) return { ok: false, reason: "no_request" };
  return db.transaction(
    (tx) => {
      const request = newestOpenRequest(tx, browserSecret, now);
      if (!request) return { ok: false, reason: "no_request" };
      if (request.failedCodeAttempts >= MAX_WRONG_CODES) return { ok: false, reason: "locked" };
      if (sameHash(request.codeHash, keyedHash(env.sessionSecret, input.code))) return completeSignIn(tx, env, request, "code", now);

      tx.update(loginTokens)
        .set({ failedCodeAttempts: sql`${loginTokens.failedCodeAttempts} + 1` })
        .where(eq(loginTokens.id, request.id))
        .run();
      const attemptsLeft = MAX_WRONG_CODES - (request.failedCodeAttempts + 1);
      logSecurityEvent(attemptsLeft > 0 ? "sign_in_wrong_code" : "sign_in_locked", { attemptsLeft: Math.max(attemptsLeft, 0) });
      return attemptsLeft > 0 ? { ok: false, reason: "wrong_code", attemptsLeft } : { ok: false, reason: "locked" };
    },
    { behavior: "immediate" },
  );
}

function completeSignIn(tx: DbOrTx, env: Env, token: typeof loginTokens.$inferSelect, method: "link" | "code", now: Date): SignInResult {
  tx.update(loginTokens).set({ usedAt: now }).where(eq(loginTokens.id, token.id)).run();
  // Other open requests of this address are void too: one sign-in, one way in.
  tx.update(loginTokens)
    .set({ usedAt: now })
    .where(and(eq(loginTokens.email, token.email), isNull(loginTokens.usedAt)))
    .run();

  let user = tx.select().from(users).where(eq(users.email, token.email)).get();
  if (!user) {
    user = tx.insert(users).values({ email: token.email }).returning().get();
    tx.insert(userRoles).values({ userId: user.id, role: "participant" }).run();
  }
  if (env.adminEmails.includes(token.email)) {
    if (!listRoles(tx, user.id).includes("admin")) logSecurityEvent("role_granted", { userId: user.id, role: "admin", by: "ADMIN_EMAILS" });
    tx.insert(userRoles).values({ userId: user.id, role: "admin" }).onConflictDoNothing().run();
  } else if (env.adminEmails.length > 0) {
    // A set ADMIN_EMAILS is the whole list: someone taken off it is no admin any more.
    if (listRoles(tx, user.id).includes("admin")) logSecurityEvent("role_revoked", { userId: user.id, role: "admin", by: "ADMIN_EMAILS" });
    tx.delete(userRoles)
      .where(and(eq(userRoles.userId, user.id), eq(userRoles.role, "admin")))
      .run();
  }
  tx.insert(auditLog)
    .values({ actorId: user.id, action: "signed_in", subjectType: "user", subjectId: String(user.id), details: { method }, at: now })
    .run();
  return { ok: true, userId: user.id, redirectTo: token.redirectTo, needsProfile: user.profileCompletedAt === null };
}

export function listRoles(db: DbOrTx, userId: number): string[] {
  return db
    .select({ role: userRoles.role })
    .from(userRoles)
    .where(eq(userRoles.userId, userId))
    .orderBy(asc(userRoles.role))
    .all()
    .map((r) => r.role);
}
