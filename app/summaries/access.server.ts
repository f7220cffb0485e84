// Who may compose which Zusammenfassung (decision 013), as a where condition like the review
// scope of questions (decision 012): admins all; a facilitator the summaries of the sessions
// they are assigned to and of the series of those sessions (a facilitator of a series is one
// assigned to at least one of its sessions).
import { and, asc, eq, inArray, or, sql, type SQL } from "drizzle-orm";
import { formatDateNumeric } from "~/lib/dates";
import { schema, type DbOrTx } from "~/lib/db.server";
import { facilitatedSeriesIds, facilitatedSessionIds } from "~/questions/review.server";
import type { SummaryRevisionStatus } from "~db/schema";
import { isWorking } from "./rules";

const { summaries, summaryRevisions, sessions, series } = schema;

export type Actor = { id: number; roles: readonly string[] };
export type Summary = typeof summaries.$inferSelect;
export type Revision = typeof summaryRevisions.$inferSelect;
export type Target = { sessionId: number; seriesId?: undefined } | { seriesId: number; sessionId?: undefined };
export type Refusal = { ok: false; reason: "forbidden" | "not_found" };

export const isAdmin = (actor: Actor) => actor.roles.includes("admin");
export const mayCompose = (actor: Actor) => isAdmin(actor) || actor.roles.includes("facilitator");
export const isCouncil = (actor: Actor) => actor.roles.includes("council");

/** The summaries this person may compose, as a where condition (undefined: all). */
export function summaryScope(db: DbOrTx, actor: Actor): SQL | undefined {
  if (isAdmin(actor)) return undefined;
  if (!actor.roles.includes("facilitator")) return sql`0`;
  return or(
    inArray(summaries.sessionId, facilitatedSessionIds(db, actor.id)),
    inArray(summaries.seriesId, facilitatedSeriesIds(db, actor.id)),
  );
}

/** A summary inside the person's scope; withdrawn ones are gone (404), like unknown ones. */
export function findSummaryFor(tx: DbOrTx, actor: Actor, summaryId: number): { ok: true; summary: Summary } | Refusal {
  if (!mayCompose(actor)) return { ok: false, reason: "forbidden" };
  const summary = tx.select().from(summaries).where(eq(summaries.id, summaryId)).get();
  if (!summary || summary.withdrawnAt) return { ok: false, reason: "not_found" };
  const inScope = tx
    .select({ id: summaries.id })
    .from(summaries)
    .where(and(eq(summaries.id, summaryId), summaryScope(tx, actor)))
    .get();
  return inScope ? { ok: true, summary } : { ok: false, reason: "forbidden" };
}

/** May this person compose a summary of the session or series? (403/404 as for summaries.) */
export function checkTarget(tx: DbOrTx, actor: Actor, target: Target): { ok: true } | Refusal {
  if (!mayCompose(actor)) return { ok: false, reason: "forbidden" };
  if (target.sessionId !== undefined) {
    const session = tx.select({ id: sessions.id, status: sessions.status }).from(sessions).where(eq(sessions.id, target.sessionId)).get();
    if (!session || session.status === "draft") return { ok: false, reason: "not_found" };
    if (isAdmin(actor)) return { ok: true };
    const mine = facilitatedSessionIds(tx, actor.id)
      .all()
      .some((row) => row.id === target.sessionId);
    return mine ? { ok: true } : { ok: false, reason: "forbidden" };
  }
  const row = tx.select({ id: series.id }).from(series).where(eq(series.id, target.seriesId)).get();
  if (!row) return { ok: false, reason: "not_found" };
  if (isAdmin(actor)) return { ok: true };
  const mine = facilitatedSeriesIds(tx, actor.id)
    .all()
    .some((r) => r.id === target.seriesId);
  return mine ? { ok: true } : { ok: false, reason: "forbidden" };
}

/** "Reihe, Termin am 03.03.2026" or "Reihe – alle Termine". */
export function summaryTitle(tx: DbOrTx, target: { sessionId: number | null; seriesId: number | null }): string {
  if (target.sessionId !== null) {
    const row = tx
      .select({ title: series.title, startsAt: sessions.startsAt })
      .from(sessions)
      .innerJoin(series, eq(series.id, sessions.seriesId))
      .where(eq(sessions.id, target.sessionId))
      .get();
    return row ? `${row.title}, Termin am ${formatDateNumeric(row.startsAt)}` : "Zusammenfassung";
  }
  const row =
    target.seriesId === null ? undefined : tx.select({ title: series.title }).from(series).where(eq(series.id, target.seriesId)).get();
  return row ? `${row.title} – alle Termine` : "Zusammenfassung";
}

/** The sessions a summary covers: the one session, or every session of the series. */
export function coveredSessionIds(tx: DbOrTx, summary: Pick<Summary, "sessionId" | "seriesId">): number[] {
  if (summary.sessionId !== null) return [summary.sessionId];
  if (summary.seriesId === null) return [];
  return tx
    .select({ id: sessions.id })
    .from(sessions)
    .where(eq(sessions.seriesId, summary.seriesId))
    .orderBy(asc(sessions.startsAt))
    .all()
    .map((r) => r.id);
}

export function revisionsOf(tx: DbOrTx, summaryId: number): Revision[] {
  return tx.select().from(summaryRevisions).where(eq(summaryRevisions.summaryId, summaryId)).orderBy(asc(summaryRevisions.number)).all();
}

/** The one revision not yet published nor replaced, if any. */
export function workingRevision(tx: DbOrTx, summaryId: number): Revision | undefined {
  return revisionsOf(tx, summaryId).find((r) => isWorking(r.status as SummaryRevisionStatus));
}
