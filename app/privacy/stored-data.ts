// The privacy page's generated section (decision 020): what the app stores and for how long,
// written from the live retention settings and the same constants the run uses, so the text
// cannot say something the run does not do. Pure: the route reads the settings, this words them.
import { plural } from "~/lib/plural";
import { FIXED_RETENTION, type RetentionSettings } from "./retention-rules";

export type StoredDataItem = { id: string; what: string; howLong: string };

/** "1 Tag", "365 Tage" (… nach dem Termin, … lang). */
const days = (count: number) => plural(count, "Tag", "Tage");
/** "nach 1 Tag", "nach 365 Tagen". */
const afterDays = (count: number) => `nach ${plural(count, "Tag", "Tagen")}`;

export function storedDataItems(settings: RetentionSettings, login: { loginMaxDays: number; loginIdleDays: number }): StoredDataItem[] {
  return [
    {
      id: "konto",
      what: "Konto: Name, dienstliche E-Mail-Adresse und (freiwillig) Abteilung",
      howLong: `Bis Sie es löschen. Ein Konto ohne Rolle, mit dem ${days(settings.inactiveAccountDays)} lang weder eingeloggt noch eine Anmeldung vorgenommen wurde, wird gelöscht; ein von der Organisation angelegtes Konto, mit dem nie eingeloggt wurde, sobald keine Anmeldung mehr mit ihm verbunden ist.`,
    },
    {
      id: "anmeldungen",
      what: "Anmeldungen zu Terminen (Termin, Stand, Zeitpunkt)",
      howLong: `${days(settings.registrationDays)} nach dem Ende des Termins anonymisiert: Die Verbindung zu Ihrer Person, Ihr Name und Ihre Abteilung werden entfernt, nur die Zahlen bleiben für Berichte.`,
    },
    {
      id: "unterstuetzung",
      what: "Angaben zu Unterstützungsbedarf bei der Anmeldung",
      howLong: "Bis zum Ende des Termins, dann gelöscht.",
    },
    {
      id: "teilnahme",
      what: "Teilnahme und Teilnahmebestätigung",
      howLong: `${days(settings.attendanceDays)} nach dem Ende des Termins anonymisiert (Nachweis der Schulung, § 10 der Dienstvereinbarung, Art. 4 KI-Verordnung). Unter „Meine Anmeldungen“ steht, bis wann Sie Ihre Bestätigung herunterladen können.`,
    },
    {
      id: "fragen",
      what: "Fragen: bei namentlichen Fragen die Verbindung zu Ihrem Konto, bei anonymen der Schlüsselwert, mit dem nur Sie Ihre Frage wiederfinden",
      howLong: `${days(settings.questionDays)} nach dem Termin (Fragen zu einer Reihe oder allgemeine Fragen: nach dem Einreichen) entfernt, oder ${days(settings.questionDays)} nach der Veröffentlichung der Antwort, wenn diese später ist – auch bei abgelehnten, zurückgezogenen und zusammengeführten Fragen. Text und Antwort bleiben ohne Bezug zu Ihnen.`,
    },
    {
      id: "einloggen",
      what: "Einlog-Anfragen (Link und Code nur als Prüfwert) und Zählungen gegen zu viele Versuche",
      howLong: `${days(FIXED_RETENTION.loginTokenDays)} nach der Anfrage gelöscht.`,
    },
    {
      id: "login",
      what: "Eingeloggter Browser",
      howLong: `Bis das Login endet (${afterDays(login.loginIdleDays)} ohne Nutzung, spätestens ${afterDays(login.loginMaxDays)}) oder Sie sich ausloggen, dann gelöscht.`,
    },
    {
      id: "e-mails",
      what: "E-Mails, die die Anwendung verschickt",
      howLong: `Text, HTML und Kalendereinladung bis zum Versand; Empfänger und Betreff (bei Einlog-Mails nur „Login-Mail“) noch ${days(FIXED_RETENTION.mailAddressDays)} nach dem Versand, dann entfernt.`,
    },
    {
      id: "protokoll-einloggen",
      what: "Protokoll: wann Sie eingeloggt waren",
      howLong: `${capitalise(afterDays(settings.signInAuditDays))} gelöscht; nur der letzte Eintrag bleibt, solange das Konto besteht (für die Löschung ungenutzter Konten).`,
    },
    {
      id: "protokoll",
      what: "Protokoll der Änderungen (wer wann was geändert hat)",
      howLong: `Die persönlichen Angaben (wer gehandelt hat, Adressen, Namen, Nachrichtentexte) werden ${afterDays(settings.auditDays)} entfernt; was geändert wurde, bleibt.`,
    },
    {
      id: "stimmen",
      what: "Ihre Stimmen für Fragen und „Neue Termine melden“",
      howLong: "Solange Ihr Konto besteht.",
    },
  ];
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
