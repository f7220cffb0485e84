// iCalendar text for sessions, written with the `ics` package. Times go in as UTC epoch
// milliseconds and come out as UTC (…Z): `ics` cannot write TZID and would read date
// arrays as host-local time. One stable UID per session; each date is its own event.
import { createEvent, createEvents, type EventAttributes, type HeaderAttributes } from "ics";
import { FORMAT_LABELS } from "~/sessions/rules";

export type CalendarMethod = "REQUEST" | "CANCEL" | "PUBLISH";

export type CalendarSession = {
  id: number;
  seriesTitle: string;
  startsAt: Date;
  endsAt: Date;
  format: "in_person" | "online" | "hybrid";
  place: string;
  room: string;
  onlineUrl: string | null;
  status: "draft" | "published" | "cancelled";
};

export type CalendarContext = { appUrl: string; mailFrom: string; alarmMinutes: number };

const PRODUCT_ID = "-//Stadtverwaltung//KI-Infoveranstaltungen//DE";

export function sessionUid(sessionId: number, appUrl: string): string {
  return `session-${sessionId}@${new URL(appUrl).hostname}`;
}

/** "KI-Infoveranstaltungen <ki-info@stadt.example>" → name and address. */
export function parseMailbox(value: string): { name: string; email: string } {
  const match = /^\s*"?([^"<]*?)"?\s*<([^>]+)>\s*$/.exec(value);
  return match ? { name: match[1]!.trim() || match[2]!, email: match[2]!.trim() } : { name: value.trim(), email: value.trim() };
}

/**
 * A person's name for a CN parameter. `ics` puts every parameter value in quotes and writes
 * a `"` inside as `\"`, which RFC 5545 does not know: a parameter value cannot carry a
 * DQUOTE at all, and parsers cut the name there or reject the line. Typographic quotes
 * („Kalle”) say the same to a reader. A `^` that RFC 6868 would read as an escape is doubled;
 * control characters (stored before names refused them) become spaces.
 */
export function parameterText(value: string): string {
  let opening = true;
  return (
    value
      // biome-ignore lint/suspicious/noControlCharactersInRegex: replacing control characters is the point
      .replace(/[\u0000-\u001f\u007f-\u009f]+/g, " ")
      .replace(/"/g, () => {
        const quote = opening ? "\u201e" : "\u201d";
        opening = !opening;
        return quote;
      })
      .replace(/\^(?=[n'^])/g, "^^")
  );
}

function location(session: CalendarSession, includeOnlineLink: boolean): string {
  const place = [session.place, session.room].filter(Boolean).join(", ");
  const online = session.format === "in_person" ? "" : includeOnlineLink && session.onlineUrl ? `Online: ${session.onlineUrl}` : "Online";
  return [session.format === "online" ? "" : place, online].filter(Boolean).join(" · ") || FORMAT_LABELS[session.format];
}

function description(session: CalendarSession, url: string, includeOnlineLink: boolean): string {
  return [
    `Infoveranstaltung zur Dienstvereinbarung KI: ${session.seriesTitle}`,
    includeOnlineLink && session.onlineUrl && session.format !== "in_person" ? `Link zur Videokonferenz: ${session.onlineUrl}` : null,
    `Alle Angaben und Ihre Anmeldung: ${url}`,
    "Wichtig: Wenn Sie in Ihrem Kalender absagen, bleibt Ihre Anmeldung bestehen. Bitte melden Sie sich auf der Seite des Termins ab, damit Ihr Platz weitergegeben werden kann.",
  ]
    .filter(Boolean)
    .join("\n\n");
}

function organizer(mailFrom: string): { name: string; email: string } {
  const mailbox = parseMailbox(mailFrom);
  return { name: parameterText(mailbox.name), email: mailbox.email };
}

function eventAttributes(
  session: CalendarSession,
  input: {
    ctx: CalendarContext;
    sequence: number;
    cancelled: boolean;
    includeOnlineLink: boolean;
    attendee?: { name: string; email: string };
    withOrganizer: boolean;
  },
): EventAttributes {
  const url = `${input.ctx.appUrl}/sessions/${session.id}`;
  return {
    start: session.startsAt.getTime(),
    startInputType: "utc",
    startOutputType: "utc",
    end: session.endsAt.getTime(),
    endInputType: "utc",
    endOutputType: "utc",
    title: session.seriesTitle,
    description: description(session, url, input.includeOnlineLink),
    location: location(session, input.includeOnlineLink),
    url,
    uid: sessionUid(session.id, input.ctx.appUrl),
    sequence: input.sequence,
    status: input.cancelled ? "CANCELLED" : "CONFIRMED",
    productId: PRODUCT_ID,
    ...(input.withOrganizer ? { organizer: organizer(input.ctx.mailFrom) } : {}),
    // Only the recipient, and no reply wanted: RSVPs would flood the functional mailbox.
    ...(input.attendee
      ? {
          attendees: [
            {
              name: parameterText(input.attendee.name),
              email: input.attendee.email,
              rsvp: false,
              role: "REQ-PARTICIPANT",
              partstat: "NEEDS-ACTION",
            },
          ],
        }
      : {}),
    ...(input.cancelled || input.ctx.alarmMinutes <= 0
      ? {}
      : { alarms: [{ action: "display", description: "Erinnerung", trigger: { minutes: input.ctx.alarmMinutes, before: true } }] }),
  } as EventAttributes;
}

function unwrap(result: { error?: Error | null; value?: string | null }): string {
  if (result.error || !result.value) throw result.error ?? new Error("ics produced no output");
  return foldLines(result.value);
}

/**
 * RFC 5545 §3.1: lines SHOULD NOT be longer than 75 octets. `ics` folds by characters, so
 * a line with umlauts or emoji can exceed that; we unfold and fold again by octets, never
 * inside a multi-byte character.
 */
export function foldLines(text: string): string {
  const lines = text.replace(/\r\n[ \t]/g, "").split("\r\n");
  return lines
    .map((line) => {
      const parts: string[] = [];
      let current = "";
      let bytes = 0;
      for (const char of line) {
        const size = Buffer.byteLength(char);
        const limit = parts.length === 0 ? 75 : 74; // a continuation line starts with a space
        if (bytes + size > limit) {
          parts.push(current);
          current = "";
          bytes = 0;
        }
        current += char;
        bytes += size;
      }
      parts.push(current);
      return parts.join("\r\n ");
    })
    .join("\r\n");
}

/** An iMIP message (RFC 6047) for one person: REQUEST for a held place, CANCEL otherwise. */
export function personalInvite(
  session: CalendarSession,
  input: {
    ctx: CalendarContext;
    method: "REQUEST" | "CANCEL";
    sequence: number;
    attendee: { name: string; email: string };
    sessionCancelled?: boolean;
  },
): string {
  return unwrap(
    createEvent({
      ...eventAttributes(session, {
        ctx: input.ctx,
        sequence: input.sequence,
        cancelled: input.method === "CANCEL" && (input.sessionCancelled ?? false),
        includeOnlineLink: input.method === "REQUEST",
        attendee: input.attendee,
        withOrganizer: true,
      }),
      method: input.method,
    }),
  );
}

/** "Zum Kalender hinzufügen (.ics)" and feeds: PUBLISH, no organizer, no attendee. */
export function publishedCalendar(
  items: { session: CalendarSession; sequence: number; includeOnlineLink: boolean; cancelled?: boolean }[],
  ctx: CalendarContext,
  calName: string,
): string {
  const header: HeaderAttributes = { productId: PRODUCT_ID, method: "PUBLISH", calName };
  if (items.length === 0) {
    // `ics` refuses an empty list; an empty feed is still a valid calendar.
    return [
      "BEGIN:VCALENDAR",
      "VERSION:2.0",
      `PRODID:${PRODUCT_ID}`,
      "METHOD:PUBLISH",
      `X-WR-CALNAME:${calName}`,
      "END:VCALENDAR",
      "",
    ].join("\r\n");
  }
  return unwrap(
    createEvents(
      items.map((item) =>
        eventAttributes(item.session, {
          ctx,
          sequence: item.sequence,
          cancelled: item.cancelled ?? item.session.status === "cancelled",
          includeOnlineLink: item.includeOnlineLink,
          withOrganizer: false,
        }),
      ),
      header,
    ),
  );
}
