import { desc, or, eq, and, gt, sql } from "drizzle-orm";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { schema, type Db } from "~/lib/db.server";
import type { Env } from "~/lib/env.server";
import { RECIPIENT_REFUSED, SERVER_PROBLEM } from "./backoff";
import type { StoredMailSummary } from "./transport.server";

const { outbox } = schema;

/** Sign-in mails carry a valid code in subject and body: organisers see only this. */
export const SIGN_IN_MAIL_LABEL = "Login-Mail";

export type UndeliveredMail = {
  id: number;
  kind: string;
  recipient: string;
  subject: string;
  status: "pending" | "failed";
  attempts: number;
  lastError: string | null;
  /** The last error for an admin, in German: whose problem it is, then the server's answer. */
  problem: string | null;
  nextAttemptAt: Date;
  createdAt: Date;
};

/** Says whether the recipient's address was refused or our mail server had a problem. */
export function describeMailProblem(lastError: string | null): string | null {
  if (!lastError) return null;
  if (lastError.startsWith(RECIPIENT_REFUSED)) {
    return `Empfängeradresse abgelehnt: ${lastError.slice(RECIPIENT_REFUSED.length).trim()}`;
  }
  if (lastError.startsWith(SERVER_PROBLEM)) {
    return `Problem mit dem Mailserver: ${lastError.slice(SERVER_PROBLEM.length).trim()}`;
  }
  // Written before the markers existed, or not a send error (e.g. an expired mail).
  return lastError;
}

/** Not gone out: waiting after a failed attempt, or given up. One condition for the list and the count. */
const undelivered = () => or(eq(outbox.status, "failed"), and(eq(outbox.status, "pending"), gt(outbox.attempts, 0)));

/** How many mails /admin/mail lists as not delivered (the dashboard's figure). */
export function countUndeliveredMails(db: Db): number {
  return db.select({ n: sql<number>`count(*)` }).from(outbox).where(undelivered()).get()?.n ?? 0;
}

/**
 * Mails that have not gone out: waiting after a failed attempt, or given up. A sign-in
 * mail's subject is never read here (an organiser must not see a colleague's code).
 */
export function listUndeliveredMails(db: Db): UndeliveredMail[] {
  return db
    .select({
      id: outbox.id,
      kind: outbox.kind,
      recipient: outbox.recipient,
      subject: sql<string>`case when ${outbox.kind} = 'login' then ${SIGN_IN_MAIL_LABEL} else ${outbox.subject} end`,
      status: outbox.status,
      attempts: outbox.attempts,
      lastError: outbox.lastError,
      nextAttemptAt: outbox.nextAttemptAt,
      createdAt: outbox.createdAt,
    })
    .from(outbox)
    .where(undelivered())
    .orderBy(desc(outbox.id))
    .limit(200)
    .all()
    .map((mail) => ({ ...mail, problem: describeMailProblem(mail.lastError) })) as UndeliveredMail[];
}

/** Demo mode: the mails written to disk, newest first. */
export function listStoredMails(env: Env, limit = 50): StoredMailSummary[] {
  let files: string[];
  try {
    files = readdirSync(env.mailDir).filter((file) => file.endsWith(".json"));
  } catch {
    return [];
  }
  return files
    .sort()
    .reverse()
    .slice(0, limit)
    .map((file) => JSON.parse(readFileSync(path.join(env.mailDir, file), "utf8")) as StoredMailSummary);
}
