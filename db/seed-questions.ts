// Demo questions (issue 12): about thirty practice questions from the domain notes, over the
// sections of the Muster-Dienstvereinbarung and every state, some anonymous (with keyed values
// computed with the demo key, so the demo staff find their own on /me), some named by the demo
// staff, some merged, some answered — the answers written in our own words, as examples.
// Idempotent: nothing is added once any question exists.
import { and, asc, count, eq, gt, lte, ne } from "drizzle-orm";
import path from "node:path";
import { newAuthorKey, type QuestionKey } from "../app/questions/author-key.server";
import { questionKeyFrom } from "../app/questions/question-key.server";
import { toTheHour } from "../app/questions/rules";
import { loadEnv } from "../app/lib/env.server";
import type { Db } from "./client";
import { DIGEST_ACTION } from "../app/questions/review-digest.server";
import {
  agreementSections,
  auditLog,
  agreementVersions,
  questions,
  questionVotes,
  registrations,
  series,
  sessions,
  userRoles,
  users,
  type QuestionStatus,
} from "./schema";

const STAFF = [
  { email: "jana.beispiel@stadt.example", name: "Jana Beispiel", department: "Bürgerbüro" },
  { email: "chris.muster@stadt.example", name: "Chris Muster", department: "Amt für Schule und Bildung" },
  { email: "robin.lernend@stadt.example", name: "Robin Lernend", department: "Ausbildung" },
  { email: "deniz.probe@stadt.example", name: "Deniz Probe", department: "Tiefbauamt" },
] as const;
type Staff = 0 | 1 | 2 | 3;

type Target = "upcoming" | "past" | "series" | "leads" | "general";

type DemoQuestion = {
  key: string;
  text: string;
  section: string | null;
  target: Target;
  by: Staff;
  anonymous?: boolean;
  status: QuestionStatus;
  votes?: number;
  mergedInto?: string;
  answer?: string;
  inSession?: boolean;
  followUp?: boolean;
  rejectReason?: string;
  originalText?: string;
  daysAgo: number;
};

const QUESTIONS: DemoQuestion[] = [
  // Waiting for the next session.
  {
    key: "daten",
    text: "Darf ich Bürgerdaten in einen Chatbot eingeben?",
    section: "§ 6",
    target: "upcoming",
    by: 0,
    status: "submitted",
    votes: 3,
    daysAgo: 3,
  },
  {
    key: "daten-kurz",
    text: "Dürfen Bürgerdaten in den Chatbot, wenn ich sie vorher kürze?",
    section: "§ 6",
    target: "upcoming",
    by: 2,
    status: "merged",
    mergedInto: "daten",
    daysAgo: 2,
  },
  {
    key: "schwaerzen",
    text: "Reicht es, Namen zu schwärzen, bevor ich einen Vorgang hochlade?",
    section: "§ 6",
    target: "upcoming",
    by: 1,
    anonymous: true,
    status: "submitted",
    votes: 2,
    daysAgo: 3,
  },
  {
    key: "ratsvorlagen",
    text: "Darf ich nichtöffentliche Ratsvorlagen zusammenfassen lassen?",
    section: "§ 6",
    target: "upcoming",
    by: 3,
    status: "submitted",
    daysAgo: 2,
  },
  {
    key: "azubis",
    text: "Gilt die Vereinbarung auch für Auszubildende und Praktikantinnen und Praktikanten?",
    section: "§ 1",
    target: "upcoming",
    by: 2,
    status: "submitted",
    votes: 1,
    daysAgo: 1,
  },
  {
    key: "protokolle",
    text: "Darf ich Sitzungsprotokolle per KI aus Audioaufnahmen erstellen lassen?",
    section: null,
    target: "upcoming",
    by: 0,
    anonymous: true,
    status: "submitted",
    daysAgo: 1,
  },
  {
    key: "vorgesetzte",
    text: "Kann meine Vorgesetzte sehen, was ich in das KI-Werkzeug eingebe?",
    section: "§ 9",
    target: "upcoming",
    by: 3,
    anonymous: true,
    status: "submitted",
    votes: 3,
    daysAgo: 2,
  },
  {
    key: "versehentlich",
    text: "Was tue ich, wenn ich versehentlich personenbezogene Daten eingegeben habe?",
    section: "§ 13",
    target: "upcoming",
    by: 1,
    status: "accepted",
    followUp: true,
    votes: 2,
    daysAgo: 4,
  },
  {
    key: "bewerbungen",
    text: "Darf KI im Auswahlverfahren Bewerbungen vorsortieren?",
    section: "§ 5",
    target: "upcoming",
    by: 2,
    anonymous: true,
    status: "accepted",
    daysAgo: 4,
  },

  // For the whole series.
  {
    key: "office-uebersetzung",
    text: "Fällt die KI-Übersetzung in Word oder Outlook schon unter die Vereinbarung?",
    section: "§ 2",
    target: "series",
    by: 0,
    status: "answered",
    votes: 2,
    daysAgo: 12,
    answer:
      "Ja. Sobald eine Funktion Texte mit generativer KI erzeugt oder übersetzt, ist sie ein KI-System im Sinne von § 2 – auch wenn sie in ein vertrautes Programm eingebaut ist.\n\n" +
      "- Nutzen Sie sie nur, wenn die Funktion auf der Liste der **freigegebenen Anwendungen** steht (§ 4).\n" +
      "- Personenbezogene Inhalte nur, wenn die Freigabe das ausdrücklich erlaubt (§ 6).",
  },
  {
    key: "deepl",
    text: "Ist ein Übersetzungsdienst wie DeepL ein KI-System im Sinne der Vereinbarung?",
    section: "§ 2",
    target: "series",
    by: 1,
    status: "merged",
    mergedInto: "office-uebersetzung",
    daysAgo: 11,
  },
  {
    key: "antrag",
    text: "Darf eine KI über einen Antrag entscheiden oder ihn nur vorbereiten?",
    section: "§ 3",
    target: "series",
    by: 3,
    anonymous: true,
    status: "answered",
    votes: 3,
    daysAgo: 13,
    answer:
      "Nur vorbereiten. Die Entscheidung trifft immer ein Mensch, der das Ergebnis prüft und dafür einsteht (§ 3). " +
      "Vollautomatisierte Einzelentscheidungen schließt die Vereinbarung aus.",
  },
  {
    key: "privatkonto",
    text: "Darf ich einen Chatbot mit meinem privaten Konto dienstlich nutzen?",
    section: "§ 4",
    target: "series",
    by: 3,
    status: "answered",
    votes: 3,
    daysAgo: 14,
    answer:
      "Nein. Dienstlich arbeiten Sie nur mit den freigegebenen Anwendungen und dem dienstlichen Zugang (§ 4). " +
      "Private Konten speichern Eingaben außerhalb der Stadtverwaltung; das ist weder für den Datenschutz noch für die Informationssicherheit geprüft.",
  },
  {
    key: "freigabe",
    text: "Wie beantrage ich die Freigabe eines neuen KI-Werkzeugs für mein Team?",
    section: "§ 4",
    target: "series",
    by: 0,
    status: "accepted",
    votes: 1,
    daysAgo: 6,
  },
  {
    key: "office-assistent",
    text: "Der KI-Assistent erscheint in meinem Office-Programm – darf ich ihn einfach benutzen?",
    section: "§ 4",
    target: "series",
    by: 1,
    anonymous: true,
    status: "submitted",
    votes: 2,
    daysAgo: 2,
  },
  {
    key: "buergeranfragen",
    text: "Darf ich Antwortentwürfe für Bürgeranfragen von der KI schreiben lassen?",
    section: "§ 5",
    target: "series",
    by: 2,
    status: "answered",
    daysAgo: 10,
    answer:
      "Ja, als **Entwurf** (§ 5). Prüfen Sie Inhalt, Ton und Rechtsgrundlage, bevor die Antwort hinausgeht (§ 8), " +
      "und geben Sie keine Namen oder Aktenzeichen in ein Werkzeug ein, das dafür nicht freigegeben ist (§ 6).",
  },
  {
    key: "urheber",
    text: "Wem gehören Texte und Bilder, die die KI erstellt?",
    section: "§ 7",
    target: "series",
    by: 0,
    anonymous: true,
    status: "answered",
    votes: 2,
    daysAgo: 9,
    answer:
      "Rein maschinell erzeugte Ergebnisse sind in der Regel urheberrechtlich nicht geschützt. " +
      "Sie dürfen sie dienstlich verwenden, müssen aber prüfen, dass sie keine fremden Werke übernehmen (§ 7).",
  },
  {
    key: "flyer",
    text: "Darf ich KI-Bilder für Flyer oder Social-Media-Beiträge der Stadt verwenden?",
    section: "§ 7",
    target: "series",
    by: 3,
    anonymous: true,
    status: "merged",
    mergedInto: "urheber",
    daysAgo: 8,
  },
  {
    key: "fachartikel",
    text: "Darf ich Fachartikel hochladen und zusammenfassen lassen?",
    section: "§ 7",
    target: "series",
    by: 1,
    status: "submitted",
    daysAgo: 1,
  },
  {
    key: "kennzeichnen",
    text: "Muss ich kennzeichnen, dass eine E-Mail an Bürgerinnen und Bürger mit KI formuliert wurde?",
    section: "§ 8",
    target: "series",
    by: 3,
    status: "accepted",
    votes: 1,
    daysAgo: 5,
  },
  {
    key: "haftung",
    text: "Wer haftet, wenn ich eine falsche KI-Rechtsauskunft übernehme?",
    section: "§ 8",
    target: "series",
    by: 2,
    anonymous: true,
    status: "submitted",
    votes: 1,
    daysAgo: 1,
  },
  {
    key: "pruefen",
    text: "Wie gründlich muss ich KI-Ergebnisse prüfen?",
    section: "§ 8",
    target: "series",
    by: 0,
    status: "withdrawn",
    daysAgo: 3,
  },

  // Asked for the last session, answered there.
  {
    key: "beurteilung",
    text: "Werden meine Nutzungszahlen für Beurteilungen herangezogen?",
    section: "§ 9",
    target: "past",
    by: 1,
    status: "answered",
    inSession: true,
    votes: 3,
    daysAgo: 18,
    answer: "Nein – Nutzungs- und Protokolldaten werden nicht personenbezogen ausgewertet (§ 9).",
  },
  {
    key: "chatverlauf",
    text: "Wie lange werden meine Chatverläufe gespeichert, und wer sieht sie?",
    section: "§ 9",
    target: "past",
    by: 2,
    anonymous: true,
    status: "answered",
    votes: 2,
    daysAgo: 19,
    answer:
      "Das legt die Freigabe der jeweiligen Anwendung fest (Anlage 1). Protokolldaten dienen nur dem sicheren Betrieb; " +
      "eine Auswertung einzelner Personen ist ausgeschlossen, Ausnahmen gibt es nur bei einem konkreten Verdacht und mit dem Personalrat (§ 9).",
  },
  {
    key: "schulung",
    text: "Ist die Schulung Pflicht, und findet sie in der Arbeitszeit statt?",
    section: "§ 10",
    target: "past",
    by: 2,
    status: "answered",
    inSession: true,
    daysAgo: 20,
    answer: "Ja, vor dem Zugang, in der Arbeitszeit und kostenfrei (§ 10).",
  },
  {
    key: "kollege",
    text: "Mein Kollege aus dem Bauamt lädt ständig Akten in einen Chatbot – darf er das?",
    section: null,
    target: "past",
    by: 1,
    status: "rejected",
    rejectReason:
      "Bitte keine Hinweise auf einzelne Kolleginnen oder Kollegen in Fragen. Einen möglichen Verstoß melden Sie ohne Nachteile der Ansprechstelle (§ 13).",
    daysAgo: 18,
  },
  {
    key: "kantine",
    text: "Wann öffnet die Kantine nach dem Umbau wieder?",
    section: null,
    target: "general",
    by: 3,
    status: "rejected",
    rejectReason: "Diese Frage betrifft nicht die Dienstvereinbarung KI; Auskunft gibt das Gebäudemanagement.",
    daysAgo: 7,
  },

  // Leadership series and general questions.
  {
    key: "zugang",
    text: "Bekomme ich den Zugang erst nach der Schulung?",
    section: "§ 10",
    target: "leads",
    by: 0,
    status: "accepted",
    daysAgo: 5,
  },
  {
    key: "stelle",
    text: "Fällt meine Stelle weg, wenn KI Teile meiner Aufgaben übernimmt?",
    section: "§ 11",
    target: "general",
    by: 3,
    anonymous: true,
    status: "answered",
    votes: 3,
    daysAgo: 15,
    answer:
      "Nein, allein wegen des Einsatzes von KI wird niemand gekündigt oder herabgruppiert (§ 11). " +
      "Ändern sich Aufgaben, begleitet die Stadtverwaltung das mit **Qualifizierung** (§ 10) und beteiligt den Personalrat (§ 12).",
  },
  {
    key: "nachteile",
    text: "Habe ich Nachteile, wenn ich KI nicht nutzen möchte?",
    section: "§ 11",
    target: "general",
    by: 2,
    status: "submitted",
    votes: 2,
    daysAgo: 2,
  },
  {
    key: "personalrat",
    text: "Wird der Personalrat beteiligt, wenn neue KI-Funktionen eingeführt werden?",
    section: "§ 12",
    target: "leads",
    by: 3,
    status: "answered",
    daysAgo: 16,
    originalText: "Wird der Personalrat beteiligt, wenn unser Amt im Frühjahr die neue KI-Funktion im Fachverfahren einschaltet?",
    answer:
      "Ja. Der Personalrat wird frühzeitig über neue Anwendungen und wesentliche neue Funktionen informiert; " +
      "über ihre Einführung berät die gemeinsame Steuerungsgruppe (§ 12). Die Mitbestimmungsrechte bleiben unberührt.",
  },
  {
    key: "verstoss",
    text: "An wen wende ich mich, wenn mir ein Verstoß auffällt?",
    section: "§ 13",
    target: "general",
    by: 0,
    anonymous: true,
    status: "accepted",
    votes: 1,
    daysAgo: 6,
  },
  {
    key: "evaluation",
    text: "Wann wird die Dienstvereinbarung überprüft und angepasst?",
    section: "§ 14",
    target: "general",
    by: 1,
    status: "answered",
    daysAgo: 17,
    answer:
      "Nach zwölf Monaten wird sie gemeinsam ausgewertet (§ 14); die Anlagen, etwa die Liste der freigegebenen Anwendungen, können schon vorher angepasst werden.",
  },
];

/** The key the running demo uses (QUESTION_KEY, or the one generated beside the database). */
function demoQuestionKey(db: Db): QuestionKey {
  const file = db.$client.name;
  return questionKeyFrom(loadEnv({ ...process.env, DATABASE_PATH: path.resolve(file) }));
}

export function seedDemoQuestions(db: Db, { now, seriesTitle, key }: { now: Date; seriesTitle: string; key?: QuestionKey }): void {
  if ((db.select({ n: count() }).from(questions).get()?.n ?? 0) > 0) return;
  const main = db.select({ id: series.id }).from(series).where(eq(series.title, seriesTitle)).get();
  if (!main) return;
  const ofMain = (where: ReturnType<typeof and>) =>
    db
      .select({ id: sessions.id })
      .from(sessions)
      .where(and(eq(sessions.seriesId, main.id), eq(sessions.status, "published"), where))
      .orderBy(asc(sessions.startsAt))
      .get()?.id;
  const upcoming = ofMain(gt(sessions.startsAt, now));
  const past = ofMain(lte(sessions.endsAt, now));
  const leads = db
    .select({ id: series.id })
    .from(series)
    .innerJoin(sessions, eq(sessions.seriesId, series.id))
    .where(ne(series.id, main.id))
    .orderBy(asc(series.id))
    .get()?.id;
  const facilitator = db
    .select({ id: users.id })
    .from(users)
    .innerJoin(userRoles, and(eq(userRoles.userId, users.id), eq(userRoles.role, "facilitator")))
    .orderBy(asc(users.id))
    .get()?.id;
  const sectionIds = new Map(
    db
      .select({ id: agreementSections.id, number: agreementSections.number })
      .from(agreementSections)
      .innerJoin(agreementVersions, eq(agreementVersions.id, agreementSections.versionId))
      .where(eq(agreementVersions.status, "in_force"))
      .all()
      .map((s) => [s.number, s.id] as const),
  );
  const questionKey = key ?? demoQuestionKey(db);

  db.transaction(
    (tx) => {
      const staffIds = STAFF.map((person) => {
        const existing = tx.select({ id: users.id }).from(users).where(eq(users.email, person.email)).get();
        if (existing) return existing.id;
        const id = tx
          .insert(users)
          .values({ email: person.email, displayName: person.name, department: person.department, profileCompletedAt: now })
          .returning({ id: users.id })
          .get().id;
        tx.insert(userRoles).values({ userId: id, role: "participant" }).run();
        return id;
      });
      // Session questions come from people with a place: the demo staff hold one in the next session.
      if (upcoming) {
        for (const userId of staffIds) {
          tx.insert(registrations)
            .values({ sessionId: upcoming, userId, status: "confirmed", queuedAt: now, updatedAt: now })
            .onConflictDoNothing()
            .run();
        }
      }
      const target = (t: Target) =>
        t === "upcoming"
          ? { sessionId: upcoming ?? null, seriesId: upcoming ? null : main.id }
          : t === "past"
            ? { sessionId: past ?? null, seriesId: past ? null : main.id }
            : t === "series"
              ? { sessionId: null, seriesId: main.id }
              : t === "leads"
                ? { sessionId: null, seriesId: leads ?? main.id }
                : { sessionId: null, seriesId: null };

      const ids = new Map<string, number>();
      // Merge targets first, so a merged question can point to its target.
      const ordered = [...QUESTIONS].sort((a, b) => Number(!!a.mergedInto) - Number(!!b.mergedInto));
      for (const q of ordered) {
        const authorId = staffIds[q.by]!;
        const at = toTheHour(new Date(now.getTime() - q.daysAgo * 24 * 3600_000));
        const reviewed = q.status !== "submitted" && q.status !== "withdrawn";
        const id = tx
          .insert(questions)
          .values({
            ...target(q.target),
            sectionId: q.section ? (sectionIds.get(q.section) ?? null) : null,
            text: q.text,
            originalText: q.originalText ?? null,
            anonymous: !!q.anonymous,
            ...(q.anonymous ? { authorId: null, ...newAuthorKey(questionKey, authorId) } : { authorId }),
            status: q.status,
            mergedIntoId: q.mergedInto ? (ids.get(q.mergedInto) ?? null) : null,
            rejectReason: q.rejectReason ?? null,
            answer: q.answer ?? null,
            answeredHow: q.answer ? (q.inSession ? "in_session" : "written") : null,
            followUp: !!q.followUp,
            reviewedById: reviewed ? (facilitator ?? null) : null,
            reviewedAt: reviewed ? new Date(at.getTime() + 24 * 3600_000) : null,
            createdAt: at,
            updatedAt: at,
          })
          .returning({ id: questions.id })
          .get().id;
        ids.set(q.key, id);
        // Colleagues' votes (at most the three other demo staff), never the author's own.
        const voters = staffIds.filter((_, i) => i !== q.by).slice(0, q.votes ?? 0);
        for (const userId of voters) tx.insert(questionVotes).values({ questionId: id, userId }).run();
      }
      // Demo content is not news: the facilitators' digest counts only questions sent in
      // after the seed (otherwise every fresh demo, and every test server, mails a digest
      // whenever it starts after 07:00).
      const upToQuestionId = Math.max(...ids.values());
      const facilitatorIds = tx
        .select({ id: userRoles.userId })
        .from(userRoles)
        .where(eq(userRoles.role, "facilitator"))
        .all()
        .map((row) => row.id);
      for (const userId of facilitatorIds) {
        tx.insert(auditLog)
          .values({
            actorId: null,
            action: DIGEST_ACTION,
            subjectType: "user",
            subjectId: String(userId),
            details: { upToQuestionId, seeded: true },
            at: now,
          })
          .run();
      }
    },
    { behavior: "immediate" },
  );
}
