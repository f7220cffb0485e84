// A deleted account's last mails (the cancellations of its places, with their CANCEL invites)
// still have to reach the person, so their outbox rows live on until sent. The deletion notes
// those rows' ids in the settings table; once a noted row is finished (sent, or failed for
// good), the sender removes its address and content. The row stays for the mail statistics,
// but nobody can read to whom it went or what it said (decision 021).
import { and, eq, inArray, type SQL } from "drizzle-orm";
import { type DbOrTx, schema } from "~/lib/db.server";

const { outbox, settings } = schema;

export const SCRUBBED_SUBJECT = "(nach Löschung des Kontos entfernt)";
const SCRUB_AFTER_SENDING = "privacy.scrub_after_sending";

const FINISHED = ["sent", "failed", "dropped"] as const;

function scrub(tx: DbOrTx, where: SQL | undefined): number {
  // A failed mail cannot be retried without its address: it counts as dropped from now on.
  tx.update(outbox)
    .set({ status: "dropped", lastError: "Konto gelöscht" })
    .where(and(where, eq(outbox.status, "failed")))
    .run();
  return tx
    .update(outbox)
    .set({ recipient: "", subject: SCRUBBED_SUBJECT, text: "", html: "", ics: null, icsMethod: null })
    .where(and(where, inArray(outbox.status, [...FINISHED])))
    .run().changes;
}

function notedIds(tx: DbOrTx): number[] {
  const row = tx.select({ value: settings.value }).from(settings).where(eq(settings.key, SCRUB_AFTER_SENDING)).get();
  if (!row) return [];
  const parsed: unknown = JSON.parse(row.value);
  return Array.isArray(parsed) ? parsed.filter((id): id is number => Number.isSafeInteger(id)) : [];
}

function saveNotedIds(tx: DbOrTx, ids: number[]): void {
  if (ids.length === 0) {
    tx.delete(settings).where(eq(settings.key, SCRUB_AFTER_SENDING)).run();
    return;
  }
  const value = JSON.stringify(ids);
  tx.insert(settings).values({ key: SCRUB_AFTER_SENDING, value }).onConflictDoUpdate({ target: settings.key, set: { value } }).run();
}

/**
 * At deletion, inside its transaction: finished mails to the address are scrubbed now, the
 * ones still waiting (the cancellations just queued) are noted for scrubbing once sent.
 */
export function scrubMailsToDeletedAddress(tx: DbOrTx, address: string): void {
  scrub(tx, eq(outbox.recipient, address));
  const waiting = tx
    .select({ id: outbox.id })
    .from(outbox)
    .where(and(eq(outbox.recipient, address), eq(outbox.status, "pending")))
    .all()
    .map((r) => r.id);
  if (waiting.length > 0) saveNotedIds(tx, [...new Set([...notedIds(tx), ...waiting])]);
}

/** The sender, after a mail is finished: scrubs it if a deletion noted it. */
export function scrubIfNoted(db: DbOrTx, outboxId: number): boolean {
  // Nearly always nothing is noted: one read, no write lock.
  if (!notedIds(db).includes(outboxId)) return false;
  return db.transaction(
    (tx) => {
      const noted = notedIds(tx);
      if (!noted.includes(outboxId)) return false;
      const changed = scrub(tx, eq(outbox.id, outboxId)) > 0;
      if (changed)
        saveNotedIds(
          tx,
          noted.filter((id) => id !== outboxId),
        );
      return changed;
    },
    { behavior: "immediate" },
  );
}
