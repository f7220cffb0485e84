import { eq } from "drizzle-orm";
import { schema, type Db } from "~/lib/db.server";

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
