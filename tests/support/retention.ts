// A history for retention tests: rows placed at given ages before an injected "now", written
// straight into a real SQLite file, and a scan of every table for a person's traces.
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { inject } from "vitest";
import { closeDatabase, openDatabase, type Db } from "../../db/client";
import {
  auditLog,
  loginSessions,
  loginTokens,
  outbox,
  questions,
  rateLimitHits,
  registrations,
  summaries,
  summaryItems,
  summaryRevisions,
  type RegistrationStatus,
} from "../../db/schema";
import { createSeries, createSession, createUser } from "./factories";

export const DAY = 24 * 3600_000;
export const NOW = new Date("2027-06-01T10:00:00Z");
export const daysAgo = (days: number, now = NOW) => new Date(now.getTime() - days * DAY);

/** A database of its own for one test (or one property run), removed by `close`. */
export function openScratchDb(): { db: Db; file: string; close: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), "ki-retention-"));
  const file = path.join(dir, "app.db");
  copyFileSync(inject("templateDbPath"), file);
  const db = openDatabase(file);
  return {
    db,
    file,
    close: () => {
      closeDatabase(db);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function person(db: Db, options: { email: string | null; name: string; createdDaysAgo: number; department?: string }) {
  return createUser(db, {
    email: options.email,
    displayName: options.name,
    department: options.department ?? "Amt für Statistik",
    createdAt: daysAgo(options.createdDaysAgo),
  });
}

/** A published session that ended `endedDaysAgo` days before NOW (negative: in the future). */
export function sessionEnded(db: Db, endedDaysAgo: number, seriesId?: number) {
  const endsAt = daysAgo(endedDaysAgo);
  return createSession(db, {
    seriesId: seriesId ?? createSeries(db).id,
    startsAt: new Date(endsAt.getTime() - 90 * 60_000),
    endsAt,
  });
}

export function registration(
  db: Db,
  input: { sessionId: number; userId: number; status: RegistrationStatus; createdDaysAgo: number; supportNeeds?: string | null },
) {
  const at = daysAgo(input.createdDaysAgo);
  return db
    .insert(registrations)
    .values({
      sessionId: input.sessionId,
      userId: input.userId,
      status: input.status,
      queuedAt: at,
      updatedAt: at,
      createdAt: at,
      supportNeeds: input.supportNeeds ?? null,
    })
    .returning()
    .get();
}

export function question(
  db: Db,
  input: {
    authorId: number;
    anonymous: boolean;
    sessionId?: number | null;
    seriesId?: number | null;
    createdDaysAgo: number;
    status?: (typeof questions.$inferInsert)["status"];
    text?: string;
  },
) {
  const at = daysAgo(input.createdDaysAgo);
  return db
    .insert(questions)
    .values({
      sessionId: input.sessionId ?? null,
      seriesId: input.seriesId ?? null,
      text: input.text ?? "Darf ich KI für Protokolle nutzen?",
      originalText: input.anonymous ? null : "Darf ich KI für unsere Protokolle nutzen?",
      anonymous: input.anonymous,
      authorId: input.anonymous ? null : input.authorId,
      authorKey: input.anonymous ? `key-of-${input.authorId}-${Math.random().toString(36).slice(2)}` : null,
      authorSalt: input.anonymous ? "salt" : null,
      status: input.status ?? "submitted",
      createdAt: at,
      updatedAt: at,
    })
    .returning()
    .get();
}

/** Puts the question into a summary revision published `publishedDaysAgo` days before NOW. */
export function publishQuestion(db: Db, input: { questionId: number; sessionId: number; publishedDaysAgo: number }) {
  const at = daysAgo(input.publishedDaysAgo);
  const summary = db.insert(summaries).values({ sessionId: input.sessionId, firstPublishedAt: at }).returning().get();
  const revision = db
    .insert(summaryRevisions)
    .values({ summaryId: summary.id, number: 1, status: "published", publishedAt: at, updatedAt: at })
    .returning()
    .get();
  db.insert(summaryItems)
    .values({ revisionId: revision.id, questionId: input.questionId, position: 1, questionText: "Frage", answer: "Antwort" })
    .run();
}

export function signedIn(db: Db, userId: number, daysBefore: number) {
  return db
    .insert(auditLog)
    .values({
      actorId: userId,
      action: "signed_in",
      subjectType: "user",
      subjectId: String(userId),
      details: { method: "link" },
      at: daysAgo(daysBefore),
    })
    .returning()
    .get();
}

export function auditEntry(
  db: Db,
  input: {
    actorId: number | null;
    action: string;
    subjectType: string;
    subjectId: string;
    details: Record<string, unknown> | null;
    daysBefore: number;
  },
) {
  return db
    .insert(auditLog)
    .values({ ...input, at: daysAgo(input.daysBefore) })
    .returning()
    .get();
}

export function mail(
  db: Db,
  input: { recipient: string; subject: string; status: "pending" | "sent" | "failed" | "dropped"; daysBefore: number; kind?: string },
) {
  const at = daysAgo(input.daysBefore);
  return db
    .insert(outbox)
    .values({
      dedupeKey: `test:${Math.random().toString(36).slice(2)}`,
      kind: input.kind ?? "confirmation",
      recipient: input.recipient,
      subject: input.subject,
      text: `Hallo, ${input.recipient}`,
      html: `<p>Hallo, ${input.recipient}</p>`,
      ics: input.kind === "login" ? null : "BEGIN:VCALENDAR",
      icsMethod: input.kind === "login" ? null : "REQUEST",
      status: input.status,
      nextAttemptAt: at,
      sentAt: input.status === "sent" ? at : null,
      lastError: input.status === "failed" ? `550 ${input.recipient} unknown` : null,
      createdAt: at,
    })
    .returning()
    .get();
}

export function signInTraces(db: Db, email: string, userId: number, daysBefore: number) {
  const at = daysAgo(daysBefore);
  db.insert(loginTokens)
    .values({
      email,
      tokenHash: `t-${Math.random()}`,
      codeHash: "c",
      browserHash: "b",
      expiresAt: new Date(at.getTime() + 15 * 60_000),
      createdAt: at,
    })
    .run();
  db.insert(rateLimitHits)
    .values({ bucket: `address:${email}`, at })
    .run();
  db.insert(loginSessions)
    .values({ id: `ls-${Math.random()}`, userId, expiresAt: new Date(at.getTime() + 14 * DAY), createdAt: at })
    .run();
}

/** Every row of every table (FTS shadow tables included) that mentions one of these texts. */
export function rowsMentioning(db: Db, needles: string[]): string[] {
  const tables = db.$client
    .prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name <> '__drizzle_migrations'")
    .all() as { name: string }[];
  const found: string[] = [];
  for (const { name } of tables) {
    const rows = db.$client.prepare(`select * from "${name}"`).all();
    for (const row of rows) {
      const text = JSON.stringify(row, (_key, value) => (Buffer.isBuffer(value) ? value.toString("latin1") : value)).toLowerCase();
      if (needles.some((needle) => text.includes(needle.toLowerCase()))) found.push(`${name}: ${text.slice(0, 200)}`);
    }
  }
  return found;
}

/** Every row of every table, for "nothing else changed". */
export function snapshot(db: Db): Record<string, unknown[]> {
  const tables = db.$client
    .prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name <> '__drizzle_migrations'")
    .all() as { name: string }[];
  return Object.fromEntries(tables.map(({ name }) => [name, db.$client.prepare(`select * from "${name}"`).all()]));
}
