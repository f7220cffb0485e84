import ICAL from "ical.js";

export type ParsedEvent = {
  method: string | null;
  uid: string;
  sequence: number;
  start: Date;
  end: Date;
  startIsUtc: boolean;
  status: string | null;
  summary: string;
  location: string;
  description: string;
  url: string | null;
  organizer: string | null;
  attendees: { value: string; rsvp: string | null }[];
  alarms: number;
};

/** Parses iCalendar text with ical.js (a real RFC 5545 parser) into what the tests check. */
export function parseCalendar(text: string): { method: string | null; events: ParsedEvent[]; raw: ICAL.Component } {
  const calendar = new ICAL.Component(ICAL.parse(text));
  const method = (calendar.getFirstPropertyValue("method") as string | null) ?? null;
  const events = calendar.getAllSubcomponents("vevent").map((vevent) => {
    const start = vevent.getFirstPropertyValue("dtstart") as ICAL.Time;
    const end = vevent.getFirstPropertyValue("dtend") as ICAL.Time;
    const organizer = vevent.getFirstProperty("organizer");
    return {
      method,
      uid: String(vevent.getFirstPropertyValue("uid")),
      sequence: Number(vevent.getFirstPropertyValue("sequence") ?? 0),
      start: start.toJSDate(),
      end: end.toJSDate(),
      startIsUtc:
        start.zone?.tzid === "UTC" || (start.isDate === false && String(vevent.getFirstProperty("dtstart")!.toICALString()).endsWith("Z")),
      status: (vevent.getFirstPropertyValue("status") as string | null) ?? null,
      summary: String(vevent.getFirstPropertyValue("summary") ?? ""),
      location: String(vevent.getFirstPropertyValue("location") ?? ""),
      description: String(vevent.getFirstPropertyValue("description") ?? ""),
      url: (vevent.getFirstPropertyValue("url") as string | null) ?? null,
      organizer: organizer ? String(organizer.getFirstValue()) : null,
      attendees: vevent
        .getAllProperties("attendee")
        .map((a) => ({ value: String(a.getFirstValue()), rsvp: (a.getParameter("rsvp") as string | undefined) ?? null })),
      alarms: vevent.getAllSubcomponents("valarm").length,
    };
  });
  return { method, events, raw: calendar };
}
