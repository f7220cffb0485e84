// The retention periods in the settings table (decision 020): defaults until an organiser
// changes them on /admin/settings; every change leaves an audit entry with old and new values.
import { and, desc, eq, like } from "drizzle-orm";
import { writeAudit } from "~/lib/audit.server";
import { schema, type Db, type DbOrTx } from "~/lib/db.server";
import {
  RETENTION_FIELDS,
  parseRetentionInput,
  retentionSettingsFrom,
  settingKey,
  type RetentionInputErrors,
  type RetentionSettingName,
  type RetentionSettings,
} from "./retention-rules";
import { storedDataItems, type StoredDataItem } from "./stored-data";

const { auditLog, settings } = schema;

export const RETENTION_RUN_ACTION = "retention_run";

/** When the last real run finished (its audit entry); dry runs leave none. */
export function lastRetentionRunAt(db: DbOrTx): Date | null {
  return (
    db
      .select({ at: auditLog.at })
      .from(auditLog)
      .where(and(eq(auditLog.subjectType, "retention"), eq(auditLog.subjectId, "run"), eq(auditLog.action, RETENTION_RUN_ACTION)))
      .orderBy(desc(auditLog.id))
      .limit(1)
      .get()?.at ?? null
  );
}

/** Read in the caller's transaction: a run works with the periods it was decided under. */
export function readRetentionSettings(tx: DbOrTx): RetentionSettings {
  const rows = tx.select().from(settings).where(like(settings.key, "retention.%")).all();
  return retentionSettingsFrom(Object.fromEntries(rows.map((row) => [row.key, row.value])));
}

export type SaveRetentionResult =
  | { ok: true; changed: RetentionSettingName[] }
  | { ok: false; reason: "forbidden" }
  | { ok: false; reason: "invalid"; errors: RetentionInputErrors };

export function saveRetentionSettings(
  db: Db,
  actor: { id: number; roles: readonly string[] },
  input: Partial<Record<RetentionSettingName, string>>,
  now: Date,
): SaveRetentionResult {
  if (!actor.roles.includes("admin")) return { ok: false, reason: "forbidden" };
  const parsed = parseRetentionInput(input);
  if (!parsed.ok) return { ok: false, reason: "invalid", errors: parsed.errors };
  return db.transaction(
    (tx) => {
      const before = readRetentionSettings(tx);
      const changed = RETENTION_FIELDS.map((f) => f.name).filter((name) => before[name] !== parsed.settings[name]);
      for (const name of changed) {
        const value = String(parsed.settings[name]);
        tx.insert(settings)
          .values({ key: settingKey(name), value })
          .onConflictDoUpdate({ target: settings.key, set: { value } })
          .run();
      }
      if (changed.length > 0) {
        writeAudit(tx, {
          actorId: actor.id,
          action: "setting_changed",
          subjectType: "setting",
          subjectId: "retention",
          details: Object.fromEntries(changed.map((name) => [name, { old: before[name], new: parsed.settings[name] }])),
          at: now,
        });
      }
      return { ok: true as const, changed };
    },
    { behavior: "immediate" },
  );
}

/** The privacy page's generated section, from the settings the next run will use. */
export function storedDataFor(db: DbOrTx, env: { loginMaxDays: number; loginIdleDays: number }): StoredDataItem[] {
  return storedDataItems(readRetentionSettings(db), env);
}

/** The settings page's form: the current periods as text, and when the run last ran. */
export function retentionFormValues(db: Db): { values: Record<RetentionSettingName, string>; lastRunAt: string | null } {
  const current = readRetentionSettings(db);
  return {
    values: Object.fromEntries(RETENTION_FIELDS.map(({ name }) => [name, String(current[name])])) as Record<RetentionSettingName, string>,
    lastRunAt: lastRetentionRunAt(db)?.toISOString() ?? null,
  };
}

/** The posted form: saved, or refused with what was typed and a message per field. */
export function saveRetentionFromForm(
  db: Db,
  actor: { id: number; roles: readonly string[] },
  form: FormData,
  now: Date,
):
  | { ok: true; changed: RetentionSettingName[] }
  | { ok: false; reason: "forbidden" }
  | { ok: false; reason: "invalid"; values: Record<RetentionSettingName, string>; errors: RetentionInputErrors } {
  const values = Object.fromEntries(RETENTION_FIELDS.map(({ name }) => [name, String(form.get(name) ?? "")])) as Record<
    RetentionSettingName,
    string
  >;
  const result = saveRetentionSettings(db, actor, values, now);
  return result.ok || result.reason === "forbidden" ? result : { ...result, values };
}
