// The organisers' note on working time ("Die Teilnahme ist Arbeitszeit."): one setting for the
// whole organisation, shown on every session page; empty = not shown. Edited on
// /admin/identity next to the other organisation-wide texts; read and written only here.
import { eq } from "drizzle-orm";
import { writeAudit } from "~/lib/audit.server";
import { schema, type Db, type DbOrTx } from "~/lib/db.server";
import { checkWorkingTimeNote } from "./session-page";

const { settings } = schema;

export const SETTING_WORKING_TIME_NOTE = "working_time_note";

export function readWorkingTimeNote(db: DbOrTx): string {
  return db.select({ value: settings.value }).from(settings).where(eq(settings.key, SETTING_WORKING_TIME_NOTE)).get()?.value ?? "";
}

export type SaveWorkingTimeNoteResult =
  | { ok: true; changed: boolean }
  | { ok: false; reason: "forbidden" }
  | { ok: false; reason: "invalid"; message: string };

export function saveWorkingTimeNote(
  db: Db,
  actor: { id: number | null; roles: readonly string[] },
  input: string,
  now: Date,
): SaveWorkingTimeNoteResult {
  if (!actor.roles.includes("admin")) return { ok: false, reason: "forbidden" };
  const checked = checkWorkingTimeNote(input);
  if (!checked.ok) return { ok: false, reason: "invalid", message: checked.message };
  return db.transaction(
    (tx) => {
      const before = readWorkingTimeNote(tx);
      if (before === checked.note) return { ok: true as const, changed: false };
      if (checked.note === "") tx.delete(settings).where(eq(settings.key, SETTING_WORKING_TIME_NOTE)).run();
      else
        tx.insert(settings)
          .values({ key: SETTING_WORKING_TIME_NOTE, value: checked.note })
          .onConflictDoUpdate({ target: settings.key, set: { value: checked.note } })
          .run();
      writeAudit(tx, {
        actorId: actor.id,
        action: "working_time_note_changed",
        subjectType: "setting",
        subjectId: SETTING_WORKING_TIME_NOTE,
        details: { old: before, new: checked.note },
        at: now,
      });
      return { ok: true as const, changed: true };
    },
    { behavior: "immediate" },
  );
}
