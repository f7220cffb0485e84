// Retention and seat-holder material (issue 17, decision 022). Once retention has anonymised
// the registrations of a session, nobody can be recognised as having held a seat any more:
// material for "nur Teilnehmende" of that session then does what its uploader chose — it
// opens to all signed-in staff, or it is removed (deleted, its files gone from the disk).
//
// Called by the retention job inside the transaction that anonymises the sessions'
// registrations (app/privacy/anonymise.server.ts): `applyRetentionToMaterials(tx, ids, now)`
// there, then `removeMaterialFiles(dataDir, result.filesToRemove)` after the commit.
import { and, eq, inArray, isNull } from "drizzle-orm";
import { writeAudit } from "~/lib/audit.server";
import { schema, type DbOrTx } from "~/lib/db.server";
import { reindexMaterial } from "~/search/index.server";
import { softDelete } from "./materials.server";

const { materials } = schema;

export { removeMaterialFiles } from "./materials.server";

export type MaterialRetentionResult = {
  /** Materials now visible to all signed-in staff. */
  opened: number[];
  /** Materials deleted. */
  removed: number[];
  /** Stored file names to remove from the disk after the commit. */
  filesToRemove: string[];
};

export function applyRetentionToMaterials(tx: DbOrTx, sessionIds: number[], now: Date): MaterialRetentionResult {
  const result: MaterialRetentionResult = { opened: [], removed: [], filesToRemove: [] };
  if (sessionIds.length === 0) return result;
  const restricted = tx
    .select({ id: materials.id, afterRetention: materials.afterRetention, sessionId: materials.sessionId })
    .from(materials)
    .where(and(inArray(materials.sessionId, sessionIds), eq(materials.visibility, "seat_holders"), isNull(materials.deletedAt)))
    .all();
  for (const material of restricted) {
    if (material.afterRetention === "remove") {
      result.filesToRemove.push(...softDelete(tx, material.id, now));
      result.removed.push(material.id);
    } else {
      tx.update(materials).set({ visibility: "staff", updatedAt: now }).where(eq(materials.id, material.id)).run();
      reindexMaterial(tx, material.id);
      result.opened.push(material.id);
    }
    writeAudit(tx, {
      actorId: null,
      action: material.afterRetention === "remove" ? "material_removed_by_retention" : "material_opened_by_retention",
      subjectType: "material",
      subjectId: material.id,
      details: { sessionId: material.sessionId },
      at: now,
    });
  }
  return result;
}
