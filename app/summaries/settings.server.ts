// The co-approval setting (decision 013): off by default; admins switch it on /admin/settings.
import { eq } from "drizzle-orm";
import { writeAudit } from "~/lib/audit.server";
import { schema, type Db, type DbOrTx } from "~/lib/db.server";
import { isAdmin, type Actor } from "./access.server";
import { SETTING_COUNCIL_APPROVAL } from "./rules";

const { settings } = schema;

/** Read in the caller's transaction: a publish checks the setting it is decided under. */
export function councilApprovalOn(tx: DbOrTx): boolean {
  return tx.select({ value: settings.value }).from(settings).where(eq(settings.key, SETTING_COUNCIL_APPROVAL)).get()?.value === "on";
}

export function setCouncilApproval(
  db: Db,
  actor: Actor,
  on: boolean,
  now: Date,
): { ok: true; changed: boolean } | { ok: false; reason: "forbidden" } {
  if (!isAdmin(actor)) return { ok: false, reason: "forbidden" };
  return db.transaction(
    (tx) => {
      const before = councilApprovalOn(tx);
      if (before === on) return { ok: true as const, changed: false };
      tx.insert(settings)
        .values({ key: SETTING_COUNCIL_APPROVAL, value: on ? "on" : "off" })
        .onConflictDoUpdate({ target: settings.key, set: { value: on ? "on" : "off" } })
        .run();
      writeAudit(tx, {
        actorId: actor.id,
        action: "setting_changed",
        subjectType: "setting",
        subjectId: SETTING_COUNCIL_APPROVAL,
        details: { old: before, new: on },
        at: now,
      });
      return { ok: true as const, changed: true };
    },
    { behavior: "immediate" },
  );
}
