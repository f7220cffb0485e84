// Property test of account deletion: in random worlds of registrations (two series, three
// sessions each, both waitlist modes, one place per person or not, people rebooking), deleting
// any one person keeps the seat rules, moves the waitlist up exactly as "Abmelden" would, and
// leaves no registration of theirs behind while keeping every row for the counts.
import { fc } from "@fast-check/vitest";
import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { registrations, sessions } from "~db/schema";
import { deleteAccount } from "~/privacy/delete-account.server";
import { rebook, register } from "~/registrations/transitions.server";
import { createTestDb } from "../support/db";
import { createSeries, createSession, createUser } from "../support/factories";

const H = 3600_000;
const t0 = new Date("2027-05-03T06:00:00Z");
const clock = { now: t0, appUrl: "http://ki.test", mailFrom: "KI <ki@stadt.example>", alarmMinutes: 15 };
const KEY = "question-key-for-tests-0123456789abcdef";

const step = fc.record({ person: fc.integer({ min: 0, max: 5 }), slot: fc.integer({ min: 0, max: 5 }), rebook: fc.boolean() });

describe("account deletion (property)", () => {
  it("keeps the seat rules and moves the waitlist up, whoever is deleted", () => {
    fc.assert(
      fc.property(
        fc.array(step, { minLength: 1, maxLength: 25 }),
        fc.integer({ min: 0, max: 5 }),
        fc.constantFrom("auto" as const, "offer" as const),
        fc.boolean(),
        (steps, victim, mode, oneSeat) => {
          const { db } = createTestDb();
          const people = Array.from({ length: 6 }, () => createUser(db));
          const slots = [0, 1].flatMap((s) => {
            const series = createSeries(db, { waitlistMode: mode, oneSeatPerPerson: oneSeat });
            return [1, 2, 3].map((d) =>
              createSession(db, { seriesId: series.id, capacity: 1 + ((s + d) % 2), startsAt: new Date(t0.getTime() + (d * 24 + s) * H) }),
            );
          });
          for (const s of steps) {
            const who = people[s.person]!.id;
            const where = slots[s.slot]!.id;
            if (s.rebook) rebook(db, who, where, clock);
            else register(db, who, where, {}, clock);
          }
          const rowsBefore = db.select({ n: sql<number>`count(*)` }).from(registrations).get()!.n;
          const target = people[victim]!;
          const result = deleteAccount(
            db,
            { id: target.id, roles: ["participant"] },
            { adminEmails: [] },
            { userId: target.id, key: KEY, clock },
          );
          expect(result.ok).toBe(true);

          expect(db.select().from(registrations).where(eq(registrations.userId, target.id)).all()).toEqual([]);
          expect(db.select({ n: sql<number>`count(*)` }).from(registrations).get()!.n).toBe(rowsBefore);
          for (const session of db.select().from(sessions).all()) {
            const held = db
              .select({ n: sql<number>`count(*)` })
              .from(registrations)
              .where(sql`${registrations.sessionId} = ${session.id} and ${registrations.status} in ('confirmed', 'offered')`)
              .get()!.n;
            const waiting = db
              .select({ n: sql<number>`count(*)` })
              .from(registrations)
              .where(sql`${registrations.sessionId} = ${session.id} and ${registrations.status} = 'waitlisted'`)
              .get()!.n;
            expect(held).toBeLessThanOrEqual(session.capacity);
            // A free seat never stays free while someone waits for it (offers count as held).
            if (waiting > 0) expect(held).toBe(session.capacity);
          }
          // Their upcoming places were given back, not kept by nobody: an anonymous seat would block it for good.
          const keptByNobody = db.$client
            .prepare(
              `select count(*) as n from registrations r join sessions s on s.id = r.session_id
               where r.user_id is null and r.status in ('confirmed', 'offered', 'waitlisted') and s.starts_at > ?`,
            )
            .get(t0.getTime()) as { n: number };
          expect(keptByNobody.n).toBe(0);
          // At most one active place per person and series, for everyone left.
          const doubled = db.$client
            .prepare(
              `select r.user_id, s.series_id, count(*) as n from registrations r join sessions s on s.id = r.session_id
               join series on series.id = s.series_id
               where r.user_id is not null and series.one_place_per_person = 1 and r.status in ('confirmed', 'offered')
               group by r.user_id, s.series_id having n > 1`,
            )
            .all();
          expect(doubled).toEqual([]);
        },
      ),
      { numRuns: 40, seed: 20261127 },
    );
  });
});
