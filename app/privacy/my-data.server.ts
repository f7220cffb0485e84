// "Meine Daten" (DSGVO Art. 15 and 20): everything the database holds about one person, in one
// typed object with a section per table. /me/data renders it, /me/data.json hands it over, and
// an organiser opens the same for a person registered by hand (who cannot sign in).
//
// Completeness is a test, not a promise: EXPORT_COVERAGE names every column that points at a
// person (a foreign key to users, an address, a keyed value), and tests/integration/my-data.test.ts
// reads the live schema and fails for a column that is missing here (decision 021).
import { and, asc, desc, eq, inArray, isNotNull, or, sql } from "drizzle-orm";
import { type DbOrTx, schema } from "~/lib/db.server";
import { type QuestionKey, quotaKey } from "~/questions/author-key.server";
import { myAnonymousQuestionIds } from "~/questions/reads.server";
import { rateKey } from "~/room/live.server";

const {
  users,
  userRoles,
  registrations,
  sessions,
  series,
  questions,
  questionVotes,
  questionQuota,
  liveQuestionRate,
  newSessionAlerts,
  sessionFacilitators,
  loginSessions,
  loginTokens,
  rateLimitHits,
  outbox,
  auditLog,
  summaries,
  summaryRevisions,
  materials,
  materialFiles,
  contentPageRevisions,
} = schema;

export type AuditTrace = { action: string; at: Date; details: Record<string, unknown> | null };

export type MyData = {
  generatedAt: Date;
  profile: {
    id: number;
    email: string | null;
    displayName: string;
    department: string | null;
    profileCompletedAt: Date | null;
    createdAt: Date;
    roles: string[];
  };
  registrations: {
    id: number;
    sessionId: number;
    seriesTitle: string;
    startsAt: Date;
    endsAt: Date;
    sessionStatus: string;
    status: string;
    endReason: string | null;
    queuedAt: Date;
    offerExpiresAt: Date | null;
    supportNeeds: string | null;
    overbooked: boolean;
    replacesRegistrationId: number | null;
    lastSequenceSent: number | null;
    createdAt: Date;
    updatedAt: Date;
    /** The registration's audit entries: registered, waitlisted, promoted, cancelled … */
    history: AuditTrace[];
  }[];
  /** The sessions marked as attended (a registration state; listed on its own for the reader). */
  attendance: { registrationId: number; sessionId: number; seriesTitle: string; startsAt: Date; endsAt: Date }[];
  questions: {
    id: number;
    anonymous: boolean;
    text: string;
    originalText: string | null;
    status: string;
    sessionId: number | null;
    seriesId: number | null;
    sectionId: number | null;
    answer: string | null;
    rejectReason: string | null;
    voteCount: number;
    source: string;
    createdAt: Date;
    updatedAt: Date;
  }[];
  votes: { questionId: number; questionText: string; createdAt: Date }[];
  newSessionAlerts: { seriesId: number; seriesTitle: string; createdAt: Date; notifiedAt: Date | null }[];
  facilitatedSessions: { sessionId: number; seriesTitle: string; startsAt: Date; endsAt: Date }[];
  /** The feed's link is derived from this version with the server's secret; the link itself is not stored. */
  calendarFeed: { version: number };
  loginSessions: { createdAt: Date; expiresAt: Date }[];
  signInRequests: { createdAt: Date; expiresAt: Date; usedAt: Date | null; failedCodeAttempts: number }[];
  /** Counted sign-in requests for the rate limit (kept an hour). */
  signInAttempts: { at: Date }[];
  mails: { subject: string; kind: string; status: string; createdAt: Date; sentAt: Date | null }[];
  /** The daily question limit, counted per day by a keyed value (decision 011). */
  questionQuota: { day: string; count: number }[];
  /** The live phase's limit, counted per session and minute by a keyed value (decision 016). */
  liveQuestionRate: { sessionId: number; minute: number; count: number }[];
  /** Series that name this person's address as their contact. */
  seriesContacts: { seriesId: number; title: string; contactName: string | null }[];
  /** What this person did or what was done to their account, as the audit log records it. */
  auditEntries: { action: string; subjectType: string; subjectId: string | null; at: Date; details: Record<string, unknown> | null }[];
  /** Work records naming this person: questions reviewed, summaries published, materials uploaded … */
  workRecords: { table: string; column: string; rowId: number | string; at: Date | null }[];
};

/** The section of MyData that covers each column pointing at a person ("table.column"). */
export const EXPORT_COVERAGE = {
  "users.id": "profile",
  "users.email": "profile",
  "user_roles.user_id": "profile",
  "registrations.user_id": "registrations",
  "questions.author_id": "questions",
  "questions.author_key": "questions",
  "questions.reviewed_by_id": "workRecords",
  "question_votes.user_id": "votes",
  "question_quota.keyed_value": "questionQuota",
  "live_question_rate.keyed_value": "liveQuestionRate",
  "new_date_alerts.user_id": "newSessionAlerts",
  "session_facilitators.user_id": "facilitatedSessions",
  "login_sessions.user_id": "loginSessions",
  "login_tokens.email": "signInRequests",
  "rate_limit_hits.bucket": "signInAttempts",
  "outbox.recipient": "mails",
  "series.contact_email": "seriesContacts",
  "audit_log.actor_id": "auditEntries",
  "summaries.created_by_id": "workRecords",
  "summaries.withdrawn_by_id": "workRecords",
  "summary_revisions.approved_by_id": "workRecords",
  "summary_revisions.published_by_id": "workRecords",
  "materials.created_by_id": "workRecords",
  "material_files.uploaded_by_id": "workRecords",
  "content_page_revisions.saved_by_id": "workRecords",
} as const satisfies Record<string, keyof MyData>;

/** The rate-limit bucket of an address (app/auth/sign-in.server.ts). */
export const addressBucket = (email: string) => `address:${email}`;

/** The ids of this person's questions: named by the author link, anonymous by the keyed value. */
export function questionIdsOf(db: DbOrTx, key: QuestionKey, userId: number): { named: number[]; anonymous: number[] } {
  const named = db
    .select({ id: questions.id })
    .from(questions)
    .where(eq(questions.authorId, userId))
    .all()
    .map((r) => r.id);
  return { named, anonymous: myAnonymousQuestionIds(db, key, userId) };
}

/** Quota rows are keyed per person and day: the server recomputes the value for each day stored. */
export function quotaRowsOf(db: DbOrTx, key: QuestionKey, userId: number): { keyedValue: string; day: string; count: number }[] {
  const days = db.selectDistinct({ day: questionQuota.day }).from(questionQuota).all();
  const values = days.map(({ day }) => quotaKey(key, userId, day));
  if (values.length === 0) return [];
  return db.select().from(questionQuota).where(inArray(questionQuota.keyedValue, values)).orderBy(asc(questionQuota.day)).all();
}

/**
 * Live-rate rows are keyed per person, session and minute and live for a minute or so: the few
 * rows there are tried against every session whose live phase was ever opened.
 */
export function liveRateRowsOf(
  db: DbOrTx,
  key: QuestionKey,
  userId: number,
): { keyedValue: string; sessionId: number; minute: number; count: number }[] {
  const rows = db.select().from(liveQuestionRate).all();
  if (rows.length === 0) return [];
  const liveSessions = db.select({ id: sessions.id }).from(sessions).where(isNotNull(sessions.liveOpenedAt)).all();
  const found: { keyedValue: string; sessionId: number; minute: number; count: number }[] = [];
  for (const row of rows) {
    const session = liveSessions.find((s) => rateKey(key, userId, s.id, row.minute) === row.keyedValue);
    if (session) found.push({ ...row, sessionId: session.id });
  }
  return found;
}

const traces = (rows: { action: string; at: Date; details: Record<string, unknown> | null }[]): AuditTrace[] =>
  rows.map(({ action, at, details }) => ({ action, at, details }));

/** Everything stored about this person, or null for an unknown id. */
export function collectMyData(db: DbOrTx, key: QuestionKey, userId: number, now: Date): MyData | null {
  const user = db.select().from(users).where(eq(users.id, userId)).get();
  if (!user) return null;
  const roles = db
    .select({ role: userRoles.role })
    .from(userRoles)
    .where(eq(userRoles.userId, userId))
    .orderBy(asc(userRoles.role))
    .all()
    .map((r) => r.role);

  const registrationRows = db
    .select({
      registration: registrations,
      seriesTitle: series.title,
      startsAt: sessions.startsAt,
      endsAt: sessions.endsAt,
      sessionStatus: sessions.status,
    })
    .from(registrations)
    .innerJoin(sessions, eq(sessions.id, registrations.sessionId))
    .innerJoin(series, eq(series.id, sessions.seriesId))
    .where(eq(registrations.userId, userId))
    .orderBy(desc(sessions.startsAt), asc(registrations.id))
    .all();
  const registrationIds = registrationRows.map((r) => String(r.registration.id));
  const history =
    registrationIds.length === 0
      ? []
      : db
          .select({ subjectId: auditLog.subjectId, action: auditLog.action, at: auditLog.at, details: auditLog.details })
          .from(auditLog)
          .where(and(eq(auditLog.subjectType, "registration"), inArray(auditLog.subjectId, registrationIds)))
          .orderBy(asc(auditLog.id))
          .all();
  const exportedRegistrations = registrationRows.map(({ registration: r, ...session }) => ({
    id: r.id,
    sessionId: r.sessionId,
    seriesTitle: session.seriesTitle,
    startsAt: session.startsAt,
    endsAt: session.endsAt,
    sessionStatus: session.sessionStatus,
    status: r.status,
    endReason: r.endReason,
    queuedAt: r.queuedAt,
    offerExpiresAt: r.offerExpiresAt,
    supportNeeds: r.supportNeeds,
    overbooked: r.overbooked,
    replacesRegistrationId: r.replacesRegistrationId,
    lastSequenceSent: r.lastSequenceSent,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    history: traces(history.filter((h) => h.subjectId === String(r.id))),
  }));

  const ids = questionIdsOf(db, key, userId);
  const questionIds = [...ids.named, ...ids.anonymous];
  const questionRows =
    questionIds.length === 0 ? [] : db.select().from(questions).where(inArray(questions.id, questionIds)).orderBy(asc(questions.id)).all();

  const votes = db
    .select({ questionId: questionVotes.questionId, questionText: questions.text, createdAt: questionVotes.createdAt })
    .from(questionVotes)
    .innerJoin(questions, eq(questions.id, questionVotes.questionId))
    .where(eq(questionVotes.userId, userId))
    .orderBy(asc(questionVotes.createdAt))
    .all();

  const alerts = db
    .select({
      seriesId: newSessionAlerts.seriesId,
      seriesTitle: series.title,
      createdAt: newSessionAlerts.createdAt,
      notifiedAt: newSessionAlerts.notifiedAt,
    })
    .from(newSessionAlerts)
    .innerJoin(series, eq(series.id, newSessionAlerts.seriesId))
    .where(eq(newSessionAlerts.userId, userId))
    .orderBy(asc(newSessionAlerts.id))
    .all();

  const facilitated = db
    .select({ sessionId: sessions.id, seriesTitle: series.title, startsAt: sessions.startsAt, endsAt: sessions.endsAt })
    .from(sessionFacilitators)
    .innerJoin(sessions, eq(sessions.id, sessionFacilitators.sessionId))
    .innerJoin(series, eq(series.id, sessions.seriesId))
    .where(eq(sessionFacilitators.userId, userId))
    .orderBy(desc(sessions.startsAt))
    .all();

  const email = user.email;
  const byAddress = <T>(read: (address: string) => T[]): T[] => (email ? read(email) : []);

  const workRecords: MyData["workRecords"] = [];
  const work = (table: string, column: string, rows: { rowId: number | string; at: Date | null }[]) => {
    for (const row of rows) workRecords.push({ table, column, ...row });
  };
  work(
    "questions",
    "reviewed_by_id",
    db.select({ rowId: questions.id, at: questions.reviewedAt }).from(questions).where(eq(questions.reviewedById, userId)).all(),
  );
  work(
    "summaries",
    "created_by_id",
    db.select({ rowId: summaries.id, at: summaries.createdAt }).from(summaries).where(eq(summaries.createdById, userId)).all(),
  );
  work(
    "summaries",
    "withdrawn_by_id",
    db.select({ rowId: summaries.id, at: summaries.withdrawnAt }).from(summaries).where(eq(summaries.withdrawnById, userId)).all(),
  );
  work(
    "summary_revisions",
    "approved_by_id",
    db
      .select({ rowId: summaryRevisions.id, at: summaryRevisions.approvedAt })
      .from(summaryRevisions)
      .where(eq(summaryRevisions.approvedById, userId))
      .all(),
  );
  work(
    "summary_revisions",
    "published_by_id",
    db
      .select({ rowId: summaryRevisions.id, at: summaryRevisions.publishedAt })
      .from(summaryRevisions)
      .where(eq(summaryRevisions.publishedById, userId))
      .all(),
  );
  work(
    "materials",
    "created_by_id",
    db.select({ rowId: materials.id, at: materials.createdAt }).from(materials).where(eq(materials.createdById, userId)).all(),
  );
  work(
    "material_files",
    "uploaded_by_id",
    db
      .select({ rowId: materialFiles.id, at: materialFiles.createdAt })
      .from(materialFiles)
      .where(eq(materialFiles.uploadedById, userId))
      .all(),
  );
  work(
    "content_page_revisions",
    "saved_by_id",
    db
      .select({ rowId: contentPageRevisions.id, at: contentPageRevisions.savedAt })
      .from(contentPageRevisions)
      .where(eq(contentPageRevisions.savedById, userId))
      .all(),
  );

  return {
    generatedAt: now,
    profile: {
      id: user.id,
      email: user.email,
      displayName: user.displayName,
      department: user.department,
      profileCompletedAt: user.profileCompletedAt,
      createdAt: user.createdAt,
      roles,
    },
    registrations: exportedRegistrations,
    attendance: exportedRegistrations
      .filter((r) => r.status === "attended")
      .map((r) => ({ registrationId: r.id, sessionId: r.sessionId, seriesTitle: r.seriesTitle, startsAt: r.startsAt, endsAt: r.endsAt })),
    questions: questionRows.map((q) => ({
      id: q.id,
      anonymous: q.anonymous,
      text: q.text,
      originalText: q.originalText,
      status: q.status,
      sessionId: q.sessionId,
      seriesId: q.seriesId,
      sectionId: q.sectionId,
      answer: q.answer,
      rejectReason: q.rejectReason,
      voteCount: q.voteCount,
      source: q.source,
      createdAt: q.createdAt,
      updatedAt: q.updatedAt,
    })),
    votes,
    newSessionAlerts: alerts,
    facilitatedSessions: facilitated,
    calendarFeed: { version: user.calendarFeedVersion },
    loginSessions: db
      .select({ createdAt: loginSessions.createdAt, expiresAt: loginSessions.expiresAt })
      .from(loginSessions)
      .where(eq(loginSessions.userId, userId))
      .orderBy(asc(loginSessions.createdAt))
      .all(),
    signInRequests: byAddress((address) =>
      db
        .select({
          createdAt: loginTokens.createdAt,
          expiresAt: loginTokens.expiresAt,
          usedAt: loginTokens.usedAt,
          failedCodeAttempts: loginTokens.failedCodeAttempts,
        })
        .from(loginTokens)
        .where(eq(loginTokens.email, address))
        .orderBy(asc(loginTokens.id))
        .all(),
    ),
    signInAttempts: byAddress((address) =>
      db
        .select({ at: rateLimitHits.at })
        .from(rateLimitHits)
        .where(eq(rateLimitHits.bucket, addressBucket(address)))
        .orderBy(asc(rateLimitHits.at))
        .all(),
    ),
    mails: byAddress((address) =>
      db
        .select({ subject: outbox.subject, kind: outbox.kind, status: outbox.status, createdAt: outbox.createdAt, sentAt: outbox.sentAt })
        .from(outbox)
        .where(eq(outbox.recipient, address))
        .orderBy(desc(outbox.id))
        .all(),
    ),
    questionQuota: quotaRowsOf(db, key, userId).map(({ day, count }) => ({ day, count })),
    liveQuestionRate: liveRateRowsOf(db, key, userId).map(({ sessionId, minute, count }) => ({ sessionId, minute, count })),
    seriesContacts: byAddress((address) =>
      db
        .select({ seriesId: series.id, title: series.title, contactName: series.contactName })
        .from(series)
        .where(sql`lower(${series.contactEmail}) = ${address}`)
        .all(),
    ),
    auditEntries: db
      .select({
        action: auditLog.action,
        subjectType: auditLog.subjectType,
        subjectId: auditLog.subjectId,
        at: auditLog.at,
        details: auditLog.details,
      })
      .from(auditLog)
      .where(or(eq(auditLog.actorId, userId), and(eq(auditLog.subjectType, "user"), eq(auditLog.subjectId, String(userId)))))
      .orderBy(asc(auditLog.id))
      .all(),
    workRecords,
  };
}
