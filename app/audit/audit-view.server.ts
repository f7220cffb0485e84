// The audit view for organisers (/admin/audit, decision 023): what organisers, facilitators and
// the system did, and security events, filtered by kind and time, 50 a page. There is no filter
// by person, by design; names appear only as long as the account is stored, never for sign-ins,
// and never for the participant a registration entry is about.
import { and, desc, eq, gte, inArray, isNotNull, lt, notInArray, or, sql } from "drizzle-orm";
import { z } from "zod";
import { berlinWallTimeToInstant, formatDateNumeric, formatTime } from "~/lib/dates";
import { type DbOrTx, schema } from "~/lib/db.server";
import { fieldErrors } from "~/lib/forms";
import { ROLE_LABELS, isManagedRole } from "~/people/roles";
import {
  ACTION_LABELS,
  ALSO_SELF_SERVICE,
  actionsOf,
  AUDIT_KIND_LABELS,
  type AuditKind,
  isAuditKind,
  NEVER_NAMED,
  SELF_WHEN_ACTOR_IS_SUBJECT,
} from "./kinds";

const { auditLog, users, registrations, sessions, series } = schema;
export const AUDIT_PAGE_SIZE = 50;
const MAX_DAYS = 366;

const day = /^\d{4}-\d{2}-\d{2}$/;
const validDay = (value: string) =>
  day.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value);
const dayField = (label: string) => z.string().trim().refine(validDay, `Bitte geben Sie ${label} als Datum an, z. B. 2027-03-01.`);

const filterSchema = z
  .object({
    kind: z.string().refine((v) => v === "" || isAuditKind(v), "Bitte wählen Sie eine Art aus der Liste."),
    from: dayField("den ersten Tag"),
    to: dayField("den letzten Tag"),
    page: z.string().regex(/^[1-9]\d{0,5}$/, "Unbekannte Seite."),
  })
  .superRefine((v, ctx) => {
    if (!validDay(v.from) || !validDay(v.to)) return;
    const span = (Date.parse(v.to) - Date.parse(v.from)) / 86_400_000;
    if (span < 0) ctx.addIssue({ code: "custom", path: ["to"], message: "Der letzte Tag liegt vor dem ersten." });
    else if (span >= MAX_DAYS) ctx.addIssue({ code: "custom", path: ["to"], message: "Die Auswahl umfasst höchstens ein Jahr." });
  });

const addDays = (value: string, days: number) => new Date(Date.parse(`${value}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const berlinMidnight = (value: string) => {
  const result = berlinWallTimeToInstant(`${value}T00:00`);
  if (!result.ok) throw new Error(`no Berlin midnight on ${value}`);
  return result.instant;
};

export type AuditEntry = {
  id: number;
  when: string;
  kind: string;
  action: string;
  actor: string;
  subject: string;
  href: string | null;
};

export type AuditPage = {
  values: { kind: string; from: string; to: string };
  errors: Partial<Record<string, string>>;
  entries: AuditEntry[];
  page: number;
  hasMore: boolean;
  kinds: { value: AuditKind; label: string }[];
};

type Actor = { id: number; roles: readonly string[] };

export function auditPage(
  db: DbOrTx,
  actor: Actor,
  url: URL,
  now: Date,
): { ok: true; page: AuditPage } | { ok: false; reason: "forbidden" } {
  if (!actor.roles.includes("admin")) return { ok: false, reason: "forbidden" };
  const today = now.toLocaleDateString("sv-SE", { timeZone: "Europe/Berlin" });
  const values = {
    kind: url.searchParams.get("kind") ?? "",
    from: url.searchParams.get("from") ?? addDays(today, -29),
    to: url.searchParams.get("to") ?? today,
  };
  const kinds = Object.entries(AUDIT_KIND_LABELS).map(([value, label]) => ({ value: value as AuditKind, label }));
  const parsed = filterSchema.safeParse({ ...values, page: url.searchParams.get("page") ?? "1" });
  if (!parsed.success)
    return { ok: true, page: { values, errors: fieldErrors(parsed.error), entries: [], page: 1, hasMore: false, kinds } };
  const page = Number(parsed.data.page);
  const actions = actionsOf(isAuditKind(values.kind) ? values.kind : null);
  // A registration step someone took for themselves is theirs, not an organiser's: shown only
  // when the actor is known and is not the person the (not anonymised) registration belongs to.
  const takenByOther = sql`exists (select 1 from ${registrations} r where r.id = cast(${auditLog.subjectId} as integer) and r.user_id is not null and r.user_id <> ${auditLog.actorId})`;
  const rows = db
    .select({
      id: auditLog.id,
      at: auditLog.at,
      action: auditLog.action,
      actorId: auditLog.actorId,
      actorName: users.displayName,
      subjectType: auditLog.subjectType,
      subjectId: auditLog.subjectId,
      details: auditLog.details,
    })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorId))
    .where(
      and(
        inArray(auditLog.action, actions),
        gte(auditLog.at, berlinMidnight(parsed.data.from)),
        lt(auditLog.at, berlinMidnight(addDays(parsed.data.to, 1))),
        or(notInArray(auditLog.action, ALSO_SELF_SERVICE), and(isNotNull(auditLog.actorId), takenByOther)),
        or(
          notInArray(auditLog.action, SELF_WHEN_ACTOR_IS_SUBJECT),
          and(isNotNull(auditLog.actorId), sql`${auditLog.actorId} <> cast(${auditLog.subjectId} as integer)`),
        ),
      ),
    )
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(AUDIT_PAGE_SIZE + 1)
    .offset((page - 1) * AUDIT_PAGE_SIZE)
    .all();
  const shown = rows.slice(0, AUDIT_PAGE_SIZE);
  const subjects = describeSubjects(db, shown);
  const entries = shown.map((row): AuditEntry => {
    const meta = ACTION_LABELS[row.action]!;
    const subject = subjects(row);
    return {
      id: row.id,
      when: `${formatDateNumeric(row.at)} ${formatTime(row.at)}`,
      kind: AUDIT_KIND_LABELS[meta.kind],
      action: meta.label,
      actor: actorText(row, meta.kind),
      subject: subject.text,
      href: subject.href,
    };
  });
  return { ok: true, page: { values, errors: {}, entries, page, hasMore: rows.length > AUDIT_PAGE_SIZE, kinds } };
}

function actorText(row: { action: string; actorId: number | null; actorName: string | null }, kind: AuditKind): string {
  if (NEVER_NAMED.includes(row.action)) return "eine Person (nicht angezeigt)";
  if (row.actorId === null) return kind === "system" ? "System" : "System oder nicht mehr gespeichert";
  return row.actorName || "Name nicht mehr gespeichert";
}

type Row = { action: string; subjectType: string; subjectId: string | null; details: Record<string, unknown> | null };

/** Readable subjects for one page of entries, with three queries for the whole page. */
function describeSubjects(db: DbOrTx, rows: Row[]): (row: Row) => { text: string; href: string | null } {
  const sessionOf = (row: Row): number | null => {
    if (row.subjectType === "session") return Number(row.subjectId);
    const fromDetails = row.details?.sessionId;
    return typeof fromDetails === "number" ? fromDetails : null;
  };
  const sessionIds = [...new Set(rows.map(sessionOf).filter((id): id is number => id !== null && Number.isSafeInteger(id)))];
  const sessionRows = sessionIds.length
    ? db
        .select({ id: sessions.id, startsAt: sessions.startsAt, title: series.title })
        .from(sessions)
        .innerJoin(series, eq(series.id, sessions.seriesId))
        .where(inArray(sessions.id, sessionIds))
        .all()
    : [];
  const sessionText = new Map(sessionRows.map((s) => [s.id, `${s.title}, Termin am ${formatDateNumeric(s.startsAt)}`]));
  const seriesIds = [...new Set(rows.filter((r) => r.subjectType === "series").map((r) => Number(r.subjectId)))].filter(
    Number.isSafeInteger,
  );
  const seriesText = new Map(
    (seriesIds.length ? db.select({ id: series.id, title: series.title }).from(series).where(inArray(series.id, seriesIds)).all() : []).map(
      (s) => [s.id, s.title],
    ),
  );
  // Role changes name the person concerned (roles are on /admin/people anyway); no other entry does.
  const roleUserIds = [
    ...new Set(
      rows
        .filter((r) => r.subjectType === "user" && ["role_granted", "role_revoked", "person_added"].includes(r.action))
        .map((r) => Number(r.subjectId)),
    ),
  ].filter(Number.isSafeInteger);
  const userText = new Map(
    (roleUserIds.length
      ? db.select({ id: users.id, name: users.displayName }).from(users).where(inArray(users.id, roleUserIds)).all()
      : []
    ).map((u) => [u.id, u.name]),
  );
  return (row) => {
    const sessionId = sessionOf(row);
    const id = Number(row.subjectId);
    switch (row.subjectType) {
      case "session":
      case "registration": {
        const text = sessionId !== null ? (sessionText.get(sessionId) ?? `Termin Nr. ${sessionId} (gelöscht)`) : "Termin";
        const prefix = row.subjectType === "registration" ? "Eine Anmeldung: " : "";
        return { text: `${prefix}${text}`, href: sessionId !== null && sessionText.has(sessionId) ? `/admin/sessions/${sessionId}` : null };
      }
      case "series":
        return { text: seriesText.get(id) ?? `Reihe Nr. ${id} (gelöscht)`, href: seriesText.has(id) ? `/admin/series/${id}` : null };
      case "question":
        return { text: `Frage Nr. ${row.subjectId}`, href: null };
      case "summary":
        return { text: `Zusammenfassung Nr. ${row.subjectId}`, href: null };
      case "agreement_version":
        return { text: `Fassung Nr. ${row.subjectId}`, href: `/admin/agreement/${row.subjectId}` };
      case "agreement_section":
        return { text: `Abschnitt Nr. ${row.subjectId}`, href: null };
      case "material":
        return { text: `Material Nr. ${row.subjectId}`, href: null };
      case "retention":
        return { text: "Aufbewahrung", href: null };
      case "content_page":
        return { text: `Seite „${row.subjectId}“`, href: null };
      case "setting":
        return { text: `Einstellung „${row.subjectId}“`, href: null };
      case "user": {
        const role = row.details?.role;
        const roleText = isManagedRole(role) ? ` – ${ROLE_LABELS[role]}` : "";
        const name = userText.get(id);
        return { text: name !== undefined ? `${name || "Person ohne Namen"}${roleText}` : `eine Person${roleText}`, href: null };
      }
      default:
        return { text: "–", href: null };
    }
  };
}
