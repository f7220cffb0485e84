// When a published session with registrations moves (time, place, format, online link),
// everyone in it hears exactly what changed: holders with an updated invite, the waitlist
// with the text alone. The organiser sees who will be told before confirming.
import { createHash } from "node:crypto";
import { and, eq, inArray } from "drizzle-orm";
import type { Change } from "~emails/session-changed";
import { renderSessionChanged } from "~emails/session-changed";
import { inviteForRegistration } from "~/calendar/invites.server";
import { formatDateTime } from "~/lib/dates";
import { schema, type DbOrTx } from "~/lib/db.server";
import { mailPerson, sessionFacts } from "~/registrations/mail-facts.server";
import type { Clock } from "~/registrations/clock";
import { ACTIVE } from "~/registrations/rules";
import { FORMAT_LABELS } from "./rules";

type SessionValues = {
  startsAt: Date;
  endsAt: Date;
  format: "in_person" | "online" | "hybrid";
  place: string;
  room: string;
  onlineUrl: string | null;
};

const none = "–";

/** The changes people must hear about, in German, old → new. */
export function significantChanges(before: SessionValues, after: SessionValues): Change[] {
  const changes: Change[] = [];
  if (before.startsAt.getTime() !== after.startsAt.getTime())
    changes.push({ label: "Beginn", old: formatDateTime(before.startsAt), new: formatDateTime(after.startsAt) });
  if (before.endsAt.getTime() !== after.endsAt.getTime())
    changes.push({ label: "Ende", old: formatDateTime(before.endsAt), new: formatDateTime(after.endsAt) });
  if (before.format !== after.format)
    changes.push({ label: "Format", old: FORMAT_LABELS[before.format], new: FORMAT_LABELS[after.format] });
  if (before.place !== after.place) changes.push({ label: "Veranstaltungsort", old: before.place || none, new: after.place || none });
  if (before.room !== after.room) changes.push({ label: "Raum", old: before.room || none, new: after.room || none });
  // The link itself is only for holders; the text says that it changed.
  if ((before.onlineUrl ?? "") !== (after.onlineUrl ?? ""))
    changes.push({ label: "Link zur Videokonferenz", old: "bisheriger Link", new: "neuer Link (siehe Kalendereintrag und Terminseite)" });
  return changes;
}

/**
 * What the organiser confirms after the preview: this session, at this sequence, with exactly
 * these fields changed from these values to these. The save recomputes it from the submitted
 * values and the row as it is then; another edit in the form, or someone else's save in
 * between, gives another value, so the preview is shown again instead of mailing a change
 * nobody saw.
 */
export function changeConfirmation(sessionId: number, sequence: number, changes: Record<string, { old: unknown; new: unknown }>): string {
  const fields = Object.keys(changes)
    .sort()
    .map((field) => [field, canonical(changes[field]!.old), canonical(changes[field]!.new)]);
  return createHash("sha256").update(JSON.stringify({ sessionId, sequence, fields })).digest("hex");
}

function canonical(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  return value ?? null;
}

/** Who would be told: the organiser sees names before confirming. */
export function countAffected(tx: DbOrTx, sessionId: number): { holders: number; waitlisted: number; names: string[] } {
  const rows = tx
    .select({ status: schema.registrations.status, name: schema.users.displayName, email: schema.users.email })
    .from(schema.registrations)
    .innerJoin(schema.users, eq(schema.users.id, schema.registrations.userId))
    .where(and(eq(schema.registrations.sessionId, sessionId), inArray(schema.registrations.status, [...ACTIVE])))
    .orderBy(schema.registrations.id)
    .all();
  const waitlisted = rows.filter((r) => r.status === "waitlisted").length;
  return {
    holders: rows.length - waitlisted,
    waitlisted,
    names: rows.map((r) => `${r.name || r.email || "ohne Namen"}${r.status === "waitlisted" ? " (Warteliste)" : ""}`),
  };
}

/** Inside the update's transaction, after the new values and sequence are written. */
export function notifySessionChange(tx: DbOrTx, sessionId: number, changes: Change[], clock: Clock): number {
  const session = tx
    .select({ session: schema.sessions, seriesTitle: schema.series.title })
    .from(schema.sessions)
    .innerJoin(schema.series, eq(schema.series.id, schema.sessions.seriesId))
    .where(eq(schema.sessions.id, sessionId))
    .get();
  if (!session) return 0;
  const full = { ...session.session, seriesTitle: session.seriesTitle };
  const facts = sessionFacts(full, full.seriesTitle, clock.appUrl);
  const seatFacts = sessionFacts(full, full.seriesTitle, clock.appUrl, { seat: true });
  const active = tx
    .select()
    .from(schema.registrations)
    .where(and(eq(schema.registrations.sessionId, sessionId), inArray(schema.registrations.status, [...ACTIVE])))
    .all();
  for (const registration of active) {
    const holdsSeat = registration.status === "confirmed" || registration.status === "attended";
    mailPerson(
      tx,
      registration.userId,
      {
        dedupeKey: `changed:r${registration.id}:seq${full.sequence}`,
        kind: "session_changed",
        mail: renderSessionChanged(holdsSeat ? seatFacts : facts, { changes, holdsSeat }),
        ics: holdsSeat ? inviteForRegistration(tx, registration.id, full, "REQUEST", clock) : undefined,
      },
      clock.now,
    );
  }
  return active.length;
}
