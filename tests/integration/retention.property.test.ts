// A random history (registrations, questions, audit entries, mails at random ages) and random
// periods: after one run, nothing that was due still links a person, and every row that was not
// yet due is exactly as it was (decision 020).
import { eq } from "drizzle-orm";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { auditLog, outbox, questions, registrations, settings, REGISTRATION_STATUSES, QUESTION_STATUSES } from "~db/schema";
import {
  PERSONAL_AUDIT_DETAIL_KEYS,
  RETENTION_FIELDS,
  certificateDeletionDate,
  questionLinkDueAt,
  type RetentionSettings,
} from "~/privacy/retention-rules";
import { runRetention } from "~/privacy/retention.server";
import {
  DAY,
  NOW,
  auditEntry,
  mail,
  openScratchDb,
  person,
  publishQuestion,
  question,
  registration,
  sessionEnded,
  signedIn,
} from "../support/retention";

const days = fc.integer({ min: 1, max: 1500 });
const age = fc.integer({ min: -60, max: 1600 });

const periods = fc.record<RetentionSettings>({
  registrationDays: days,
  attendanceDays: days,
  questionDays: days,
  signInAuditDays: days,
  auditDays: days,
  inactiveAccountDays: days,
});

const history = fc.record({
  registrations: fc.array(
    fc.record({ person: fc.nat(2), endedDaysAgo: age, status: fc.constantFrom(...REGISTRATION_STATUSES), support: fc.boolean() }),
    { maxLength: 8 },
  ),
  questions: fc.array(
    fc.record({
      person: fc.nat(2),
      target: fc.constantFrom("session", "series", "general"),
      endedDaysAgo: age,
      createdDaysAgo: fc.integer({ min: 0, max: 1600 }),
      anonymous: fc.boolean(),
      status: fc.constantFrom(...QUESTION_STATUSES),
      publishedDaysAgo: fc.option(fc.integer({ min: 0, max: 1600 }), { nil: null }),
    }),
    { maxLength: 8 },
  ),
  audit: fc.array(
    fc.record({ person: fc.nat(2), daysBefore: fc.integer({ min: 0, max: 1600 }), personal: fc.boolean(), signIn: fc.boolean() }),
    { maxLength: 8 },
  ),
  mails: fc.array(
    fc.record({
      person: fc.nat(2),
      daysBefore: fc.integer({ min: 0, max: 100 }),
      status: fc.constantFrom("pending", "sent", "failed", "dropped" as const),
      login: fc.boolean(),
    }),
    { maxLength: 6 },
  ),
});

const cut = (value: number) => NOW.getTime() - value * DAY;

describe("retention under random histories", () => {
  it("leaves no link to a person where the period ran out, and changes nothing that was not due", () => {
    fc.assert(
      fc.property(periods, history, (period, h) => {
        const scratch = openScratchDb();
        try {
          const { db } = scratch;
          for (const { name } of RETENTION_FIELDS)
            db.insert(settings)
              .values({ key: `retention.${name}`, value: String(period[name]) })
              .run();
          // Everyone signed in just now: accounts stay, so every row below is judged by its own rule.
          const people = [0, 1, 2].map((n) => person(db, { email: `p${n}@stadt.example`, name: `Person ${n}`, createdDaysAgo: 2000 }));
          for (const p of people) signedIn(db, p.id, 0);
          const regs = h.registrations.map((r) => {
            const session = sessionEnded(db, r.endedDaysAgo);
            const row = registration(db, {
              sessionId: session.id,
              userId: people[r.person]!.id,
              status: r.status,
              createdDaysAgo: Math.max(r.endedDaysAgo, 0) + 10,
              supportNeeds: r.support ? "Gebärdensprache" : null,
            });
            return { row, endsAt: session.endsAt, attended: r.status === "attended" };
          });
          const qs = h.questions.map((q) => {
            const session = sessionEnded(db, q.endedDaysAgo);
            const row = question(db, {
              authorId: people[q.person]!.id,
              anonymous: q.anonymous,
              sessionId: q.target === "session" ? session.id : null,
              seriesId: q.target === "series" ? session.seriesId : null,
              createdDaysAgo: q.createdDaysAgo,
              status: q.status,
            });
            if (q.publishedDaysAgo !== null)
              publishQuestion(db, { questionId: row.id, sessionId: session.id, publishedDaysAgo: q.publishedDaysAgo });
            const anchor = q.target === "session" ? session.endsAt : row.createdAt;
            const published = q.publishedDaysAgo === null ? null : new Date(NOW.getTime() - q.publishedDaysAgo * DAY);
            return { row, due: questionLinkDueAt(anchor, published, period) <= NOW };
          });
          const entries = h.audit.map((a) => {
            const userId = people[a.person]!.id;
            return a.signIn
              ? signedIn(db, userId, a.daysBefore)
              : auditEntry(db, {
                  actorId: userId,
                  action: "person_added",
                  subjectType: "user",
                  subjectId: String(userId),
                  details: a.personal ? { email: `p${a.person}@stadt.example`, role: "x" } : { role: "x" },
                  daysBefore: a.daysBefore,
                });
          });
          const mails = h.mails.map((m) =>
            mail(db, {
              recipient: `p${m.person}@stadt.example`,
              subject: "Betreff",
              status: m.status,
              daysBefore: m.daysBefore,
              kind: m.login ? "login" : "confirmation",
            }),
          );

          runRetention(db, NOW);

          for (const { row, endsAt, attended } of regs) {
            const after = db.select().from(registrations).where(eq(registrations.id, row.id)).get()!;
            const due = attended ? certificateDeletionDate(endsAt, period) <= NOW : endsAt.getTime() <= cut(period.registrationDays);
            const ended = endsAt.getTime() <= NOW.getTime();
            if (due) expect(after).toMatchObject({ userId: null, supportNeeds: null });
            else expect(after).toEqual({ ...row, supportNeeds: ended ? null : row.supportNeeds });
          }
          for (const { row, due } of qs) {
            const after = db.select().from(questions).where(eq(questions.id, row.id)).get()!;
            if (due) expect(after).toMatchObject({ authorId: null, authorKey: null, authorSalt: null, originalText: null });
            else expect(after).toEqual(row);
          }
          const newestSignIn = new Map<number, number>();
          for (const e of db.select().from(auditLog).where(eq(auditLog.action, "signed_in")).all()) {
            newestSignIn.set(e.actorId!, Math.max(newestSignIn.get(e.actorId!) ?? 0, e.at.getTime()));
          }
          for (const entry of entries) {
            const after = db.select().from(auditLog).where(eq(auditLog.id, entry.id)).get();
            if (entry.action === "signed_in") {
              const due = entry.at.getTime() <= cut(period.signInAuditDays);
              // Kept while not due, and as the newest of its account (the others of the same age stay too).
              if (!due) expect(after).toEqual(entry);
              else if (after) expect(after.at.getTime()).toBe(newestSignIn.get(entry.actorId!));
            } else if (entry.at.getTime() <= cut(period.auditDays)) {
              expect(after?.actorId).toBeNull();
              expect(Object.keys(after?.details ?? {}).some((k) => (PERSONAL_AUDIT_DETAIL_KEYS as readonly string[]).includes(k))).toBe(
                false,
              );
              expect(after?.details).toMatchObject({ role: "x" });
            } else {
              expect(after).toEqual(entry);
            }
          }
          for (const m of mails) {
            const after = db.select().from(outbox).where(eq(outbox.id, m.id)).get()!;
            expect(after.dedupeKey).toBe(m.dedupeKey);
            const final = m.status !== "pending";
            const addressDue = final && m.createdAt.getTime() <= cut(30);
            if (addressDue) expect(after).toMatchObject({ recipient: "", subject: "", text: "", html: "", ics: null, lastError: null });
            else if (m.status === "sent" || m.status === "dropped")
              expect(after).toEqual({
                ...m,
                text: "",
                html: "",
                ics: null,
                icsMethod: null,
                subject: m.kind === "login" ? "Login-Mail" : m.subject,
              });
            else expect(after).toEqual(m);
          }
        } finally {
          scratch.close();
        }
      }),
      { numRuns: 40 },
    );
  });
});
