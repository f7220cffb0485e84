// Demo materials (issue 17, item 3): about ten short texts written for this demo in our own
// words, each marked as an example, stored as Markdown pages (materials.body) — no file and no
// third-party content. Filed under the sections they explain; the slides belong to the past
// demo session and are for its participants only. Idempotent: nothing is added once any
// material exists.
import { and, asc, count, eq, lte } from "drizzle-orm";
import type { Db } from "./client";
import { materialSections, materials, series, sessions, users } from "./schema";

const MARK = "*Beispieltext für die Demo, frei formuliert – keine Rechtsauskunft und keine verbindliche Arbeitsanweisung.*";

type DemoMaterial = {
  title: string;
  description: string;
  kind: "example" | "guide" | "template" | "slides" | "elearning" | "other";
  anchors: string[];
  body: string;
  forPastSession?: boolean;
};

const DEMO: DemoMaterial[] = [
  {
    title: "Beispiel: Bürgeranfrage beantworten mit Textassistenz – was erlaubt ist",
    description: "Ein Antwortentwurf auf eine allgemeine Anfrage, Schritt für Schritt: was in den Prompt darf und was Sie selbst prüfen.",
    kind: "example",
    anchors: ["s4", "s5", "s6"],
    body: `${MARK}

## Die Lage

Eine Bürgerin fragt per E-Mail, welche Unterlagen sie für die Anmeldung eines Wohnsitzes braucht.

## So geht es

1. **Anonymisieren:** Name, Anschrift und E-Mail-Adresse der Bürgerin gehören nicht in den Prompt. Die Frage selbst ist allgemein.
2. **Prompt:** „Formuliere eine freundliche, kurze Antwort in einfacher Sprache: Welche Unterlagen braucht man für die Anmeldung eines Wohnsitzes? Nenne nur, was ich dir unten aufliste.“ – darunter die Liste aus dem Intranet.
3. **Prüfen:** Stimmen Unterlagen, Fristen und Öffnungszeiten? Die Verantwortung für die Antwort bleibt bei Ihnen.
4. **Versenden** aus dem Fachverfahren wie gewohnt.

## Nicht erlaubt

Die ganze E-Mail mit Namen und Anschrift einfügen, oder die Antwort ungeprüft versenden.`,
  },
  {
    title: "Prompt-Rahmen: Rolle, Aufgabe, Kontext, Format",
    description: "Vier Bausteine für einen guten Prompt, mit einem Beispiel aus der Verwaltung.",
    kind: "guide",
    anchors: ["s4", "s10"],
    body: `${MARK}

| Baustein | Frage | Beispiel |
|---|---|---|
| **Rolle** | Wer soll antworten? | „Du bist eine erfahrene Sachbearbeiterin im Bürgerbüro.“ |
| **Aufgabe** | Was genau soll entstehen? | „Fasse die folgenden Hinweise zusammen.“ |
| **Kontext** | Was muss die Anwendung wissen? | „Leserinnen und Leser sind Bürgerinnen und Bürger ohne Fachwissen.“ |
| **Format** | Wie soll das Ergebnis aussehen? | „Höchstens fünf Stichpunkte, einfache Sprache.“ |

Tipp: Geben Sie Beispiele vor, wie ein gutes Ergebnis aussieht, und bitten Sie um Rückfragen, wenn etwas unklar ist.`,
  },
  {
    title: "Checkliste: Was nie in einen Prompt gehört",
    description: "Personenbezogene Daten, Verschlusssachen, Zugangsdaten – die Liste zum Ausdrucken.",
    kind: "guide",
    anchors: ["s6"],
    body: `${MARK}

Bevor Sie absenden, prüfen Sie:

- [ ] **Keine Namen, Anschriften, Geburtsdaten, Aktenzeichen** von Bürgerinnen, Bürgern oder Kolleginnen und Kollegen.
- [ ] **Keine Gesundheits-, Sozial- oder Steuerdaten** und keine anderen besonderen Kategorien personenbezogener Daten.
- [ ] **Keine Verschlusssachen** und keine internen Unterlagen, die nicht veröffentlicht werden dürfen.
- [ ] **Keine Passwörter, Zugangsdaten oder Schlüssel.**
- [ ] **Keine Texte Dritter**, an denen die Stadt keine Rechte hat, in größerem Umfang.

Im Zweifel: weglassen, verallgemeinern oder bei der Datenschutzkoordination nachfragen.`,
  },
  {
    title: "Beispiel: Sitzungsprotokoll zusammenfassen",
    description: "Aus einem langen Protokoll die Beschlüsse und Aufgaben herausziehen – ohne Namen.",
    kind: "example",
    anchors: ["s5", "s8"],
    body: `${MARK}

1. Entfernen Sie Namen und ersetzen Sie sie durch Funktionen („Amtsleitung“, „Sachgebiet 2“).
2. Prompt: „Liste alle Beschlüsse und alle Aufgaben mit Frist aus dem folgenden Protokoll. Erfinde nichts; wenn eine Frist fehlt, schreibe ‚ohne Frist‘.“
3. Vergleichen Sie das Ergebnis mit dem Protokoll: Fehlt ein Beschluss? Ist eine Frist falsch?
4. Kennzeichnen Sie die Zusammenfassung, wenn Sie sie weitergeben (§ 8).`,
  },
  {
    title: "Vorlage: Kennzeichnung KI-unterstützter Texte",
    description: "Ein Satz für Schreiben und Vermerke, die mit Hilfe einer freigegebenen Anwendung entstanden sind.",
    kind: "template",
    anchors: ["s8"],
    body: `${MARK}

> Dieser Text wurde mit Unterstützung einer von der Stadt freigegebenen KI-Anwendung erstellt und von der unterzeichnenden Person geprüft.

Wann? Wenn ein wesentlicher Teil des Textes von der Anwendung stammt. Kurze Formulierungshilfen brauchen keine Kennzeichnung.`,
  },
  {
    title: "Beispiel: Einfache Sprache für einen Bescheid-Begleittext",
    description: "Einen schwer verständlichen Begleittext umformulieren lassen – und was dabei zu prüfen ist.",
    kind: "example",
    anchors: ["s4", "s8"],
    body: `${MARK}

**Prompt:** „Schreibe den folgenden Text in einfacher Sprache um. Sätze mit höchstens 15 Wörtern, keine Fachbegriffe ohne Erklärung. Rechtliche Aussagen dürfen sich nicht ändern.“

**Prüfen:** Ist jede rechtliche Aussage noch da? Stimmen Fristen und Beträge? Der Bescheid selbst wird nicht von der Anwendung erstellt.`,
  },
  {
    title: "Leitfaden: Ergebnisse prüfen – Fakten, Quellen, Ton",
    description: "Drei Fragen, die Sie jedem Ergebnis stellen, bevor es Ihren Schreibtisch verlässt.",
    kind: "guide",
    anchors: ["s8"],
    body: `${MARK}

1. **Stimmt es?** Zahlen, Namen, Fristen, Paragrafen gegen die Quelle prüfen. Sprachmodelle erfinden plausibel klingende Angaben.
2. **Woher kommt es?** Verlangen Sie keine Quellen von der Anwendung – prüfen Sie selbst in den Unterlagen der Stadt.
3. **Passt der Ton?** Freundlich, sachlich, in der Sie-Form, ohne Floskeln.`,
  },
  {
    title: "E-Learning: KI-Grundlagen für die Verwaltung (Beispielkurs)",
    description: "Ein Selbstlernkurs in fünf Einheiten à 15 Minuten; die Teilnahme ist Voraussetzung für den Zugang.",
    kind: "elearning",
    anchors: ["s10"],
    body: `${MARK}

| Einheit | Inhalt |
|---|---|
| 1 | Was ein Sprachmodell kann – und was nicht |
| 2 | Die Dienstvereinbarung in 15 Minuten |
| 3 | Datenschutz im Prompt |
| 4 | Gute Prompts schreiben |
| 5 | Ergebnisse prüfen und kennzeichnen |

Der Kurs läuft in der Arbeitszeit. Den Link zur Lernplattform erhalten Sie nach der Anmeldung von Ihrer Personalentwicklung.`,
  },
  {
    title: "Übersicht: Keine Leistungs- und Verhaltenskontrolle",
    description: "Was die Protokolle der Anwendungen enthalten, wer sie sehen darf, und wofür sie nie verwendet werden.",
    kind: "other",
    anchors: ["s9", "s12"],
    body: `${MARK}

- Protokolle dienen nur dem sicheren Betrieb und der Fehlersuche.
- Eine Auswertung nach Personen, um Leistung oder Verhalten zu beurteilen, ist ausgeschlossen.
- Zugriff auf Protokolle nur nach dem Vier-Augen-Prinzip und mit Beteiligung des Personalrats.`,
  },
  {
    title: "Folien: Die Dienstvereinbarung KI im Überblick",
    description: "Die Folien der Infoveranstaltung, für ihre Teilnehmenden.",
    kind: "slides",
    anchors: ["s3", "s4", "s5", "s6", "s9"],
    forPastSession: true,
    body: `${MARK}

## Folie 1 – Worum es geht

Die Dienstvereinbarung regelt, welche KI-Anwendungen wir nutzen dürfen und wie.

## Folie 2 – Freigegebene Anwendungen (§ 4)

Nur Anwendungen aus Anlage 1. Neue Anwendungen durchlaufen das Freigabeverfahren.

## Folie 3 – Datenschutz (§ 6)

Keine personenbezogenen Daten in Prompts, außer die Anwendung ist ausdrücklich dafür freigegeben.

## Folie 4 – Keine Kontrolle (§ 9)

Keine Leistungs- und Verhaltenskontrolle über die Anwendungen.`,
  },
];

export function seedDemoMaterials(db: Db, { now, seriesTitle }: { now: Date; seriesTitle: string }): void {
  if ((db.select({ n: count() }).from(materials).get()?.n ?? 0) > 0) return;
  const main = db.select({ id: series.id }).from(series).where(eq(series.title, seriesTitle)).get();
  const past = main
    ? db
        .select({ id: sessions.id, endsAt: sessions.endsAt })
        .from(sessions)
        .where(and(eq(sessions.seriesId, main.id), eq(sessions.status, "published"), lte(sessions.endsAt, now)))
        .orderBy(asc(sessions.startsAt))
        .get()
    : undefined;
  const admin = db.select({ id: users.id }).from(users).where(eq(users.email, "admin@stadt.example")).get();
  db.transaction(
    (tx) => {
      for (const item of DEMO) {
        if (item.forPastSession && !past) continue;
        const created = item.forPastSession && past ? new Date(past.endsAt.getTime() + 3600_000) : now;
        const row = tx
          .insert(materials)
          .values({
            title: item.title,
            description: item.description,
            kind: item.kind,
            body: item.body,
            seriesId: item.forPastSession ? (main?.id ?? null) : null,
            sessionId: item.forPastSession ? (past?.id ?? null) : null,
            visibility: item.forPastSession ? "seat_holders" : "staff",
            afterRetention: "open_to_staff",
            createdById: admin?.id ?? null,
            createdAt: created,
            updatedAt: created,
          })
          .returning({ id: materials.id })
          .get();
        for (const anchor of item.anchors) tx.insert(materialSections).values({ materialId: row.id, anchor }).run();
      }
    },
    { behavior: "immediate" },
  );
}
