// Demo content: the legal pages, a demo admin and facilitators, a series with dates
// relative to today (so the demo never shows only past sessions). Idempotent: running it
// again adds only what is missing.
import { count, eq } from "drizzle-orm";
import { berlinWallTimeToInstant, toBerlinInputValue } from "../app/lib/dates";
import type { Db } from "./client";
import {
  agreementVersions,
  contentPages,
  series,
  seriesSections,
  sessionFacilitators,
  sessions,
  settings,
  userRoles,
  users,
  type Role,
} from "./schema";
import { MUSTER_DIENSTVEREINBARUNG_MARKDOWN } from "../app/agreement/muster-dienstvereinbarung";
import { parseAgreementMarkdown } from "../app/agreement/markdown";
import { insertAgreementVersion } from "../app/agreement/store.server";
import { rebuildSearchIndex } from "../app/search/index.server";
import { recordInitialRevision } from "../app/pages/content-pages.server";
import { seedDemoQuestions } from "./seed-questions";
import { seedDemoSummaries } from "./seed-summaries";
import { seedDemoMaterials } from "./seed-materials";

export const DEMO_ADMIN_EMAIL = "admin@stadt.example";
export const DEMO_FACILITATOR_EMAIL = "moderation@stadt.example";
export const DEMO_SERIES_TITLE = "Die Dienstvereinbarung KI – Einführung und Fragen aus der Praxis";

const PAGES: { slug: string; title: string; body: string; reviewedOn?: string }[] = [
  {
    slug: "impressum",
    title: "Impressum",
    body: `*Beispieltext der Demo: Die Stadt ersetzt ihn unter „Verwaltung → Rechtliche Seiten“ durch ihr eigenes Impressum.*

**Stadtverwaltung Musterstadt** (Beispielangaben)
Der Oberbürgermeister
Rathausplatz 1, 12345 Musterstadt

Telefon: 01234 56-0
E-Mail: ki-info@stadt.example

Verantwortlich für den Inhalt (§ 18 Abs. 2 MStV): Büro der Chief Digital Officer, Rathausplatz 1, 12345 Musterstadt.

Diese Anwendung dient der Organisation der Informationsveranstaltungen zur Dienstvereinbarung KI. Die in der Demo gezeigte „Muster-Dienstvereinbarung KI“ ist ein frei erfundenes Beispiel.`,
  },
  {
    slug: "datenschutz",
    title: "Datenschutz",
    body: `*Beispieltext der Demo: Die Stadt ersetzt ihn unter „Verwaltung → Rechtliche Seiten“ durch ihre eigene Datenschutzerklärung.*

## Wer ist verantwortlich?

Stadtverwaltung Musterstadt, Rathausplatz 1, 12345 Musterstadt (Beispielangaben). Die behördliche Datenschutzbeauftragte erreichen Sie unter datenschutz@stadt.example.

## Welche Daten verarbeiten wir und wozu?

Für die Anmeldung zu den Infoveranstaltungen verarbeiten wir Ihren Namen, Ihre dienstliche E-Mail-Adresse und – freiwillig – Ihren Fachbereich bzw. Ihr Amt. Zweck ist die Organisation der Veranstaltungen: Anmeldung, Warteliste, Kalendereinladungen, Erinnerungen und die Beantwortung Ihrer Fragen.

Angaben zum Unterstützungsbedarf (zum Beispiel Gebärdensprachdolmetschung) sind freiwillig. Sie können Gesundheitsdaten sein; nur die Organisation und die Moderation des Termins sehen sie, und sie werden nach dem Termin gelöscht.

## Rechtsgrundlage

Art. 6 Abs. 1 Buchst. e DSGVO in Verbindung mit § 18 DSG NRW.

## Wer erhält die Daten?

Die Organisation und die Moderation Ihres Termins. Es gibt keine Auswertungen über einzelne Personen für Vorgesetzte; Berichte enthalten nur zusammengefasste Zahlen, und Gruppen unter fünf Personen werden nicht ausgewiesen.

## Anonyme Fragen

Wenn Sie eine Frage anonym einreichen, speichern wir keine Verbindung zu Ihrer Person, die Moderation, Organisation, Exporte oder Berichte lesen können: keinen Namen, keine E-Mail-Adresse, keine Kennung, keinen Eintrag im Änderungsprotokoll, und die Uhrzeit nur auf die volle Stunde. Damit Sie Ihre eigenen Fragen unter „Meine Fragen“ wiederfinden, berechnet der Server für jede Frage einzeln einen Prüfwert aus Ihrer Kennung und einem eigenen geheimen Schlüssel; ohne diesen Schlüssel lässt sich der Wert niemandem zuordnen. Wer sowohl die Datenbank als auch diesen geheimen Schlüssel besitzt (also der technische Betrieb), könnte die Zuordnung nachrechnen. Zu anonymen Fragen verschicken wir keine E-Mails; die Antwort lesen Sie unter „Meine Fragen“. Haben weniger als fünf Personen einen Platz im Termin, kann schon der Inhalt einer Frage auf Sie hinweisen; das Formular weist Sie dann darauf hin. Das alles gilt auch für Fragen, die Sie während eines Termins vom Telefon senden („Fragen im Termin“); die Grenze von fünf solchen Fragen pro Minute zählen wir ebenfalls nur über einen Prüfwert, der nach einer Minute gelöscht wird.

## Wie lange speichern wir?

Die Fristen stehen unten unter „Was diese Anwendung speichert und wie lange“: Dieser Abschnitt wird aus den Einstellungen erzeugt, nach denen die Anwendung täglich löscht und anonymisiert, und stimmt daher immer mit dem überein, was tatsächlich geschieht.

## Ihre Rechte

Sie haben das Recht auf Auskunft, Berichtigung, Löschung, Einschränkung der Verarbeitung und Widerspruch. Unter „Meine Anmeldungen → Meine Daten“ sehen Sie alles, was über Sie gespeichert ist, laden es als Datei herunter und löschen Ihr Konto selbst. Sie können sich bei der Landesbeauftragten für Datenschutz und Informationsfreiheit Nordrhein-Westfalen beschweren.

## Cookies

Wir setzen nur technisch notwendige Cookies (Login, Meldungen nach einer Aktion und, wenn Sie eine Rückmeldung zur Barrierefreiheit senden, einen Tag lang eine Zufallszahl, mit der wir die Zahl der Rückmeldungen je Browser begrenzen). Es gibt keine Analyse- oder Werbe-Cookies und keine Inhalte von Drittanbietern.`,
  },
  {
    slug: "barrierefreiheit",
    title: "Erklärung zur Barrierefreiheit",
    // The review date, the feedback form with the functional mailbox and the Ombudsstelle are
    // added below this text by the page itself (decision 024).
    reviewedOn: "2026-11-25",
    body: `*Beispieltext der Demo: Die Stadt ersetzt ihn unter „Verwaltung → Rechtliche Seiten“ durch ihre eigene Erklärung.*

Die Stadtverwaltung Musterstadt ist bemüht, diese Anwendung im Einklang mit dem Behindertengleichstellungsgesetz NRW (BGG NRW) und der Barrierefreie-Informationstechnik-Verordnung NRW (BITV NRW) barrierefrei zugänglich zu machen.

## Stand der Vereinbarkeit mit den Anforderungen

Diese Anwendung soll die Anforderungen der WCAG 2.1 auf Stufe AA (EN 301 549) erfüllen. Alle Kernfunktionen sind auch ohne JavaScript, mit der Tastatur und mit Bildschirmlesern nutzbar. Jede Seite wird in automatisierten Tests auf Barrieren geprüft.

## Nicht barrierefreie Inhalte

Derzeit sind uns keine nicht barrierefreien Inhalte bekannt. Kalenderdateien (.ics) sind eine Ergänzung: Datum und Ort stehen immer auch auf der Seite und in der E-Mail.

## Erstellung dieser Erklärung

Diese Erklärung wurde am 25. November 2026 erstellt. Grundlage ist eine Selbstbewertung der Stadtverwaltung Musterstadt mit automatisierten Prüfungen (axe-core) und Tests mit Tastatur und Bildschirmleser.`,
  },
];

type SeedOptions = { now: Date; onlyIfEmpty?: boolean };

export function seedDemoContent(db: Db, { now, onlyIfEmpty = false }: SeedOptions): { seeded: boolean } {
  if (onlyIfEmpty) {
    const [row] = db.select({ n: count() }).from(series).all();
    const [pages] = db.select({ n: count() }).from(contentPages).all();
    const [agreements] = db.select({ n: count() }).from(agreementVersions).all();
    if ((row?.n ?? 0) > 0 && (pages?.n ?? 0) > 0 && (agreements?.n ?? 0) > 0) return { seeded: false };
  }
  db.transaction(
    (tx) => {
      for (const page of PAGES) {
        tx.insert(contentPages).values(page).onConflictDoNothing().run();
        // The example text is the page's first version, so its history starts with it.
        recordInitialRevision(tx, page.slug, now);
      }
      tx.insert(settings).values({ key: "organisation_name", value: "Stadtverwaltung Musterstadt (Beispiel)" }).onConflictDoNothing().run();
      // The organisers' note on every session page (decision 025).
      tx.insert(settings)
        .values({
          key: "working_time_note",
          value: "Die Teilnahme ist Arbeitszeit. Bitte stimmen Sie den Termin mit Ihrer Führungskraft ab.",
        })
        .onConflictDoNothing()
        .run();
      ensureAgreement(tx as unknown as Db, now);
      const admin = ensureUser(tx as unknown as Db, DEMO_ADMIN_EMAIL, "Alex Organisation", "Büro der CDO", ["participant", "admin"]);
      const facilitator = ensureUser(tx as unknown as Db, DEMO_FACILITATOR_EMAIL, "Kim Moderation", "Personal- und Organisationsamt", [
        "participant",
        "facilitator",
      ]);
      void admin;
      const secondFacilitator = ensureUser(tx as unknown as Db, "referent@stadt.example", "Sam Referent", "Personalrat", [
        "participant",
        "facilitator",
      ]);

      const seriesId = ensureSeries(tx as unknown as Db, {
        title: DEMO_SERIES_TITLE,
        description:
          "Was erlaubt die **Muster-Dienstvereinbarung KI**, was nicht, und was bedeutet sie für Ihren Arbeitsalltag? " +
          "Wir gehen die Abschnitte durch – von den freigegebenen Anwendungen (§ 4) über den Datenschutz (§ 6) " +
          "bis zum Ausschluss von Leistungs- und Verhaltenskontrolle (§ 9) – und beantworten Ihre Fragen aus der Praxis.\n\n" +
          "Reichen Sie Ihre Fragen gern vorab ein, auf Wunsch anonym.",
        audience: "Alle Mitarbeitenden",
        defaultDurationMinutes: 90,
        defaultCapacity: 20,
      });
      const leadSeriesId = ensureSeries(tx as unknown as Db, {
        title: "KI im Team einführen – für Führungskräfte",
        description:
          "Für Leitungen von Teams und Sachgebieten: Freigabeverfahren (§ 4), Qualifizierung (§ 10) und " +
          "die Beteiligung des Personalrats (§ 12). Keine Leistungs- oder Verhaltenskontrolle (§ 9).",
        audience: "Führungskräfte",
        defaultDurationMinutes: 120,
        defaultCapacity: 12,
        // A named contact; the other series shows the functional mailbox.
        contactName: "Alex Organisation, Büro der CDO",
        contactEmail: "cdo-buero@stadt.example",
      });
      // What each series covers, as its description says (the session pages link these).
      ensureCoveredSections(tx as unknown as Db, seriesId, ["s3", "s4", "s5", "s6", "s9"]);
      ensureCoveredSections(tx as unknown as Db, leadSeriesId, ["s4", "s9", "s10", "s12"]);

      const existing = tx.select({ n: count() }).from(sessions).all()[0]?.n ?? 0;
      if (existing > 0) return;
      const plan: {
        seriesId: number;
        daysFromNow: number;
        time: string;
        minutes: number;
        format: "in_person" | "online" | "hybrid";
        place: string;
        room: string;
        capacity: number;
        status?: "draft" | "published";
      }[] = [
        {
          seriesId,
          daysFromNow: 7,
          time: "10:00",
          minutes: 90,
          format: "in_person",
          place: "Rathaus, Rathausplatz 1",
          room: "Ratssaal",
          capacity: 30,
        },
        { seriesId, daysFromNow: 9, time: "14:00", minutes: 90, format: "online", place: "", room: "", capacity: 50 },
        {
          seriesId,
          daysFromNow: 14,
          time: "09:00",
          minutes: 90,
          format: "hybrid",
          place: "Technisches Rathaus, Am Markt 5",
          room: "Raum 2.14",
          capacity: 20,
        },
        // A small room, so the waitlist can be tried with three people.
        {
          seriesId,
          daysFromNow: 16,
          time: "13:00",
          minutes: 90,
          format: "in_person",
          place: "Stadtbibliothek, Kirchstraße 3",
          room: "Lesecafé",
          capacity: 3,
        },
        {
          seriesId,
          daysFromNow: 21,
          time: "13:30",
          minutes: 90,
          format: "in_person",
          place: "Bauhof, Industriestraße 12",
          room: "Sozialraum",
          capacity: 15,
        },
        { seriesId, daysFromNow: 28, time: "10:00", minutes: 90, format: "online", place: "", room: "", capacity: 50 },
        {
          seriesId,
          daysFromNow: 42,
          time: "10:00",
          minutes: 90,
          format: "hybrid",
          place: "Rathaus, Rathausplatz 1",
          room: "Ratssaal",
          capacity: 40,
        },
        {
          seriesId,
          daysFromNow: 35,
          time: "10:00",
          minutes: 90,
          format: "in_person",
          place: "Rathaus, Rathausplatz 1",
          room: "Ratssaal",
          capacity: 30,
          status: "draft",
        },
        {
          seriesId,
          daysFromNow: -14,
          time: "10:00",
          minutes: 90,
          format: "in_person",
          place: "Rathaus, Rathausplatz 1",
          room: "Ratssaal",
          capacity: 30,
        },
        {
          seriesId: leadSeriesId,
          daysFromNow: 10,
          time: "09:00",
          minutes: 120,
          format: "in_person",
          place: "Rathaus, Rathausplatz 1",
          room: "Besprechungsraum 3",
          capacity: 12,
        },
        { seriesId: leadSeriesId, daysFromNow: 28, time: "13:00", minutes: 120, format: "online", place: "", room: "", capacity: 12 },
      ];
      for (const item of plan) {
        const startsAt = berlinDayAt(now, item.daysFromNow, item.time);
        const endsAt = new Date(startsAt.getTime() + item.minutes * 60_000);
        const status = item.status ?? "published";
        const inserted = tx
          .insert(sessions)
          .values({
            seriesId: item.seriesId,
            startsAt,
            endsAt,
            format: item.format,
            place: item.place,
            room: item.room,
            accessibilityNotes:
              item.format === "online" ? "" : "Stufenloser Zugang über den Seiteneingang, Aufzug vorhanden, induktive Höranlage im Raum.",
            // Directions, tool and test room on the demo dates, so the session page shows them.
            directionsUrl: item.format === "online" ? null : `https://stadtplan.stadt.example/?suche=${encodeURIComponent(item.place)}`,
            onlineTool: item.format === "in_person" ? null : "Webex",
            testRoomUrl: item.format === "in_person" ? null : "https://video.stadt.example/testraum",
            onlineUrl: item.format === "in_person" ? null : "https://video.stadt.example/ki-info",
            capacity: item.capacity,
            noteForParticipants:
              item.format === "online"
                ? "Den Link zur Videokonferenz finden Sie nach der Anmeldung auf dieser Seite."
                : "Bitte bringen Sie gern eigene Beispiele aus Ihrem Arbeitsalltag mit.",
            status,
            publishedAt: status === "published" ? now : null,
          })
          .returning({ id: sessions.id })
          .get();
        tx.insert(sessionFacilitators).values({ sessionId: inserted.id, userId: facilitator }).run();
        if (item.format !== "online") {
          tx.insert(sessionFacilitators).values({ sessionId: inserted.id, userId: secondFacilitator }).run();
        }
      }
    },
    { behavior: "immediate" },
  );
  seedDemoQuestions(db, { now, seriesTitle: DEMO_SERIES_TITLE });
  seedDemoSummaries(db, { now, seriesTitle: DEMO_SERIES_TITLE });
  seedDemoMaterials(db, { now, seriesTitle: DEMO_SERIES_TITLE });
  // The seed writes its rows directly, past the use cases that keep the index in step.
  rebuildSearchIndex(db);
  return { seeded: true };
}

/**
 * The fictitious "Muster-Dienstvereinbarung KI" (labelled as an example in its intro), in
 * force since 1 January 2026, or since today where the clock is earlier.
 */
function ensureAgreement(db: Db, now: Date): void {
  const [existing] = db.select({ n: count() }).from(agreementVersions).all();
  if ((existing?.n ?? 0) > 0) return;
  const parsed = parseAgreementMarkdown(MUSTER_DIENSTVEREINBARUNG_MARKDOWN);
  if (!parsed.ok) throw new Error(`seed agreement does not parse: ${parsed.errors.map((e) => e.message).join("; ")}`);
  const newYear = berlinWallTimeToInstant("2026-01-01T00:00");
  if (!newYear.ok) throw new Error("seed date does not exist in Berlin");
  const today = berlinDayStart(now);
  const inForceFrom = newYear.instant.getTime() <= now.getTime() ? newYear.instant : today;
  insertAgreementVersion(db, parsed.document, {
    title: parsed.document.title ?? "Dienstvereinbarung KI",
    status: "in_force",
    inForceFrom,
    now,
  });
}

function berlinDayStart(now: Date): Date {
  const result = berlinWallTimeToInstant(`${toBerlinInputValue(now).slice(0, 10)}T00:00`);
  if (!result.ok) throw new Error("midnight does not exist in Berlin");
  return result.instant;
}

function ensureUser(db: Db, email: string, displayName: string, department: string, roles: Role[]): number {
  const existing = db.select({ id: users.id }).from(users).where(eq(users.email, email)).get();
  const id =
    existing?.id ??
    db.insert(users).values({ email, displayName, department, profileCompletedAt: new Date() }).returning({ id: users.id }).get().id;
  for (const role of roles) db.insert(userRoles).values({ userId: id, role }).onConflictDoNothing().run();
  return id;
}

/** The sections a demo series covers (by anchor, see seriesSections); kept if already set. */
function ensureCoveredSections(db: Db, seriesId: number, anchors: string[]): void {
  for (const anchor of anchors) db.insert(seriesSections).values({ seriesId, anchor }).onConflictDoNothing().run();
}

function ensureSeries(db: Db, values: typeof series.$inferInsert): number {
  const existing = db.select({ id: series.id }).from(series).where(eq(series.title, values.title)).get();
  return existing?.id ?? db.insert(series).values(values).returning({ id: series.id }).get().id;
}

/**
 * The given Berlin wall time about `days` calendar days from today's Berlin date; a date
 * that falls on a weekend moves to the Monday after, as an office would plan it.
 */
export function berlinDayAt(now: Date, days: number, time: string): Date {
  const today = toBerlinInputValue(now).slice(0, 10);
  const [y, m, d] = today.split("-").map(Number) as [number, number, number];
  const target = new Date(Date.UTC(y, m - 1, d + days));
  const weekday = target.getUTCDay();
  if (weekday === 6) target.setUTCDate(target.getUTCDate() + 2);
  if (weekday === 0) target.setUTCDate(target.getUTCDate() + 1);
  const isoDay = target.toISOString().slice(0, 10);
  const result = berlinWallTimeToInstant(`${isoDay}T${time}`);
  if (!result.ok) throw new Error(`seed time ${isoDay} ${time} does not exist in Berlin`);
  return result.instant;
}
