// Aggregate reports for organisers (/admin/reports) and the staff council (/reports), decision
// 023. Nothing here returns a person: every figure is a count, department counts go through
// the small-cell suppression before they leave this module, and there is no filter by person.
import { and, asc, eq, gte, inArray, isNull, lt, lte, sql } from "drizzle-orm";
import { berlinMonthKey, berlinWallTimeToInstant, formatMonth } from "~/lib/dates";
import { type DbOrTx, schema } from "~/lib/db.server";
import { departmentGroup, NO_DEPARTMENT, OTHER_DEPARTMENT } from "~/people/departments";
import { loadDepartments } from "~/people/departments.server";
import { type ReportFilter, nextMonth } from "./period";
import { type SuppressedRow, suppressRow } from "./suppression";

const { sessions, series, registrations, users, auditLog, questions, agreementSections } = schema;

export type ReportActor = { id: number; roles: readonly string[] };
export const mayReadReports = (actor: ReportActor) => actor.roles.includes("admin") || actor.roles.includes("council");

export type FigureRow = {
  seriesId: number;
  seriesTitle: string;
  month: string;
  monthLabel: string;
  sessionsHeld: number;
  placesOffered: number;
  registrations: number;
  cancellations: number;
  waitlistPeak: number;
  promotions: number;
  /** Sessions of the row where attendance was recorded: the base of both rates. */
  sessionsWithAttendance: number;
  attended: number;
  noShows: number;
};

export type DepartmentRow = { seriesTitle: string; monthLabel: string; month: string } & SuppressedRow;
export type SectionRow = { label: string; submitted: number; answered: number };

export type Report = {
  figures: FigureRow[];
  departments: string[];
  departmentRows: DepartmentRow[];
  sections: SectionRow[];
};

// Ends that only move a person's registration to another row (rebooking, an organiser's move, a
// conditional entry whose earlier seat was kept): the person is counted there, not twice.
const CONTINUED_ELSEWHERE = ["rebooked", "moved", "kept_earlier"];
const WAITLIST_ENTRIES = new Set(["registration_waitlisted", "registration_waitlisted_conditionally"]);
const PROMOTIONS = ["registration_promoted", "registration_offer_accepted"];

function monthStart(key: string): Date {
  const result = berlinWallTimeToInstant(`${key}-01T00:00`);
  if (!result.ok) throw new Error(`no Berlin midnight for ${key}`);
  return result.instant;
}

export function listReportSeries(db: DbOrTx): { id: number; title: string }[] {
  return db.select({ id: series.id, title: series.title }).from(series).orderBy(asc(series.title)).all();
}

export function loadReport(
  db: DbOrTx,
  actor: ReportActor,
  filter: ReportFilter,
  now: Date,
): { ok: true; report: Report } | { ok: false; reason: "forbidden" } {
  if (!mayReadReports(actor)) return { ok: false, reason: "forbidden" };
  const from = monthStart(filter.from);
  const until = monthStart(nextMonth(filter.to));
  // Held: published, not called off, and over (attendance is recorded by then).
  const held = db
    .select({
      id: sessions.id,
      seriesId: sessions.seriesId,
      seriesTitle: series.title,
      startsAt: sessions.startsAt,
      endsAt: sessions.endsAt,
      capacity: sessions.capacity,
    })
    .from(sessions)
    .innerJoin(series, eq(series.id, sessions.seriesId))
    .where(
      and(
        eq(sessions.status, "published"),
        isNull(sessions.calledOffAt),
        gte(sessions.startsAt, from),
        lt(sessions.startsAt, until),
        lte(sessions.endsAt, now),
        filter.seriesId === null ? undefined : eq(sessions.seriesId, filter.seriesId),
      ),
    )
    .orderBy(asc(series.title), asc(sessions.startsAt))
    .all();
  const sessionIds = held.map((s) => s.id);
  const regs = sessionIds.length
    ? db
        .select({
          id: registrations.id,
          sessionId: registrations.sessionId,
          userId: registrations.userId,
          status: registrations.status,
          endReason: registrations.endReason,
          department: users.department,
        })
        .from(registrations)
        .leftJoin(users, eq(users.id, registrations.userId))
        .where(inArray(registrations.sessionId, sessionIds))
        .all()
    : [];
  // Registration events, attributed to the session named in the entry (where it happened).
  const events = sessionIds.length
    ? db
        .select({
          id: auditLog.id,
          registrationId: auditLog.subjectId,
          action: auditLog.action,
          at: auditLog.at,
          sessionId: sql<number>`json_extract(${auditLog.details}, '$.sessionId')`,
        })
        .from(auditLog)
        .where(and(eq(auditLog.subjectType, "registration"), inArray(sql`json_extract(${auditLog.details}, '$.sessionId')`, sessionIds)))
        .orderBy(asc(auditLog.at), asc(auditLog.id))
        .all()
    : [];

  const departments = loadDepartments(db);
  const columns = [...departments, OTHER_DEPARTMENT, NO_DEPARTMENT];
  type Group = FigureRow & { people: Map<string, string> };
  const groups = new Map<string, Group>();
  const sessionGroup = new Map<number, Group>();
  for (const s of held) {
    const month = berlinMonthKey(s.startsAt);
    const key = `${s.seriesId}:${month}`;
    let group = groups.get(key);
    if (!group) {
      group = {
        seriesId: s.seriesId,
        seriesTitle: s.seriesTitle,
        month,
        monthLabel: formatMonth(s.startsAt),
        sessionsHeld: 0,
        placesOffered: 0,
        registrations: 0,
        cancellations: 0,
        waitlistPeak: 0,
        promotions: 0,
        sessionsWithAttendance: 0,
        attended: 0,
        noShows: 0,
        people: new Map(),
      };
      groups.set(key, group);
    }
    group.sessionsHeld += 1;
    group.placesOffered += s.capacity;
    sessionGroup.set(s.id, group);
  }

  const attendedBySession = new Map<number, number>();
  for (const r of regs) if (r.status === "attended") attendedBySession.set(r.sessionId, (attendedBySession.get(r.sessionId) ?? 0) + 1);
  for (const [sessionId, count] of attendedBySession) {
    const group = sessionGroup.get(sessionId)!;
    group.sessionsWithAttendance += 1;
    group.attended += count;
  }
  for (const r of regs) {
    const group = sessionGroup.get(r.sessionId)!;
    if (r.endReason && CONTINUED_ELSEWHERE.includes(r.endReason)) continue;
    group.registrations += 1;
    if (r.status === "cancelled" && r.endReason === "self") group.cancellations += 1;
    // A held place nobody marked, in a session whose attendance was recorded.
    if (r.status === "confirmed" && attendedBySession.has(r.sessionId)) group.noShows += 1;
    // People, not registrations: one person twice in a series and month counts once; an
    // anonymised registration is someone nobody can tell apart any more, so it counts alone.
    const person = r.userId === null ? `r${r.id}` : `u${r.userId}`;
    group.people.set(person, r.userId === null ? NO_DEPARTMENT : departmentGroup(departments, r.department));
  }

  const waitlistPeaks = waitlistPeakBySession(events, new Map(held.map((s) => [s.id, s.startsAt])));
  for (const [sessionId, peak] of waitlistPeaks) {
    const group = sessionGroup.get(sessionId);
    if (group) group.waitlistPeak = Math.max(group.waitlistPeak, peak);
  }
  for (const e of events)
    if (PROMOTIONS.includes(e.action)) {
      const group = sessionGroup.get(Number(e.sessionId));
      if (group) group.promotions += 1;
    }

  const ordered = [...groups.values()].sort((a, b) => a.seriesTitle.localeCompare(b.seriesTitle, "de") || a.month.localeCompare(b.month));
  const figures = ordered.map(({ people: _people, ...row }) => row);
  const departmentRows = ordered.map((g) => {
    const counts = columns.map((column) => [...g.people.values()].filter((d) => d === column).length);
    return { seriesTitle: g.seriesTitle, monthLabel: g.monthLabel, month: g.month, ...suppressRow(counts) };
  });

  return {
    ok: true,
    report: { figures, departments: columns, departmentRows, sections: sectionFigures(db, filter, from, until) },
  };
}

/**
 * The longest waitlist each session had, replayed from the audit log: an entry joins with
 * "registration_waitlisted" (or its conditional form) and leaves with the next entry about the
 * same registration (promoted, offered, cancelled, ended, replaced). Entries still waiting at the
 * start count until then. See decision 023 for the limits.
 */
export function waitlistPeakBySession(
  events: readonly { registrationId: string | null; action: string; at: Date; sessionId: number | string }[],
  startsAt: ReadonlyMap<number, Date>,
): Map<number, number> {
  const waiting = new Map<string, number>();
  const length = new Map<number, number>();
  const peak = new Map<number, number>();
  for (const e of events) {
    const sessionId = Number(e.sessionId);
    const start = startsAt.get(sessionId);
    if (start === undefined || e.registrationId === null || e.at >= start) continue;
    const was = waiting.get(e.registrationId);
    if (was !== undefined) {
      waiting.delete(e.registrationId);
      length.set(was, (length.get(was) ?? 1) - 1);
    }
    if (WAITLIST_ENTRIES.has(e.action)) {
      waiting.set(e.registrationId, sessionId);
      const now = (length.get(sessionId) ?? 0) + 1;
      length.set(sessionId, now);
      peak.set(sessionId, Math.max(peak.get(sessionId) ?? 0, now));
    }
  }
  return peak;
}

/** Questions submitted and answered per section of the agreement, by the month they came in. */
function sectionFigures(db: DbOrTx, filter: ReportFilter, from: Date, until: Date): SectionRow[] {
  const questionSeries = sql<
    number | null
  >`coalesce(${questions.seriesId}, (select ${sessions.seriesId} from ${sessions} where ${sessions.id} = ${questions.sessionId}))`;
  const rows = db
    .select({
      anchor: agreementSections.anchor,
      number: agreementSections.number,
      title: agreementSections.title,
      submitted: sql<number>`count(*)`,
      answered: sql<number>`sum(case when ${questions.status} = 'answered' then 1 else 0 end)`,
    })
    .from(questions)
    .leftJoin(agreementSections, eq(agreementSections.id, questions.sectionId))
    .where(
      and(
        gte(questions.createdAt, from),
        lt(questions.createdAt, until),
        sql`${questions.status} <> 'withdrawn'`,
        filter.seriesId === null ? undefined : sql`${questionSeries} = ${filter.seriesId}`,
      ),
    )
    .groupBy(agreementSections.id)
    .all();
  // One row per section across versions of the agreement: by anchor (§ 6 stays § 6).
  const byAnchor = new Map<string, SectionRow & { order: string }>();
  for (const r of rows) {
    const key = r.anchor ?? "";
    const label = r.anchor ? [r.number, r.title].filter(Boolean).join(" ") || r.anchor : "ohne Abschnitt";
    const entry = byAnchor.get(key) ?? { label, submitted: 0, answered: 0, order: r.anchor ? key : "~" };
    entry.submitted += Number(r.submitted);
    entry.answered += Number(r.answered);
    byAnchor.set(key, entry);
  }
  return [...byAnchor.values()]
    .sort((a, b) => a.order.localeCompare(b.order, "de", { numeric: true }))
    .map(({ order: _order, ...row }) => row);
}
