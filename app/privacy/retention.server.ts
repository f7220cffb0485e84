// Retention that runs (decision 020): once a day (the `retention` job) and on demand
// (`npm run cli -- retention:run [--dry-run]`). One immediate transaction applies every rule and
// finds the accounts that are due; the dry run is that same transaction rolled back, so it can
// never list something the real run would not do. Accounts are then deleted in small
// transactions of their own (see runRetention), and one audit entry records the counts.
import { applyRetentionToMaterials, removeMaterialFiles } from "~/materials/retention.server";
import { and, eq, sql } from "drizzle-orm";
import { writeAudit } from "~/lib/audit.server";
import { schema, type Db, type DbOrTx } from "~/lib/db.server";
import { SIGN_IN_MAIL_LABEL } from "~/mail/mail-admin.server";
import { deleteSupportNeedsOfEndedSessions } from "~/registrations/retention.server";
import { anonymiseQuestions, anonymiseRegistrations, namedQuestionIdsOf } from "./anonymise.server";
import {
  FIXED_RETENTION,
  PERSONAL_AUDIT_DETAIL_KEYS,
  certificateDeletionDate,
  cutoff,
  emptyCounts,
  retentionRunDue,
  type RetentionCounts,
  type RetentionSettings,
} from "./retention-rules";
import { RETENTION_RUN_ACTION, lastRetentionRunAt, readRetentionSettings } from "./retention-settings.server";

const { registrations, sessions, series, users } = schema;

export type RetentionRun = { dryRun: boolean; counts: RetentionCounts; settings: RetentionSettings };

class DryRunRollback extends Error {}

/**
 * `dataDir`: where the materials' files are; a removed material's files are deleted from there
 * after the commit (without it they stay on disk, unreachable: tests of other rules).
 */
export function runRetention(db: Db, now: Date, options: { dryRun?: boolean; dataDir?: string } = {}): RetentionRun {
  const dryRun = options.dryRun ?? false;
  // Deleted rows and emptied cells are overwritten with zeros, so they do not linger in free
  // pages of the file; the pragma holds for this connection from now on (cheaper than a VACUUM,
  // which rewrites the whole file and blocks everyone while it does).
  if (!dryRun) db.$client.pragma("secure_delete = ON");
  let plan: { settings: RetentionSettings; counts: RetentionCounts; accounts: DueAccounts; filesToRemove: string[] } | undefined;
  try {
    db.transaction(
      (tx) => {
        const settings = readRetentionSettings(tx);
        plan = { settings, ...applyRetention(tx, settings, now) };
        if (dryRun) throw new DryRunRollback();
      },
      { behavior: "immediate" },
    );
  } catch (error) {
    if (!(error instanceof DryRunRollback)) throw error;
  }
  if (!plan) throw new Error("retention run produced no result");
  if (dryRun) return { dryRun, counts: plan.counts, settings: plan.settings };
  if (options.dataDir) removeMaterialFiles(options.dataDir, plan.filesToRemove);

  // Accounts go in small transactions of their own: deleting one makes SQLite look for rows that
  // point at it in tables without an index on that column (the audit log's actor), so a first
  // run over years of history would otherwise hold the write lock for many seconds. Each batch
  // checks its accounts again: someone may have signed in meanwhile.
  const counts = { ...plan.counts };
  const settings = plan.settings;
  for (const rule of ["inactiveAccounts", "handMadeAccounts"] as const) {
    counts[rule] = 0;
    const ids = plan.accounts[rule];
    for (let i = 0; i < ids.length; i += ACCOUNT_BATCH) {
      const batch = ids.slice(i, i + ACCOUNT_BATCH);
      counts[rule] += db.transaction((tx) => deleteAccounts(tx, dueAccounts(tx, rule, settings, now, batch), now), {
        behavior: "immediate",
      });
    }
  }
  db.transaction(
    (tx) =>
      writeAudit(tx, {
        actorId: null,
        action: RETENTION_RUN_ACTION,
        subjectType: "retention",
        subjectId: "run",
        details: { counts },
        at: now,
      }),
    { behavior: "immediate" },
  );
  // The old page images in the write-ahead log go too (best effort: a reader may hold a frame).
  db.$client.pragma("wal_checkpoint(TRUNCATE)");
  return { dryRun, counts, settings };
}

const ACCOUNT_BATCH = 10;

type DueAccounts = Record<"inactiveAccounts" | "handMadeAccounts", number[]>;

/** The job's entry: at most one run a Berlin calendar day, however often the job wakes. */
export function runRetentionIfDue(db: Db, now: Date, dataDir?: string): RetentionRun | null {
  return retentionRunDue(lastRetentionRunAt(db), now) ? runRetention(db, now, { dataDir }) : null;
}

/** Every rule, in an order where an earlier one never hides work from a later one. */
function applyRetention(
  tx: DbOrTx,
  settings: RetentionSettings,
  now: Date,
): { counts: RetentionCounts; accounts: DueAccounts; filesToRemove: string[] } {
  const counts = emptyCounts();
  const ms = (days: number) => cutoff(now, days).getTime();

  counts.supportNeeds = deleteSupportNeedsOfEndedSessions(tx, now);

  const anonymisedSessions = new Set<number>();
  const dueRegistrations = (attended: boolean, cut: number) =>
    tx.all<{ id: number; sessionId: number }>(sql`
      select r.id as id, r.session_id as sessionId from registrations r join sessions s on s.id = r.session_id
      where r.user_id is not null and ${attended ? sql`r.status = 'attended'` : sql`r.status <> 'attended'`} and s.ends_at <= ${cut}`);
  for (const [kind, attended, days] of [
    ["registrations", false, settings.registrationDays],
    ["attendance", true, settings.attendanceDays],
  ] as const) {
    const due = dueRegistrations(attended, ms(days));
    counts[kind] = anonymiseRegistrations(
      tx,
      due.map((r) => r.id),
      now,
    );
    for (const r of due) anonymisedSessions.add(r.sessionId);
  }
  // Participants-only materials of these sessions follow their uploader's choice now that nobody
  // can be recognised as having held a seat (decision 022); their files go after the commit.
  const materials = applyRetentionToMaterials(tx, [...anonymisedSessions], now);
  counts.materialsOpened = materials.opened.length;
  counts.materialsRemoved = materials.removed.length;

  const questionCut = ms(settings.questionDays);
  const dueQuestions = tx.all<{ id: number }>(sql`
    select q.id as id from questions q left join sessions s on s.id = q.session_id
    where (q.author_id is not null or q.author_key is not null or q.author_salt is not null or q.original_text is not null)
      and coalesce(s.ends_at, q.created_at) <= ${questionCut}
      and not exists (
        select 1 from summary_items si join summary_revisions sr on sr.id = si.revision_id
        where si.question_id = q.id and sr.published_at > ${questionCut})`);
  counts.questions = anonymiseQuestions(
    tx,
    dueQuestions.map((q) => q.id),
  );

  counts.loginTokens = tx.run(sql`delete from login_tokens where created_at <= ${ms(FIXED_RETENTION.loginTokenDays)}`).changes;
  counts.rateLimitHits = tx.run(sql`delete from rate_limit_hits where at <= ${ms(FIXED_RETENTION.rateLimitDays)}`).changes;
  counts.loginSessions = tx.run(sql`delete from login_sessions where expires_at <= ${now.getTime()}`).changes;

  // A sent mail's text is in the person's mailbox; ours only proved it left. Dropped ones can
  // never be sent. Failed ones keep their text for an organiser's retry until the 30 days run out.
  counts.mailContents = tx.run(sql`
    update outbox set text = '', html = '', ics = null, ics_method = null,
      subject = case when kind = 'login' and subject <> '' then ${SIGN_IN_MAIL_LABEL} else subject end
    where status in ('sent', 'dropped')
      and (text <> '' or html <> '' or ics is not null or ics_method is not null or (kind = 'login' and subject not in (${SIGN_IN_MAIL_LABEL}, '')))`).changes;
  // The row and its dedupe key stay: a retried change must still not mail twice.
  counts.mailAddresses = tx.run(sql`
    update outbox set recipient = '', subject = '', text = '', html = '', ics = null, ics_method = null, last_error = null,
      status = case when status = 'failed' then 'dropped' else status end
    where status in ('sent', 'dropped', 'failed') and recipient <> ''
      and coalesce(sent_at, created_at) <= ${ms(FIXED_RETENTION.mailAddressDays)}`).changes;

  // Each account's newest sign-in stays while the account exists: it is the "last sign-in" the
  // inactive-account rule needs (the schema has no column for it; decision 020).
  counts.signInEntries = tx.run(sql`
    delete from audit_log where action = 'signed_in' and created_at <= ${ms(settings.signInAuditDays)}
      and (actor_id is null or exists (select 1 from audit_log newer where newer.subject_type = 'user'
        and newer.subject_id = audit_log.subject_id and newer.action = 'signed_in' and newer.created_at > audit_log.created_at))`).changes;
  counts.auditEntries = tx.run(sql`
    update audit_log set actor_id = null, details = ${withoutPersonalDetailsSql()}
    where action <> 'signed_in' and created_at <= ${ms(settings.auditDays)}
      and (actor_id is not null or ${hasPersonalDetailsSql()})`).changes;

  // Counted here, deleted by the caller in batches (the dry run only counts).
  const inactive = dueAccounts(tx, "inactiveAccounts", settings, now);
  const handMade = dueAccounts(tx, "handMadeAccounts", settings, now).filter((id) => !inactive.includes(id));
  counts.inactiveAccounts = inactive.length;
  counts.handMadeAccounts = handMade.length;
  return { counts, filesToRemove: materials.filesToRemove, accounts: { inactiveAccounts: inactive, handMadeAccounts: handMade } };
}

/** The accounts a rule finds due now (among `only`, when given). */
function dueAccounts(
  tx: DbOrTx,
  rule: "inactiveAccounts" | "handMadeAccounts",
  settings: RetentionSettings,
  now: Date,
  only?: number[],
): number[] {
  if (only && only.length === 0) return [];
  const among = only
    ? sql`and u.id in (${sql.join(
        only.map((id) => sql`${id}`),
        sql`, `,
      )})`
    : sql``;
  const ms = (days: number) => cutoff(now, days).getTime();
  if (rule === "inactiveAccounts") {
    const inactiveCut = ms(settings.inactiveAccountDays);
    return tx
      .all<{ id: number }>(sql`
      select u.id as id from users u
      where u.created_at <= ${inactiveCut} ${among}
        and ${onlyParticipant()}
        and not exists (select 1 from registrations r where r.user_id = u.id and r.created_at > ${inactiveCut})
        and not exists (select 1 from registrations r join sessions s on s.id = r.session_id where r.user_id = u.id and s.ends_at > ${now.getTime()})
        and not exists (select 1 from audit_log a where ${signInOf()} and a.created_at > ${inactiveCut})
        and not exists (select 1 from login_sessions ls where ls.user_id = u.id and ls.expires_at > ${now.getTime()})`)
      .map((u) => u.id);
  }
  // "Created by hand" (people page, participants' "add by hand"; without an address always):
  // such a person never signed in, so once no registration links them any more — the last one
  // was anonymised — the account is all that is left of them.
  return tx
    .all<{ id: number }>(sql`
    select u.id as id from users u
    where u.created_at <= ${ms(settings.registrationDays)} ${among}
      and (u.email is null or exists (select 1 from audit_log a where a.subject_type = 'user' and a.subject_id = cast(u.id as text)
        and a.action in ('person_created_by_hand', 'person_added')))
      and ${onlyParticipant()}
      and not exists (select 1 from registrations r where r.user_id = u.id)
      and not exists (select 1 from audit_log a where ${signInOf()})
      and not exists (select 1 from login_sessions ls where ls.user_id = u.id and ls.expires_at > ${now.getTime()})`)
    .map((u) => u.id);
}

const onlyParticipant = () => sql`not exists (select 1 from user_roles ur where ur.user_id = u.id and ur.role <> 'participant')`;
/** Through the audit log's subject index: a sign-in's subject is the account. */
const signInOf = () => sql`a.subject_type = 'user' and a.subject_id = cast(u.id as text) and a.action = 'signed_in'`;

const personalKeyList = () =>
  sql.join(
    PERSONAL_AUDIT_DETAIL_KEYS.map((key) => sql`${key}`),
    sql`, `,
  );
const hasPersonalDetailsSql = () => sql`exists (select 1 from json_each(audit_log.details) where json_each.key in (${personalKeyList()}))`;
const withoutPersonalDetailsSql = () =>
  sql`case when details is null then null else json_remove(details, ${sql.join(
    PERSONAL_AUDIT_DETAIL_KEYS.map((key) => sql`${`$.${key}`}`),
    sql`, `,
  )}) end`;

/**
 * Deletes these accounts. Their registrations and named questions are anonymised first (the
 * foreign keys would only null the link and leave `anonymised_at` empty), their sign-ins, the
 * personal fields of entries about them and their mails go; roles, logins, alerts and votes go
 * with the account through the foreign keys.
 */
function deleteAccounts(tx: DbOrTx, userIds: number[], now: Date): number {
  let deleted = 0;
  for (const userId of userIds) {
    const account = tx.select({ email: users.email }).from(users).where(eq(users.id, userId)).get();
    if (!account) continue;
    const linked = tx.select({ id: registrations.id }).from(registrations).where(eq(registrations.userId, userId)).all();
    anonymiseRegistrations(
      tx,
      linked.map((r) => r.id),
      now,
    );
    anonymiseQuestions(tx, namedQuestionIdsOf(tx, userId));
    tx.run(
      sql`delete from audit_log where action = 'signed_in' and (actor_id = ${userId} or (subject_type = 'user' and subject_id = ${String(userId)}))`,
    );
    tx.run(sql`
      update audit_log set details = ${withoutPersonalDetailsSql()}
      where subject_type = 'user' and subject_id = ${String(userId)} and ${hasPersonalDetailsSql()}`);
    if (account.email) {
      tx.run(sql`delete from login_tokens where email = ${account.email}`);
      tx.run(sql`
        update outbox set recipient = '', subject = '', text = '', html = '', ics = null, ics_method = null, last_error = null,
          status = case when status in ('pending', 'failed') then 'dropped' else status end
        where recipient = ${account.email}`);
    }
    deleted += tx.delete(users).where(eq(users.id, userId)).run().changes;
  }
  return deleted;
}

export type CertificateDeadline = { registrationId: number; seriesTitle: string; startsAt: Date; endsAt: Date; deletedAfter: Date };

/** /me: each of the person's certificates and the day after which it is gone. */
export function myCertificateDeadlines(db: Db, userId: number): CertificateDeadline[] {
  const settings = readRetentionSettings(db);
  return db
    .select({ registrationId: registrations.id, seriesTitle: series.title, startsAt: sessions.startsAt, endsAt: sessions.endsAt })
    .from(registrations)
    .innerJoin(sessions, eq(sessions.id, registrations.sessionId))
    .innerJoin(series, eq(series.id, sessions.seriesId))
    .where(and(eq(registrations.userId, userId), eq(registrations.status, "attended")))
    .orderBy(sessions.startsAt)
    .all()
    .map((row) => ({ ...row, deletedAfter: certificateDeletionDate(row.endsAt, settings) }));
}
