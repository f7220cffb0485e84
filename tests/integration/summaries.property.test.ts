// Random sequences of compose / submit / approve / send back / publish / update / withdraw by
// random actors: with co-approval on, no revision is ever published without a council member's
// approval, and a summary never has more than one published revision.
import { eq } from "drizzle-orm";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { questions, summaries, summaryRevisions } from "~db/schema";
import type { Actor } from "~/summaries/access.server";
import { saveDraft, startSummary, startUpdate } from "~/summaries/compose.server";
import { publishSummary, withdrawSummary } from "~/summaries/publish.server";
import { approveRevision, sendBackRevision, submitForReview } from "~/summaries/review.server";
import { setCouncilApproval } from "~/summaries/settings.server";
import { createTestDb } from "../support/db";
import { createSession, createUser } from "../support/factories";

const NOW = new Date("2027-03-01T10:30:00Z");

// -1: the person who may take the step (the facilitator, or the council member for a decision),
// mostly, so that sequences get far; otherwise any of the five.
const actorIndex = fc.oneof({ weight: 4, arbitrary: fc.constant(-1) }, { weight: 2, arbitrary: fc.nat(4) });

const step = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant("save" as const),
      actor: actorIndex,
      items: fc.subarray([0, 1, 2], { minLength: 1 }),
      blankAnswer: fc.oneof({ weight: 6, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
    }),
  },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("submit" as const), actor: actorIndex }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("approve" as const), actor: actorIndex }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("sendBack" as const), actor: actorIndex }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant("publish" as const), actor: actorIndex }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("update" as const), actor: actorIndex }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("withdraw" as const), actor: actorIndex }) },
);

// The way through with co-approval, as one block among the random steps: without it, random
// sequences rarely get a revision approved and published at all.
const wayThrough = fc.constant([
  { kind: "save" as const, actor: -1, items: [0, 1], blankAnswer: false },
  { kind: "submit" as const, actor: -1 },
  { kind: "approve" as const, actor: -1 },
  { kind: "publish" as const, actor: -1 },
]);
const steps = fc
  .array(fc.oneof({ weight: 5, arbitrary: step.map((one) => [one]) }, { weight: 1, arbitrary: wayThrough }), {
    minLength: 3,
    maxLength: 20,
  })
  .map((chunks) => chunks.flat());

describe("summary revisions under random steps", () => {
  it("never publishes without approval when co-approval is on; at most one published revision", () => {
    const { db } = createTestDb();
    const admin = createUser(db, { roles: ["admin"] });
    const people = [
      { id: createUser(db, { roles: ["facilitator"] }).id, roles: ["facilitator"] },
      { id: createUser(db, { roles: ["facilitator"] }).id, roles: ["facilitator"] }, // of no session here
      { id: createUser(db, { roles: ["council"] }).id, roles: ["council"] },
      { id: admin.id, roles: ["admin"] },
      { id: createUser(db).id, roles: ["participant"] },
    ] satisfies Actor[];
    const facilitator = people[0]!;

    let publications = 0;
    fc.assert(
      fc.property(fc.boolean(), steps, (councilOn, steps) => {
        setCouncilApproval(db, { id: admin.id, roles: ["admin"] }, councilOn, NOW);
        const session = createSession(db, { facilitatorIds: [facilitator.id] });
        const qs = [0, 1, 2].map(
          (n) =>
            db
              .insert(questions)
              .values({
                sessionId: session.id,
                text: `Frage ${n} zur Vereinbarung`,
                anonymous: false,
                status: "answered",
                answer: "Antwort",
                answeredHow: "written",
                createdAt: NOW,
                updatedAt: NOW,
              })
              .returning()
              .get().id,
        );
        const started = startSummary(db, facilitator, { sessionId: session.id }, NOW);
        if (!started.ok) throw new Error("start refused");
        const id = started.id;

        for (const s of steps) {
          const actor = people[s.actor >= 0 ? s.actor : s.kind === "approve" || s.kind === "sendBack" ? 2 : 0]!;
          const at = new Date(NOW.getTime() + 60_000);
          if (s.kind === "save") {
            const working = db
              .select()
              .from(summaryRevisions)
              .where(eq(summaryRevisions.summaryId, id))
              .all()
              .find((r) => ["draft", "in_review", "approved"].includes(r.status));
            saveDraft(
              db,
              actor,
              id,
              {
                revisionId: working?.id ?? -1,
                intro: "",
                notifyParticipants: false,
                items: s.items.map((n, i) => ({
                  questionId: qs[n]!,
                  sectionId: null,
                  position: i,
                  questionText: "Eine Frage?",
                  answer: s.blankAnswer && i === 0 ? "" : "Antwort",
                })),
              },
              at,
            );
          } else if (s.kind === "submit") submitForReview(db, actor, id, at);
          else if (s.kind === "approve") approveRevision(db, actor, id, at);
          else if (s.kind === "sendBack") sendBackRevision(db, actor, id, "Bitte ändern.", at);
          else if (s.kind === "update") startUpdate(db, actor, id, at);
          else if (s.kind === "withdraw") withdrawSummary(db, actor, id, at);
          else {
            const before = db.select().from(summaryRevisions).where(eq(summaryRevisions.summaryId, id)).all();
            const result = publishSummary(db, actor, id, { now: at, appUrl: "http://ki.test" });
            if (result.ok && councilOn) publications++;
            if (result.ok && councilOn) {
              const published = db
                .select()
                .from(summaryRevisions)
                .where(eq(summaryRevisions.summaryId, id))
                .all()
                .find((r) => r.status === "published")!;
              const wasApproved = before.find((r) => r.id === published.id);
              expect(wasApproved?.status).toBe("approved");
              expect(published.approvedById).toBe(people[2]!.id);
            }
          }

          const revisions = db.select().from(summaryRevisions).where(eq(summaryRevisions.summaryId, id)).all();
          const published = revisions.filter((r) => r.status === "published");
          expect(published.length).toBeLessThanOrEqual(1);
          const summary = db.select().from(summaries).where(eq(summaries.id, id)).get()!;
          expect(summary.publishedRevisionId).toBe(published[0]?.id ?? null);
          expect(revisions.filter((r) => ["draft", "in_review", "approved"].includes(r.status)).length).toBeLessThanOrEqual(1);
          if (councilOn) for (const r of revisions.filter((r) => r.publishedAt !== null)) expect(r.approvedById).not.toBeNull();
        }
      }),
      { numRuns: 80 },
    );
    // The property says something only if publications with co-approval on happened.
    expect(publications).toBeGreaterThan(10);
  });
});
