// A deleted account's last mails (the cancellations of its places, with their CANCEL invites)
// still have to reach the person, so their outbox rows live on until sent. Once a row is
// finished (sent, failed or dropped) and no account has its address any more, its address and
// content are removed: the row stays for the mail statistics, but nobody can read to whom it
// went or what it said (decision 021). Sign-in mails are left to the sender's own scrubbing:
// they go to addresses before any account exists.
import { and, eq, inArray, ne, type SQL, sql } from "drizzle-orm";
import { type DbOrTx, schema } from "~/lib/db.server";

const { outbox, users } = schema;

export const SCRUBBED_SUBJECT = "(nach Löschung des Kontos entfernt)";

/** Scrubs finished mails to addresses without an account; `only` narrows it (the sender: one row). */
export function scrubFinishedMailsOfDeletedAccounts(tx: DbOrTx, only?: { outboxId: number }): number {
  const where: SQL | undefined = and(
    only ? eq(outbox.id, only.outboxId) : undefined,
    inArray(outbox.status, ["sent", "failed", "dropped"]),
    ne(outbox.kind, "login"),
    ne(outbox.recipient, ""),
    sql`not exists (select 1 from ${users} where ${users.email} = ${outbox.recipient})`,
  );
  // A failed mail cannot be retried without its address: it counts as dropped from now on.
  tx.update(outbox)
    .set({ status: "dropped", lastError: "Konto gelöscht" })
    .where(and(where, eq(outbox.status, "failed")))
    .run();
  return tx
    .update(outbox)
    .set({ recipient: "", subject: SCRUBBED_SUBJECT, text: "", html: "", ics: null, icsMethod: null })
    .where(where)
    .run().changes;
}
