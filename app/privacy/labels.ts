// How the export's stored values read on /me/data: the JSON keeps the stored words, the page
// says them in German. Unknown values (a new audit action) are shown as stored, never hidden.
import { plural } from "~/lib/plural";

export const MAIL_STATUS_LABELS: Record<string, string> = {
  pending: "wartet auf Versand",
  sent: "versendet",
  failed: "nicht zustellbar",
  dropped: "verworfen",
};

export const AUDIT_ACTION_LABELS: Record<string, string> = {
  signed_in: "Eingeloggt",
  profile_updated: "Profil gespeichert",
  person_added: "Person angelegt",
  person_created_by_hand: "Von der Organisation angemeldet (ohne E-Mail-Adresse)",
  role_granted: "Rolle erhalten",
  role_revoked: "Rolle entzogen",
  registration_confirmed: "Angemeldet",
  registration_waitlisted: "Auf die Warteliste gesetzt",
  registration_waitlisted_conditionally: "Auf die Warteliste gesetzt (Platz im anderen Termin bleibt)",
  registration_cancelled: "Abgemeldet",
  registration_promoted: "Nachgerückt",
  registration_offered: "Platz angeboten",
  registration_offer_accepted: "Angebot angenommen",
  registration_offer_declined: "Angebot abgelehnt",
  registration_offer_expired: "Angebot abgelaufen",
  registration_rebooked: "Umgebucht",
  registration_switched: "Gewechselt",
  registration_replaced: "Durch einen anderen Termin ersetzt",
  registration_released_for_rebooking: "Für eine Umbuchung freigegeben",
  registration_conditional_ended: "Warteliste beendet (früheren Termin behalten)",
  question_submitted: "Frage eingereicht",
  personal_data_exported: "Daten von der Organisation eingesehen",
};

export const auditActionLabel = (action: string) => AUDIT_ACTION_LABELS[action] ?? action;

/** The work records' tables, for the reader. */
export const WORK_RECORD_LABELS: Record<string, string> = {
  "questions.reviewed_by_id": "Frage geprüft",
  "summaries.created_by_id": "Zusammenfassung angelegt",
  "summaries.withdrawn_by_id": "Zusammenfassung zurückgezogen",
  "summary_revisions.approved_by_id": "Fassung einer Zusammenfassung freigegeben",
  "summary_revisions.published_by_id": "Fassung einer Zusammenfassung veröffentlicht",
  "materials.created_by_id": "Material angelegt",
  "material_files.uploaded_by_id": "Datei eines Materials hochgeladen",
  "content_page_revisions.saved_by_id": "Rechtstext gespeichert",
};

// ISO-like yyyy-mm-dd of the German date (Swedish writes dates that way).
const berlinDay = new Intl.DateTimeFormat("sv-SE", { timeZone: "Europe/Berlin", year: "numeric", month: "2-digit", day: "2-digit" });

/** The download's file name, by the German date: `meine-daten-2026-03-03.json`. */
export function exportFileName(now: Date): string {
  return `meine-daten-${berlinDay.format(now)}.json`;
}

export const DELETE_REFUSALS = {
  last_admin:
    "Sie sind die letzte Person mit der Rolle Organisation. Vergeben Sie die Rolle zuerst an jemand anderen (Verwaltung → Personen und Rollen); danach können Sie Ihr Konto löschen.",
  last_admin_by_admin: "Diese Person ist die letzte mit der Rolle Organisation und kann nicht gelöscht werden.",
  place_not_released:
    "Das Konto konnte nicht gelöscht werden: Eine Anmeldung ließ sich nicht abmelden. Es ist nichts geändert. Bitte wenden Sie sich an die Organisation.",
} as const;

/** What a deletion did, in one sentence for the page after it. */
export function deletionSummaryText(summary: {
  cancelledPlaces: number;
  anonymisedRegistrations: number;
  anonymisedQuestions: number;
  removedVotes: number;
}): string {
  const parts = [
    `${plural(summary.cancelledPlaces, "kommende Anmeldung", "kommende Anmeldungen")} abgemeldet`,
    `${plural(summary.anonymisedRegistrations, "Anmeldung", "Anmeldungen")} anonymisiert`,
    `${plural(summary.anonymisedQuestions, "Frage", "Fragen")} anonymisiert`,
    `${plural(summary.removedVotes, "Stimme", "Stimmen")} entfernt`,
  ];
  return `${parts.join(", ")}.`;
}
