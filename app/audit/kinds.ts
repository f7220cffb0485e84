// The audit view's kinds (decision 023): which logged actions an organiser sees on
// /admin/audit, grouped, with German labels. Pure. What people do for themselves (register,
// cancel, submit or edit a question, complete their profile) is not listed: the view shows what
// organisers, facilitators and the system did, and security events.
export const AUDIT_KINDS = ["planning", "participants", "questions", "agreement", "system", "security"] as const;
export type AuditKind = (typeof AUDIT_KINDS)[number];

export const AUDIT_KIND_LABELS: Record<AuditKind, string> = {
  planning: "Planung",
  participants: "Teilnehmende",
  questions: "Fragen und Zusammenfassungen",
  agreement: "Dienstvereinbarung",
  system: "System",
  security: "Sicherheit, Rollen und Einstellungen",
};

export const ACTION_LABELS: Record<string, { kind: AuditKind; label: string }> = {
  series_created: { kind: "planning", label: "Veranstaltungsreihe angelegt" },
  series_updated: { kind: "planning", label: "Veranstaltungsreihe geändert" },
  series_sections_set: { kind: "planning", label: "Abschnitte der Reihe festgelegt" },
  session_created: { kind: "planning", label: "Termin angelegt" },
  session_updated: { kind: "planning", label: "Termin geändert" },
  session_published: { kind: "planning", label: "Termin veröffentlicht" },
  session_duplicated: { kind: "planning", label: "Termin kopiert" },
  session_imported: { kind: "planning", label: "Termin importiert" },
  sessions_imported: { kind: "planning", label: "Termine aus CSV importiert" },
  session_cancelled: { kind: "planning", label: "Termin abgesagt" },
  session_called_off: { kind: "planning", label: "Termin ausgefallen" },
  session_draft_discarded: { kind: "planning", label: "Entwurf verworfen" },
  attendance_marked: { kind: "participants", label: "Anwesenheit eingetragen" },
  attendance_unmarked: { kind: "participants", label: "Anwesenheit zurückgenommen" },
  person_created_by_hand: { kind: "participants", label: "Person von Hand angelegt" },
  registration_confirmed: { kind: "participants", label: "Person von Hand angemeldet" },
  registration_waitlisted: { kind: "participants", label: "Person von Hand auf die Warteliste gesetzt" },
  registration_moved: { kind: "participants", label: "Anmeldung in einen anderen Termin verschoben" },
  registration_overbooked: { kind: "participants", label: "Anmeldung über die Platzzahl hinaus verschoben" },
  registration_replaced: { kind: "participants", label: "Anmeldung durch Verschieben beendet" },
  participants_messaged: { kind: "participants", label: "Nachricht an Teilnehmende" },
  question_accepted: { kind: "questions", label: "Frage angenommen" },
  question_rejected: { kind: "questions", label: "Frage abgelehnt" },
  question_merged: { kind: "questions", label: "Fragen zusammengeführt" },
  question_answered: { kind: "questions", label: "Frage beantwortet" },
  question_answer_changed: { kind: "questions", label: "Antwort geändert" },
  question_section_set: { kind: "questions", label: "Abschnitt einer Frage gesetzt" },
  question_wording_edited: { kind: "questions", label: "Wortlaut einer Frage bearbeitet" },
  question_follow_up: { kind: "questions", label: "Frage zur Nachbereitung markiert" },
  question_moved: { kind: "questions", label: "Frage in der Reihenfolge verschoben" },
  live_opened: { kind: "questions", label: "Fragen im Termin geöffnet" },
  live_mode_set: { kind: "questions", label: "Modus der Fragen im Termin geändert" },
  live_closed: { kind: "questions", label: "Fragen im Termin geschlossen" },
  summary_created: { kind: "questions", label: "Zusammenfassung angelegt" },
  summary_draft_saved: { kind: "questions", label: "Entwurf einer Zusammenfassung gespeichert" },
  summary_submitted_for_review: { kind: "questions", label: "Zusammenfassung zur Freigabe gegeben" },
  summary_approved: { kind: "questions", label: "Zusammenfassung freigegeben" },
  summary_sent_back: { kind: "questions", label: "Zusammenfassung zurückgegeben" },
  summary_published: { kind: "questions", label: "Zusammenfassung veröffentlicht" },
  summary_updated: { kind: "questions", label: "Zusammenfassung aktualisiert" },
  summary_update_started: { kind: "questions", label: "Aktualisierung einer Zusammenfassung begonnen" },
  summary_withdrawn: { kind: "questions", label: "Zusammenfassung zurückgezogen" },
  summary_item_relinked: { kind: "questions", label: "Antwort einem anderen Abschnitt zugeordnet" },
  material_created: { kind: "planning", label: "Material angelegt" },
  material_changed: { kind: "planning", label: "Material geändert" },
  material_file_replaced: { kind: "planning", label: "Datei eines Materials ersetzt" },
  material_deleted: { kind: "planning", label: "Material gelöscht" },
  agreement_version_imported: { kind: "agreement", label: "Fassung importiert" },
  agreement_version_scheduled: { kind: "agreement", label: "Fassung zum Inkrafttreten vorgesehen" },
  agreement_version_in_force: { kind: "agreement", label: "Fassung in Kraft getreten" },
  agreement_section_updated: { kind: "agreement", label: "Abschnitt geändert" },
  registration_promoted: { kind: "system", label: "Nachgerückt" },
  registration_offered: { kind: "system", label: "Platz angeboten" },
  registration_offer_expired: { kind: "system", label: "Platzangebot abgelaufen" },
  registration_conditional_ended: { kind: "system", label: "Bedingter Wartelistenplatz beendet" },
  material_removed_by_retention: { kind: "system", label: "Material nach Ablauf der Frist entfernt" },
  material_opened_by_retention: { kind: "system", label: "Material nach Ablauf der Frist für alle geöffnet" },
  retention_run: { kind: "system", label: "Aufbewahrungsfristen angewendet" },
  facilitator_digest_queued: { kind: "system", label: "Übersicht an die Moderation versandt" },
  signed_in: { kind: "security", label: "Eingeloggt" },
  person_added: { kind: "security", label: "Person hinzugefügt" },
  role_granted: { kind: "security", label: "Rolle vergeben" },
  role_revoked: { kind: "security", label: "Rolle entzogen" },
  setting_changed: { kind: "security", label: "Einstellung geändert" },
  identity_changed: { kind: "security", label: "Erscheinungsbild geändert" },
  logo_changed: { kind: "security", label: "Logo geändert" },
  logo_removed: { kind: "security", label: "Logo entfernt" },
  personal_data_exported: { kind: "security", label: "Daten einer Person ohne Adresse angezeigt oder exportiert" },
  account_deleted_by_admin: { kind: "security", label: "Konto einer Person ohne Adresse gelöscht" },
  content_page_saved: { kind: "security", label: "Rechtliche Seite gespeichert" },
  content_page_restored: { kind: "security", label: "Frühere Fassung einer rechtlichen Seite wiederhergestellt" },
};

/** Actions a person also takes for themselves: listed only when someone else took them. */
export const ALSO_SELF_SERVICE = ["registration_confirmed", "registration_waitlisted", "registration_replaced"];

/** Steps about a person's account that the person also takes themselves: listed only when someone else did. */
export const SELF_WHEN_ACTOR_IS_SUBJECT = ["personal_data_exported"];

/** Entries that never name anyone: a list of one person's sign-ins is what DESIGN 7 forbids. */
export const NEVER_NAMED = ["signed_in"];

export function actionsOf(kind: AuditKind | null): string[] {
  return Object.entries(ACTION_LABELS)
    .filter(([, v]) => kind === null || v.kind === kind)
    .map(([action]) => action);
}

export function isAuditKind(value: unknown): value is AuditKind {
  return typeof value === "string" && (AUDIT_KINDS as readonly string[]).includes(value);
}
