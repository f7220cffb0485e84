import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { loginTokens, outbox, userRoles, users } from "~db/schema";
import { describeSignInLink, requestSignIn, signInWithCode, signInWithLink } from "~/auth/sign-in.server";
import { createTestDb } from "../support/db";
import { testEnv } from "../support/env";

const MIN = 60_000;

function lastMail(db: ReturnType<typeof createTestDb>["db"], recipient: string) {
  const rows = db.select().from(outbox).where(eq(outbox.recipient, recipient)).all();
  const mail = rows.at(-1)!;
  const token = /token=([A-Za-z0-9_-]+)/.exec(mail.text)![1]!;
  const code = /Code ein: (\d{6})/.exec(mail.text)![1]!;
  return { mail, token, code };
}

describe("sign-in requests", () => {
  /** A new database and the settings the requests are checked against. */
  function setUp() {
    const { db } = createTestDb();
    const env = testEnv({ ADMIN_EMAILS: "chefin@stadt.example", RATE_LIMIT_PER_IP: "8" });
    const ask = (email: string, ip = "10.0.0.1", browserSecret = "browser-secret-aaaaaaaaaaaa", now?: Date) =>
      requestSignIn(db, env, { email, redirectTo: "/sessions/3", clientIp: ip, browserSecret, now });
    return { db, env, ask };
  }

  it("queues a mail with link and code and stores only hashes", () => {
    const { db, ask } = setUp();
    expect(ask("Neu@Stadt.example")).toEqual({ ok: true });
    const { mail, token, code } = lastMail(db, "neu@stadt.example");
    expect(mail.kind).toBe("login");
    expect(mail.dedupeKey).toMatch(/^login:t\d+$/);
    expect(mail.discardAfter!.getTime() - mail.createdAt.getTime()).toBeLessThanOrEqual(15 * MIN + 1000);
    const stored = db.select().from(loginTokens).where(eq(loginTokens.email, "neu@stadt.example")).get()!;
    expect(JSON.stringify(stored)).not.toContain(token);
    expect(JSON.stringify(stored)).not.toContain(code);
  });

  it("signs in once by link; a GET-style look does not consume it", () => {
    const { db, env, ask } = setUp();
    ask("chefin@stadt.example");
    const { token } = lastMail(db, "chefin@stadt.example");
    expect(describeSignInLink(db, token)).toBe("valid");
    expect(describeSignInLink(db, token)).toBe("valid");
    const result = signInWithLink(db, env, { token });
    expect(result).toMatchObject({ ok: true, redirectTo: "/sessions/3", needsProfile: true });
    const user = db.select().from(users).where(eq(users.email, "chefin@stadt.example")).get()!;
    const roles = db
      .select()
      .from(userRoles)
      .where(eq(userRoles.userId, user.id))
      .all()
      .map((r) => r.role)
      .sort();
    expect(roles).toEqual(["admin", "participant"]);
    expect(signInWithLink(db, env, { token })).toEqual({ ok: false, reason: "used" });
    expect(describeSignInLink(db, "nonsense")).toBe("invalid");
  });

  it("takes admin rights from someone no longer on a set ADMIN_EMAILS list", () => {
    const { db, env, ask } = setUp();
    const formerAdmin = db.insert(users).values({ email: "frueher@stadt.example", displayName: "Früher" }).returning().get();
    db.insert(userRoles).values({ userId: formerAdmin.id, role: "admin" }).run();
    ask("frueher@stadt.example");
    const { token } = lastMail(db, "frueher@stadt.example");
    expect(signInWithLink(db, env, { token }).ok).toBe(true);
    expect(
      db
        .select()
        .from(userRoles)
        .where(eq(userRoles.userId, formerAdmin.id))
        .all()
        .map((r) => r.role),
    ).toEqual([]);
  });

  it("refuses an expired link", () => {
    const { db, env, ask } = setUp();
    const past = new Date(Date.now() - 16 * MIN);
    ask("spaet@stadt.example", "10.0.0.1", "browser-secret-aaaaaaaaaaaa", past);
    const { token } = lastMail(db, "spaet@stadt.example");
    expect(signInWithLink(db, env, { token })).toEqual({ ok: false, reason: "expired" });
  });

  it("accepts the code only in the requesting browser, and voids the code (not the link) after 5 wrong codes", () => {
    const { db, env, ask } = setUp();
    ask("code@stadt.example", "10.0.0.2", "browser-one-xxxxxxxxxxxxxx");
    const { code, token } = lastMail(db, "code@stadt.example");
    expect(signInWithCode(db, env, { code, browserSecret: "browser-two-yyyyyyyyyyyyyy" })).toEqual({ ok: false, reason: "no_request" });
    expect(signInWithCode(db, env, { code, browserSecret: null })).toEqual({ ok: false, reason: "no_request" });
    const wrong = code === "000000" ? "111111" : "000000";
    for (let left = 4; left >= 1; left--) {
      expect(signInWithCode(db, env, { code: wrong, browserSecret: "browser-one-xxxxxxxxxxxxxx" })).toEqual({
        ok: false,
        reason: "wrong_code",
        attemptsLeft: left,
      });
    }
    expect(signInWithCode(db, env, { code: wrong, browserSecret: "browser-one-xxxxxxxxxxxxxx" })).toEqual({ ok: false, reason: "locked" });
    expect(signInWithCode(db, env, { code, browserSecret: "browser-one-xxxxxxxxxxxxxx" })).toEqual({ ok: false, reason: "locked" });
    expect(describeSignInLink(db, token)).toBe("valid");
    expect(signInWithLink(db, env, { token })).toMatchObject({ ok: true });
  });

  it("signs in with the right code in the right browser", () => {
    const { db, env, ask } = setUp();
    ask("code2@stadt.example", "10.0.0.2", "browser-three-zzzzzzzzzzzz");
    const { code } = lastMail(db, "code2@stadt.example");
    expect(signInWithCode(db, env, { code, browserSecret: "browser-three-zzzzzzzzzzzz" })).toMatchObject({ ok: true });
  });

  it("limits requests per address and per client address, separately", () => {
    const { ask } = setUp();
    for (let i = 0; i < 5; i++) expect(ask("viel@stadt.example", "10.0.0.3").ok).toBe(true);
    const limited = ask("viel@stadt.example", "10.0.0.3");
    expect(limited).toMatchObject({ ok: false, reason: "rate_limited" });
    expect(limited.ok === false && limited.reason === "rate_limited" && limited.retryAt > new Date()).toBe(true);
    // Another address from the same client address is still served.
    expect(ask("kollegin@stadt.example", "10.0.0.3")).toEqual({ ok: true });
    // 8 per IP: 6 used from 10.0.0.3 so far; two more pass, the next is refused.
    expect(ask("a@stadt.example", "10.0.0.3").ok).toBe(true);
    expect(ask("b@stadt.example", "10.0.0.3").ok).toBe(true);
    expect(ask("c@stadt.example", "10.0.0.3")).toMatchObject({ ok: false, reason: "rate_limited" });
    expect(ask("c@stadt.example", "10.0.0.4")).toEqual({ ok: true });
  });

  it("refuses addresses outside the allowed domains without writing anything", () => {
    const { db } = setUp();
    const restricted = testEnv({ ALLOWED_EMAIL_DOMAINS: "stadt.example" });
    const before = db.select().from(outbox).all().length;
    expect(
      requestSignIn(db, restricted, { email: "x@gmail.example", redirectTo: null, clientIp: "1.1.1.1", browserSecret: "b".repeat(30) }),
    ).toEqual({ ok: false, reason: "domain_not_allowed" });
    expect(db.select().from(outbox).all().length).toBe(before);
  });
});
