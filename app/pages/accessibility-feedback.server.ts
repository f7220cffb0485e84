// The feedback form of the accessibility statement (decision 024): anyone may send it, signed
// in or not – a barrier may be what keeps someone from signing in. It goes to the functional
// mailbox through the outbox. Limits count per browser (a random value in a cookie, stored
// only hashed) and in total per hour, never per client address: the whole administration may
// reach the app through one proxy address.
import { createCookie, type AppLoadContext } from "@remix-run/node";
import { and, count, eq, gt, min } from "drizzle-orm";
import { renderAccessibilityFeedbackMail } from "~emails/accessibility-feedback";
import { randomToken, sha256 } from "~/auth/secrets.server";
import { parseMailbox } from "~/calendar/ical.server";
import { schema, type Db } from "~/lib/db.server";
import type { Env } from "~/lib/env.server";
import { fieldErrors, type FieldErrors } from "~/lib/forms";
import { logSecurityEvent } from "~/lib/security-log.server";
import { queueMail } from "~/mail/outbox.server";
import {
  FEEDBACK_PER_BROWSER_PER_HOUR,
  FEEDBACK_TOTAL_PER_HOUR,
  FEEDBACK_WINDOW_MS,
  feedbackSchema,
  type FeedbackInput,
} from "./feedback.schema";

const { outbox, rateLimitHits } = schema;

/** The address the statement names and the form sends to: the one in MAIL_FROM. */
export function functionalMailbox(env: Pick<Env, "mailFrom">): string {
  return parseMailbox(env.mailFrom).email;
}

const cookies = new WeakMap<Env, ReturnType<typeof createCookie>>();

/** A random value per browser, kept a day: it only names the browser's bucket. */
export function feedbackBrowserCookie(env: Env) {
  let cookie = cookies.get(env);
  if (!cookie) {
    const https = env.appUrl.startsWith("https:");
    cookie = createCookie(https ? "__Host-ki_feedback" : "ki_feedback", {
      httpOnly: true,
      sameSite: "lax",
      secure: https,
      path: "/",
      maxAge: 24 * 60 * 60,
      secrets: [env.sessionSecret],
    });
    cookies.set(env, cookie);
  }
  return cookie;
}

/** The browser's value, or a new one (then `setCookie` must go out with the answer). */
export async function readFeedbackBrowser(
  context: Pick<AppLoadContext, "env">,
  request: Request,
): Promise<{ secret: string; setCookie: string | null }> {
  const cookie = feedbackBrowserCookie(context.env);
  const value = await cookie.parse(request.headers.get("Cookie"));
  if (typeof value === "string" && value.length >= 20) return { secret: value, setCookie: null };
  const secret = randomToken();
  return { secret, setCookie: await cookie.serialize(secret) };
}

/** Buckets in rate_limit_hits; the browser's is a hash, so the table holds nothing to trace. */
export const feedbackBuckets = (browserSecret: string) => ({
  browser: `a11y-feedback:browser:${sha256(browserSecret)}`,
  total: "a11y-feedback:all",
});

export type FeedbackResult =
  | { ok: true; queued: boolean }
  | { ok: false; reason: "invalid"; errors: FieldErrors }
  | { ok: false; reason: "limit_browser" | "limit_total"; retryAt: Date };

/**
 * Checks the input, the two limits and sends. `formToken` is a random value the form was
 * rendered with: the same form sent twice (a double click, a reload of the POST) is one mail.
 */
export function sendAccessibilityFeedback(
  db: Db,
  env: Env,
  input: { values: Record<keyof FeedbackInput, string>; formToken: string; browserSecret: string; now: Date },
): FeedbackResult {
  const parsed = feedbackSchema.safeParse(input.values);
  if (!parsed.success) return { ok: false, reason: "invalid", errors: fieldErrors(parsed.error) };
  const { now } = input;
  // A missing or odd token (a hand-made POST) gets a fresh one: never a shared key that would swallow others' mails.
  const token = /^[\w-]{20,100}$/.test(input.formToken) ? input.formToken : randomToken();
  const dedupeKey = `a11y-feedback:${sha256(token)}`;
  const buckets = feedbackBuckets(input.browserSecret);

  return db.transaction(
    (tx) => {
      if (tx.select({ id: outbox.id }).from(outbox).where(eq(outbox.dedupeKey, dedupeKey)).get()) {
        return { ok: true, queued: false } as const;
      }
      const since = new Date(now.getTime() - FEEDBACK_WINDOW_MS);
      for (const [reason, bucket, limit] of [
        ["limit_browser", buckets.browser, FEEDBACK_PER_BROWSER_PER_HOUR],
        ["limit_total", buckets.total, FEEDBACK_TOTAL_PER_HOUR],
      ] as const) {
        const hits = tx
          .select({ n: count(), oldest: min(rateLimitHits.at) })
          .from(rateLimitHits)
          .where(and(eq(rateLimitHits.bucket, bucket), gt(rateLimitHits.at, since)))
          .get();
        if (hits && hits.n >= limit) {
          logSecurityEvent("feedback_rate_limited", { limit: reason === "limit_browser" ? "browser" : "total" });
          const oldest = hits.oldest ? hits.oldest.getTime() : now.getTime();
          return { ok: false, reason, retryAt: new Date(oldest + FEEDBACK_WINDOW_MS) } as const;
        }
      }
      tx.insert(rateLimitHits)
        .values([
          { bucket: buckets.browser, at: now },
          { bucket: buckets.total, at: now },
        ])
        .run();
      const mailbox = functionalMailbox(env);
      const queued = queueMail(
        tx,
        {
          dedupeKey,
          kind: "accessibility_feedback",
          recipient: mailbox,
          mail: renderAccessibilityFeedbackMail({ ...parsed.data, appUrl: env.appUrl }),
        },
        now,
      );
      return { ok: true, queued } as const;
    },
    { behavior: "immediate" },
  );
}
