import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { loginTokens, users } from "~db/schema";
import {
  describeSignInLink,
  MAX_WRONG_CODES,
  pendingSignInAddress,
  requestSignIn,
  signInWithCode,
  signInWithLink,
} from "~/auth/sign-in.server";
import { createTestDb } from "../support/db";
import { testEnv } from "../support/env";
import { signInMails } from "../support/sign-in-mails";

const OWNER_BROWSER = "owner-browser-aaaaaaaaaaaaaaaa";
const THIRD_PARTY_BROWSER = "third-party-browser-bbbbbbbbbbbb";

/** A code that is none of the given ones. */
function wrongCode(...codes: string[]): string {
  for (let n = 0; ; n++) {
    const candidate = String(n).padStart(6, "0");
    if (!codes.includes(candidate)) return candidate;
  }
}

describe("sign-in that no one else can block", () => {
  /** A new database and the settings the requests are checked against. */
  function setUp() {
    const { db } = createTestDb();
    const env = testEnv();
    const ask = (email: string, browserSecret: string, clientIp = "10.1.0.1") =>
      requestSignIn(db, env, { email, redirectTo: null, clientIp, browserSecret });
    return { db, env, ask };
  }

  it("a second browser asking for the same address and guessing 5 wrong codes voids neither the first browser's code nor any mailed link", () => {
    const { db, env, ask } = setUp();
    const email = "opfer@stadt.example";
    expect(ask(email, OWNER_BROWSER)).toEqual({ ok: true });
    // Someone else asks for a link to the same address, in their browser, and guesses.
    expect(ask(email, THIRD_PARTY_BROWSER, "10.66.0.1")).toEqual({ ok: true });
    const [own, caused] = signInMails(db, email);
    const wrong = wrongCode(own!.code, caused!.code);
    for (let left = MAX_WRONG_CODES - 1; left >= 1; left--) {
      expect(signInWithCode(db, env, { code: wrong, browserSecret: THIRD_PARTY_BROWSER })).toEqual({
        ok: false,
        reason: "wrong_code",
        attemptsLeft: left,
      });
    }
    expect(signInWithCode(db, env, { code: wrong, browserSecret: THIRD_PARTY_BROWSER })).toEqual({ ok: false, reason: "locked" });
    expect(signInWithCode(db, env, { code: caused!.code, browserSecret: THIRD_PARTY_BROWSER })).toEqual({ ok: false, reason: "locked" });

    // Both links in the owner's mailbox still work, also the one the third party caused.
    expect(describeSignInLink(db, own!.token)).toBe("valid");
    expect(describeSignInLink(db, caused!.token)).toBe("valid");
    // The owner's code has all its attempts: the guesses elsewhere did not count against it.
    expect(signInWithCode(db, env, { code: wrong, browserSecret: OWNER_BROWSER })).toEqual({
      ok: false,
      reason: "wrong_code",
      attemptsLeft: MAX_WRONG_CODES - 1,
    });
    const signedIn = signInWithLink(db, env, { token: own!.token });
    expect(signedIn).toMatchObject({ ok: true });
    const user = db.select().from(users).where(eq(users.email, email)).get()!;
    expect(signedIn.ok && signedIn.userId).toBe(user.id);
    // One sign-in, one way in: the third party's open request is void now as well.
    expect(describeSignInLink(db, caused!.token)).toBe("used");
  });

  it("signs the owner in with their code in their browser after someone else locked the code in theirs", () => {
    const { db, env, ask } = setUp();
    const email = "opfer-code@stadt.example";
    ask(email, THIRD_PARTY_BROWSER, "10.66.0.2");
    ask(email, OWNER_BROWSER);
    const [caused, own] = signInMails(db, email);
    const wrong = wrongCode(own!.code, caused!.code);
    for (let i = 0; i < MAX_WRONG_CODES; i++) signInWithCode(db, env, { code: wrong, browserSecret: THIRD_PARTY_BROWSER });
    expect(signInWithCode(db, env, { code: own!.code, browserSecret: OWNER_BROWSER })).toMatchObject({ ok: true });
  });

  it("the per-address limit stops new mails, not the links already sent: the owner signs in with the newest", () => {
    const { db, env, ask } = setUp();
    const email = "belagert@stadt.example";
    expect(ask(email, OWNER_BROWSER)).toEqual({ ok: true });
    // The third party uses up the address's limit and locks the code of each of its requests.
    for (let i = 1; i < env.rateLimitPerAddress; i++) {
      expect(ask(email, THIRD_PARTY_BROWSER, `10.66.1.${i}`)).toEqual({ ok: true });
      const codes = signInMails(db, email).map((m) => m.code);
      for (let n = 0; n < MAX_WRONG_CODES; n++) signInWithCode(db, env, { code: wrongCode(...codes), browserSecret: THIRD_PARTY_BROWSER });
    }
    expect(ask(email, OWNER_BROWSER)).toMatchObject({ ok: false, reason: "rate_limited" });
    const mails = signInMails(db, email);
    expect(mails).toHaveLength(env.rateLimitPerAddress);
    for (const { token } of mails) expect(describeSignInLink(db, token)).toBe("valid");
    expect(signInWithLink(db, env, { token: mails.at(-1)!.token })).toMatchObject({ ok: true });
  });

  it("checks a code only against the newest open request of the browser, whose address the code page names", () => {
    const { db, env, ask } = setUp();
    const browser = "shared-browser-cccccccccccccccc";
    expect(pendingSignInAddress(db, browser)).toBeNull();
    ask("erst@stadt.example", browser);
    ask("dann@stadt.example", browser);
    expect(pendingSignInAddress(db, browser)).toBe("dann@stadt.example");
    expect(pendingSignInAddress(db, null)).toBeNull();
    expect(pendingSignInAddress(db, "another-browser-dddddddddddddd")).toBeNull();

    // The older request's code is wrong here, and does not sign in its address.
    const older = signInMails(db, "erst@stadt.example")[0]!;
    const newer = signInMails(db, "dann@stadt.example")[0]!;
    if (older.code !== newer.code) {
      expect(signInWithCode(db, env, { code: older.code, browserSecret: browser })).toEqual({
        ok: false,
        reason: "wrong_code",
        attemptsLeft: MAX_WRONG_CODES - 1,
      });
    }
    expect(db.select().from(users).where(eq(users.email, "erst@stadt.example")).get()).toBeUndefined();
    const older_ = db.select().from(loginTokens).where(eq(loginTokens.email, "erst@stadt.example")).get()!;
    expect(older_.failedCodeAttempts).toBe(0);

    const result = signInWithCode(db, env, { code: newer.code, browserSecret: browser });
    expect(result).toMatchObject({ ok: true });
    const user = db.select().from(users).where(eq(users.email, "dann@stadt.example")).get()!;
    expect(result.ok && result.userId).toBe(user.id);
  });

  it("does not fall back to an older request once the newest one's code is locked", () => {
    const { db, env, ask } = setUp();
    const browser = "locking-browser-eeeeeeeeeeeeeeee";
    ask("frueher@stadt.example", browser);
    ask("spaeter@stadt.example", browser);
    const older = signInMails(db, "frueher@stadt.example")[0]!;
    const newer = signInMails(db, "spaeter@stadt.example")[0]!;
    const wrong = wrongCode(older.code, newer.code);
    for (let i = 0; i < MAX_WRONG_CODES; i++) signInWithCode(db, env, { code: wrong, browserSecret: browser });
    expect(signInWithCode(db, env, { code: older.code, browserSecret: browser })).toEqual({ ok: false, reason: "locked" });
    expect(signInWithCode(db, env, { code: newer.code, browserSecret: browser })).toEqual({ ok: false, reason: "locked" });
    expect(describeSignInLink(db, older.token)).toBe("valid");
    expect(describeSignInLink(db, newer.token)).toBe("valid");
  });
});
