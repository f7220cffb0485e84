// Bulk import of dates from a CSV file: every row is checked first, errors are reported per
// line, and either all rows are imported (in one transaction) or none.
import { parse } from "csv-parse/sync";
import { and, asc, eq, ne } from "drizzle-orm";
import { writeAudit } from "~/lib/audit.server";
import { addBerlinDays, berlinWallTimeToInstant, toBerlinInputValue } from "~/lib/dates";
import { schema, type Db, type DbOrTx } from "~/lib/db.server";
import type { SessionFormat } from "~db/schema";
import { CSV_COLUMNS, CSV_OPTIONAL_COLUMN, GERMAN_HEADER, columnOf, csvWallTime, formatOf, statusOf, type CsvColumn } from "./csv-format";
import { dayOffWarning } from "./day-off";
import { notifyNewSession } from "./new-session-alerts.server";
import type { Actor } from "./planning.server";

const { series, sessions, sessionFacilitators, users, userRoles } = schema;

export { CSV_COLUMNS, CSV_OPTIONAL_COLUMN } from "./csv-format";

export type CsvRow = {
  line: number;
  seriesId: number;
  seriesTitle: string;
  startsAt: Date;
  endsAt: Date;
  format: SessionFormat;
  place: string;
  room: string;
  capacity: number;
  facilitatorIds: number[];
  facilitatorEmails: string[];
  status: "draft" | "published";
  /** A holiday or weekend, pointed out in the preview; nothing is refused. */
  dayOff: string | null;
};

export type CsvError = { line: number; message: string };
export type CsvCheck = { rows: CsvRow[]; errors: CsvError[] };

function detectDelimiter(text: string): ";" | "," {
  const header = text.replace(/^\uFEFF/, "").split(/\r?\n/, 1)[0] ?? "";
  return (header.match(/;/g)?.length ?? 0) >= (header.match(/,/g)?.length ?? 0) ? ";" : ",";
}

/** Checks a CSV file against the database without changing anything. */
export function checkSessionsCsv(db: DbOrTx, text: string): CsvCheck {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, {
      bom: true,
      delimiter: detectDelimiter(text),
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (error) {
    const line = (error as { lines?: number }).lines ?? 1;
    return { rows: [], errors: [{ line, message: "Die Datei ist kein gültiges CSV (z. B. ein nicht geschlossenes Anführungszeichen)." }] };
  }
  if (records.length === 0) return { rows: [], errors: [{ line: 1, message: "Die Datei ist leer." }] };

  // English or German column names, in any order; the optional status column comes last.
  const header = records[0]!.record.map((cell) => columnOf(cell));
  const position = new Map<CsvColumn, number>();
  header.forEach((column, i) => {
    if (column && !position.has(column)) position.set(column, i);
  });
  const statusLast = header.length === CSV_COLUMNS.length + 1 && header.at(-1) === CSV_OPTIONAL_COLUMN;
  if (
    !(header.length === CSV_COLUMNS.length || statusLast) ||
    header.some((column) => column === null) ||
    position.size !== header.length ||
    CSV_COLUMNS.some((column) => !position.has(column))
  ) {
    return {
      rows: [],
      errors: [
        {
          line: 1,
          message: `Die Kopfzeile muss lauten: ${CSV_COLUMNS.map((c) => GERMAN_HEADER[c]).join(";")}[;Status] (oder ${CSV_COLUMNS.join(";")}[;status]) – gefunden: ${records[0]!.record.join(";")}`,
        },
      ],
    };
  }
  const hasStatus = statusLast;

  const seriesByTitle = new Map(
    db
      .select({ id: series.id, title: series.title })
      .from(series)
      .all()
      .map((s) => [s.title.toLowerCase(), s] as const),
  );
  const facilitatorsByEmail = new Map(
    db
      .select({ id: users.id, email: users.email })
      .from(users)
      .innerJoin(userRoles, and(eq(userRoles.userId, users.id), eq(userRoles.role, "facilitator")))
      .all()
      .map((u) => [u.email ?? "", u.id] as const),
  );

  const rows: CsvRow[] = [];
  const errors: CsvError[] = [];
  const seen = new Map<string, number>();
  for (const { record, info } of records.slice(1)) {
    const line = info.lines;
    const problems: string[] = [];
    // The optional status column may be left off a row.
    if (record.length !== header.length && !(hasStatus && record.length === header.length - 1)) {
      errors.push({ line, message: `Die Zeile hat ${record.length} statt ${header.length} Spalten.` });
      continue;
    }
    const cell = (column: CsvColumn) => {
      const i = position.get(column);
      return i === undefined ? "" : (record[i] ?? "");
    };
    const title = cell("series");
    const startsRaw = cell("starts_at");
    const endsRaw = cell("ends_at");
    const formatRaw = cell("format");
    const place = cell("place");
    const room = cell("room");
    const capacityRaw = cell("capacity");
    const emailsRaw = cell("facilitator_emails");
    const statusRaw = cell("status");

    const seriesRow = seriesByTitle.get(title.toLowerCase());
    if (!seriesRow) problems.push(`Unbekannte Veranstaltungsreihe „${title}“.`);

    const time = (raw: string, label: string) => {
      const wall = csvWallTime(raw);
      const result = wall ? berlinWallTimeToInstant(wall) : ({ ok: false, reason: "invalid" } as const);
      if (result.ok) return result.instant;
      problems.push(
        result.reason === "nonexistent"
          ? `${label} „${raw}“ gibt es wegen der Zeitumstellung nicht.`
          : `${label} „${raw}“ ist kein gültiges Datum. Bitte schreiben Sie es wie 15.01.2027 14:00 (deutsche Zeit).`,
      );
      return null;
    };
    const startsAt = time(startsRaw, "Beginn");
    const endsAt = time(endsRaw, "Ende");
    if (startsAt && endsAt && endsAt <= startsAt) problems.push("Das Ende muss nach dem Beginn liegen.");

    const format = formatOf(formatRaw);
    if (!format) problems.push(`Unbekanntes Format „${formatRaw}“ (erlaubt: Präsenz, Online, Hybrid).`);
    if (format && format !== "online" && !place) problems.push("Für Präsenz- und Hybridtermine fehlt der Ort.");

    const capacity = /^\d+$/.test(capacityRaw) ? Number(capacityRaw) : NaN;
    if (!(capacity >= 1 && capacity <= 10_000)) problems.push(`Die Platzzahl „${capacityRaw}“ muss zwischen 1 und 10.000 liegen.`);

    const facilitatorEmails = emailsRaw
      .split("|")
      .map((email) => email.trim().toLowerCase())
      .filter(Boolean);
    const facilitatorIds: number[] = [];
    for (const email of facilitatorEmails) {
      const id = facilitatorsByEmail.get(email);
      if (id === undefined)
        problems.push(
          `„${email}“ ist keine bekannte Person mit der Rolle Moderation. Bitte unter „Personen und Rollen“ in /admin/people freischalten.`,
        );
      else facilitatorIds.push(id);
    }

    const status = statusOf(statusRaw);
    if (!status) problems.push(`Unbekannter Status „${statusRaw}“ (erlaubt: Entwurf, veröffentlicht).`);

    if (seriesRow && startsAt) {
      const key = `${seriesRow.id}|${startsAt.getTime()}|${place.toLowerCase()}|${room.toLowerCase()}`;
      const firstLine = seen.get(key);
      if (firstLine !== undefined) problems.push(`Doppelte Zeile: derselbe Termin steht schon in Zeile ${firstLine}.`);
      else seen.set(key, line);
      const existing = db
        .select({ id: sessions.id })
        .from(sessions)
        .where(and(eq(sessions.seriesId, seriesRow.id), eq(sessions.startsAt, startsAt), ne(sessions.status, "cancelled")))
        .get();
      if (existing) problems.push(`Diesen Termin gibt es schon (Termin ${existing.id}).`);
    }

    if (problems.length > 0) {
      errors.push({ line, message: problems.join(" ") });
      continue;
    }
    rows.push({
      line,
      seriesId: seriesRow!.id,
      seriesTitle: seriesRow!.title,
      startsAt: startsAt!,
      endsAt: endsAt!,
      format: format!,
      place,
      room,
      capacity,
      facilitatorIds,
      facilitatorEmails,
      status: status!,
      dayOff: dayOffWarning(startsAt!),
    });
  }
  if (records.length === 1) errors.push({ line: 2, message: "Die Datei enthält keine Termine." });
  return { rows, errors };
}

export type ImportResult =
  | { ok: true; imported: number; published: number }
  | { ok: false; reason: "forbidden" }
  | { ok: false; reason: "invalid"; errors: CsvError[] };

/** All rows or none: the check runs again inside the write transaction. */
export function importSessionsCsv(
  db: Db,
  actor: Actor,
  text: string,
  options: { publish: boolean; appUrl: string; now?: Date },
): ImportResult {
  if (!actor.roles.includes("admin")) return { ok: false, reason: "forbidden" };
  const now = options.now ?? new Date();
  return db.transaction(
    (tx): ImportResult => {
      const check = checkSessionsCsv(tx, text);
      if (check.errors.length > 0) return { ok: false, reason: "invalid", errors: check.errors };
      let published = 0;
      for (const row of check.rows) {
        const publish = options.publish || row.status === "published";
        const session = tx
          .insert(sessions)
          .values({
            seriesId: row.seriesId,
            startsAt: row.startsAt,
            endsAt: row.endsAt,
            format: row.format,
            place: row.place,
            room: row.room,
            capacity: row.capacity,
            status: publish ? "published" : "draft",
            publishedAt: publish ? now : null,
          })
          .returning()
          .get();
        for (const userId of new Set(row.facilitatorIds)) tx.insert(sessionFacilitators).values({ sessionId: session.id, userId }).run();
        writeAudit(tx, {
          actorId: actor.id,
          action: "session_imported",
          subjectType: "session",
          subjectId: session.id,
          details: { line: row.line, status: session.status },
          at: now,
        });
        if (publish) {
          published++;
          if (session.endsAt > now) notifyNewSession(tx, session, options.appUrl, now);
        }
      }
      writeAudit(tx, {
        actorId: actor.id,
        action: "sessions_imported",
        subjectType: "import",
        subjectId: now.toISOString(),
        details: { rows: check.rows.length, published },
        at: now,
      });
      return { ok: true, imported: check.rows.length, published };
    },
    { behavior: "immediate" },
  );
}

/**
 * The template offered for download: UTF-8 with a BOM (so Excel reads the umlauts),
 * semicolons (Excel's separator in German settings), the German header and one example row
 * that imports as it is — an existing series, a Tuesday at 10:00 three weeks ahead, as a draft.
 */
export function csvTemplate(db: Db, now: Date): string {
  const seriesTitle = db.select({ title: series.title }).from(series).orderBy(asc(series.title)).limit(1).get()?.title;
  let day = addBerlinDays(now, 21);
  while (new Date(`${toBerlinInputValue(day).slice(0, 10)}T12:00:00Z`).getUTCDay() !== 2) day = addBerlinDays(day, 1);
  const date = toBerlinInputValue(day).slice(0, 10).split("-").reverse().join(".");
  const quote = (cell: string) => (/[;"\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell);
  const header = [...CSV_COLUMNS, CSV_OPTIONAL_COLUMN].map((column) => GERMAN_HEADER[column]);
  const example = [
    seriesTitle ?? "Titel der Veranstaltungsreihe",
    `${date} 10:00`,
    `${date} 11:30`,
    "Präsenz",
    "Rathaus, Rathausplatz 1",
    "Ratssaal",
    "20",
    "",
    "Entwurf",
  ];
  return `\uFEFF${[header, example].map((row) => row.map(quote).join(";")).join("\r\n")}\r\n`;
}
