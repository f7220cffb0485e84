// Every figure on the organisers' dashboard (/admin, decision 018) equals an independent SQL
// count over the same database. The data differ from session to session, so a query that
// counts "the same row everywhere" or forgets a condition (status, horizon, the end of a
// running session) cannot pass.
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { outbox, questions, registrations, type RegistrationStatus } from "~db/schema";
import { DASHBOARD_WEEKS, loadDashboard } from "~/sessions/dashboard.server";
import { createTestDb } from "../support/db";
import { createSeries, createSession, createUser } from "../support/factories";

const H = 3600_000;
const DAY = 24 * H;

describe("dashboard figures equal the database", () => {
  const { db } = createTestDb();
  // A Wednesday; 2026-06-04 (Thursday) is Fronleichnam in NRW.
  const now = new Date("2026-06-03T08:00:00Z");
  const at = (offset: number) => new Date(now.getTime() + offset);
  const admin = createUser(db, { roles: ["admin"] });
  const facilitator = createUser(db, { roles: ["facilitator"] });
  const alpha = createSeries(db, { title: "Alpha" });
  const beta = createSeries(db, { title: "Beta" });
  const published = { status: "published" as const, publishedAt: at(-30 * DAY) };

  type Mix = Partial<Record<RegistrationStatus, number>>;
  const plan: {
    seriesId: number;
    start: number;
    capacity: number;
    status: "draft" | "published" | "cancelled";
    mix: Mix;
    questions: number;
    facilitated: boolean;
  }[] = [
    {
      seriesId: alpha.id,
      start: 1 * DAY + 2 * H,
      capacity: 10,
      status: "published",
      mix: { confirmed: 3, offered: 1, waitlisted: 2, cancelled: 1 },
      questions: 2,
      facilitated: true,
    }, // Fronleichnam
    {
      seriesId: alpha.id,
      start: 5 * DAY,
      capacity: 4,
      status: "published",
      mix: { confirmed: 4, offered: 1, waitlisted: 5 },
      questions: 0,
      facilitated: false,
    },
    {
      seriesId: alpha.id,
      start: -30 * 60_000,
      capacity: 9,
      status: "published",
      mix: { confirmed: 4, attended: 2, waitlisted: 1 },
      questions: 1,
      facilitated: true,
    }, // running
    { seriesId: alpha.id, start: -10 * DAY, capacity: 8, status: "published", mix: { attended: 2 }, questions: 3, facilitated: false }, // past
    { seriesId: beta.id, start: 3 * DAY, capacity: 20, status: "published", mix: { confirmed: 7 }, questions: 4, facilitated: true },
    {
      seriesId: beta.id,
      start: 4 * DAY,
      capacity: 15,
      status: "cancelled",
      mix: { cancelled_by_organizer: 3 },
      questions: 1,
      facilitated: false,
    },
    { seriesId: beta.id, start: 9 * 7 * DAY, capacity: 12, status: "published", mix: { confirmed: 1 }, questions: 0, facilitated: false }, // beyond 8 weeks
    { seriesId: beta.id, start: 8 * DAY, capacity: 10, status: "draft", mix: {}, questions: 0, facilitated: false },
    { seriesId: beta.id, start: 12 * DAY, capacity: 10, status: "draft", mix: {}, questions: 0, facilitated: true },
    { seriesId: beta.id, start: -3 * DAY, capacity: 10, status: "draft", mix: {}, questions: 0, facilitated: false }, // stale draft
  ];
  let person = 0;
  for (const p of plan) {
    const session = createSession(db, {
      seriesId: p.seriesId,
      capacity: p.capacity,
      startsAt: at(p.start),
      endsAt: at(p.start + 90 * 60_000),
      ...(p.status === "draft" ? { status: "draft", publishedAt: null } : { ...published, status: p.status }),
      facilitatorIds: p.facilitated ? [facilitator.id] : [],
    });
    for (const [status, n] of Object.entries(p.mix)) {
      for (let i = 0; i < n; i++) {
        const user = createUser(db);
        db.insert(registrations)
          .values({
            sessionId: session.id,
            userId: user.id,
            status: status as RegistrationStatus,
            queuedAt: at(-++person * H),
            updatedAt: now,
          })
          .run();
      }
    }
    for (let i = 0; i < p.questions + 2; i++) {
      // Two more per session in other states: only "submitted" waits.
      const status = i < p.questions ? "submitted" : i % 2 ? "accepted" : "rejected";
      db.insert(questions)
        .values({ sessionId: session.id, text: `Frage ${i}`, anonymous: false, status, createdAt: now, updatedAt: now })
        .run();
    }
  }
  // A general question and a series question wait too.
  db.insert(questions).values({ text: "Allgemein", anonymous: true, status: "submitted", createdAt: now, updatedAt: now }).run();
  db.insert(questions)
    .values({ seriesId: beta.id, text: "Reihe", anonymous: false, status: "submitted", createdAt: now, updatedAt: now })
    .run();
  const mail = (key: string, status: "pending" | "sent" | "failed" | "dropped", attempts: number) =>
    db
      .insert(outbox)
      .values({
        dedupeKey: key,
        kind: "confirm",
        recipient: "a@stadt.example",
        subject: "S",
        text: "T",
        html: "H",
        status,
        attempts,
        nextAttemptAt: now,
      })
      .run();
  mail("m1", "failed", 5);
  mail("m2", "failed", 3);
  mail("m3", "pending", 2); // retrying
  mail("m4", "pending", 0); // simply not sent yet
  mail("m5", "sent", 1);
  mail("m6", "dropped", 0);

  const one = (query: ReturnType<typeof sql>) => db.all<{ n: number }>(query)[0]!.n;
  const horizon = now.getTime() + DASHBOARD_WEEKS * 7 * DAY;

  it("lists the published sessions of the next eight weeks with seats, waitlist and waiting questions", () => {
    const dashboard = loadDashboard(db, { id: admin.id, roles: ["admin"] }, now)!;
    const expected = db.all<{
      id: number;
      taken: number;
      capacity: number;
      waitlisted: number;
      questions: number;
      facilitators: number;
    }>(sql`
      select s.id, s.capacity,
        (select count(*) from registrations r where r.session_id = s.id and r.status in ('confirmed', 'offered', 'attended')) as taken,
        (select count(*) from registrations r where r.session_id = s.id and r.status = 'waitlisted') as waitlisted,
        (select count(*) from questions q where q.session_id = s.id and q.status = 'submitted') as questions,
        (select count(*) from session_facilitators f where f.session_id = s.id) as facilitators
      from sessions s where s.status = 'published' and s.ends_at > ${now.getTime()} and s.starts_at < ${horizon}
      order by s.starts_at, s.id`);
    expect(expected).toHaveLength(4);
    expect(new Set(expected.map((e) => e.taken)).size).toBe(4);
    expect(
      dashboard.upcoming.map((s) => ({
        id: s.id,
        taken: s.taken,
        capacity: s.capacity,
        waitlisted: s.waitlisted,
        questions: s.questionsWaiting,
        facilitators: s.facilitators,
      })),
    ).toEqual(expected);
  });

  it("counts undelivered mails, waiting questions, drafts to publish and sessions without facilitator", () => {
    const dashboard = loadDashboard(db, { id: admin.id, roles: ["admin"] }, now)!;
    expect(dashboard.undeliveredMails).toBe(
      one(sql`select count(*) as n from outbox where status = 'failed' or (status = 'pending' and attempts > 0)`),
    );
    expect(dashboard.undeliveredMails).toBe(3);
    expect(dashboard.questionsWaiting).toBe(one(sql`select count(*) as n from questions where status = 'submitted'`));
    expect(dashboard.drafts.map((d) => d.id)).toEqual(
      db
        .all<{ id: number }>(sql`select id from sessions where status = 'draft' and starts_at > ${now.getTime()} order by starts_at`)
        .map((r) => r.id),
    );
    expect(dashboard.drafts).toHaveLength(2);
    const without = db
      .all<{ id: number }>(sql`select id from sessions s where s.status in ('draft', 'published') and s.ends_at > ${now.getTime()}
        and not exists (select 1 from session_facilitators f where f.session_id = s.id) order by s.starts_at`)
      .map((r) => r.id);
    expect(dashboard.withoutFacilitator.map((d) => d.id)).toEqual(without);
    expect(without).toHaveLength(3);
  });

  it("marks a session on a public holiday or a weekend", () => {
    const dashboard = loadDashboard(db, { id: admin.id, roles: ["admin"] }, now)!;
    // Thursday 4 June is Fronleichnam, Saturday 6 June a weekend; Wednesday and Monday are not marked.
    expect(dashboard.upcoming.map((s) => s.dayOff)).toEqual([
      null,
      expect.stringContaining("Fronleichnam"),
      expect.stringContaining("Samstag"),
      null,
    ]);
  });

  it("gives nothing to someone who is not an organiser", () => {
    expect(loadDashboard(db, { id: facilitator.id, roles: ["facilitator"] }, now)).toBeNull();
  });
});
