import { desc, or, eq, and, gt } from "drizzle-orm";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { schema, type Db } from "~/lib/db.server";
import type { Env } from "~/lib/env.server";
import type { StoredMailSummary } from "./transport.server";

const { outbox } = schema;

export type UndeliveredMail = {
  id: number;
  kind: string;
  recipient: string;
  subject: string;
  status: "pending" | "failed";
  attempts: number;
  lastError: string | null;
  nextAttemptAt: Date;
  createdAt: Date;
};

/** Mails that have not gone out: waiting after a failed attempt, or given up. */
export function listUndeliveredMails(db: Db): UndeliveredMail[] {
  return db
    .select({
      id: outbox.id,
      kind: outbox.kind,
      recipient: outbox.recipient,
      subject: outbox.subject,
      status: outbox.status,
      attempts: outbox.attempts,
      lastError: outbox.lastError,
      nextAttemptAt: outbox.nextAttemptAt,
      createdAt: outbox.createdAt,
    })
    .from(outbox)
    .where(or(eq(outbox.status, "failed"), and(eq(outbox.status, "pending"), gt(outbox.attempts, 0))))
    .orderBy(desc(outbox.id))
    .limit(200)
    .all() as UndeliveredMail[];
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
