import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { outbox } from "~db/schema";
import { personalInvite, type CalendarSession } from "~/calendar/ical.server";
import { register } from "~/registrations/transitions.server";
import { createTestDb } from "../support/db";
import { createSession, createUser } from "../support/factories";
import { parseCalendar } from "../support/ical";

const APP_URL = "https://ki-info.stadt.example";
const MAIL_FROM = "KI-Infoveranstaltungen <ki-info@stadt.example>";
const ctx = { appUrl: APP_URL, mailFrom: MAIL_FROM, alarmMinutes: 15 };

const session: CalendarSession = {
  id: 7,
  seriesTitle: "Die Dienstvereinbarung KI",
  startsAt: new Date("2027-03-03T09:00:00Z"),
  endsAt: new Date("2027-03-03T10:30:00Z"),
  format: "in_person",
  place: "Rathaus",
  room: "Ratssaal",
  onlineUrl: null,
  status: "published",
};

/** CN and address of the one ATTENDEE, as ical.js (a real RFC 5545 parser) reads them. */
function attendeeOf(ics: string) {
  const { raw, events } = parseCalendar(ics);
  const attendee = raw.getFirstSubcomponent("vevent")!.getFirstProperty("attendee")!;
  expect(events[0]!.attendees).toHaveLength(1);
  return { cn: attendee.getParameter("cn") as string, address: String(attendee.getFirstValue()) };
}

function expectWellFormed(ics: string) {
  // `ics` would write `\"`, which RFC 5545 does not know.
  expect(ics).not.toContain('\\"');
  for (const line of ics.split("\r\n")) expect(Buffer.byteLength(line), line).toBeLessThanOrEqual(75);
}

// [name as stored, CN as it comes back]: unchanged apart from the quote replacement.
const NAMES: [string, string][] = [
  ['Müller, "Kalle"; Jr.', "Müller, \u201eKalle\u201d; Jr."],
  ['"Kalle" und "Kim" Müller', "\u201eKalle\u201d und \u201eKim\u201d Müller"],
  ['Ein "offenes Zitat', "Ein \u201eoffenes Zitat"],
  ["Änne-Östrid Müller-Lüdenscheidt von Überlingen-Großbärenfeld, geb. Schäfer-Jürgensen", ""],
  ["Dr. Kim: Amt 10; Team Nord, Süd", ""],
  ["Ana 🌻 Li ß", ""],
  ["Zeichen ^ und ^n und ^^ und ^'", ""],
];

describe("names in calendar invites", () => {
  it.each(NAMES.map(([name, expected]) => ({ name, expected: expected || name })))(
    "CN of $name comes back as $expected, the mailto address unchanged",
    ({ name, expected }) => {
      const address = "kalle.mueller-luedenscheidt+ki@stadt.example";
      const ics = personalInvite(session, { ctx, method: "REQUEST", sequence: 0, attendee: { name, email: address } });
      expectWellFormed(ics);
      expect(attendeeOf(ics)).toEqual({ cn: expected, address: `mailto:${address}` });
    },
  );

  it("keeps a long name with umlauts whole across folded lines", () => {
    const name = `${"Äöüß Müller-Lüdenscheidt ".repeat(4).trim()}, "Kalle"`;
    const ics = personalInvite(session, { ctx, method: "CANCEL", sequence: 3, attendee: { name, email: "lang@stadt.example" } });
    expectWellFormed(ics);
    expect(ics.split("\r\n").filter((line) => line.startsWith(" ")).length).toBeGreaterThan(0);
    expect(attendeeOf(ics).cn).toBe(`${"Äöüß Müller-Lüdenscheidt ".repeat(4).trim()}, \u201eKalle\u201d`);
  });

  it("turns control characters stored before names refused them into spaces, so they cannot end the line", () => {
    const ics = personalInvite(session, {
      ctx,
      method: "REQUEST",
      sequence: 0,
      attendee: { name: "Kalle\r\nATTENDEE:mailto:fremd@example.org", email: "kalle@stadt.example" },
    });
    expectWellFormed(ics);
    expect(parseCalendar(ics).events[0]!.attendees.map((a) => a.value)).toEqual(["mailto:kalle@stadt.example"]);
    expect(attendeeOf(ics).cn).toBe("Kalle ATTENDEE:mailto:fremd@example.org");
  });

  it("writes the quote-replaced name into the invite a registration queues", () => {
    const { db } = createTestDb();
    const person = createUser(db, { email: "kalle@stadt.example", displayName: 'Müller, "Kalle"; Jr.' });
    const dated = createSession(db, { startsAt: new Date(Date.now() + 7 * 24 * 3600_000) });
    expect(register(db, person.id, dated.id, {}, { now: new Date(), ...ctx }).ok).toBe(true);
    const mail = db
      .select()
      .from(outbox)
      .where(eq(outbox.recipient, "kalle@stadt.example"))
      .all()
      .find((m) => m.ics)!;
    expectWellFormed(mail.ics!);
    expect(attendeeOf(mail.ics!)).toEqual({ cn: "Müller, \u201eKalle\u201d; Jr.", address: "mailto:kalle@stadt.example" });
  });
});
