import { eq } from "drizzle-orm";
import type { RenderedMail } from "~emails/layout";
import type { SessionFacts } from "~emails/session-facts";
import { formatDateRange } from "~/lib/dates";
import { schema, type DbOrTx } from "~/lib/db.server";
import { queueMail } from "~/mail/outbox.server";
import { FORMAT_LABELS } from "~/sessions/rules";

type SessionLike = {
  id: number;
  startsAt: Date;
  endsAt: Date;
  format: "in_person" | "online" | "hybrid";
  place: string;
  room: string;
  onlineUrl?: string | null;
};

/**
 * `seat`: the mail goes to someone who holds a place, so it carries the meeting link of an
 * online or hybrid session (people on the waitlist find it once they have a place).
 */
export function sessionFacts(session: SessionLike, seriesTitle: string, appUrl: string, options: { seat?: boolean } = {}): SessionFacts {
  const where =
    session.format === "online"
      ? FORMAT_LABELS.online
      : `${FORMAT_LABELS[session.format]}: ${[session.place, session.room].filter(Boolean).join(", ")}`;
  const onlineUrl = options.seat && session.format !== "in_person" ? (session.onlineUrl ?? null) : null;
  return {
    seriesTitle,
    when: formatDateRange(session.startsAt, session.endsAt),
    where,
    url: `${appUrl}/sessions/${session.id}`,
    onlineUrl,
  };
}

/**
 * Queues a mail to the person behind a registration, in the caller's transaction. People
 * registered by hand without an address get no mail.
 */
export function mailPerson(
  tx: DbOrTx,
  // null: an anonymised registration (decision 020) — nobody left to tell.
  userId: number | null,
  input: { dedupeKey: string; kind: string; mail: RenderedMail; ics?: { method: "REQUEST" | "CANCEL"; content: string } },
  now: Date,
): void {
  if (userId === null) return;
  const user = tx.select({ email: schema.users.email }).from(schema.users).where(eq(schema.users.id, userId)).get();
  if (!user?.email) return;
  queueMail(tx, { ...input, recipient: user.email }, now);
}
