import { schema, type DbOrTx } from "./db.server";

/** Every change leaves a trace: who, when, what, old and new values. */
export function writeAudit(
  tx: DbOrTx,
  entry: {
    actorId: number | null;
    action: string;
    subjectType: string;
    subjectId: string | number;
    details?: Record<string, unknown>;
    at?: Date;
  },
): void {
  tx.insert(schema.auditLog)
    .values({
      actorId: entry.actorId,
      action: entry.action,
      subjectType: entry.subjectType,
      subjectId: String(entry.subjectId),
      details: entry.details ?? null,
      at: entry.at ?? new Date(),
    })
    .run();
}

/** The fields whose values differ, as {field: {old, new}}. */
export function changedFields<T extends Record<string, unknown>>(
  before: T,
  after: Partial<T>,
): Record<string, { old: unknown; new: unknown }> {
  const changes: Record<string, { old: unknown; new: unknown }> = {};
  for (const key of Object.keys(after)) {
    const oldValue = before[key];
    const newValue = after[key];
    const same =
      oldValue instanceof Date && newValue instanceof Date
        ? oldValue.getTime() === newValue.getTime()
        : JSON.stringify(oldValue) === JSON.stringify(newValue);
    if (!same) changes[key] = { old: oldValue, new: newValue };
  }
  return changes;
}
