// Demo summary (issue 13): the answered demo questions, published as the Q&A of the last
// (past) demo session — first published three days after it (a working day), updated four days later with the
// staff council's approval, so /qa shows "Stand", "aktualisiert am" and "abgestimmt mit dem
// Personalrat am" and the superseded first text stays in the database for the record.
// Idempotent: nothing is added once any summary exists.
import { and, asc, count, eq, isNotNull, lte } from "drizzle-orm";
import type { Db } from "./client";
import { agreementSections, questions, series, sessions, summaries, summaryItems, summaryRevisions, userRoles, users } from "./schema";

const DAY = 24 * 3600_000;

const INTRO_FIRST =
  "Vielen Dank an alle, die ihre Fragen vorab eingereicht oder im Termin gestellt haben. " +
  "Hier finden Sie die Antworten, geordnet nach den Abschnitten der Dienstvereinbarung. " +
  "*Beispieltext: Die Antworten sind frei formulierte Beispiele und keine Rechtsauskunft.*";

const INTRO_UPDATED =
  `${INTRO_FIRST}\n\n**Aktualisiert:** Antworten auf Fragen, die nach dem Termin für die Veranstaltungsreihe eingegangen sind, ` +
  "sind ergänzt; die Antwort zur Schulung (§ 10) nennt jetzt auch den Zugang nach der Schulung.";

const UPDATED_ANSWERS: Record<string, string> = {
  "Ist die Schulung Pflicht, und findet sie in der Arbeitszeit statt?":
    "Ja. Die Schulung ist Voraussetzung für den Zugang, findet in der Arbeitszeit statt und ist kostenfrei (§ 10). " +
    "Den Zugang zu den freigegebenen Anwendungen erhalten Sie, sobald Sie die Schulung abgeschlossen haben.",
};

export function seedDemoSummaries(db: Db, { now, seriesTitle }: { now: Date; seriesTitle: string }): void {
  if ((db.select({ n: count() }).from(summaries).get()?.n ?? 0) > 0) return;
  const main = db.select({ id: series.id }).from(series).where(eq(series.title, seriesTitle)).get();
  if (!main) return;
  const past = db
    .select({ id: sessions.id, endsAt: sessions.endsAt })
    .from(sessions)
    .where(and(eq(sessions.seriesId, main.id), eq(sessions.status, "published"), lte(sessions.endsAt, now)))
    .orderBy(asc(sessions.startsAt))
    .get();
  if (!past) return;
  const answered = db
    .select({
      id: questions.id,
      text: questions.text,
      answer: questions.answer,
      sectionId: questions.sectionId,
      createdAt: questions.createdAt,
    })
    .from(questions)
    .leftJoin(agreementSections, eq(agreementSections.id, questions.sectionId))
    .where(and(eq(questions.status, "answered"), isNotNull(questions.answer)))
    .orderBy(asc(agreementSections.position), asc(questions.id))
    .all();
  if (answered.length === 0) return;
  const facilitator = db
    .select({ id: users.id })
    .from(users)
    .innerJoin(userRoles, and(eq(userRoles.userId, users.id), eq(userRoles.role, "facilitator")))
    .orderBy(asc(users.id))
    .get()?.id;
  // Working days after the session (an office publishes on a weekday), never in the future.
  const at = (days: number) => {
    const day = new Date(past.endsAt.getTime() + days * DAY);
    const weekday = day.getUTCDay();
    const shifted = new Date(day.getTime() + (weekday === 6 ? 2 : weekday === 0 ? 1 : 0) * DAY);
    return new Date(Math.min(now.getTime(), shifted.getTime()));
  };
  const firstPublished = at(3);
  const updated = at(7);

  db.transaction(
    (tx) => {
      const summary = tx
        .insert(summaries)
        .values({ sessionId: past.id, firstPublishedAt: firstPublished, createdById: facilitator ?? null, createdAt: at(1) })
        .returning({ id: summaries.id })
        .get();
      const revision = (number: 1 | 2) =>
        tx
          .insert(summaryRevisions)
          .values({
            summaryId: summary.id,
            number,
            status: number === 1 ? "superseded" : "published",
            intro: number === 1 ? INTRO_FIRST : INTRO_UPDATED,
            notifyParticipants: number === 2,
            submittedForReviewAt: number === 1 ? at(1) : at(5),
            approvedAt: number === 1 ? at(2) : at(6),
            publishedById: facilitator ?? null,
            publishedAt: number === 1 ? firstPublished : updated,
            updatedAt: updated,
            createdAt: number === 1 ? at(1) : at(5),
          })
          .returning({ id: summaryRevisions.id })
          .get().id;
      const first = revision(1);
      const second = revision(2);
      for (const revisionId of [first, second]) {
        // The first text had only the questions sent in before it; the update adds the later ones.
        const items = revisionId === first ? answered.filter((q) => q.createdAt < firstPublished) : answered;
        items.forEach((q, position) => {
          tx.insert(summaryItems)
            .values({
              revisionId,
              questionId: q.id,
              sectionId: q.sectionId,
              position,
              questionText: q.text,
              answer: revisionId === second ? (UPDATED_ANSWERS[q.text] ?? q.answer!) : q.answer!,
            })
            .run();
        });
      }
      tx.update(summaries).set({ publishedRevisionId: second }).where(eq(summaries.id, summary.id)).run();
    },
    { behavior: "immediate" },
  );
}
