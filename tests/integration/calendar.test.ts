import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { outbox, sessions } from "~db/schema";
import { publishedCalendar } from "~/calendar/ical.server";
import { deliverDueMails } from "~/mail/sender.server";
import { createMailTransport } from "~/mail/transport.server";
import { cancelRegistration, register } from "~/registrations/transitions.server";
import type { SessionInput } from "~/sessions/planning.schema";
import { cancelSession } from "~/sessions/cancellation.server";
import { updateSession } from "~/sessions/planning.server";
import { createTestDb } from "../support/db";
import { testEnv } from "../support/env";
import { createSeries, createSession, createUser } from "../support/factories";
import { parseCalendar } from "../support/ical";
import { startSmtpServer, type TestSmtpServer } from "../support/smtp";

const APP_URL = "https://ki-info.stadt.example";
const MAIL_FROM = "KI-Infoveranstaltungen <ki-info@stadt.example>";
const clock = (iso: string) => ({ now: new Date(iso), appUrl: APP_URL, mailFrom: MAIL_FROM, alarmMinutes: 15 });

type Db = ReturnType<typeof createTestDb>["db"];

function invitesTo(db: Db, email: string) {
  return db
    .select()
    .from(outbox)
    .where(eq(outbox.recipient, email))
    .all()
    .filter((m) => m.ics)
    .map((m) => ({ kind: m.kind, icsMethod: m.icsMethod, ...parseCalendar(m.ics!) }));
}

function asInput(db: Db, sessionId: number, changes: Partial<SessionInput>): SessionInput {
  const row = db.select().from(sessions).where(eq(sessions.id, sessionId)).get()!;
  return { ...row, facilitatorIds: [], ...changes } as unknown as SessionInput;
}

describe("calendar invites", () => {
  it("keeps one UID and strictly rising sequences through a whole lifecycle, with UTC times across DST", () => {
    const { db } = createTestDb();
    const admin = { id: createUser(db, { roles: ["admin"] }).id, roles: ["admin"] };
    const anna = createUser(db, { email: "anna@stadt.example", displayName: "Anna Beispiel" });
    const series = createSeries(db, { title: "KI; Recht, Praxis – Fragen 🤖" });
    // Thu 26 March 2027, 10:00–11:30 in Berlin (CET, UTC+1).
    const session = createSession(db, {
      seriesId: series.id,
      startsAt: new Date("2027-03-26T09:00:00Z"),
      endsAt: new Date("2027-03-26T10:30:00Z"),
      format: "hybrid",
      place: "Rathaus, Rathausplatz 1",
      room: "Raum 1; Nord",
      onlineUrl: "https://video.stadt.example/raum-1",
      capacity: 5,
      publishedAt: new Date("2027-03-01T00:00:00Z"),
    });

    expect(register(db, anna.id, session.id, {}, clock("2027-03-10T08:00:00Z")).ok).toBe(true);
    // Moved to Monday 29 March 2027, 10:00–11:30 in Berlin, now summer time (UTC+2).
    const move = asInput(db, session.id, { startsAt: new Date("2027-03-29T08:00:00Z"), endsAt: new Date("2027-03-29T09:30:00Z") });
    const preview = updateSession(db, admin, session.id, move, clock("2027-03-11T08:00:00Z"));
    const moved = updateSession(db, admin, session.id, move, clock("2027-03-11T08:00:00Z"), {
      confirmation: "confirmation" in preview ? preview.confirmation : undefined,
    });
    expect(moved).toMatchObject({ ok: true, significant: true, notified: 1 });
    expect(cancelRegistration(db, anna.id, session.id, clock("2027-03-12T08:00:00Z")).ok).toBe(true);
    expect(register(db, anna.id, session.id, {}, clock("2027-03-13T08:00:00Z")).ok).toBe(true);
    expect(cancelSession(db, admin, session.id, "Raum nicht verfügbar", clock("2027-03-14T08:00:00Z")).ok).toBe(true);

    const invites = invitesTo(db, "anna@stadt.example");
    expect(invites.map((i) => [i.kind, i.method])).toEqual([
      ["confirmation", "REQUEST"],
      ["session_changed", "REQUEST"],
      ["cancellation", "CANCEL"],
      ["confirmation", "REQUEST"],
      ["session_cancelled", "CANCEL"],
    ]);
    const events = invites.map((i) => i.events[0]!);
    expect(new Set(events.map((e) => e.uid))).toEqual(new Set([`session-${session.id}@ki-info.stadt.example`]));
    const sequences = events.map((e) => e.sequence);
    for (let i = 1; i < sequences.length; i++) expect(sequences[i]).toBeGreaterThan(sequences[i - 1]!);
    // The MIME method parameter the mail will carry equals the VCALENDAR METHOD.
    for (const invite of invites) expect(invite.icsMethod).toBe(invite.method);

    expect(events[0]!.start).toEqual(new Date("2027-03-26T09:00:00Z"));
    expect(events[1]!.start).toEqual(new Date("2027-03-29T08:00:00Z"));
    expect(events[1]!.end).toEqual(new Date("2027-03-29T09:30:00Z"));
    for (const event of events) {
      expect(event.startIsUtc).toBe(true);
      expect(event.organizer?.toLowerCase()).toBe("mailto:ki-info@stadt.example");
      expect(event.attendees).toEqual([{ value: "mailto:anna@stadt.example", rsvp: "FALSE" }]);
      expect(event.summary).toBe("KI; Recht, Praxis – Fragen 🤖");
      expect(event.description).toContain(`${APP_URL}/sessions/${session.id}`);
      expect(event.description).toContain("bleibt Ihre Anmeldung bestehen");
    }
    // The online link only goes to someone who holds the place.
    expect(events[0]!.location).toContain("https://video.stadt.example/raum-1");
    expect(events[0]!.location).toContain("Raum 1; Nord");
    expect(events[2]!.location).not.toContain("video.stadt.example");
    expect(events[0]!.status).toBe("CONFIRMED");
    expect(events[0]!.alarms).toBe(1);
    expect(events[4]!.status).toBe("CANCELLED");

    const changeMail = db.select().from(outbox).where(eq(outbox.kind, "session_changed")).get()!;
    expect(changeMail.text).toContain("Beginn: Fr., 26. März 2027, 10:00\u00a0Uhr → Mo., 29. März 2027, 10:00\u00a0Uhr");
  });

  it("asks the organiser to confirm before telling people, and sends waitlisted people text only", () => {
    const { db } = createTestDb();
    const admin = { id: createUser(db, { roles: ["admin"] }).id, roles: ["admin"] };
    const session = createSession(db, {
      capacity: 1,
      startsAt: new Date("2027-05-03T08:00:00Z"),
      endsAt: new Date("2027-05-03T09:30:00Z"),
      publishedAt: new Date("2027-04-01T00:00:00Z"),
    });
    const holder = createUser(db, { email: "holder@stadt.example" });
    const waiting = createUser(db, { email: "waiting@stadt.example" });
    register(db, holder.id, session.id, {}, clock("2027-04-10T08:00:00Z"));
    register(db, waiting.id, session.id, {}, clock("2027-04-10T08:01:00Z"));
    const before = db.select().from(sessions).where(eq(sessions.id, session.id)).get();
    const change = asInput(db, session.id, { room: "Großer Saal" });
    const preview = updateSession(db, admin, session.id, change, clock("2027-04-11T08:00:00Z"));
    expect(preview).toEqual({
      ok: false,
      reason: "needs_confirmation",
      changes: [{ label: "Raum", old: "Ratssaal", new: "Großer Saal" }],
      holders: 1,
      waitlisted: 1,
      names: [holder.displayName, `${waiting.displayName} (Warteliste)`],
      confirmation: expect.stringMatching(/^[0-9a-f]{64}$/),
      stale: false,
    });
    expect(db.select().from(sessions).where(eq(sessions.id, session.id)).get()).toEqual(before);
    const confirmation = "confirmation" in preview ? preview.confirmation : undefined;
    expect(updateSession(db, admin, session.id, change, clock("2027-04-11T08:00:00Z"), { confirmation })).toMatchObject({
      ok: true,
      notified: 2,
    });
    const mails = db.select().from(outbox).where(eq(outbox.kind, "session_changed")).all();
    expect(mails.find((m) => m.recipient === "holder@stadt.example")!.icsMethod).toBe("REQUEST");
    expect(mails.find((m) => m.recipient === "waiting@stadt.example")!.ics).toBeNull();
  });

  it("escapes and folds titles and places with commas, semicolons, newlines, umlauts and emoji", () => {
    const text = publishedCalendar(
      [
        {
          session: {
            id: 7,
            seriesTitle: "Fragen, Antworten; und mehr: Übersicht für alle Ämter 🧑‍💻 mit einem sehr, sehr langen Titel, der gefaltet wird",
            startsAt: new Date("2026-10-25T09:00:00Z"),
            endsAt: new Date("2026-10-25T10:00:00Z"),
            format: "in_person",
            place: "Straße 1\nHinterhaus",
            room: "Raum; A",
            onlineUrl: null,
            status: "published",
          },
          sequence: 0,
          includeOnlineLink: false,
        },
      ],
      { appUrl: APP_URL, mailFrom: MAIL_FROM, alarmMinutes: 15 },
      "KI-Infoveranstaltungen",
    );
    for (const line of text.split("\r\n")) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
    const [event] = parseCalendar(text).events;
    expect(event!.summary).toBe(
      "Fragen, Antworten; und mehr: Übersicht für alle Ämter 🧑‍💻 mit einem sehr, sehr langen Titel, der gefaltet wird",
    );
    expect(event!.location).toBe("Straße 1\nHinterhaus, Raum; A");
    expect(event!.organizer).toBeNull();
    expect(event!.attendees).toEqual([]);
    expect(parseCalendar(text).method).toBe("PUBLISH");
  });
});

describe("invites as iMIP mails through a real SMTP server", () => {
  let smtp: TestSmtpServer;
  beforeAll(async () => {
    smtp = await startSmtpServer();
  });
  afterAll(() => smtp.close());

  it("sends multipart/alternative with text, html and text/calendar; method=REQUEST, plus exactly one .ics attachment", async () => {
    const { db } = createTestDb();
    const env = testEnv({ SMTP_URL: smtp.url });
    const person = createUser(db, { email: "mime@stadt.example" });
    const session = createSession(db, { capacity: 3 });
    register(db, person.id, session.id, {}, clock(new Date().toISOString()));
    const transport = createMailTransport(env);
    await deliverDueMails(db, transport, { owner: "t", from: MAIL_FROM, retryDelaysMs: [1000] });
    transport.close();
    const [mail] = await smtp.waitFor(1);
    const raw = mail!.raw;
    expect(raw).toMatch(/Content-Type: multipart\/mixed/);
    expect(raw).toMatch(/Content-Type: multipart\/alternative/);
    expect(raw).toMatch(/Content-Type: text\/plain/);
    expect(raw).toMatch(/Content-Type: text\/html/);
    expect(raw).toMatch(/Content-Type: text\/calendar; charset=utf-8; method=REQUEST/);
    expect(raw).toMatch(/filename=einladung\.ics/);
    expect(mail!.to).toEqual(["mime@stadt.example"]);
    // Exactly one .ics file for the person to open, next to exactly one inline invite part
    // (mailparser lists both under attachments, so they are told apart by disposition).
    const files = mail!.parsed.attachments.filter((a) => a.contentDisposition === "attachment");
    expect(files.map((a) => a.filename)).toEqual(["einladung.ics"]);
    const inline = mail!.parsed.attachments.filter((a) => a.contentType === "text/calendar");
    expect(inline).toHaveLength(1);
    expect(inline[0]!.contentDisposition).not.toBe("attachment");
    expect((raw.match(/Content-Disposition: attachment/g) ?? []).length).toBe(1);
    expect(files[0]!.content.toString("utf8")).toBe(inline[0]!.content.toString("utf8"));
    const calendarPart = mail!.parsed.attachments.find((a) => a.contentType === "text/calendar" || a.filename === "einladung.ics")!;
    const parsed = parseCalendar(calendarPart.content.toString("utf8"));
    expect(parsed.method).toBe("REQUEST");
    expect(parsed.events[0]!.attendees).toEqual([{ value: "mailto:mime@stadt.example", rsvp: "FALSE" }]);
  });
});
