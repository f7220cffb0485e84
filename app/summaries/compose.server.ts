// Composing a Zusammenfassung (issue 13, item 1; decision 013): start one for a session or a
// series, pick answered questions, edit them for publication, order them within sections,
// add an introduction; start an update of a published one. Each step checks and writes in
// one immediate transaction with its audit entry (counts only, never a question's text).
import { and, asc, desc, eq, inArray, isNull, or } from "drizzle-orm";
import { writeAudit } from "~/lib/audit.server";
import { formatDate, formatDateNumeric } from "~/lib/dates";
import { schema, type Db, type DbOrTx } from "~/lib/db.server";
import { facilitatedSeriesIds, facilitatedSessionIds } from "~/questions/review.server";
import type { SummaryRevisionStatus } from "~db/schema";
import {
  checkTarget,
  coveredSessionIds,
  findSummaryFor,
  isAdmin,
  mayCompose,
  revisionsOf,
  summaryScope,
  summaryTitle,
  workingRevision,
  type Actor,
  type Refusal,
  type Summary,
  type Target,
} from "./access.server";
import {
  INTRO_MAX,
  ITEM_ANSWER_MAX,
  ITEM_QUESTION_MAX,
  ITEM_QUESTION_MIN,
  REVISION_STATUS_LABELS,
  isWorking,
  mayEdit,
  statusAfterEdit,
} from "./rules";
import { councilApprovalOn } from "./settings.server";
import type { SummaryViewData } from "~/components/SummaryView";
import { loadSummaryRevisionView } from "./published.server";
import { earlierVersionItems, inForceSections, itemsOf, sectionsById } from "./view.server";

const { summaries, summaryRevisions, summaryItems, questions, sessions, series } = schema;

// ---------------------------------------------------------------------------------------
// Which questions belong to a summary

/**
 * The questions a summary may hold: those of its session (and those asked for the session's
 * series as a whole), or for a series those of the series and of each of its sessions.
 */
function belongsToTarget(tx: DbOrTx, summary: Pick<Summary, "sessionId" | "seriesId">) {
  if (summary.sessionId !== null) {
    const session = tx.select({ seriesId: sessions.seriesId }).from(sessions).where(eq(sessions.id, summary.sessionId)).get();
    return or(
      eq(questions.sessionId, summary.sessionId),
      and(isNull(questions.sessionId), eq(questions.seriesId, session?.seriesId ?? -1)),
    );
  }
  return or(eq(questions.seriesId, summary.seriesId ?? -1), inArray(questions.sessionId, coveredSessionIds(tx, summary)));
}

/** Ids among `ids` that belong to the summary's session or series. */
export function questionsOfTarget(tx: DbOrTx, summary: Pick<Summary, "sessionId" | "seriesId">, ids: number[]): Set<number> {
  if (ids.length === 0) return new Set();
  return new Set(
    tx
      .select({ id: questions.id })
      .from(questions)
      .where(and(inArray(questions.id, ids), belongsToTarget(tx, summary)))
      .all()
      .map((r) => r.id),
  );
}

// ---------------------------------------------------------------------------------------
// The list and the start

export type SummaryListRow = { id: number; title: string; status: string; publishedOn: string | null };
export type TargetOption = { value: string; label: string };

/** The summaries the person may compose, and the sessions and series they could start one for. */
export function listSummaries(db: Db, actor: Actor): { ok: true; rows: SummaryListRow[]; targets: TargetOption[] } | Refusal {
  if (!mayCompose(actor)) return { ok: false, reason: "forbidden" };
  const rows = db
    .select()
    .from(summaries)
    .where(and(isNull(summaries.withdrawnAt), summaryScope(db, actor)))
    .orderBy(desc(summaries.id))
    .all()
    .map((summary): SummaryListRow => {
      const working = workingRevision(db, summary.id);
      const status = working
        ? `${REVISION_STATUS_LABELS[working.status as SummaryRevisionStatus]}${summary.publishedRevisionId ? " (Aktualisierung)" : ""}`
        : "veröffentlicht";
      return {
        id: summary.id,
        title: summaryTitle(db, summary),
        status,
        publishedOn: summary.firstPublishedAt ? formatDateNumeric(summary.firstPublishedAt) : null,
      };
    });
  const sessionRows = db
    .select({ id: sessions.id, startsAt: sessions.startsAt, title: series.title })
    .from(sessions)
    .innerJoin(series, eq(series.id, sessions.seriesId))
    .where(and(eq(sessions.status, "published"), isAdmin(actor) ? undefined : inArray(sessions.id, facilitatedSessionIds(db, actor.id))))
    .orderBy(desc(sessions.startsAt))
    .limit(200)
    .all();
  const seriesRows = db
    .select({ id: series.id, title: series.title })
    .from(series)
    .where(isAdmin(actor) ? undefined : inArray(series.id, facilitatedSeriesIds(db, actor.id)))
    .orderBy(asc(series.title))
    .all();
  return {
    ok: true,
    rows,
    targets: [
      ...seriesRows.map((s) => ({ value: `series-${s.id}`, label: `${s.title} – alle Termine` })),
      ...sessionRows.map((s) => ({ value: `session-${s.id}`, label: `${s.title}, Termin am ${formatDateNumeric(s.startsAt)}` })),
    ],
  };
}

/** The open (not withdrawn) summary of this session or series, if there is one. */
function openSummaryOf(tx: DbOrTx, target: Target): Summary | undefined {
  return tx
    .select()
    .from(summaries)
    .where(
      and(
        isNull(summaries.withdrawnAt),
        target.sessionId !== undefined ? eq(summaries.sessionId, target.sessionId) : eq(summaries.seriesId, target.seriesId),
      ),
    )
    .get();
}

/** What "neue Zusammenfassung" is about to create, or the one that already exists. */
export function describeTarget(db: Db, actor: Actor, target: Target): { ok: true; title: string; existingId: number | null } | Refusal {
  const allowed = checkTarget(db, actor, target);
  if (!allowed.ok) return allowed;
  return {
    ok: true,
    title: summaryTitle(db, { sessionId: target.sessionId ?? null, seriesId: target.seriesId ?? null }),
    existingId: openSummaryOf(db, target)?.id ?? null,
  };
}

/** Starts a summary with an empty draft; a second start for the same target finds the first. */
export function startSummary(db: Db, actor: Actor, target: Target, now: Date): { ok: true; id: number; created: boolean } | Refusal {
  return db.transaction(
    (tx): { ok: true; id: number; created: boolean } | Refusal => {
      const allowed = checkTarget(tx, actor, target);
      if (!allowed.ok) return allowed;
      const existing = openSummaryOf(tx, target);
      if (existing) return { ok: true, id: existing.id, created: false };
      const summary = tx
        .insert(summaries)
        .values({ sessionId: target.sessionId ?? null, seriesId: target.seriesId ?? null, createdById: actor.id, createdAt: now })
        .returning()
        .get();
      tx.insert(summaryRevisions).values({ summaryId: summary.id, number: 1, status: "draft", updatedAt: now, createdAt: now }).run();
      writeAudit(tx, {
        actorId: actor.id,
        action: "summary_created",
        subjectType: "summary",
        subjectId: summary.id,
        details: { sessionId: summary.sessionId, seriesId: summary.seriesId },
        at: now,
      });
      return { ok: true, id: summary.id, created: true };
    },
    { behavior: "immediate" },
  );
}

// ---------------------------------------------------------------------------------------
// The editor

export type EditorRow = {
  questionId: number;
  included: boolean;
  sectionId: number | null;
  position: number;
  questionText: string;
  answer: string;
  /** The question as it stands in the review, for comparison. */
  original: { text: string; answeredHow: "in_session" | "written" | null; status: string; context: string };
};

export type SectionChoice = { id: number; label: string };

export type HistoryEntry = {
  id: number;
  number: number;
  status: string;
  publishedOn: string | null;
  approvedOn: string | null;
};

export type Editor = {
  id: number;
  title: string;
  councilApproval: boolean;
  working: {
    id: number;
    /** The revision's `updated_at` as loaded, sent back with the form. */
    version: number;
    number: number;
    status: SummaryRevisionStatus;
    statusLabel: string;
    intro: string;
    notifyParticipants: boolean;
    councilComment: string | null;
    editable: boolean;
    rows: EditorRow[];
    preview: SummaryViewData;
  } | null;
  published: {
    number: number;
    view: SummaryViewData;
    /** Items whose section belongs to an earlier version of the agreement, with what they can be re-linked to. */
    outdated: { questionId: number; questionText: string; date: string; relinkTo: number | null }[];
  } | null;
  history: HistoryEntry[];
  sections: SectionChoice[];
};

/** A revision exactly as staff see a published one (the shared view of /qa/summaries/:id). */
export function revisionView(db: DbOrTx, revisionId: number, now: Date): SummaryViewData {
  const view = loadSummaryRevisionView(db, revisionId, now);
  if (!view) throw new Error(`revision ${revisionId} has no summary`);
  return view;
}

/**
 * One revision of the record ("Frühere Fassungen" and the published one) on its own page, for
 * the summary's facilitators and admins.
 */
export function loadRevision(
  db: Db,
  actor: Actor,
  summaryId: number,
  number: number,
  now: Date,
): { ok: true; title: string; number: number; status: string; current: boolean; view: SummaryViewData } | Refusal {
  const found = findSummaryFor(db, actor, summaryId);
  if (!found.ok) return found;
  const revision = revisionsOf(db, summaryId).find((r) => r.number === number);
  if (!revision) return { ok: false, reason: "not_found" };
  return {
    ok: true,
    title: summaryTitle(db, found.summary),
    number,
    status: REVISION_STATUS_LABELS[revision.status as SummaryRevisionStatus],
    current: revision.id === found.summary.publishedRevisionId,
    view: revisionView(db, revision.id, now),
  };
}

function contextOf(row: { sessionId: number | null; seriesId: number | null; startsAt: Date | null }): string {
  if (row.sessionId !== null && row.startsAt) return `Termin am ${formatDateNumeric(row.startsAt)}`;
  if (row.seriesId !== null) return "für die Veranstaltungsreihe";
  return "";
}

/** Everything the editor page shows: the working revision, the published one, the record. */
export function loadEditor(db: Db, actor: Actor, summaryId: number, now: Date): ({ ok: true } & Editor) | Refusal {
  const found = findSummaryFor(db, actor, summaryId);
  if (!found.ok) return found;
  const { summary } = found;
  const revisions = revisionsOf(db, summary.id);
  const working = revisions.find((r) => isWorking(r.status as SummaryRevisionStatus));
  const published = revisions.find((r) => r.id === summary.publishedRevisionId);
  const inForce = inForceSections(db, now);
  const sectionChoices: SectionChoice[] = [...inForce.byAnchor.values()]
    .sort((a, b) => a.position - b.position)
    .map((s) => ({ id: s.id, label: s.label }));

  let workingView: Editor["working"] = null;
  if (working) {
    const items = itemsOf(db, working.id);
    const answered = db
      .select({
        id: questions.id,
        text: questions.text,
        answer: questions.answer,
        answeredHow: questions.answeredHow,
        sectionId: questions.sectionId,
        status: questions.status,
        sessionId: questions.sessionId,
        seriesId: questions.seriesId,
        startsAt: sessions.startsAt,
      })
      .from(questions)
      .leftJoin(sessions, eq(sessions.id, questions.sessionId))
      .where(
        and(
          belongsToTarget(db, summary),
          or(
            eq(questions.status, "answered"),
            items.length > 0
              ? inArray(
                  questions.id,
                  items.map((i) => i.questionId),
                )
              : undefined,
          ),
        ),
      )
      .orderBy(asc(questions.id))
      .all();
    const byQuestion = new Map(items.map((i) => [i.questionId, i]));
    // Sections of earlier versions that items still point to are offered too, so saving keeps them.
    const extra = sectionsById(
      db,
      items.flatMap((i) => (i.sectionId !== null && !sectionChoices.some((s) => s.id === i.sectionId) ? [i.sectionId] : [])),
    );
    for (const s of extra.values()) sectionChoices.push({ id: s.id, label: `${s.label} (Fassung vom ${s.versionDate})` });
    const rows: EditorRow[] = answered.map((q, index) => {
      const item = byQuestion.get(q.id);
      return {
        questionId: q.id,
        included: item !== undefined,
        sectionId: item ? item.sectionId : q.sectionId,
        position: item ? item.position : items.length + index + 1,
        questionText: item ? item.questionText : q.text,
        answer: item ? item.answer : (q.answer ?? ""),
        original: { text: q.text, answeredHow: q.answeredHow, status: q.status, context: contextOf(q) },
      };
    });
    rows.sort((a, b) => Number(b.included) - Number(a.included) || a.position - b.position || a.questionId - b.questionId);
    const status = working.status as SummaryRevisionStatus;
    workingView = {
      id: working.id,
      version: working.updatedAt.getTime(),
      number: working.number,
      status,
      statusLabel: REVISION_STATUS_LABELS[status],
      intro: working.intro,
      notifyParticipants: working.notifyParticipants,
      councilComment: working.councilComment,
      editable: mayEdit(status),
      rows,
      preview: revisionView(db, working.id, now),
    };
  }

  let publishedView: Editor["published"] = null;
  if (published) {
    const items = itemsOf(db, published.id);
    const earlier = earlierVersionItems(db, items, now);
    publishedView = {
      number: published.number,
      view: revisionView(db, published.id, now),
      outdated: items.flatMap((item) => {
        const e = earlier.get(item.questionId);
        return e ? [{ questionId: item.questionId, questionText: item.questionText, date: e.date, relinkTo: e.relinkTo }] : [];
      }),
    };
  }

  const history: HistoryEntry[] = revisions
    .filter((r) => r.status === "superseded")
    .reverse()
    .map((r) => ({
      id: r.id,
      number: r.number,
      status: REVISION_STATUS_LABELS[r.status as SummaryRevisionStatus],
      publishedOn: r.publishedAt ? formatDate(r.publishedAt) : null,
      approvedOn: r.approvedAt ? formatDate(r.approvedAt) : null,
    }));

  return {
    ok: true,
    id: summary.id,
    title: summaryTitle(db, summary),
    councilApproval: councilApprovalOn(db),
    working: workingView,
    published: publishedView,
    history,
    sections: sectionChoices,
  };
}

// ---------------------------------------------------------------------------------------
// Saving a draft

export type DraftItemInput = { questionId: number; sectionId: number | null; position: number; questionText: string; answer: string };
export type DraftInput = {
  revisionId: number;
  /** When the form was loaded: a save over someone else's later save is refused (`stale`). */
  loadedVersion?: number;
  intro: string;
  notifyParticipants: boolean;
  items: DraftItemInput[];
};

/** Field errors keyed `intro`, `form`, `q<id>-question`, `q<id>-answer`, `q<id>-section`. */
export type DraftErrors = Partial<Record<string, string>>;

export type SaveResult =
  | { ok: true; items: number; approvalWithdrawn: boolean }
  | Refusal
  | { ok: false; reason: "invalid"; errors: DraftErrors }
  | { ok: false; reason: "invalid_state" | "stale" };

function validateDraft(input: DraftInput): DraftErrors {
  const errors: DraftErrors = {};
  if (input.intro.length > INTRO_MAX) errors.intro = `Die Einleitung darf höchstens ${INTRO_MAX} Zeichen lang sein.`;
  for (const item of input.items) {
    const question = item.questionText.trim();
    if (question.length < ITEM_QUESTION_MIN || question.length > ITEM_QUESTION_MAX) {
      errors[`q${item.questionId}-question`] = `Bitte geben Sie die Frage mit ${ITEM_QUESTION_MIN} bis ${ITEM_QUESTION_MAX} Zeichen ein.`;
    }
    const answer = item.answer.trim();
    if (answer === "")
      errors[`q${item.questionId}-answer`] = "Bitte geben Sie eine Antwort ein. Eine Frage ohne Antwort kann nicht veröffentlicht werden.";
    else if (answer.length > ITEM_ANSWER_MAX)
      errors[`q${item.questionId}-answer`] = `Die Antwort darf höchstens ${ITEM_ANSWER_MAX} Zeichen lang sein.`;
  }
  return errors;
}

/**
 * Saves the working revision as typed: intro, the chosen questions with their edited wording,
 * answer, section and order. Saving an approved revision puts it back into draft (the council
 * approved the text as it was). A question that does not belong to the session or series, or a
 * section outside the agreement in force (other than the one the item already points to), is
 * refused with nothing changed.
 */
export function saveDraft(db: Db, actor: Actor, summaryId: number, input: DraftInput, now: Date): SaveResult {
  const errors = validateDraft(input);
  return db.transaction(
    (tx): SaveResult => {
      const found = findSummaryFor(tx, actor, summaryId);
      if (!found.ok) return found;
      const working = workingRevision(tx, summaryId);
      if (!working || working.id !== input.revisionId) return { ok: false, reason: "stale" };
      if (input.loadedVersion !== undefined && working.updatedAt.getTime() !== input.loadedVersion) return { ok: false, reason: "stale" };
      const status = working.status as SummaryRevisionStatus;
      if (!mayEdit(status)) return { ok: false, reason: "invalid_state" };

      const ids = input.items.map((i) => i.questionId);
      const previous = itemsOf(tx, working.id);
      const belonging = questionsOfTarget(tx, found.summary, ids);
      const foreign = ids.filter((id) => !belonging.has(id));
      if (foreign.length > 0) {
        errors.form = `Frage Nr. ${foreign.join(", Nr. ")} gehört nicht zu ${found.summary.sessionId !== null ? "diesem Termin" : "dieser Veranstaltungsreihe"} und kann hier nicht aufgenommen werden.`;
      }
      const inForce = new Set([...inForceSections(tx, now).byAnchor.values()].map((s) => s.id));
      for (const item of input.items) {
        if (item.sectionId === null || inForce.has(item.sectionId)) continue;
        if (previous.some((p) => p.questionId === item.questionId && p.sectionId === item.sectionId)) continue;
        errors[`q${item.questionId}-section`] = "Bitte wählen Sie einen Abschnitt aus der Liste.";
      }
      if (Object.keys(errors).length > 0) return { ok: false, reason: "invalid", errors };

      const next = statusAfterEdit(status);
      tx.update(summaryRevisions)
        .set({
          intro: input.intro.trim(),
          notifyParticipants: working.number > 1 && input.notifyParticipants,
          status: next,
          ...(next !== status ? { approvedById: null, approvedAt: null } : {}),
          updatedAt: now,
        })
        .where(eq(summaryRevisions.id, working.id))
        .run();
      tx.delete(summaryItems).where(eq(summaryItems.revisionId, working.id)).run();
      const ordered = input.items
        .map((item, index) => ({ item, index }))
        .sort((a, b) => a.item.position - b.item.position || a.index - b.index);
      ordered.forEach(({ item }, index) => {
        tx.insert(summaryItems)
          .values({
            revisionId: working.id,
            questionId: item.questionId,
            sectionId: item.sectionId,
            position: index + 1,
            questionText: item.questionText.trim(),
            answer: item.answer.trim(),
          })
          .run();
      });
      writeAudit(tx, {
        actorId: actor.id,
        action: "summary_draft_saved",
        subjectType: "summary",
        subjectId: summaryId,
        details: { revision: working.number, items: input.items.length, from: status, to: next },
        at: now,
      });
      return { ok: true, items: input.items.length, approvalWithdrawn: next !== status };
    },
    { behavior: "immediate" },
  );
}

/** "Aktualisieren": a new revision copied from the published one (or the one already started). */
export function startUpdate(
  db: Db,
  actor: Actor,
  summaryId: number,
  now: Date,
): { ok: true; created: boolean } | Refusal | { ok: false; reason: "invalid_state" } {
  return db.transaction(
    (tx): { ok: true; created: boolean } | Refusal | { ok: false; reason: "invalid_state" } => {
      const found = findSummaryFor(tx, actor, summaryId);
      if (!found.ok) return found;
      if (workingRevision(tx, summaryId)) return { ok: true, created: false };
      const publishedId = found.summary.publishedRevisionId;
      if (publishedId === null) return { ok: false, reason: "invalid_state" };
      const published = tx.select().from(summaryRevisions).where(eq(summaryRevisions.id, publishedId)).get()!;
      const last = revisionsOf(tx, summaryId).at(-1)!;
      const revision = tx
        .insert(summaryRevisions)
        .values({ summaryId, number: last.number + 1, status: "draft", intro: published.intro, updatedAt: now, createdAt: now })
        .returning()
        .get();
      for (const item of itemsOf(tx, published.id)) {
        tx.insert(summaryItems)
          .values({
            revisionId: revision.id,
            questionId: item.questionId,
            sectionId: item.sectionId,
            position: item.position,
            questionText: item.questionText,
            answer: item.answer,
          })
          .run();
      }
      writeAudit(tx, {
        actorId: actor.id,
        action: "summary_update_started",
        subjectType: "summary",
        subjectId: summaryId,
        details: { revision: revision.number, from: published.number },
        at: now,
      });
      return { ok: true, created: true };
    },
    { behavior: "immediate" },
  );
}
