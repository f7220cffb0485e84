// The organisers' dashboard at the top of /admin (issue 15, item 7; decision 018): what needs
// attention now. Seats and waitlists are counted only through ~/registrations/seats.server,
// undelivered mails through the same condition as /admin/mail, waiting questions through the
// reviewer's scope of /facilitate, so every figure here is the one the other pages show.
import { and, asc, eq, gt, lt, notExists, sql, type SQL } from "drizzle-orm";
import { schema, type Db } from "~/lib/db.server";
import { countUndeliveredMails } from "~/mail/mail-admin.server";
import { reviewScope, type Reviewer } from "~/questions/review.server";
import { seatsHeldColumn, waitlistLengthColumn } from "~/registrations/seats.server";
import { dayOffWarning } from "./day-off";

const { series, sessions, sessionFacilitators, questions } = schema;

/** The dashboard looks this far ahead. */
export const DASHBOARD_WEEKS = 8;

const outerSessionId = sql.raw(`"sessions"."id"`);

function questionsWaitingColumn(): SQL<number> {
  return sql<number>`(select count(*) from "questions" wait_q
    where wait_q.session_id = ${outerSessionId} and wait_q.status = 'submitted')`.mapWith(Number);
}

function facilitatorCountColumn(): SQL<number> {
  return sql<number>`(select count(*) from "session_facilitators" fac
    where fac.session_id = ${outerSessionId})`.mapWith(Number);
}

export type DashboardSession = {
  id: number;
  seriesId: number;
  seriesTitle: string;
  startsAt: Date;
  endsAt: Date;
  capacity: number;
  /** Seats held: confirmed + offered + attended (decision 005). */
  taken: number;
  waitlisted: number;
  questionsWaiting: number;
  facilitators: number;
  dayOff: string | null;
};

export type DashboardLink = { id: number; seriesTitle: string; startsAt: Date; endsAt: Date };

export type Dashboard = {
  upcoming: DashboardSession[];
  drafts: DashboardLink[];
  withoutFacilitator: DashboardLink[];
  undeliveredMails: number;
  questionsWaiting: number;
};

/** Figures for an organiser; null for anyone else. */
export function loadDashboard(db: Db, actor: Reviewer, now: Date): Dashboard | null {
  if (!actor.roles.includes("admin")) return null;
  const horizon = new Date(now.getTime() + DASHBOARD_WEEKS * 7 * 24 * 3600_000);
  const upcoming = db
    .select({
      id: sessions.id,
      seriesId: sessions.seriesId,
      seriesTitle: series.title,
      startsAt: sessions.startsAt,
      endsAt: sessions.endsAt,
      capacity: sessions.capacity,
      taken: seatsHeldColumn(),
      waitlisted: waitlistLengthColumn(),
      questionsWaiting: questionsWaitingColumn(),
      facilitators: facilitatorCountColumn(),
    })
    .from(sessions)
    .innerJoin(series, eq(series.id, sessions.seriesId))
    // Running sessions count until their end, like everywhere else on the organiser pages.
    .where(and(eq(sessions.status, "published"), gt(sessions.endsAt, now), lt(sessions.startsAt, horizon)))
    .orderBy(asc(sessions.startsAt), asc(sessions.id))
    .all()
    .map((row) => ({ ...row, dayOff: dayOffWarning(row.startsAt) }));

  const link = { id: sessions.id, seriesTitle: series.title, startsAt: sessions.startsAt, endsAt: sessions.endsAt };
  // A draft whose date has passed can no longer be published sensibly: it is not "to publish".
  const drafts = db
    .select(link)
    .from(sessions)
    .innerJoin(series, eq(series.id, sessions.seriesId))
    .where(and(eq(sessions.status, "draft"), gt(sessions.startsAt, now)))
    .orderBy(asc(sessions.startsAt), asc(sessions.id))
    .all();
  const withoutFacilitator = db
    .select(link)
    .from(sessions)
    .innerJoin(series, eq(series.id, sessions.seriesId))
    .where(
      and(
        sql`${sessions.status} in ('draft', 'published')`,
        gt(sessions.endsAt, now),
        notExists(db.select({ one: sql`1` }).from(sessionFacilitators).where(eq(sessionFacilitators.sessionId, sessions.id))),
      ),
    )
    .orderBy(asc(sessions.startsAt), asc(sessions.id))
    .all();
  const questionsWaiting =
    db
      .select({ n: sql<number>`count(*)` })
      .from(questions)
      .where(and(reviewScope(db, actor), eq(questions.status, "submitted")))
      .get()?.n ?? 0;
  return { upcoming, drafts, withoutFacilitator, undeliveredMails: countUndeliveredMails(db), questionsWaiting };
}
