import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { Db } from "~db/client";
import {
  agreementSections,
  agreementVersions,
  auditLog,
  outbox,
  questions,
  registrations,
  summaries,
  summaryItems,
  summaryRevisions,
} from "~db/schema";
import { newAuthorKey } from "~/questions/author-key.server";
import type { Actor } from "~/summaries/access.server";
import { loadEditor, loadRevision, saveDraft, startSummary, startUpdate, type DraftItemInput } from "~/summaries/compose.server";
import { publishSummary, withdrawSummary } from "~/summaries/publish.server";
import { relinkItem } from "~/summaries/relink.server";
import { approveRevision, listForCouncil, loadForCouncil, sendBackRevision, submitForReview } from "~/summaries/review.server";
import { councilApprovalOn, setCouncilApproval } from "~/summaries/settings.server";
import { createTestDb } from "../support/db";
import { createSeries, createSession, createUser } from "../support/factories";

const KEY = "test-question-key-that-is-long-enough-0123456";
const NOW = new Date("2027-03-01T10:30:00Z");
const clock = { now: NOW, appUrl: "http://ki.test" };
const HOUR = 3600_000;

const as = (user: { id: number }, ...roles: string[]): Actor => ({ id: user.id, roles });

function version(db: Db, inForceFrom: string, status: "in_force" | "superseded", texts: Record<string, string>) {
  const v = db
    .insert(agreementVersions)
    .values({ title: "Muster-DV", status, inForceFrom: new Date(inForceFrom), updatedAt: NOW })
    .returning()
    .get();
  const sections: Record<string, number> = {};
  let position = 0;
  for (const [anchor, body] of Object.entries(texts)) {
    position++;
    sections[anchor] = db
      .insert(agreementSections)
      .values({ versionId: v.id, position, number: `§ ${anchor.slice(1)}`, title: `Titel ${anchor}`, anchor, body, updatedAt: NOW })
      .returning()
      .get().id;
  }
  return { id: v.id, sections };
}

let asked = 0;
function answered(
  db: Db,
  input: {
    sessionId?: number;
    seriesId?: number;
    author?: { id: number };
    anonymous?: boolean;
    how?: "in_session" | "written";
    sectionId?: number;
    status?: string;
  },
) {
  asked++;
  const anonymous = input.anonymous ?? false;
  const author = input.author ?? { id: 0 };
  return db
    .insert(questions)
    .values({
      sessionId: input.sessionId ?? null,
      seriesId: input.seriesId ?? null,
      text: `Geheime Frage ${asked}: Darf ich Bürgerdaten aus Amt 32 eingeben?`,
      anonymous,
      ...(anonymous ? { authorId: null, ...newAuthorKey(KEY, author.id) } : { authorId: input.author?.id ?? null }),
      status: (input.status ?? "answered") as "answered",
      answer: input.status === "submitted" ? null : `Antwort ${asked}`,
      answeredHow: input.status === "submitted" ? null : (input.how ?? "written"),
      sectionId: input.sectionId ?? null,
      createdAt: new Date(NOW.getTime() - HOUR),
      updatedAt: new Date(NOW.getTime() - HOUR),
    })
    .returning()
    .get();
}

function seat(db: Db, sessionId: number, userId: number, status: "confirmed" | "attended" | "cancelled" | "waitlisted" = "confirmed") {
  db.insert(registrations).values({ sessionId, userId, status, queuedAt: NOW, updatedAt: NOW }).run();
}

function world() {
  const { db } = createTestDb();
  const admin = createUser(db, { roles: ["admin"] });
  const facilitator = createUser(db, { roles: ["facilitator"] });
  const otherFacilitator = createUser(db, { roles: ["facilitator"] });
  const council = createUser(db, { roles: ["council"] });
  const staff = [createUser(db), createUser(db), createUser(db), createUser(db)] as const;
  const seriesA = createSeries(db);
  const startsAt = new Date(NOW.getTime() - 7 * 24 * HOUR);
  const session = createSession(db, { seriesId: seriesA.id, startsAt, facilitatorIds: [facilitator.id] });
  const sibling = createSession(db, {
    seriesId: seriesA.id,
    startsAt: new Date(startsAt.getTime() + 24 * HOUR),
    facilitatorIds: [otherFacilitator.id],
  });
  const otherSeries = createSeries(db);
  const elsewhere = createSession(db, { seriesId: otherSeries.id, startsAt, facilitatorIds: [otherFacilitator.id] });
  const v1 = version(db, "2026-01-01T00:00:00Z", "in_force", { s4: "Nur freigegebene Werkzeuge.", s6: "Keine personenbezogenen Daten." });
  return { db, admin, facilitator, otherFacilitator, council, staff, seriesA, session, sibling, otherSeries, elsewhere, v1 };
}

function item(q: { id: number }, overrides: Partial<DraftItemInput> = {}): DraftItemInput {
  return {
    questionId: q.id,
    sectionId: null,
    position: 1,
    questionText: "Darf ich Bürgerdaten eingeben?",
    answer: "Nur in freigegebenen Systemen.",
    ...overrides,
  };
}

function workingId(db: Db, summaryId: number): number {
  return db
    .select()
    .from(summaryRevisions)
    .where(eq(summaryRevisions.summaryId, summaryId))
    .all()
    .find((r) => ["draft", "in_review", "approved"].includes(r.status))!.id;
}

function revisions(db: Db, summaryId: number) {
  return db.select().from(summaryRevisions).where(eq(summaryRevisions.summaryId, summaryId)).orderBy(summaryRevisions.number).all();
}

function summaryRow(db: Db, id: number) {
  return db.select().from(summaries).where(eq(summaries.id, id)).get()!;
}

function start(w: ReturnType<typeof world>, target: { sessionId: number } | { seriesId: number } = { sessionId: w.session.id }) {
  const started = startSummary(w.db, as(w.facilitator, "facilitator"), target, NOW);
  if (!started.ok) throw new Error(started.reason);
  return started.id;
}

function save(
  w: ReturnType<typeof world>,
  id: number,
  items: DraftItemInput[],
  extra: { intro?: string; notify?: boolean; actor?: Actor } = {},
) {
  return saveDraft(
    w.db,
    extra.actor ?? as(w.facilitator, "facilitator"),
    id,
    { revisionId: workingId(w.db, id), intro: extra.intro ?? "Fragen aus dem Termin.", notifyParticipants: extra.notify ?? false, items },
    NOW,
  );
}

const mails = (db: Db) => db.select().from(outbox).where(eq(outbox.kind, "summary_published")).all();

describe("composing and publishing a summary (no co-approval)", () => {
  it("offers the answered questions of the session, in-session answers too; publishes with 'Stand'", () => {
    const w = world();
    const written = answered(w.db, { sessionId: w.session.id, author: w.staff[0], sectionId: w.v1.sections.s6 });
    const inSession = answered(w.db, { sessionId: w.session.id, how: "in_session", anonymous: true, author: w.staff[1] });
    const forSeries = answered(w.db, { seriesId: w.seriesA.id, author: w.staff[2] });
    answered(w.db, { sessionId: w.session.id, status: "submitted", author: w.staff[2] });
    answered(w.db, { sessionId: w.sibling.id, author: w.staff[2] });
    const id = start(w);
    expect(startSummary(w.db, as(w.facilitator, "facilitator"), { sessionId: w.session.id }, NOW)).toEqual({
      ok: true,
      id,
      created: false,
    });

    const editor = loadEditor(w.db, as(w.facilitator, "facilitator"), id, NOW);
    if (!editor.ok) throw new Error("refused");
    expect(editor.working?.rows.map((r) => r.questionId).sort()).toEqual([written.id, inSession.id, forSeries.id].sort());
    expect(editor.working?.rows.find((r) => r.questionId === inSession.id)?.original.answeredHow).toBe("in_session");

    expect(
      save(
        w,
        id,
        [item(inSession, { position: 2, sectionId: w.v1.sections.s4 }), item(written, { position: 1, sectionId: w.v1.sections.s6 })],
        {
          intro: "**Einleitung**",
        },
      ),
    ).toMatchObject({ ok: true, items: 2 });
    const preview = loadEditor(w.db, as(w.facilitator, "facilitator"), id, NOW);
    if (!preview.ok) throw new Error("refused");
    // Sections in the order of the agreement; the preview is dated as if published now.
    expect(preview.working?.preview.sections.map((s) => s.key)).toEqual(["s4", "s6"]);
    expect(preview.working?.preview.introHtml).toContain("<strong>Einleitung</strong>");
    // A draft has no date yet; the published page shows "Stand".
    expect(preview.working?.preview.dates.stand).toBeNull();

    const published = publishSummary(w.db, as(w.facilitator, "facilitator"), id, clock);
    expect(published).toMatchObject({ ok: true, number: 1 });
    const row = summaryRow(w.db, id);
    const [r1] = revisions(w.db, id);
    expect(row.publishedRevisionId).toBe(r1!.id);
    expect(row.firstPublishedAt).toEqual(NOW);
    expect(r1).toMatchObject({ status: "published", publishedById: w.facilitator.id, approvedById: null });
    const after = loadEditor(w.db, as(w.facilitator, "facilitator"), id, NOW);
    expect(after.ok && after.published?.view.dates).toEqual({
      stand: "Mo., 1. März 2027",
      firstPublished: null,
      updated: null,
      approved: null,
    });
    expect(
      w.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.action, "summary_published"), eq(auditLog.subjectId, String(id))))
        .all(),
    ).toHaveLength(1);
    // A second publish finds nothing to publish.
    expect(publishSummary(w.db, as(w.facilitator, "facilitator"), id, clock)).toEqual({ ok: false, reason: "nothing_to_publish" });
  });

  it("refuses an empty summary, an item without an answer and a question of another session, changing nothing", () => {
    const w = world();
    const own = answered(w.db, { sessionId: w.session.id, author: w.staff[0] });
    const foreign = answered(w.db, { sessionId: w.elsewhere.id, author: w.staff[0] });
    const sibling = answered(w.db, { sessionId: w.sibling.id, author: w.staff[0] });
    const id = start(w);
    expect(publishSummary(w.db, as(w.facilitator, "facilitator"), id, clock)).toEqual({ ok: false, reason: "empty" });

    const before = w.db.select().from(summaryItems).all().length;
    const noAnswer = save(w, id, [item(own, { answer: "   " })]);
    expect(noAnswer).toMatchObject({ ok: false, reason: "invalid", errors: { [`q${own.id}-answer`]: expect.stringContaining("Antwort") } });
    const wrong = save(w, id, [item(own), item(foreign, { position: 2 }), item(sibling, { position: 3 })]);
    expect(wrong).toMatchObject({ ok: false, reason: "invalid" });
    if (!wrong.ok && wrong.reason === "invalid")
      expect(wrong.errors.form).toBe(
        `Frage Nr. ${foreign.id}, Nr. ${sibling.id} gehört nicht zu diesem Termin und kann hier nicht aufgenommen werden.`,
      );
    expect(w.db.select().from(summaryItems).all()).toHaveLength(before);
    expect(summaryRow(w.db, id).publishedRevisionId).toBeNull();

    // A foreign item that got into the draft (e.g. the question moved) blocks the publication too.
    save(w, id, [item(own)]);
    w.db
      .insert(summaryItems)
      .values({ revisionId: workingId(w.db, id), questionId: foreign.id, position: 2, questionText: "Frage", answer: "Antwort" })
      .run();
    expect(publishSummary(w.db, as(w.facilitator, "facilitator"), id, clock)).toEqual({
      ok: false,
      reason: "foreign_question",
      questionIds: [foreign.id],
    });
    w.db.update(summaryItems).set({ answer: "" }).where(eq(summaryItems.questionId, foreign.id)).run();
    expect(publishSummary(w.db, as(w.facilitator, "facilitator"), id, clock)).toEqual({ ok: false, reason: "item_without_answer" });
    expect(revisions(w.db, id).map((r) => r.status)).toEqual(["draft"]);

    // Two people editing: a save from a page loaded before another save is refused, not merged.
    const loaded = loadEditor(w.db, as(w.facilitator, "facilitator"), id, NOW);
    if (!loaded.ok || !loaded.working) throw new Error("refused");
    const base = { revisionId: loaded.working.id, loadedVersion: loaded.working.version, intro: "", notifyParticipants: false };
    const later = new Date(NOW.getTime() + 60_000);
    expect(saveDraft(w.db, as(w.admin, "admin"), id, { ...base, items: [item(own)] }, later)).toMatchObject({ ok: true });
    expect(saveDraft(w.db, as(w.facilitator, "facilitator"), id, { ...base, items: [] }, later)).toEqual({ ok: false, reason: "stale" });
    expect(w.db.select().from(summaryItems).where(eq(summaryItems.revisionId, loaded.working.id)).all()).toHaveLength(1);
  });

  it("lets only the session's facilitators and admins compose it; a series' facilitators its series summary", () => {
    const w = world();
    const q = answered(w.db, { sessionId: w.session.id, author: w.staff[0] });
    const id = start(w);
    const other = as(w.otherFacilitator, "facilitator");
    expect(loadEditor(w.db, other, id, NOW)).toEqual({ ok: false, reason: "forbidden" });
    expect(
      saveDraft(w.db, other, id, { revisionId: workingId(w.db, id), intro: "", notifyParticipants: false, items: [item(q)] }, NOW),
    ).toEqual({
      ok: false,
      reason: "forbidden",
    });
    expect(publishSummary(w.db, other, id, clock)).toEqual({ ok: false, reason: "forbidden" });
    expect(withdrawSummary(w.db, other, id, NOW)).toEqual({ ok: false, reason: "forbidden" });
    expect(startSummary(w.db, other, { sessionId: w.session.id }, NOW)).toEqual({ ok: false, reason: "forbidden" });
    expect(loadEditor(w.db, as(w.staff[0]), id, NOW)).toEqual({ ok: false, reason: "forbidden" });
    expect(loadEditor(w.db, as(w.council, "council"), id, NOW)).toEqual({ ok: false, reason: "forbidden" });
    expect(loadEditor(w.db, as(w.facilitator, "facilitator"), 999_999, NOW)).toEqual({ ok: false, reason: "not_found" });
    expect(loadEditor(w.db, as(w.admin, "admin"), id, NOW)).toMatchObject({ ok: true });
    // The sibling session's facilitator facilitates the series: the series summary is theirs too.
    const series = startSummary(w.db, other, { seriesId: w.seriesA.id }, NOW);
    expect(series).toMatchObject({ ok: true, created: true });
    if (series.ok) expect(loadEditor(w.db, as(w.facilitator, "facilitator"), series.id, NOW)).toMatchObject({ ok: true });
    expect(startSummary(w.db, as(w.facilitator, "facilitator"), { seriesId: w.otherSeries.id }, NOW)).toEqual({
      ok: false,
      reason: "forbidden",
    });
    // Withdrawn: gone (404), for everyone.
    expect(withdrawSummary(w.db, as(w.facilitator, "facilitator"), id, NOW)).toEqual({ ok: true });
    expect(loadEditor(w.db, as(w.facilitator, "facilitator"), id, NOW)).toEqual({ ok: false, reason: "not_found" });
    expect(loadEditor(w.db, as(w.admin, "admin"), id, NOW)).toEqual({ ok: false, reason: "not_found" });
    expect(publishSummary(w.db, as(w.admin, "admin"), id, clock)).toEqual({ ok: false, reason: "not_found" });
  });
});

describe("co-approval by the staff council", () => {
  it("Entwurf → zur Freigabe → zurück → zur Freigabe → freigegeben → veröffentlicht; an update again; withdrawing needs none", () => {
    const w = world();
    const q = answered(w.db, { sessionId: w.session.id, author: w.staff[0] });
    const fac = as(w.facilitator, "facilitator");
    const council = as(w.council, "council");
    expect(councilApprovalOn(w.db)).toBe(false);
    expect(setCouncilApproval(w.db, fac, true, NOW)).toEqual({ ok: false, reason: "forbidden" });
    expect(setCouncilApproval(w.db, as(w.admin, "admin"), true, NOW)).toEqual({ ok: true, changed: true });
    expect(councilApprovalOn(w.db)).toBe(true);

    const id = start(w);
    expect(loadForCouncil(w.db, council, id, NOW)).toEqual({ ok: false, reason: "not_found" });
    expect(submitForReview(w.db, fac, id, NOW)).toEqual({ ok: false, reason: "empty" });
    save(w, id, [item(q, { answer: "Erste Fassung der Antwort." })]);
    expect(publishSummary(w.db, fac, id, clock)).toEqual({ ok: false, reason: "approval_required" });
    expect(submitForReview(w.db, fac, id, NOW)).toEqual({ ok: true });
    expect(save(w, id, [item(q)])).toEqual({ ok: false, reason: "invalid_state" });
    expect(publishSummary(w.db, fac, id, clock)).toEqual({ ok: false, reason: "approval_required" });

    expect(listForCouncil(w.db, fac)).toEqual({ ok: false, reason: "forbidden" });
    const list = listForCouncil(w.db, council);
    expect(list.ok && list.rows.map((r) => r.summaryId)).toEqual([id]);
    expect(loadForCouncil(w.db, council, id, NOW)).toMatchObject({ ok: true, status: "in_review" });
    expect(approveRevision(w.db, fac, id, NOW)).toEqual({ ok: false, reason: "forbidden" });
    expect(approveRevision(w.db, as(w.admin, "admin"), id, NOW)).toEqual({ ok: false, reason: "forbidden" });
    expect(sendBackRevision(w.db, fac, id, "Bitte allgemeiner.", NOW)).toEqual({ ok: false, reason: "forbidden" });
    expect(sendBackRevision(w.db, council, id, " ", NOW)).toEqual({ ok: false, reason: "comment_required" });
    expect(sendBackRevision(w.db, council, id, "Bitte allgemeiner formulieren.", NOW)).toEqual({ ok: true });
    const back = loadEditor(w.db, fac, id, NOW);
    expect(back.ok && back.working).toMatchObject({ status: "draft", councilComment: "Bitte allgemeiner formulieren.", editable: true });
    expect(approveRevision(w.db, council, id, NOW)).toEqual({ ok: false, reason: "invalid_state" });

    save(w, id, [item(q, { answer: "Allgemeinere Antwort." })]);
    submitForReview(w.db, fac, id, NOW);
    const approvedAt = new Date(NOW.getTime() + HOUR);
    expect(approveRevision(w.db, council, id, approvedAt)).toEqual({ ok: true });
    // Editing the approved text takes the approval back.
    expect(save(w, id, [item(q, { answer: "Noch einmal geändert." })])).toMatchObject({ ok: true, approvalWithdrawn: true });
    expect(publishSummary(w.db, fac, id, clock)).toEqual({ ok: false, reason: "approval_required" });
    submitForReview(w.db, fac, id, NOW);
    approveRevision(w.db, council, id, approvedAt);
    expect(publishSummary(w.db, fac, id, clock)).toMatchObject({ ok: true, number: 1 });
    const [r1] = revisions(w.db, id);
    expect(r1).toMatchObject({ status: "published", approvedById: w.council.id, approvedAt });
    const published = loadEditor(w.db, fac, id, NOW);
    expect(published.ok && published.published?.view.dates.approved).toBe("Mo., 1. März 2027");

    // An update goes through "zur Freigabe" again; the previous text stays for the record.
    expect(startUpdate(w.db, fac, id, NOW)).toEqual({ ok: true, created: true });
    expect(startUpdate(w.db, fac, id, NOW)).toEqual({ ok: true, created: false });
    save(w, id, [item(q, { answer: "Aktualisierte Antwort." })]);
    const later = new Date(NOW.getTime() + 5 * 24 * HOUR);
    expect(publishSummary(w.db, fac, id, { ...clock, now: later })).toEqual({ ok: false, reason: "approval_required" });
    submitForReview(w.db, fac, id, later);
    approveRevision(w.db, council, id, later);
    expect(publishSummary(w.db, fac, id, { ...clock, now: later })).toMatchObject({ ok: true, number: 2 });
    expect(revisions(w.db, id).map((r) => r.status)).toEqual(["superseded", "published"]);
    const editor = loadEditor(w.db, fac, id, later);
    if (!editor.ok) throw new Error("refused");
    expect(editor.published?.view.dates).toMatchObject({ firstPublished: "Mo., 1. März 2027", updated: "Sa., 6. März 2027" });
    expect(editor.published?.view.sections[0]?.items[0]?.answerHtml).toContain("Aktualisierte Antwort.");
    expect(editor.history).toHaveLength(1);
    expect(editor.history[0]).toMatchObject({ number: 1, publishedOn: "Mo., 1. März 2027" });
    const first = loadRevision(w.db, fac, id, 1, later);
    expect(first.ok && first.current).toBe(false);
    expect(first.ok && first.view.sections[0]?.items[0]?.answerHtml).toContain("Noch einmal geändert.");
    expect(loadRevision(w.db, as(w.otherFacilitator, "facilitator"), id, 1, later)).toEqual({ ok: false, reason: "forbidden" });
    expect(loadRevision(w.db, fac, id, 9, later)).toEqual({ ok: false, reason: "not_found" });
    expect(summaryRow(w.db, id).firstPublishedAt).toEqual(NOW);

    // Withdrawing needs no approval.
    expect(withdrawSummary(w.db, fac, id, later)).toEqual({ ok: true });
    expect(summaryRow(w.db, id)).toMatchObject({ withdrawnAt: later, withdrawnById: w.facilitator.id });
    expect(approveRevision(w.db, council, id, later)).toEqual({ ok: false, reason: "not_found" });
  });
});

describe("telling people", () => {
  it("mails each seat holder of the series once, named authors too; an update only when ticked; a retry never twice", () => {
    const w = world();
    const [a, b, c, d] = w.staff;
    seat(w.db, w.session.id, a.id, "attended");
    seat(w.db, w.sibling.id, a.id, "confirmed"); // seats in two sessions of the series: one mail
    seat(w.db, w.sibling.id, b.id, "confirmed");
    seat(w.db, w.session.id, c.id, "cancelled"); // no seat: no mail
    seat(w.db, w.elsewhere.id, d.id, "confirmed"); // another series: no mail
    const named = answered(w.db, { sessionId: w.sibling.id, author: d }); // named author without a seat here
    const anonymous = answered(w.db, { seriesId: w.seriesA.id, anonymous: true, author: c });
    const id = start(w, { seriesId: w.seriesA.id });
    save(w, id, [
      item(named, { questionText: "Wer haftet für KI-Auskünfte?" }),
      item(anonymous, { position: 2, questionText: "Gilt das für Azubis?" }),
    ]);
    expect(publishSummary(w.db, as(w.facilitator, "facilitator"), id, clock)).toMatchObject({ ok: true, mailed: 3 });
    const first = mails(w.db);
    expect(first.map((m) => m.recipient).sort()).toEqual([a.email, b.email, d.email].sort());
    for (const mail of first) {
      expect(mail.text).toContain(`http://ki.test/qa/summaries/${id}`);
      // A link, never Q&A text.
      for (const text of ["Geheime Frage", "Wer haftet", "Azubis", "Nur in freigegebenen"])
        expect(mail.text + mail.html).not.toContain(text);
    }
    expect(first.find((m) => m.recipient === d.email)?.text).toContain("namentlich eingereicht haben, ist darin enthalten");
    expect(first.find((m) => m.recipient === a.email)?.text).not.toContain("namentlich eingereicht");

    // An update without the tick mails nobody; with it, everyone once more.
    startUpdate(w.db, as(w.facilitator, "facilitator"), id, NOW);
    save(w, id, [item(named, { answer: "Korrigiert." })]);
    publishSummary(w.db, as(w.facilitator, "facilitator"), id, clock);
    expect(mails(w.db)).toHaveLength(3);
    startUpdate(w.db, as(w.facilitator, "facilitator"), id, NOW);
    save(w, id, [item(named, { answer: "Noch einmal korrigiert." })], { notify: true });
    expect(publishSummary(w.db, as(w.facilitator, "facilitator"), id, clock)).toMatchObject({ ok: true, number: 3, mailed: 3 });
    const all = mails(w.db);
    expect(all).toHaveLength(6);
    expect(all.filter((m) => m.subject.startsWith("Zusammenfassung aktualisiert"))).toHaveLength(3);

    // A retried publish (same revision, e.g. a double submit) mails nobody twice.
    expect(publishSummary(w.db, as(w.facilitator, "facilitator"), id, clock)).toEqual({ ok: false, reason: "nothing_to_publish" });
    w.db
      .update(summaryRevisions)
      .set({ status: "draft" })
      .where(eq(summaryRevisions.id, summaryRow(w.db, id).publishedRevisionId!))
      .run();
    w.db.update(summaries).set({ publishedRevisionId: null }).where(eq(summaries.id, id)).run();
    publishSummary(w.db, as(w.facilitator, "facilitator"), id, clock);
    expect(mails(w.db)).toHaveLength(6);
  });
});

describe("agreement versions", () => {
  it("marks items whose section changed in the version now in force; a facilitator re-links them, audited", () => {
    const w = world();
    const q6 = answered(w.db, { sessionId: w.session.id, author: w.staff[0] });
    const q4 = answered(w.db, { sessionId: w.session.id, author: w.staff[0] });
    const id = start(w);
    save(w, id, [item(q6, { sectionId: w.v1.sections.s6 }), item(q4, { position: 2, sectionId: w.v1.sections.s4 })]);
    publishSummary(w.db, as(w.facilitator, "facilitator"), id, clock);

    // A new version: § 6 changed, § 4 the same text.
    w.db.update(agreementVersions).set({ status: "superseded" }).where(eq(agreementVersions.id, w.v1.id)).run();
    const v2 = version(w.db, "2027-02-01T00:00:00Z", "in_force", {
      s4: "Nur freigegebene Werkzeuge.",
      s6: "Personenbezogene Daten nur anonymisiert.",
    });
    const before = loadEditor(w.db, as(w.facilitator, "facilitator"), id, NOW);
    if (!before.ok) throw new Error("refused");
    const items = before.published!.view.sections.flatMap((s) => s.items);
    expect(items.find((i) => i.questionId === q6.id)?.olderVersionDate).toBe("Do., 1. Januar 2026");
    expect(items.find((i) => i.questionId === q4.id)?.olderVersionDate).toBeNull();
    expect(before.published!.outdated.map((o) => o.questionId)).toEqual([q6.id]);

    expect(relinkItem(w.db, as(w.otherFacilitator, "facilitator"), id, q6.id, NOW)).toEqual({ ok: false, reason: "forbidden" });
    expect(relinkItem(w.db, as(w.facilitator, "facilitator"), id, q4.id, NOW)).toEqual({ ok: false, reason: "not_outdated" });
    expect(relinkItem(w.db, as(w.facilitator, "facilitator"), id, q6.id, NOW)).toEqual({ ok: true });
    const published = summaryRow(w.db, id).publishedRevisionId!;
    const relinked = w.db
      .select()
      .from(summaryItems)
      .where(and(eq(summaryItems.revisionId, published), eq(summaryItems.questionId, q6.id)))
      .get();
    expect(relinked?.sectionId).toBe(v2.sections.s6);
    const after = loadEditor(w.db, as(w.facilitator, "facilitator"), id, NOW);
    expect(after.ok && after.published?.outdated).toEqual([]);
    const entry = w.db.select().from(auditLog).where(eq(auditLog.action, "summary_item_relinked")).get();
    expect(entry?.details).toMatchObject({ questionId: q6.id, fromSectionId: w.v1.sections.s6, toSectionId: v2.sections.s6 });
  });
});
