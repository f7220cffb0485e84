// The invite attached to a person's mail. A calendar ignores a message whose SEQUENCE is
// not higher than the last one it saw for that UID, and a REQUEST after a CANCEL needs a
// higher one: so each registration remembers the last sequence it was sent, and the next
// invite uses max(session sequence, last sent to this person for this session + 1).
import { and, eq, sql } from "drizzle-orm";
import { schema, type DbOrTx } from "~/lib/db.server";
import { personalInvite, type CalendarContext, type CalendarSession } from "./ical.server";

export type Invite = { method: "REQUEST" | "CANCEL"; content: string };

export function nextSequence(sessionSequence: number, lastSent: number | null): number {
  return Math.max(sessionSequence, lastSent === null ? 0 : lastSent + 1);
}

/** Builds the invite for one registration and records its sequence, in the caller's transaction. */
export function inviteForRegistration(
  tx: DbOrTx,
  registrationId: number,
  session: CalendarSession & { sequence: number },
  method: "REQUEST" | "CANCEL",
  ctx: CalendarContext,
  options: { sessionCancelled?: boolean } = {},
): Invite | undefined {
  const row = tx
    .select({ userId: schema.registrations.userId, email: schema.users.email, name: schema.users.displayName })
    .from(schema.registrations)
    .innerJoin(schema.users, eq(schema.users.id, schema.registrations.userId))
    .where(eq(schema.registrations.id, registrationId))
    .get();
  if (!row?.email || row.userId === null) return undefined;
  // Per person and session, across registrations: someone who cancels and registers again
  // gets a new registration row, but their calendar still remembers the old CANCEL.
  const lastSent =
    tx
      .select({ last: sql<number | null>`max(${schema.registrations.lastSequenceSent})` })
      .from(schema.registrations)
      .where(and(eq(schema.registrations.userId, row.userId), eq(schema.registrations.sessionId, session.id)))
      .get()?.last ?? null;
  const sequence = nextSequence(session.sequence, lastSent);
  tx.update(schema.registrations).set({ lastSequenceSent: sequence }).where(eq(schema.registrations.id, registrationId)).run();
  return {
    method,
    content: personalInvite(session, {
      ctx,
      method,
      sequence,
      attendee: { name: row.name || row.email, email: row.email },
      sessionCancelled: options.sessionCancelled,
    }),
  };
}
