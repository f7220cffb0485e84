// Retention against a real SQLite file with an injected clock (decision 020): each rule
// removes exactly what it should and nothing else; afterwards no table mentions a person whose
// data was due; the dry run changes nothing and lists what the real run then does.
import { readFileSync } from "node:fs";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLog, outbox, questions, registrations, settings, users } from "~db/schema";
import { runCli } from "~/cli.server";
import { RETENTION_DEFAULTS, RETENTION_KINDS, emptyCounts, parseDays } from "~/privacy/retention-rules";
import { runRetention, runRetentionIfDue, myCertificateDeadlines } from "~/privacy/retention.server";
import { readRetentionSettings, saveRetentionSettings, storedDataFor } from "~/privacy/retention-settings.server";
import { createUser } from "../support/factories";
import {
  DAY,
  NOW,
  auditEntry,
  daysAgo,
  mail,
  openScratchDb,
  person,
  publishQuestion,
  question,
  registration,
  rowsMentioning,
  sessionEnded,
  signInTraces,
  signedIn,
  snapshot,
} from "../support/retention";

const { registrationDays, attendanceDays, questionDays, auditDays, inactiveAccountDays } = RETENTION_DEFAULTS;

function withDb(test: (db: ReturnType<typeof openScratchDb>["db"], file: string) => void | Promise<void>) {
  return async () => {
    const scratch = openScratchDb();
    try {
      await test(scratch.db, scratch.file);
    } finally {
      scratch.close();
    }
  };
}

/** Everything of one person, all of it past every period: after the run nothing mentions them. */
function leaverWithEverythingDue(db: ReturnType<typeof openScratchDb>["db"], email: string, name: string) {
  const leaver = person(db, { email, name, createdDaysAgo: inactiveAccountDays + 200 });
  const old = sessionEnded(db, attendanceDays + 10);
  const lessOld = sessionEnded(db, registrationDays + 10);
  registration(db, { sessionId: old.id, userId: leaver.id, status: "attended", createdDaysAgo: attendanceDays + 20 });
  registration(db, {
    sessionId: lessOld.id,
    userId: leaver.id,
    status: "cancelled",
    createdDaysAgo: registrationDays + 20,
    supportNeeds: "Rollstuhl",
  });
  question(db, { authorId: leaver.id, anonymous: false, sessionId: lessOld.id, createdDaysAgo: registrationDays + 30, status: "rejected" });
  question(db, { authorId: leaver.id, anonymous: true, seriesId: old.seriesId, createdDaysAgo: questionDays + 30, status: "withdrawn" });
  signedIn(db, leaver.id, inactiveAccountDays + 5);
  signedIn(db, leaver.id, inactiveAccountDays + 50);
  signInTraces(db, email, leaver.id, inactiveAccountDays + 5);
  mail(db, { recipient: email, subject: `Anmeldung bestätigt, ${name}`, status: "sent", daysBefore: 400 });
  mail(db, { recipient: email, subject: "Ihr Code 123456", status: "sent", daysBefore: 400, kind: "login" });
  auditEntry(db, {
    actorId: null,
    action: "person_added",
    subjectType: "user",
    subjectId: String(leaver.id),
    details: { email, displayName: name },
    daysBefore: inactiveAccountDays + 200,
  });
  return leaver;
}

describe("retention run", () => {
  it(
    "leaves nothing in any table that names a person whose data was all due, and writes one audit entry with the counts",
    withDb((db, file) => {
      const email = "anna.gegangen@stadt.example";
      const name = "Anna Gegangen";
      const leaver = leaverWithEverythingDue(db, email, name);
      expect(rowsMentioning(db, [email, name]).length).toBeGreaterThan(5);

      const run = runRetention(db, NOW);

      expect(rowsMentioning(db, [email, name])).toEqual([]);
      expect(db.select().from(users).where(eq(users.id, leaver.id)).get()).toBeUndefined();
      expect(db.select().from(registrations).where(eq(registrations.userId, leaver.id)).all()).toEqual([]);
      // The registrations stay, anonymised: the counts for reports are unchanged.
      expect(db.select().from(registrations).all()).toHaveLength(2);
      expect(
        db
          .select()
          .from(registrations)
          .all()
          .every((r) => r.anonymisedAt?.getTime() === NOW.getTime() && r.supportNeeds === null),
      ).toBe(true);
      expect(
        db
          .select()
          .from(questions)
          .all()
          .every((q) => q.authorId === null && q.authorKey === null && q.authorSalt === null && q.originalText === null),
      ).toBe(true);
      expect(run.counts).toMatchObject({
        registrations: 1,
        attendance: 1,
        supportNeeds: 1,
        questions: 2,
        loginTokens: 1,
        rateLimitHits: 1,
        loginSessions: 1,
        mailContents: 2,
        mailAddresses: 2,
        inactiveAccounts: 1,
        handMadeAccounts: 0,
      });
      const entries = db.select().from(auditLog).where(eq(auditLog.action, "retention_run")).all();
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({ actorId: null, details: { counts: run.counts } });
      // secure_delete and the checkpoint: the address is not in the file's free pages either.
      db.$client.pragma("wal_checkpoint(TRUNCATE)");
      expect(readFileSync(file).includes(Buffer.from(email))).toBe(false);
    }),
  );

  it(
    "changes nothing of a person whose periods have not run out (a sent mail's text aside, which goes once sent)",
    withDb((db) => {
      const email = "bernd.bleibt@stadt.example";
      const stays = person(db, { email, name: "Bernd Bleibt", createdDaysAgo: inactiveAccountDays + 100 });
      const recent = sessionEnded(db, registrationDays - 1);
      const attended = sessionEnded(db, attendanceDays - 1);
      registration(db, { sessionId: recent.id, userId: stays.id, status: "confirmed", createdDaysAgo: registrationDays + 5 });
      registration(db, { sessionId: attended.id, userId: stays.id, status: "attended", createdDaysAgo: attendanceDays + 5 });
      question(db, { authorId: stays.id, anonymous: false, sessionId: recent.id, createdDaysAgo: registrationDays + 5 });
      const published = question(db, { authorId: stays.id, anonymous: true, sessionId: attended.id, createdDaysAgo: attendanceDays });
      publishQuestion(db, { questionId: published.id, sessionId: attended.id, publishedDaysAgo: questionDays - 1 });
      question(db, { authorId: stays.id, anonymous: false, createdDaysAgo: questionDays - 1 });
      signedIn(db, stays.id, 10);
      auditEntry(db, {
        actorId: stays.id,
        action: "profile_updated",
        subjectType: "user",
        subjectId: String(stays.id),
        details: { email },
        daysBefore: auditDays - 1,
      });
      mail(db, { recipient: email, subject: "Erinnerung", status: "failed", daysBefore: 29 });
      mail(db, { recipient: email, subject: "Warteliste", status: "pending", daysBefore: 40 });
      const sent = mail(db, { recipient: email, subject: "Anmeldung bestätigt", status: "sent", daysBefore: 29 });
      const before = snapshot(db);

      const run = runRetention(db, NOW);

      expect(run.counts).toEqual({ ...emptyCounts(), mailContents: 1 });
      const after = snapshot(db);
      const sentAfter = db.select().from(outbox).where(eq(outbox.id, sent.id)).get();
      expect(sentAfter).toMatchObject({ recipient: email, subject: "Anmeldung bestätigt", text: "", html: "", ics: null, icsMethod: null });
      const withoutRun = (rows: Record<string, unknown[]>) => ({
        ...rows,
        audit_log: rows.audit_log?.filter((row) => (row as { action: string }).action !== "retention_run"),
        outbox: rows.outbox?.filter((row) => (row as { id: number }).id !== sent.id),
      });
      expect(withoutRun(after)).toEqual(withoutRun(before));
    }),
  );

  it(
    "anonymises registrations at the period's edge: a day later is due, a day earlier is not; attendance has its own period",
    withDb((db) => {
      const someone = person(db, { email: "c@stadt.example", name: "C", createdDaysAgo: 10 });
      signedIn(db, someone.id, 1);
      const dueReg = registration(db, {
        sessionId: sessionEnded(db, registrationDays + 1).id,
        userId: someone.id,
        status: "waitlisted",
        createdDaysAgo: 500,
      });
      const keptReg = registration(db, {
        sessionId: sessionEnded(db, registrationDays - 1).id,
        userId: someone.id,
        status: "cancelled_by_organizer",
        createdDaysAgo: 500,
      });
      const keptAttended = registration(db, {
        sessionId: sessionEnded(db, registrationDays + 1).id,
        userId: someone.id,
        status: "attended",
        createdDaysAgo: 500,
      });
      const dueAttended = registration(db, {
        sessionId: sessionEnded(db, attendanceDays + 1).id,
        userId: someone.id,
        status: "attended",
        createdDaysAgo: 2000,
      });

      const run = runRetention(db, NOW);

      const userOf = (id: number) => db.select().from(registrations).where(eq(registrations.id, id)).get()?.userId;
      expect([userOf(dueReg.id), userOf(keptReg.id), userOf(keptAttended.id), userOf(dueAttended.id)]).toEqual([
        null,
        someone.id,
        someone.id,
        null,
      ]);
      expect(run.counts).toMatchObject({ registrations: 1, attendance: 1 });
    }),
  );

  it(
    "cuts questions from their author after the session, after submission without one, or after a later publication — whatever their state",
    withDb((db) => {
      const author = person(db, { email: "d@stadt.example", name: "D", createdDaysAgo: 10 });
      signedIn(db, author.id, 1);
      const old = sessionEnded(db, questionDays + 10);
      const states = ["rejected", "withdrawn", "merged", "answered"] as const;
      const dueBySession = states.map((status) =>
        question(db, {
          authorId: author.id,
          anonymous: status === "withdrawn",
          sessionId: old.id,
          createdDaysAgo: questionDays + 20,
          status,
        }),
      );
      const publishedLater = question(db, { authorId: author.id, anonymous: false, sessionId: old.id, createdDaysAgo: questionDays + 20 });
      publishQuestion(db, { questionId: publishedLater.id, sessionId: old.id, publishedDaysAgo: 100 });
      const publishedLongAgo = question(db, { authorId: author.id, anonymous: true, sessionId: old.id, createdDaysAgo: questionDays + 20 });
      publishQuestion(db, { questionId: publishedLongAgo.id, sessionId: old.id, publishedDaysAgo: questionDays + 1 });
      const generalOld = question(db, { authorId: author.id, anonymous: false, createdDaysAgo: questionDays + 1 });
      const seriesNew = question(db, { authorId: author.id, anonymous: true, seriesId: old.seriesId, createdDaysAgo: questionDays - 1 });
      // Submitted long ago for a session that ended only recently: the session counts.
      const recentSession = question(db, {
        authorId: author.id,
        anonymous: false,
        sessionId: sessionEnded(db, 5).id,
        createdDaysAgo: questionDays + 50,
      });

      const run = runRetention(db, NOW);

      const linked = (id: number) => {
        const row = db.select().from(questions).where(eq(questions.id, id)).get()!;
        return row.authorId !== null || row.authorKey !== null;
      };
      expect(dueBySession.map((q) => linked(q.id))).toEqual([false, false, false, false]);
      expect([publishedLater, publishedLongAgo, generalOld, seriesNew, recentSession].map((q) => linked(q.id))).toEqual([
        true,
        false,
        false,
        true,
        true,
      ]);
      expect(run.counts.questions).toBe(6);
      // Text, state and answer stay.
      expect(db.select().from(questions).where(eq(questions.id, dueBySession[0]!.id)).get()).toMatchObject({
        status: "rejected",
        text: "Darf ich KI für Protokolle nutzen?",
        anonymous: true,
      });
    }),
  );

  it(
    "empties sent mails at once, keeps recipient and subject (sign-in mails as „Login-Mail“) 30 days, keeps the dedupe key",
    withDb((db) => {
      const login = mail(db, { recipient: "e@stadt.example", subject: "Ihr Code 987654", status: "sent", daysBefore: 1, kind: "login" });
      const old = mail(db, { recipient: "e@stadt.example", subject: "Absage", status: "sent", daysBefore: 31 });
      const failedOld = mail(db, { recipient: "e@stadt.example", subject: "Absage", status: "failed", daysBefore: 31 });
      const failedNew = mail(db, { recipient: "e@stadt.example", subject: "Absage", status: "failed", daysBefore: 2 });
      const pending = mail(db, { recipient: "e@stadt.example", subject: "Neu", status: "pending", daysBefore: 60 });

      runRetention(db, NOW);

      const row = (id: number) => db.select().from(outbox).where(eq(outbox.id, id)).get()!;
      expect(row(login.id)).toMatchObject({
        subject: "Login-Mail",
        recipient: "e@stadt.example",
        text: "",
        html: "",
        dedupeKey: login.dedupeKey,
      });
      expect(row(old.id)).toMatchObject({ subject: "", recipient: "", text: "", status: "sent", dedupeKey: old.dedupeKey });
      expect(row(failedOld.id)).toMatchObject({ subject: "", recipient: "", text: "", lastError: null, status: "dropped" });
      expect(row(failedNew.id)).toMatchObject({ subject: "Absage", text: failedNew.text, status: "failed" });
      expect(row(pending.id)).toEqual(pending);
    }),
  );

  it(
    "deletes sign-in entries after their period but each account's newest; strips other entries' personal fields after theirs",
    withDb((db) => {
      const someone = createUser(db, { createdAt: daysAgo(10) });
      const newest = signedIn(db, someone.id, 40);
      const older = signedIn(db, someone.id, 50);
      const recent = signedIn(db, createUser(db).id, 29);
      const oldEntry = auditEntry(db, {
        actorId: someone.id,
        action: "participants_messaged",
        subjectType: "session",
        subjectId: "7",
        details: { audience: "holders", text: "Frau Beispiel bitte melden" },
        daysBefore: auditDays + 1,
      });
      const youngEntry = auditEntry(db, {
        actorId: someone.id,
        action: "person_added",
        subjectType: "user",
        subjectId: "9",
        details: { email: "x@stadt.example" },
        daysBefore: auditDays - 1,
      });

      const run = runRetention(db, NOW);

      const ids = db
        .select({ id: auditLog.id })
        .from(auditLog)
        .where(eq(auditLog.action, "signed_in"))
        .all()
        .map((r) => r.id);
      expect(ids.sort()).toEqual([newest.id, recent.id].sort());
      expect(ids).not.toContain(older.id);
      expect(db.select().from(auditLog).where(eq(auditLog.id, oldEntry.id)).get()).toMatchObject({
        actorId: null,
        details: { audience: "holders" },
        subjectId: "7",
      });
      expect(db.select().from(auditLog).where(eq(auditLog.id, youngEntry.id)).get()).toEqual(youngEntry);
      expect(run.counts).toMatchObject({ signInEntries: 1, auditEntries: 1 });
    }),
  );

  it(
    "deletes accounts created by hand once no registration links them, and no account with a role, a recent sign-in or a seat",
    withDb((db) => {
      const admin = createUser(db, { roles: ["admin"] });
      const session = sessionEnded(db, registrationDays + 30);
      // The participants' "add by hand" (registerByHand): a person without a mailbox, marked in the audit log.
      const byHand = person(db, { email: null, name: "Hof Arbeiter", department: "Bauhof", createdDaysAgo: registrationDays + 40 });
      auditEntry(db, {
        actorId: admin.id,
        action: "person_created_by_hand",
        subjectType: "user",
        subjectId: String(byHand.id),
        details: null,
        daysBefore: registrationDays + 40,
      });
      const hisRegistration = registration(db, {
        sessionId: session.id,
        userId: byHand.id,
        status: "attended",
        createdDaysAgo: registrationDays + 40,
      });
      // Attendance is kept longer: only a shorter attendance period frees the account.
      db.insert(settings)
        .values({ key: "retention.attendanceDays", value: String(registrationDays) })
        .run();
      const stillRegistered = person(db, { email: null, name: "Noch Angemeldet", createdDaysAgo: registrationDays + 40 });
      registration(db, { sessionId: sessionEnded(db, 3).id, userId: stillRegistered.id, status: "attended", createdDaysAgo: 10 });
      const facilitator = createUser(db, { roles: ["facilitator"], createdAt: daysAgo(inactiveAccountDays + 10) });
      const activeLongTime = person(db, { email: "aktiv@stadt.example", name: "Aktiv", createdDaysAgo: inactiveAccountDays + 10 });
      signedIn(db, activeLongTime.id, 100);
      const registeredRecently = person(db, { email: "neu@stadt.example", name: "Neu", createdDaysAgo: inactiveAccountDays + 10 });
      registration(db, { sessionId: sessionEnded(db, 50).id, userId: registeredRecently.id, status: "confirmed", createdDaysAgo: 60 });
      const addedOnPeoplePage = person(db, { email: "bald@stadt.example", name: "Bald", createdDaysAgo: 20 });
      auditEntry(db, {
        actorId: admin.id,
        action: "person_added",
        subjectType: "user",
        subjectId: String(addedOnPeoplePage.id),
        details: { email: "bald@stadt.example" },
        daysBefore: 20,
      });

      const run = runRetention(db, NOW);

      const left = db
        .select({ name: users.displayName })
        .from(users)
        .all()
        .map((u) => u.name);
      expect(left).not.toContain("Hof Arbeiter");
      for (const kept of [stillRegistered, facilitator, activeLongTime, registeredRecently, addedOnPeoplePage, admin]) {
        expect(left).toContain(kept.displayName);
      }
      expect(run.counts).toMatchObject({ handMadeAccounts: 1, inactiveAccounts: 0, attendance: 1 });
      expect(db.select().from(registrations).where(eq(registrations.id, hisRegistration.id)).get()).toMatchObject({
        userId: null,
        status: "attended",
      });
      expect(rowsMentioning(db, ["Hof Arbeiter", "Bauhof"])).toEqual([]);
    }),
  );

  it(
    "dry run: lists by kind what would go, changes nothing, and the real run then does exactly that",
    withDb((db) => {
      leaverWithEverythingDue(db, "f@stadt.example", "F Person");
      const before = snapshot(db);
      const dry = runRetention(db, NOW, { dryRun: true });
      expect(snapshot(db)).toEqual(before);
      expect(Object.values(dry.counts).reduce((a, b) => a + b, 0)).toBeGreaterThan(10);
      const real = runRetention(db, NOW);
      expect(real.counts).toEqual(dry.counts);
      expect(runRetention(db, NOW, { dryRun: true }).counts).toEqual(emptyCounts());
    }),
  );

  it(
    "the daily job runs once per Berlin day",
    withDb((db) => {
      expect(runRetentionIfDue(db, NOW)).not.toBeNull();
      expect(runRetentionIfDue(db, new Date(NOW.getTime() + 3600_000))).toBeNull();
      // 2027-06-01 10:00 UTC is 12:00 in Berlin; 22:30 UTC is already the next day there.
      expect(runRetentionIfDue(db, new Date("2027-06-01T22:30:00Z"))).not.toBeNull();
    }),
  );

  it(
    "works with the periods from the settings: a shorter registration period anonymises more; /me and the privacy page follow",
    withDb((db) => {
      const admin = { id: createUser(db, { roles: ["admin"] }).id, roles: ["admin"] };
      const someone = person(db, { email: "g@stadt.example", name: "G", createdDaysAgo: 10 });
      signedIn(db, someone.id, 1);
      const session = sessionEnded(db, 100);
      const reg = registration(db, { sessionId: session.id, userId: someone.id, status: "attended", createdDaysAgo: 120 });
      const env = { loginMaxDays: 30, loginIdleDays: 14 };
      expect(myCertificateDeadlines(db, someone.id)[0]?.deletedAfter).toEqual(new Date(session.endsAt.getTime() + attendanceDays * DAY));
      expect(storedDataFor(db, env).find((item) => item.id === "teilnahme")?.howLong).toContain("1.095 Tage");

      const saved = saveRetentionSettings(db, admin, { ...stringValues(), attendanceDays: "99" }, NOW);
      expect(saved).toEqual({ ok: true, changed: ["attendanceDays"] });
      expect(myCertificateDeadlines(db, someone.id)[0]?.deletedAfter).toEqual(new Date(session.endsAt.getTime() + 99 * DAY));
      expect(storedDataFor(db, env).find((item) => item.id === "teilnahme")?.howLong).toContain("99 Tage");
      runRetention(db, NOW);
      expect(db.select().from(registrations).where(eq(registrations.id, reg.id)).get()?.userId).toBeNull();
      expect(myCertificateDeadlines(db, someone.id)).toEqual([]);
      const changes = db.select().from(auditLog).where(eq(auditLog.action, "setting_changed")).all();
      expect(changes.map((c) => c.details)).toEqual([{ attendanceDays: { old: attendanceDays, new: 99 } }]);
    }),
  );

  it(
    "refuses periods outside 1 to 3,650 days with a message per field and saves nothing",
    withDb((db) => {
      const admin = { id: createUser(db, { roles: ["admin"] }).id, roles: ["admin"] };
      const result = saveRetentionSettings(
        db,
        admin,
        { ...stringValues(), registrationDays: "0", auditDays: "3651", questionDays: "ein Jahr", signInAuditDays: "" },
        NOW,
      );
      expect(result).toMatchObject({ ok: false, reason: "invalid" });
      if (result.ok || result.reason !== "invalid") throw new Error("expected a refusal");
      expect(Object.keys(result.errors).sort()).toEqual(["auditDays", "questionDays", "registrationDays", "signInAuditDays"]);
      expect(result.errors.registrationDays).toContain("zwischen 1 und 3.650 Tagen");
      expect(
        db
          .select()
          .from(settings)
          .all()
          .filter((s) => s.key.startsWith("retention.")),
      ).toEqual([]);
      expect(readRetentionSettings(db)).toEqual(RETENTION_DEFAULTS);
      expect(saveRetentionSettings(db, { id: admin.id, roles: ["facilitator"] }, stringValues(), NOW)).toEqual({
        ok: false,
        reason: "forbidden",
      });
      expect(parseDays("3.650")).toEqual({ ok: true, days: 3650 });
      expect(parseDays("1.5").ok).toBe(false);
      expect(parseDays(" 30 ")).toEqual({ ok: true, days: 30 });
    }),
  );

  it(
    "the command line: retention:run --dry-run lists and changes nothing, retention:run runs, a wrong option is refused",
    withDb(async (db, file) => {
      leaverWithEverythingDue(db, "h@stadt.example", "H Person");
      const cliEnv = {
        DATABASE_PATH: file,
        APP_URL: "http://ki.test",
        SESSION_SECRET: "test-secret-that-is-long-enough-0123456789",
        SEED: "off",
      };
      const cli = async (args: string[]) => {
        const out: string[] = [];
        const err: string[] = [];
        const code = await runCli(args, { out: (l) => out.push(l), err: (l) => err.push(l) }, cliEnv);
        return { code, out, err };
      };
      const before = snapshot(db);
      const dry = await cli(["retention:run", "--dry-run"]);
      expect(dry.code).toBe(0);
      expect(dry.out[0]).toContain("Dry run");
      expect(dry.out).toHaveLength(1 + Object.keys(RETENTION_KINDS).length);
      expect(dry.out.join("\n")).toContain("accounts deleted (no use)");
      expect(snapshot(db)).toEqual(before);
      expect(await cli(["retention:run", "--now"])).toMatchObject({ code: 2 });
      const real = await cli(["retention:run"]);
      expect(real).toMatchObject({ code: 0, out: expect.arrayContaining(["Retention run done:"]) });
      expect(db.select().from(auditLog).where(eq(auditLog.action, "retention_run")).all()).toHaveLength(1);
    }),
  );
});

function stringValues() {
  return Object.fromEntries(Object.entries(RETENTION_DEFAULTS).map(([k, v]) => [k, String(v)]));
}
