// Retention (decision 020): how long what is kept, as pure rules with no I/O. The settings
// page, the daily run, the dry run, /me and the generated section of the privacy page all
// read these, so what the privacy page says and what the run does cannot drift apart.

export const DAY_MS = 24 * 3600_000;

/** The periods an organisation sets on /admin/settings, in days. */
export type RetentionSettings = {
  /** Registrations without attendance: anonymised this long after their session ended. */
  registrationDays: number;
  /** Attendance and the Teilnahmebestätigung: proof of training may be needed longer (§ 10 DV, Art. 4 AI Act). */
  attendanceDays: number;
  /** A question's author link or keyed value: after the session (or submission), or after publication if later. */
  questionDays: number;
  /** `signed_in` audit entries (except each account's newest, see decision 020). */
  signInAuditDays: number;
  /** The personal fields of all other audit entries. */
  auditDays: number;
  /** Accounts with no sign-in and no registration for this long (people who left). */
  inactiveAccountDays: number;
};

export type RetentionSettingName = keyof RetentionSettings;

export const RETENTION_DEFAULTS: RetentionSettings = {
  registrationDays: 365,
  attendanceDays: 1095,
  questionDays: 365,
  signInAuditDays: 30,
  auditDays: 730,
  inactiveAccountDays: 730,
};

/** In form order; the label is the field's and the error summary's. */
export const RETENTION_FIELDS: { name: RetentionSettingName; label: string; hint: string }[] = [
  {
    name: "registrationDays",
    label: "Anmeldungen (Tage nach dem Termin)",
    hint: "Danach sind Anmeldungen ohne Teilnahme anonymisiert: Name, Abteilung und die Verbindung zur Person werden entfernt, die Zahlen bleiben für Berichte.",
  },
  {
    name: "attendanceDays",
    label: "Teilnahme und Teilnahmebestätigungen (Tage nach dem Termin)",
    hint: "Nachweis der Schulung (§ 10 der Dienstvereinbarung, Art. 4 KI-Verordnung). Danach ist die Teilnahme anonymisiert und die Bestätigung nicht mehr abrufbar.",
  },
  {
    name: "questionDays",
    label: "Fragen: Verbindung zur Person (Tage)",
    hint: "Nach dem Termin (Fragen zur Reihe oder allgemein: nach dem Einreichen) oder nach der Veröffentlichung, wenn diese später ist. Text und Antwort bleiben.",
  },
  {
    name: "signInAuditDays",
    label: "Protokoll des Einloggens (Tage)",
    hint: "Einträge „eingeloggt“; je Konto bleibt nur der letzte, solange das Konto besteht.",
  },
  {
    name: "auditDays",
    label: "Übrige Protokolleinträge: persönliche Angaben (Tage)",
    hint: "Danach werden wer gehandelt hat sowie Adressen, Namen und Nachrichtentexte aus den Einträgen entfernt.",
  },
  {
    name: "inactiveAccountDays",
    label: "Konten ohne Nutzung (Tage)",
    hint: "Konten ohne Rolle, die so lange weder eingeloggt noch angemeldet waren, werden gelöscht.",
  },
];

export const MIN_RETENTION_DAYS = 1;
export const MAX_RETENTION_DAYS = 3650;

/** What the app keeps for a fixed time, not set by the organisation. */
export const FIXED_RETENTION = {
  loginTokenDays: 1,
  rateLimitDays: 1,
  /** Recipient and subject of a sent mail (text, HTML and invite go once it is sent). */
  mailAddressDays: 30,
} as const;

/** The settings table's key of each period. */
export function settingKey(name: RetentionSettingName): string {
  return `retention.${name}`;
}

/** Stored values as they are; a missing or damaged one falls back to its default. */
export function retentionSettingsFrom(stored: Partial<Record<string, string>>): RetentionSettings {
  const settings = { ...RETENTION_DEFAULTS };
  for (const { name } of RETENTION_FIELDS) {
    const parsed = parseDays(stored[settingKey(name)] ?? "");
    if (parsed.ok) settings[name] = parsed.days;
  }
  return settings;
}

export type ParsedDays = { ok: true; days: number } | { ok: false; message: string };

/** What an organiser typed: a whole number of days within sensible bounds, or a German message. */
export function parseDays(input: string): ParsedDays {
  const typed = input.trim();
  if (typed === "") return { ok: false, message: "Bitte geben Sie eine Anzahl von Tagen an." };
  // "3.650" is how Germans write 3650; "1.5" is no whole number.
  const text = /^\d{1,3}(\.\d{3})+$/.test(typed) ? typed.replace(/\./g, "") : typed;
  if (!/^\d+$/.test(text)) return { ok: false, message: "Bitte geben Sie eine ganze Zahl von Tagen an, zum Beispiel 365." };
  const days = Number(text);
  if (days < MIN_RETENTION_DAYS || days > MAX_RETENTION_DAYS) {
    return { ok: false, message: `Bitte geben Sie zwischen ${MIN_RETENTION_DAYS} und 3.650 Tagen (zehn Jahre) an.` };
  }
  return { ok: true, days };
}

export type RetentionInputErrors = Partial<Record<RetentionSettingName, string>>;

/** The whole form: all fields valid, or each refused field with its message (nothing is saved then). */
export function parseRetentionInput(
  values: Partial<Record<RetentionSettingName, string>>,
): { ok: true; settings: RetentionSettings } | { ok: false; errors: RetentionInputErrors } {
  const settings = { ...RETENTION_DEFAULTS };
  const errors: RetentionInputErrors = {};
  for (const { name } of RETENTION_FIELDS) {
    const parsed = parseDays(values[name] ?? "");
    if (parsed.ok) settings[name] = parsed.days;
    else errors[name] = parsed.message;
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, settings };
}

/** The instant before which (inclusive) data with this period is due. */
export function cutoff(now: Date, days: number): Date {
  return new Date(now.getTime() - days * DAY_MS);
}

/** When an attended registration's certificate goes: its session's end plus the attendance period. */
export function certificateDeletionDate(sessionEndsAt: Date, settings: Pick<RetentionSettings, "attendanceDays">): Date {
  return new Date(sessionEndsAt.getTime() + settings.attendanceDays * DAY_MS);
}

/**
 * A question's author link is due `questionDays` after its anchor (the session's end; for series
 * and general questions the submission), or after its latest publication in a summary if later.
 */
export function questionLinkDueAt(anchor: Date, lastPublishedAt: Date | null, settings: Pick<RetentionSettings, "questionDays">): Date {
  const from = lastPublishedAt && lastPublishedAt > anchor ? lastPublishedAt : anchor;
  return new Date(from.getTime() + settings.questionDays * DAY_MS);
}

/**
 * Audit detail keys that can hold a person's own data (an address, a name, a free text an
 * organiser wrote to participants). The one list: the run removes these, the audit view may
 * rely on nothing else being personal. Numeric ids of accounts are not in it (decision 020).
 */
export const PERSONAL_AUDIT_DETAIL_KEYS = ["email", "text", "displayName", "name", "department", "recipient"] as const;

/** The kinds a run counts, in report order, with the CLI's words. */
export const RETENTION_KINDS = {
  registrations: "registrations anonymised (no attendance)",
  attendance: "attendances anonymised (certificates gone)",
  supportNeeds: "support needs deleted",
  questions: "questions cut from their author",
  loginTokens: "sign-in requests deleted",
  rateLimitHits: "rate-limit entries deleted",
  loginSessions: "ended logins deleted",
  mailContents: "sent mails: text, HTML and invite removed",
  mailAddresses: "mails: recipient and subject removed",
  signInEntries: "sign-in audit entries deleted",
  auditEntries: "audit entries: personal fields removed",
  inactiveAccounts: "accounts deleted (no use)",
  handMadeAccounts: "accounts created by hand deleted (last registration anonymised)",
  materialsOpened: "participants-only materials opened to all staff (their session anonymised)",
  materialsRemoved: "participants-only materials removed (their session anonymised)",
} as const;

export type RetentionKind = keyof typeof RETENTION_KINDS;
export type RetentionCounts = Record<RetentionKind, number>;

export function emptyCounts(): RetentionCounts {
  return Object.fromEntries(Object.keys(RETENTION_KINDS).map((kind) => [kind, 0])) as RetentionCounts;
}

/** The daily job's rule: at most one run per Berlin calendar day. */
export function retentionRunDue(lastRunAt: Date | null, now: Date): boolean {
  return lastRunAt === null || berlinDay(lastRunAt) !== berlinDay(now);
}

function berlinDay(instant: Date): string {
  return instant.toLocaleDateString("en-CA", { timeZone: "Europe/Berlin" });
}
