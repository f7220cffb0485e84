import { asc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { outbox } from "~db/schema";
import { cancelRegistration, register } from "~/registrations/transitions.server";
import { createTestDb } from "../support/db";
import { createSession, createUser } from "../support/factories";

// What every mail about a session tells: the date in the subject, the place in the text, and the
// meeting link only to people who hold a place (every-screen issue, item 9).
const APP_URL = "http://localhost:3000";
const clock = { now: new Date(), appUrl: APP_URL, mailFrom: "KI-Infoveranstaltungen <ki@stadt.example>", alarmMinutes: 15 };
const MEETING = "https://konferenz.stadt.example/r/ki-dv-42";

function mailsTo(db: ReturnType<typeof createTestDb>["db"], email: string) {
  return db.select().from(outbox).where(eq(outbox.recipient, email)).orderBy(asc(outbox.id)).all();
}

describe("session mails", () => {
  it("name the date in every subject; the meeting link goes only to people with a place", () => {
    const { db } = createTestDb();
    const session = createSession(db, { capacity: 1, format: "hybrid", onlineUrl: MEETING, place: "Rathaus", room: "Ratssaal" });
    const [anna, ben] = [createUser(db, { email: "anna@stadt.example" }), createUser(db, { email: "ben@stadt.example" })];
    register(db, anna.id, session.id, {}, clock);
    register(db, ben.id, session.id, {}, clock);
    cancelRegistration(db, anna.id, session.id, clock);

    const toAnna = mailsTo(db, "anna@stadt.example");
    const toBen = mailsTo(db, "ben@stadt.example");
    expect(toAnna.map((m) => m.kind)).toEqual(["confirmation", "cancellation"]);
    expect(toBen.map((m) => m.kind)).toEqual(["waitlist", "promoted"]);
    const year = String(session.startsAt.getFullYear());
    for (const mail of [...toAnna, ...toBen]) {
      expect(mail.subject, mail.kind).toContain(year);
      expect(mail.text, mail.kind).toContain("Rathaus, Ratssaal");
    }
    // A place: the link. The waitlist and a cancellation: no link.
    const withLink = [...toAnna, ...toBen].filter((m) => m.text.includes(MEETING)).map((m) => m.kind);
    expect(withLink.sort()).toEqual(["confirmation", "promoted"]);
  });
});
