// Reading and saving the department list (a key in the settings table, JSON array).
import { type AppLoadContext, data } from "@remix-run/node";
import { eq } from "drizzle-orm";
import { writeAudit } from "~/lib/audit.server";
import { type Db, type DbOrTx, schema } from "~/lib/db.server";
import { redirectWithFlash } from "~/lib/flash.server";
import { forbidden } from "~/lib/http";
import { plural } from "~/lib/plural";
import { parseDepartmentList } from "./departments";

const { settings } = schema;
export const SETTING_DEPARTMENTS = "departments";

export function loadDepartments(db: DbOrTx): string[] {
  const value = db.select({ value: settings.value }).from(settings).where(eq(settings.key, SETTING_DEPARTMENTS)).get()?.value;
  if (!value) return [];
  try {
    const parsed: unknown = JSON.parse(value);
    return Array.isArray(parsed) ? parsed.filter((d): d is string => typeof d === "string") : [];
  } catch {
    return [];
  }
}

export type SaveDepartmentsResult =
  | { ok: true; departments: string[]; changed: boolean }
  | { ok: false; reason: "forbidden" }
  | { ok: false; reason: "invalid"; message: string };

export function saveDepartments(db: Db, actor: { id: number; roles: readonly string[] }, text: string, now: Date): SaveDepartmentsResult {
  if (!actor.roles.includes("admin")) return { ok: false, reason: "forbidden" };
  const parsed = parseDepartmentList(text);
  if (!parsed.ok) return { ok: false, reason: "invalid", message: parsed.message };
  return db.transaction(
    (tx) => {
      const before = loadDepartments(tx);
      if (JSON.stringify(before) === JSON.stringify(parsed.departments)) return { ok: true as const, departments: before, changed: false };
      const value = JSON.stringify(parsed.departments);
      tx.insert(settings).values({ key: SETTING_DEPARTMENTS, value }).onConflictDoUpdate({ target: settings.key, set: { value } }).run();
      writeAudit(tx, {
        actorId: actor.id,
        action: "setting_changed",
        subjectType: "setting",
        subjectId: SETTING_DEPARTMENTS,
        details: { old: before, new: parsed.departments },
        at: now,
      });
      return { ok: true as const, departments: parsed.departments, changed: true };
    },
    { behavior: "immediate" },
  );
}

/**
 * The settings page's "departments" intent, kept here so that the page (which other sections
 * share) changes by one line: a refused list comes back next to the field as typed.
 */
export async function departmentsAction(context: AppLoadContext, actor: { id: number; roles: readonly string[] }, form: FormData) {
  const typed = String(form.get("departments") ?? "");
  const result = saveDepartments(context.db, actor, typed, new Date());
  if (!result.ok) {
    if (result.reason === "forbidden") forbidden();
    return data({ departmentsError: result.message, departmentsTyped: typed }, { status: 400 });
  }
  return redirectWithFlash(context, "/admin/settings", {
    kind: "success",
    text: result.changed
      ? `Die Liste der Abteilungen ist gespeichert (${plural(result.departments.length, "Eintrag", "Einträge")}).`
      : "Die Liste der Abteilungen war schon so gespeichert.",
  });
}
