import { eq } from "drizzle-orm";
import { schema, type Db, type DbOrTx } from "~/lib/db.server";
import { isDepartmentChoice, OTHER_DEPARTMENT } from "~/people/departments";
import { loadDepartments } from "~/people/departments.server";

export function updateProfile(db: Db, userId: number, input: { displayName: string; department: string | null }, now = new Date()): void {
  db.transaction(
    (tx) => {
      tx.update(schema.users)
        .set({ displayName: input.displayName, department: input.department, profileCompletedAt: now })
        .where(eq(schema.users.id, userId))
        .run();
      tx.insert(schema.auditLog)
        .values({ actorId: userId, action: "profile_updated", subjectType: "user", subjectId: String(userId), at: now })
        .run();
    },
    { behavior: "immediate" },
  );
}

/**
 * The departments the profile offers (decision 023): the organisers' list plus "Sonstige"; an
 * empty list means free text, as before the list existed.
 */
export function profileDepartments(db: DbOrTx): string[] {
  return loadDepartments(db);
}

/** Refuses a department that is not on a non-empty list (a forged form); null when it fits. */
export function departmentError(db: DbOrTx, department: string | null): string | null {
  const list = loadDepartments(db);
  if (list.length === 0 || department === null || isDepartmentChoice(list, department)) return null;
  return `Bitte wählen Sie einen Eintrag aus der Liste oder „${OTHER_DEPARTMENT}“.`;
}
