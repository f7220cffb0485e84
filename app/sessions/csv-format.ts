// The words a CSV file of dates may use (decision 018): the original English column names and
// values, and what a German organiser writes in a spreadsheet — "Beginn", "Plätze",
// "Präsenz", "15.01.2027 14:00". Pure: no database, no I/O.
import type { SessionFormat } from "~db/schema";

export const CSV_COLUMNS = ["series", "starts_at", "ends_at", "format", "place", "room", "capacity", "facilitator_emails"] as const;
export type CsvColumn = (typeof CSV_COLUMNS)[number] | "status";
/** A last column that a file may add. */
export const CSV_OPTIONAL_COLUMN = "status" as const;

/** The German header, as the template writes it. */
export const GERMAN_HEADER: Record<CsvColumn, string> = {
  series: "Reihe",
  starts_at: "Beginn",
  ends_at: "Ende",
  format: "Format",
  place: "Ort",
  room: "Raum",
  capacity: "Plätze",
  facilitator_emails: "Moderation",
  status: "Status",
};

const COLUMN_ALIASES: Record<string, CsvColumn> = {
  series: "series",
  reihe: "series",
  veranstaltungsreihe: "series",
  starts_at: "starts_at",
  beginn: "starts_at",
  start: "starts_at",
  ends_at: "ends_at",
  ende: "ends_at",
  format: "format",
  place: "place",
  ort: "place",
  veranstaltungsort: "place",
  room: "room",
  raum: "room",
  capacity: "capacity",
  plätze: "capacity",
  platzzahl: "capacity",
  kapazität: "capacity",
  facilitator_emails: "facilitator_emails",
  moderation: "facilitator_emails",
  "moderation (e-mail)": "facilitator_emails",
  "e-mail moderation": "facilitator_emails",
  status: "status",
};

const normalise = (text: string) => text.normalize("NFC").trim().toLowerCase().replace(/\s+/g, " ");

/** The column a header cell names, in English or German; null for an unknown name. */
export function columnOf(cell: string): CsvColumn | null {
  return COLUMN_ALIASES[normalise(cell)] ?? null;
}

const FORMAT_WORDS: Record<string, SessionFormat> = {
  in_person: "in_person",
  präsenz: "in_person",
  "vor ort": "in_person",
  online: "online",
  hybrid: "hybrid",
};

export function formatOf(word: string): SessionFormat | null {
  return FORMAT_WORDS[normalise(word)] ?? null;
}

const STATUS_WORDS: Record<string, "draft" | "published"> = {
  "": "draft",
  draft: "draft",
  entwurf: "draft",
  published: "published",
  veröffentlicht: "published",
  veröffentlichen: "published",
};

export function statusOf(word: string): "draft" | "published" | null {
  return STATUS_WORDS[normalise(word)] ?? null;
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{1,2}):(\d{2})$/;
// "15.01.2027 14:00", "15.1.2027, 9:00 Uhr", "15.01.2027 14.00 Uhr"
const GERMAN = /^(\d{1,2})\.(\d{1,2})\.(\d{4}),?\s+(\d{1,2})[:.](\d{2})(?:\s*uhr)?$/i;

const pad = (n: string) => n.padStart(2, "0");

/**
 * A date as written in a CSV cell, turned into the `datetime-local` form the Berlin
 * wall-time reader takes ("2027-01-15T14:00"); null if it is neither ISO nor German. Whether
 * the day exists (31.02.) is the wall-time reader's check.
 */
export function csvWallTime(cell: string): string | null {
  const text = cell.trim().replace(/\u00a0/g, " ");
  const iso = ISO.exec(text);
  if (iso) return `${iso[1]}-${iso[2]}-${iso[3]}T${pad(iso[4]!)}:${iso[5]}`;
  const german = GERMAN.exec(text);
  if (german) return `${german[3]}-${pad(german[2]!)}-${pad(german[1]!)}T${pad(german[4]!)}:${german[5]}`;
  return null;
}
