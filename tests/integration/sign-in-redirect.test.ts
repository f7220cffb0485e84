import { validateHeaderValue } from "node:http";
import { describe, expect, it } from "vitest";
import { safeRedirectPath } from "~/auth/redirect";
import { requestSignIn, signInWithLink } from "~/auth/sign-in.server";
import { redirectWithFlash } from "~/lib/flash.server";
import { createTestDb } from "../support/db";
import { testEnv } from "../support/env";
import { signInMails } from "../support/sign-in-mails";

const BROWSER = "some-browser-aaaaaaaaaaaaaaaaaa";

describe("redirectTo outside printable ASCII", () => {
  const PRINTABLE = /^[\x21-\x7e]+$/;
  const cases: [value: string, expected: string][] = [
    ["/sessions/3", "/sessions/3"],
    ["/sessions?frei=1#liste", "/sessions?frei=1#liste"],
    ["/sessions/ä", "/sessions/%C3%A4"],
    ["/sessions/€", "/sessions/%E2%82%AC"],
    ["/sessions/😀", "/sessions/%F0%9F%98%80"],
    ["/sessions/\u2028x", "/sessions/%E2%80%A8x"],
    ["/sessions?q=a b", "/sessions?q=a%20b"],
    ["/sessions/\ud800", "/sessions"],
    ["/sessions/\u007f", "/sessions"],
    ["/sessions/\u0085", "/sessions"],
    ["/sessions/\u009b", "/sessions"],
    ["/sessions/\u0000", "/sessions"],
    ["/sessions/\r\nSet-Cookie: ki_login=x", "/sessions"],
    [`/sessions/${"a".repeat(3000)}`, "/sessions"],
    ["//evil.example", "/sessions"],
    ["/login?redirectTo=/me", "/sessions"],
  ];

  it.each(cases.map(([value, expected]) => ({ value, expected, shown: JSON.stringify(value).slice(0, 40) })))(
    "$shown becomes $expected, which a Location header can carry",
    async ({ value, expected }) => {
      const target = safeRedirectPath(value);
      expect(target).toBe(expected);
      expect(target).toMatch(PRINTABLE);
      expect(safeRedirectPath(target)).toBe(target);
      expect(() => validateHeaderValue("Location", target)).not.toThrow();
      const env = testEnv();
      const response = await redirectWithFlash({ env }, target, { kind: "success", text: "Sie sind eingeloggt." });
      expect(response.headers.get("Location")).toBe(target);
    },
  );

  it("signs in with a stored request whose redirectTo predates the rule: the link is not spent on an error", async () => {
    const { db } = createTestDb();
    const env = testEnv();
    const stored: [value: string, expected: string][] = [
      ["/sessions/€", "/sessions/%E2%82%AC"],
      ["/sessions/\u0085", "/sessions"],
      ["/sessions/\u007f", "/sessions"],
    ];
    for (const [index, [value, expected]] of stored.entries()) {
      const email = `alt-${index}@stadt.example`;
      expect(requestSignIn(db, env, { email, redirectTo: value, clientIp: "10.2.0.1", browserSecret: BROWSER })).toEqual({
        ok: true,
      });
      const { token } = signInMails(db, email)[0]!;
      const result = signInWithLink(db, env, { token });
      expect(result).toMatchObject({ ok: true, redirectTo: value });
      // What the link page's action does next: a 303 to the safe path, never a 500.
      const response = await redirectWithFlash({ env }, safeRedirectPath(result.ok ? result.redirectTo : null), {
        kind: "success",
        text: "Sie sind eingeloggt.",
      });
      expect(response.status).toBe(303);
      expect(response.headers.get("Location")).toBe(expected);
    }
  });
});
