// The single source of truth for the database. Change it, then `npm run db:generate`
// writes a new migration into db/migrations; never edit a migration that has landed.
//
// Instants are stored as UTC epoch milliseconds (`timestamp_ms`), never as local text.
import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

const createdAt = () => integer("created_at", { mode: "timestamp_ms" }).notNull().default(sql`(unixepoch('subsec') * 1000)`);

// `council` (Personalrat) is stored as text like the others: adding it needs no migration
// (drizzle-kit generate finds no schema change, SQLite has no enum type).
export const ROLES = ["participant", "facilitator", "admin", "council"] as const;
export type Role = (typeof ROLES)[number];

export const users = sqliteTable("users", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  // Stored lower-cased; the unique index is what makes "one account per address" true.
  email: text("email").unique(),
  displayName: text("display_name").notNull().default(""),
  department: text("department"),
  // Set once the person has confirmed name and department after the first sign-in.
  profileCompletedAt: integer("profile_completed_at", { mode: "timestamp_ms" }),
  // The personal calendar feed's token is derived from this with the server's secret;
  // "neuen Link erzeugen" raises it, and the old link stops working at once.
  calendarFeedVersion: integer("calendar_feed_version").notNull().default(0),
  createdAt: createdAt(),
});

// Roles are a set per person: a facilitator is usually a participant elsewhere too.
export const userRoles = sqliteTable(
  "user_roles",
  {
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    role: text("role", { enum: ROLES }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.role] })],
);

// A signed-in browser. Never called "session" in code: that word is a Termin.
export const loginSessions = sqliteTable(
  "login_sessions",
  {
    id: text("id").primaryKey(),
    userId: integer("user_id").references(() => users.id, { onDelete: "cascade" }),
    data: text("data").notNull().default("{}"),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("login_sessions_user_idx").on(t.userId)],
);

// A sign-in request: the link token and the code are stored only as hashes.
export const loginTokens = sqliteTable(
  "login_tokens",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    email: text("email").notNull(),
    tokenHash: text("token_hash").notNull().unique(),
    codeHash: text("code_hash").notNull(),
    // Hash of the random value in the requesting browser's cookie: the code only works there.
    browserHash: text("browser_hash").notNull(),
    redirectTo: text("redirect_to"),
    failedCodeAttempts: integer("failed_code_attempts").notNull().default(0),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
    usedAt: integer("used_at", { mode: "timestamp_ms" }),
    createdAt: createdAt(),
  },
  (t) => [index("login_tokens_email_idx").on(t.email)],
);

// Attempts counted for rate limits (per address, per client IP), pruned by a job.
export const rateLimitHits = sqliteTable(
  "rate_limit_hits",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    bucket: text("bucket").notNull(),
    at: integer("at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [index("rate_limit_hits_bucket_idx").on(t.bucket, t.at)],
);

export const OUTBOX_STATUSES = ["pending", "sent", "failed", "dropped"] as const;

// Mails waiting to be sent. A row is written in the same transaction as the change that
// causes it, so a crash or a mail outage can delay a mail but never lose it.
export const outbox = sqliteTable(
  "outbox",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    // Names the cause precisely (e.g. `login:t17`, `confirm:r812:seq0`): a retry of the
    // same change is swallowed, a second real change is not.
    dedupeKey: text("dedupe_key").notNull().unique(),
    kind: text("kind").notNull(),
    recipient: text("recipient").notNull(),
    subject: text("subject").notNull(),
    text: text("text").notNull(),
    html: text("html").notNull(),
    // iCalendar text and its METHOD, for mails that carry an invite.
    ics: text("ics"),
    icsMethod: text("ics_method"),
    status: text("status", { enum: OUTBOX_STATUSES }).notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: integer("next_attempt_at", { mode: "timestamp_ms" }).notNull(),
    // A mail past this instant is pointless (an expired sign-in link): dropped, not sent.
    discardAfter: integer("discard_after", { mode: "timestamp_ms" }),
    leaseOwner: text("lease_owner"),
    leaseUntil: integer("lease_until", { mode: "timestamp_ms" }),
    lastError: text("last_error"),
    sentAt: integer("sent_at", { mode: "timestamp_ms" }),
    // The runner that sent it: with several runners, who did what stays visible.
    sentBy: text("sent_by"),
    createdAt: createdAt(),
  },
  (t) => [index("outbox_due_idx").on(t.status, t.nextAttemptAt), index("outbox_recipient_idx").on(t.recipient, t.id)],
);

export const auditLog = sqliteTable(
  "audit_log",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    actorId: integer("actor_id").references(() => users.id, { onDelete: "set null" }),
    action: text("action").notNull(),
    subjectType: text("subject_type").notNull(),
    subjectId: text("subject_id"),
    details: text("details", { mode: "json" }).$type<Record<string, unknown>>(),
    at: createdAt(),
  },
  (t) => [
    index("audit_log_subject_idx").on(t.subjectType, t.subjectId),
    // Deleting an account sets its entries' actor to null: without this index SQLite reads the
    // whole log for every deleted account (retention's first run over a backlog, decision 020).
    index("audit_log_actor_idx").on(t.actorId),
    // The audit view filters by kind and time, newest first.
    index("audit_log_action_at_idx").on(t.action, t.at),
  ],
);

// Editable texts: Impressum, Datenschutz, Erklärung zur Barrierefreiheit (Markdown).
export const contentPages = sqliteTable("content_pages", {
  slug: text("slug").primaryKey(),
  title: text("title").notNull(),
  body: text("body").notNull(),
  // "Datum der letzten Überprüfung" of the accessibility statement (BITV); a date, not an instant.
  reviewedOn: text("reviewed_on"),
  updatedAt: createdAt(),
});

// Every saved text of a legal page, for the record ("Versionen"); the newest is the page.
export const contentPageRevisions = sqliteTable(
  "content_page_revisions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    slug: text("slug").notNull(),
    title: text("title").notNull(),
    body: text("body").notNull(),
    reviewedOn: text("reviewed_on"),
    savedById: integer("saved_by_id").references(() => users.id, { onDelete: "set null" }),
    savedAt: createdAt(),
  },
  (t) => [index("content_page_revisions_slug_idx").on(t.slug, t.id)],
);

export const settings = sqliteTable("settings", {
  key: text("key").primaryKey(),
  value: text("value").notNull(),
});

export const WAITLIST_MODES = ["auto", "offer"] as const;
export const SESSION_FORMATS = ["in_person", "online", "hybrid"] as const;
export const SESSION_STATUSES = ["draft", "published", "cancelled"] as const;
/** "Fragen im Termin" (decision 016): colleagues' phones show a live question after acceptance, or at once. */
export const LIVE_MODES = ["moderated", "open"] as const;
export type LiveMode = (typeof LIVE_MODES)[number];
export type SessionFormat = (typeof SESSION_FORMATS)[number];
export type SessionStatus = (typeof SESSION_STATUSES)[number];

export const series = sqliteTable("series", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  title: text("title").notNull().unique(),
  description: text("description").notNull().default(""),
  audience: text("audience").notNull().default(""),
  defaultDurationMinutes: integer("default_duration_minutes").notNull().default(90),
  defaultCapacity: integer("default_capacity").notNull().default(20),
  waitlistMode: text("waitlist_mode", { enum: WAITLIST_MODES }).notNull().default("auto"),
  offerHours: integer("offer_hours").notNull().default(24),
  oneSeatPerPerson: integer("one_place_per_person", { mode: "boolean" }).notNull().default(true),
  // A named contact for the series; without one, the session page names the functional mailbox.
  contactName: text("contact_name"),
  contactEmail: text("contact_email"),
  createdAt: createdAt(),
});

// The sections of the agreement a series covers (its session pages link to them). Keyed by the
// section's anchor ("s6"), which stays the same across versions of the agreement, so a new
// version in force needs no re-linking.
export const seriesSections = sqliteTable(
  "series_sections",
  {
    seriesId: integer("series_id")
      .notNull()
      .references(() => series.id, { onDelete: "cascade" }),
    anchor: text("anchor").notNull(),
  },
  (t) => [primaryKey({ columns: [t.seriesId, t.anchor] })],
);

// A Termin: one dated occurrence of a series.
export const sessions = sqliteTable(
  "sessions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    seriesId: integer("series_id")
      .notNull()
      .references(() => series.id, { onDelete: "restrict" }),
    startsAt: integer("starts_at", { mode: "timestamp_ms" }).notNull(),
    endsAt: integer("ends_at", { mode: "timestamp_ms" }).notNull(),
    format: text("format", { enum: SESSION_FORMATS }).notNull(),
    place: text("place").notNull().default(""),
    room: text("room").notNull().default(""),
    accessibilityNotes: text("accessibility_notes").notNull().default(""),
    // A map or route planner link for the place (http/https), shown to everyone.
    directionsUrl: text("directions_url"),
    // The tool an online session uses ("Webex", "MS Teams"), shown to everyone.
    onlineTool: text("online_tool"),
    // A public test room of that tool, to try sound and camera beforehand; shown to everyone.
    testRoomUrl: text("test_room_url"),
    // Shown only to people who hold a place.
    onlineUrl: text("online_url"),
    capacity: integer("capacity").notNull(),
    registrationOpensAt: integer("registration_opens_at", { mode: "timestamp_ms" }),
    registrationClosesAt: integer("registration_closes_at", { mode: "timestamp_ms" }),
    noteForParticipants: text("note_for_participants").notNull().default(""),
    status: text("status", { enum: SESSION_STATUSES }).notNull().default("draft"),
    cancelReason: text("cancel_reason"),
    // "Termin ausgefallen": a session that had begun and could not go on. It stays
    // published; the places and any attendance stay as they are (decision 005).
    calledOffAt: integer("called_off_at", { mode: "timestamp_ms" }),
    calledOffReason: text("called_off_reason"),
    publishedAt: integer("published_at", { mode: "timestamp_ms" }),
    // iCalendar SEQUENCE of this session: rises with every significant change.
    sequence: integer("sequence").notNull().default(0),
    // "Fragen im Termin" (decision 016): the short code of /s/<code>, given when the live phase
    // first opens; the phase runs from opened until closed or the session's end.
    liveCode: text("live_code").unique(),
    liveMode: text("live_mode", { enum: LIVE_MODES }).notNull().default("moderated"),
    liveOpenedAt: integer("live_opened_at", { mode: "timestamp_ms" }),
    liveClosedAt: integer("live_closed_at", { mode: "timestamp_ms" }),
    // Rises with every change to the session's questions or votes (triggers, migration 0014):
    // the live pages poll it, and "nothing new" is a 304 that reads one row.
    liveVersion: integer("live_version").notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [
    index("sessions_series_idx").on(t.seriesId, t.startsAt),
    // The staff list: published sessions that have not ended, without scanning the archive.
    index("sessions_status_ends_idx").on(t.status, t.endsAt),
  ],
);

export const sessionFacilitators = sqliteTable(
  "session_facilitators",
  {
    sessionId: integer("session_id")
      .notNull()
      .references(() => sessions.id, { onDelete: "cascade" }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
  },
  (t) => [
    primaryKey({ columns: [t.sessionId, t.userId] }),
    // "The sessions of this person": the review scope, the digest, /moderation (decision 012).
    index("session_facilitators_user_idx").on(t.userId, t.sessionId),
  ],
);

export const REGISTRATION_STATUSES = ["confirmed", "waitlisted", "offered", "cancelled", "cancelled_by_organizer", "attended"] as const;
export type RegistrationStatus = (typeof REGISTRATION_STATUSES)[number];

// A person's place in a session (Anmeldung).
export const registrations = sqliteTable(
  "registrations",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    sessionId: integer("session_id")
      .notNull()
      .references(() => sessions.id, { onDelete: "cascade" }),
    // null once retention (or the person's own deletion) anonymised the registration: the
    // counts stay for reports, nobody can tell whose it was (decision 020).
    userId: integer("user_id").references(() => users.id, { onDelete: "set null" }),
    status: text("status", { enum: REGISTRATION_STATUSES }).notNull(),
    // When the person registered. The waitlist itself is ordered by id: the order in which
    // the registering transactions committed.
    queuedAt: integer("queued_at", { mode: "timestamp_ms" }).notNull(),
    offerExpiresAt: integer("offer_expires_at", { mode: "timestamp_ms" }),
    // A conditional waitlist entry (rebooking while the wanted date is full): this place in
    // another date of the series is released in the transaction that grants the new one.
    replacesRegistrationId: integer("replaces_registration_id"),
    // Why it ended: self, offer_declined, offer_expired, rebooked, organizer.
    endReason: text("end_reason"),
    supportNeeds: text("support_needs"),
    // A seat an organiser gave beyond capacity on purpose (move with a recorded reason): the
    // seat rule counts only seats that are not overbooked against the capacity.
    overbooked: integer("overbooked", { mode: "boolean" }).notNull().default(false),
    lastSequenceSent: integer("last_sequence_sent"),
    anonymisedAt: integer("anonymised_at", { mode: "timestamp_ms" }),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    // (session, status) plus the implicit rowid: the waitlist in commit order.
    index("registrations_session_status_idx").on(t.sessionId, t.status),
    index("registrations_user_idx").on(t.userId),
    // At most one active place per person and session, whatever the code above does.
    uniqueIndex("registrations_active_unique")
      .on(t.sessionId, t.userId)
      .where(sql`status in ('confirmed', 'waitlisted', 'offered', 'attended')`),
  ],
);

// "Neue Termine melden": a person wants one mail when a new date of a series is published.
export const newSessionAlerts = sqliteTable(
  "new_date_alerts",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    seriesId: integer("series_id")
      .notNull()
      .references(() => series.id, { onDelete: "cascade" }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    notifiedAt: integer("notified_at", { mode: "timestamp_ms" }),
    notifiedSessionId: integer("notified_session_id").references(() => sessions.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("new_date_alerts_open_unique").on(t.seriesId, t.userId).where(sql`notified_at is null`)],
);

// The Dienstvereinbarung (decision 010). A version is imported as a draft, may be
// scheduled for a date in force, takes over on that date and supersedes the version
// that was in force before, in one transaction.
export const AGREEMENT_VERSION_STATUSES = ["draft", "scheduled", "in_force", "superseded"] as const;
export type AgreementVersionStatus = (typeof AGREEMENT_VERSION_STATUSES)[number];

export const agreementVersions = sqliteTable(
  "agreement_versions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    title: text("title").notNull(),
    // Markdown before the first section, e.g. the note that this is an example text.
    intro: text("intro").notNull().default(""),
    // Midnight (Europe/Berlin) of the date in force, as a UTC instant.
    inForceFrom: integer("in_force_from", { mode: "timestamp_ms" }),
    status: text("status", { enum: AGREEMENT_VERSION_STATUSES }).notNull().default("draft"),
    supersededAt: integer("superseded_at", { mode: "timestamp_ms" }),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index("agreement_versions_status_idx").on(t.status, t.inForceFrom),
    // At most one version is in force, whatever the code above does.
    uniqueIndex("agreement_versions_one_in_force").on(t.status).where(sql`status = 'in_force'`),
  ],
);

// A part of a version: `§ 6 …`, or an unnumbered part such as the Präambel or Anlage 1.
export const agreementSections = sqliteTable(
  "agreement_sections",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    versionId: integer("version_id")
      .notNull()
      .references(() => agreementVersions.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    // "§ 6", "Anlage 1", or null for an unnumbered part (Präambel).
    number: text("number"),
    title: text("title").notNull().default(""),
    // Stored, not derived on each read: a link such as /agreement#s6 stays valid when the
    // title changes, and across versions for the same section.
    anchor: text("anchor").notNull(),
    // Markdown before the first paragraph (the whole text when there are no paragraphs).
    body: text("body").notNull().default(""),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("agreement_sections_anchor_unique").on(t.versionId, t.anchor),
    index("agreement_sections_position_idx").on(t.versionId, t.position),
  ],
);

// Absatz: "(2)" of a section, anchored as `s6-2`.
export const agreementParagraphs = sqliteTable(
  "agreement_paragraphs",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    sectionId: integer("section_id")
      .notNull()
      .references(() => agreementSections.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    number: integer("number").notNull(),
    anchor: text("anchor").notNull(),
    body: text("body").notNull(),
  },
  (t) => [uniqueIndex("agreement_paragraphs_number_unique").on(t.sectionId, t.number)],
);

export const QUESTION_STATUSES = ["submitted", "accepted", "answered", "rejected", "merged", "withdrawn"] as const;
export type QuestionStatus = (typeof QUESTION_STATUSES)[number];
export const ANSWERED_HOW = ["in_session", "written"] as const;
/** Sent in before the session, or from a phone during it ("Fragen im Termin"). */
export const QUESTION_SOURCES = ["before", "live"] as const;

// A practice question (Frage), sent in before a session, for a series or in general.
// Anonymity: an anonymous question has no author_id; its author finds it again through
// author_key = HMAC(QUESTION_KEY, "question-author:<user id>:<author_salt>"), a value per
// question that only the server can compute for the signed-in person (decision 011). Its
// created_at/updated_at are kept to the hour; ordering "by age" uses the id.
export const questions = sqliteTable(
  "questions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    // At most one of session and series; neither = a general question.
    sessionId: integer("session_id").references(() => sessions.id, { onDelete: "cascade" }),
    seriesId: integer("series_id").references(() => series.id, { onDelete: "cascade" }),
    // null = "weiß ich nicht"; facilitators assign one.
    sectionId: integer("section_id").references(() => agreementSections.id, { onDelete: "set null" }),
    // The wording colleagues see (a facilitator may edit out identifying details).
    text: text("text").notNull(),
    // The author's own wording when a facilitator edited it: for the author and the session's
    // facilitators only; removed together with the author link.
    originalText: text("original_text"),
    anonymous: integer("anonymous", { mode: "boolean" }).notNull(),
    authorId: integer("author_id").references(() => users.id, { onDelete: "set null" }),
    authorKey: text("author_key"),
    authorSalt: text("author_salt"),
    status: text("status", { enum: QUESTION_STATUSES }).notNull().default("submitted"),
    mergedIntoId: integer("merged_into_id"),
    rejectReason: text("reject_reason"),
    // Markdown, rendered through the sanitiser.
    answer: text("answer"),
    answeredHow: text("answered_how", { enum: ANSWERED_HOW }),
    followUp: integer("follow_up", { mode: "boolean" }).notNull().default(false),
    // Kept equal to the rows in question_votes by triggers (migration 0011), so that "most
    // votes first" reads an index instead of counting every question's votes.
    voteCount: integer("vote_count").notNull().default(0),
    reviewedById: integer("reviewed_by_id").references(() => users.id, { onDelete: "set null" }),
    reviewedAt: integer("reviewed_at", { mode: "timestamp_ms" }),
    source: text("source", { enum: QUESTION_SOURCES }).notNull().default("before"),
    // The facilitator's running order within the question's section (decision 016); null =
    // by votes after the placed ones.
    runningPosition: integer("running_position"),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [
    index("questions_session_status_idx").on(t.sessionId, t.status),
    index("questions_series_status_idx").on(t.seriesId, t.status),
    index("questions_section_status_idx").on(t.sectionId, t.status),
    index("questions_status_idx").on(t.status, t.id),
    index("questions_status_votes_idx").on(t.status, t.voteCount, t.id),
    index("questions_author_idx").on(t.authorId),
    index("questions_merged_into_idx").on(t.mergedIntoId),
    // General questions (neither session nor series) without reading every session's question,
    // and the review queue's counts per state from the index alone (decision 012).
    index("questions_target_status_idx").on(t.sessionId, t.seriesId, t.status),
  ],
);

// One upvote per person and question (never on one's own; the server checks the keyed value).
export const questionVotes = sqliteTable(
  "question_votes",
  {
    questionId: integer("question_id")
      .notNull()
      .references(() => questions.id, { onDelete: "cascade" }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.questionId, t.userId] }), index("question_votes_question_idx").on(t.questionId)],
);

// The daily limit of 20 questions per person, counted by a keyed value per person and day
// (HMAC(QUESTION_KEY, "question-quota:<user id>:<day>")) that no question row carries.
export const questionQuota = sqliteTable(
  "question_quota",
  {
    keyedValue: text("keyed_value").notNull(),
    day: text("day").notNull(),
    count: integer("count").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.keyedValue, t.day] })],
);

// The live phase's limit (5 questions a minute per person and session), counted like the daily
// quota by a keyed value (HMAC(QUESTION_KEY, "live-rate:<user id>:<session id>:<minute>")) that no
// question row carries; rows of earlier minutes are deleted at each submit.
export const liveQuestionRate = sqliteTable(
  "live_question_rate",
  {
    keyedValue: text("keyed_value").notNull(),
    minute: integer("minute").notNull(),
    count: integer("count").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.keyedValue, t.minute] })],
);

// Zusammenfassung: what facilitators publish after a session (or for a whole series) — the
// Q&A staff look up on /qa. The summary is the stable thing people link to; its text lives in
// revisions, so an update keeps the previously published text for the record (decision 013).
export const summaries = sqliteTable(
  "summaries",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    // Exactly one of the two: a summary of one session, or of a whole series.
    sessionId: integer("session_id").references(() => sessions.id, { onDelete: "restrict" }),
    seriesId: integer("series_id").references(() => series.id, { onDelete: "restrict" }),
    // The revision staff see; null until first published.
    publishedRevisionId: integer("published_revision_id"),
    firstPublishedAt: integer("first_published_at", { mode: "timestamp_ms" }),
    // Withdrawn: gone from /qa and search (404), the revisions stay for the record.
    withdrawnAt: integer("withdrawn_at", { mode: "timestamp_ms" }),
    withdrawnById: integer("withdrawn_by_id").references(() => users.id, { onDelete: "set null" }),
    createdById: integer("created_by_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (t) => [index("summaries_session_idx").on(t.sessionId), index("summaries_series_idx").on(t.seriesId)],
);

// draft → (in_review → approved, only with council co-approval) → published → superseded.
// A council member sending a revision back puts it into draft again with a comment.
export const SUMMARY_REVISION_STATUSES = ["draft", "in_review", "approved", "published", "superseded"] as const;
export type SummaryRevisionStatus = (typeof SUMMARY_REVISION_STATUSES)[number];

export const summaryRevisions = sqliteTable(
  "summary_revisions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    summaryId: integer("summary_id")
      .notNull()
      .references(() => summaries.id, { onDelete: "cascade" }),
    // 1 for the first publication, 2 for the first update, …
    number: integer("number").notNull(),
    status: text("status", { enum: SUMMARY_REVISION_STATUSES }).notNull().default("draft"),
    // Markdown, rendered through the sanitiser.
    intro: text("intro").notNull().default(""),
    // "Teilnehmende über die Änderung informieren" (updates only; the first publication always mails).
    notifyParticipants: integer("notify_participants", { mode: "boolean" }).notNull().default(false),
    submittedForReviewAt: integer("submitted_for_review_at", { mode: "timestamp_ms" }),
    // The council's comment when it sent the revision back.
    councilComment: text("council_comment"),
    approvedById: integer("approved_by_id").references(() => users.id, { onDelete: "set null" }),
    approvedAt: integer("approved_at", { mode: "timestamp_ms" }),
    publishedById: integer("published_by_id").references(() => users.id, { onDelete: "set null" }),
    publishedAt: integer("published_at", { mode: "timestamp_ms" }),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("summary_revisions_number_unique").on(t.summaryId, t.number), index("summary_revisions_status_idx").on(t.status)],
);

// One Q&A item of a revision: the question and answer as edited for publication (generalised,
// personal details removed), never the author. Its anchor on /qa is `frage-<questionId>`, stable
// across revisions.
export const summaryItems = sqliteTable(
  "summary_items",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    revisionId: integer("revision_id")
      .notNull()
      .references(() => summaryRevisions.id, { onDelete: "cascade" }),
    questionId: integer("question_id")
      .notNull()
      .references(() => questions.id, { onDelete: "restrict" }),
    // The section of the version it was answered under; keeps pointing there when a new version
    // comes into force until a facilitator re-links it (null = "Allgemein").
    sectionId: integer("section_id").references(() => agreementSections.id, { onDelete: "set null" }),
    position: integer("position").notNull(),
    questionText: text("question_text").notNull(),
    // Markdown, rendered through the sanitiser.
    answer: text("answer").notNull(),
  },
  (t) => [
    uniqueIndex("summary_items_question_unique").on(t.revisionId, t.questionId),
    index("summary_items_revision_idx").on(t.revisionId, t.position),
    index("summary_items_section_idx").on(t.sectionId),
    index("summary_items_question_idx").on(t.questionId),
  ],
);

// The answer staff see for each published question: of all items of visible (published, not
// withdrawn) revisions, the one from the newest summary — a question published in a session's
// and again in its series' summary appears once on /qa. Derived data, kept by triggers
// (migration 0017) on summaries, summary_revisions and summary_items, so that a /qa section page
// reads its 50 answers from an index instead of grouping every published item per request
// (decision 015). Never written by app code.
export const publishedAnswers = sqliteTable(
  "published_answers",
  {
    questionId: integer("question_id").primaryKey(),
    itemId: integer("item_id").notNull(),
    summaryId: integer("summary_id").notNull(),
    sectionId: integer("section_id"),
    publishedAt: integer("published_at", { mode: "timestamp_ms" }),
    position: integer("position").notNull(),
  },
  (t) => [
    // A section page sorts its few hundred rows; counting per section reads this index alone.
    index("published_answers_section_idx").on(t.sectionId),
    index("published_answers_item_idx").on(t.itemId),
    index("published_answers_summary_idx").on(t.summaryId),
  ],
);

// Full-text search: the FTS5 table `search_index` is not declared here. drizzle-kit cannot
// describe a virtual table, and better-sqlite3 cannot register an FTS5 tokenizer, so the table
// holds our own normalised copy of the text (ä→ae …) and is created in the custom migration
// db/migrations/0013_search.sql; app/search/index.server.ts writes it and reads it with SQL
// (decision 014).

/**
 * The search index's generation: one row, raised in the same transaction as every write to
 * `search_index` (app/search/index.server.ts). A process keeps recent rankings only while the
 * generation it read them under is the current one, so a change by any process (the CLI, a
 * second server) makes them stale at once (decision 014).
 */
export const searchIndexState = sqliteTable("search_index_state", {
  id: integer("id").primaryKey(),
  generation: integer("generation").notNull().default(0),
});

// Material (decision 022): an application example, a guide, a template, slides … — an uploaded
// file (its versions in material_files) or a link, filed under sections of the agreement (by
// anchor, like series_sections) and optionally a series or a session.
export const MATERIAL_KINDS = ["example", "guide", "template", "slides", "elearning", "other"] as const;
export type MaterialKind = (typeof MATERIAL_KINDS)[number];
/** Who may open it: all signed-in staff, or only people who held a seat in its session. */
export const MATERIAL_VISIBILITIES = ["staff", "seat_holders"] as const;
/** What happens to seat-holder material once retention anonymised the session's registrations. */
export const MATERIAL_AFTER_RETENTION = ["open_to_staff", "remove"] as const;

export const materials = sqliteTable(
  "materials",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    title: text("title").notNull(),
    description: text("description").notNull().default(""),
    kind: text("kind", { enum: MATERIAL_KINDS }).notNull(),
    // A link instead of a file (http/https only); null when the material is a file.
    url: text("url"),
    // Markdown rendered to a page (the demo's own texts); null otherwise.
    body: text("body"),
    seriesId: integer("series_id").references(() => series.id, { onDelete: "set null" }),
    sessionId: integer("session_id").references(() => sessions.id, { onDelete: "set null" }),
    visibility: text("visibility", { enum: MATERIAL_VISIBILITIES }).notNull().default("staff"),
    afterRetention: text("after_retention", { enum: MATERIAL_AFTER_RETENTION }).notNull().default("open_to_staff"),
    // "Teilnehmende informieren": the daily job mails people who held a seat.
    notifyParticipants: integer("notify_participants", { mode: "boolean" }).notNull().default(false),
    notifiedAt: integer("notified_at", { mode: "timestamp_ms" }),
    deletedAt: integer("deleted_at", { mode: "timestamp_ms" }),
    createdById: integer("created_by_id").references(() => users.id, { onDelete: "set null" }),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("materials_session_idx").on(t.sessionId), index("materials_series_idx").on(t.seriesId)],
);

// A file version of a material: replacing the file adds a row and keeps the old one for the record.
export const materialFiles = sqliteTable(
  "material_files",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    materialId: integer("material_id")
      .notNull()
      .references(() => materials.id, { onDelete: "cascade" }),
    // The generated name in data/uploads/materials; never the uploaded name.
    storedName: text("stored_name").notNull(),
    // The uploaded name, sanitised, for Content-Disposition.
    fileName: text("file_name").notNull(),
    contentType: text("content_type").notNull(),
    sizeBytes: integer("size_bytes").notNull(),
    uploadedById: integer("uploaded_by_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (t) => [index("material_files_material_idx").on(t.materialId, t.id)],
);

export const materialSections = sqliteTable(
  "material_sections",
  {
    materialId: integer("material_id")
      .notNull()
      .references(() => materials.id, { onDelete: "cascade" }),
    anchor: text("anchor").notNull(),
  },
  (t) => [primaryKey({ columns: [t.materialId, t.anchor] }), index("material_sections_anchor_idx").on(t.anchor)],
);
