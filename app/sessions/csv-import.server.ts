// Bulk import of dates from a CSV file: every row is checked first, errors are reported per
// line, and either all rows are imported (in one transaction) or none.
import { parse } from "csv-parse/sync";
import { and, eq, ne } from "drizzle-orm";
import { writeAudit } from "~/lib/audit.server";
import { berlinWallTimeToInstant } from "~/lib/dates";
import { schema, type Db, type DbOrTx } from "~/lib/db.server";
import { SESSION_FORMATS, type SessionFormat } from "~db/schema";
import { notifyNewSession } from "./new-session-alerts.server";
import type { Actor } from "./planning.server";

const { series, sessions, sessionFacilitators, users, userRoles } = schema;

export const CSV_COLUMNS = ["series", "starts_at", "ends_at", "format", "place", "room", "capacity", "facilitator_emails"] as const;
/** A last column that a file may add. */
export const CSV_OPTIONAL_COLUMN = "status";

const FORMAT_ALIASES: Record<string, SessionFormat> = {
  in_person: "in_person",
  präsenz: "in_person",
  online: "online",
  hybrid: "hybrid",
};

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

  const header = records[0]!.record.map((cell) => cell.trim().toLowerCase());
  const expected = [...CSV_COLUMNS];
  const hasStatus = header.length === expected.length + 1 && header[expected.length] === CSV_OPTIONAL_COLUMN;
  if (!(header.length === expected.length || hasStatus) || expected.some((column, i) => header[i] !== column)) {
    return {
      rows: [],
      errors: [{ line: 1, message: `Die Kopfzeile muss lauten: ${expected.join(";")}[;status] – gefunden: ${header.join(";")}` }],
    };
  }

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
    const [
      title = "",
      startsRaw = "",
      endsRaw = "",
      formatRaw = "",
      place = "",
      room = "",
      capacityRaw = "",
      emailsRaw = "",
      statusRaw = "",
    ] = record;

    const seriesRow = seriesByTitle.get(title.toLowerCase());
    if (!seriesRow) problems.push(`Unbekannte Veranstaltungsreihe „${title}“.`);

    const time = (raw: string, label: string) => {
      const result = berlinWallTimeToInstant(raw);
      if (result.ok) return result.instant;
      problems.push(
        result.reason === "nonexistent"
          ? `${label} „${raw}“ gibt es wegen der Zeitumstellung nicht.`
          : `${label} „${raw}“ ist kein Datum im Format 2026-03-03 10:00.`,
      );
      return null;
    };
    const startsAt = time(startsRaw, "Beginn");
    const endsAt = time(endsRaw, "Ende");
    if (startsAt && endsAt && endsAt <= startsAt) problems.push("Das Ende muss nach dem Beginn liegen.");

    const format = FORMAT_ALIASES[formatRaw.toLowerCase()];
    if (!format) problems.push(`Unbekanntes Format „${formatRaw}“ (erlaubt: ${SESSION_FORMATS.join(", ")}).`);
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

    const status = (statusRaw || "draft").toLowerCase();
    if (status !== "draft" && status !== "published") problems.push(`Unbekannter Status „${statusRaw}“ (erlaubt: draft, published).`);

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
      status: status as "draft" | "published",
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
