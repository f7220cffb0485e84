// Who sees and who manages materials (decision 022). Seeing: `mayViewMaterial` (rules.ts) with
// the viewer built here — every list, page, download and search result asks that one rule.
// Managing: admins all; a facilitator the materials filed under a series they facilitate (as
// in the questions issue: assigned to at least one of its sessions) or one of its sessions,
// and those they created.
import { and, eq, inArray } from "drizzle-orm";
import { schema, type DbOrTx } from "~/lib/db.server";
import { facilitatedSeriesIds } from "~/questions/review.server";
import type { MaterialViewer } from "./rules";

const { materials, registrations, sessions } = schema;

export type Actor = { id: number; roles: readonly string[] };

export const isAdmin = (actor: Actor) => actor.roles.includes("admin");
export const mayManageMaterials = (actor: Actor) => isAdmin(actor) || actor.roles.includes("facilitator");

/** Statuses that count as "held a seat" (issue 17: confirmed or attended). */
export const SEAT_STATUSES = ["confirmed", "attended"] as const;

/** The sessions of the series this person facilitates. */
function managedSessionIdsOf(db: DbOrTx, actor: Actor): Set<number> {
  if (!actor.roles.includes("facilitator")) return new Set();
  const seriesIds = facilitatedSeriesIds(db, actor.id)
    .all()
    .map((row) => row.id);
  if (seriesIds.length === 0) return new Set();
  return new Set(
    db
      .select({ id: sessions.id })
      .from(sessions)
      .where(inArray(sessions.seriesId, seriesIds))
      .all()
      .map((row) => row.id),
  );
}

/** What decides what a signed-in person may see; null for nobody signed in. */
export function materialViewerFor(db: DbOrTx, user: Actor | null): MaterialViewer | null {
  if (!user) return null;
  const seats = db
    .selectDistinct({ sessionId: registrations.sessionId })
    .from(registrations)
    .where(and(eq(registrations.userId, user.id), inArray(registrations.status, [...SEAT_STATUSES])))
    .all();
  return {
    userId: user.id,
    isAdmin: isAdmin(user),
    seatSessionIds: new Set(seats.map((row) => row.sessionId)),
    managedSessionIds: managedSessionIdsOf(db, user),
  };
}

type Filing = Pick<typeof materials.$inferSelect, "seriesId" | "sessionId" | "createdById">;

/** May this person edit, replace or delete the material? */
export function mayManageMaterial(db: DbOrTx, actor: Actor, material: Filing): boolean {
  if (isAdmin(actor)) return true;
  if (!actor.roles.includes("facilitator")) return false;
  if (material.createdById === actor.id) return true;
  const seriesIds = new Set(
    facilitatedSeriesIds(db, actor.id)
      .all()
      .map((row) => row.id),
  );
  if (material.seriesId !== null && seriesIds.has(material.seriesId)) return true;
  if (material.sessionId === null) return false;
  const session = db.select({ seriesId: sessions.seriesId }).from(sessions).where(eq(sessions.id, material.sessionId)).get();
  return !!session && seriesIds.has(session.seriesId);
}

/** The series a person may file material under (admins: all). */
export function manageableSeriesIds(db: DbOrTx, actor: Actor): Set<number> | "all" {
  if (isAdmin(actor)) return "all";
  return new Set(
    facilitatedSeriesIds(db, actor.id)
      .all()
      .map((row) => row.id),
  );
}

/** Every session whose seat-holder material a viewer may see besides their own seats, for the search's pre-filter. */
export function restrictedSessionsVisibleTo(viewer: MaterialViewer): number[] | "all" {
  if (viewer.isAdmin) return "all";
  return [...new Set([...viewer.seatSessionIds, ...viewer.managedSessionIds])];
}
