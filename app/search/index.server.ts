// The search index (FTS5, decision 014). Every change to something the index holds calls one
// of these inside the same transaction, so search never shows what is gone or misses what is new.
// The table `search_index` (custom migration 0013) holds for each entry the original text (for
// excerpts) and the normalised copy that FTS5 searches; rowid = id * 4 + kind, so an entry is
// replaced without scanning the table. Kind 0 was free (sections, Q&A items and questions use
// 1–3): materials take it (decision 022), so the scheme and every existing rowid stay as they are.
import { and, asc, eq, inArray, isNotNull, isNull, type SQL, sql } from "drizzle-orm";
import { headingText } from "~/agreement/markdown";
import { schema, type Db, type DbOrTx } from "~/lib/db.server";
import { renderMarkdown } from "~/lib/markdown.server";
import { htmlToText } from "./excerpt";
import { foldForSearch, normaliseForSearch, wordsOf } from "./normalise";

const {
  agreementVersions,
  agreementSections,
  agreementParagraphs,
  materials,
  materialSections,
  questions,
  summaries,
  summaryRevisions,
  summaryItems,
} = schema;

export const SEARCH_KINDS = { material: 0, section: 1, qa: 2, question: 3 } as const;
export type SearchKind = keyof typeof SEARCH_KINDS;

/** Only these are shown to colleagues (as on /questions), so only these are indexed. */
const INDEXED_QUESTION_STATUSES = ["accepted", "answered"] as const;

type Entry = {
  kind: SearchKind;
  /** The id that makes the rowid: material, section, summary item or question. */
  id: number;
  ref: number;
  parent: number | null;
  sectionId: number | null;
  title: string;
  body: string;
};

export function rowidOf(kind: SearchKind, id: number): number {
  return id * 4 + SEARCH_KINDS[kind];
}

/** The words a US keyboard types differently: "bürgerdaten" → "burgerdaten" (the tokenizer folds it too). */
function foldedWords(text: string): string {
  const words = new Set<string>();
  for (const { word } of wordsOf(text)) {
    const folded = foldForSearch(word);
    if (folded !== normaliseForSearch(word)) words.add(folded);
  }
  return [...words].join(" ");
}

/**
 * Every write to the index goes through `write` or `remove`, and both raise the generation in
 * the same transaction: rankings cached under the old one (search.server.ts) are stale from the
 * commit on, in every process; a rolled-back write raises nothing.
 */
function raiseGeneration(tx: DbOrTx): void {
  tx.run(sql`update search_index_state set generation = generation + 1 where id = 1`);
}

/**
 * Removes the entries whose rowid the condition selects (`rowid = …`, `rowid in (…)`, or all).
 * Removing nothing (a question edited before it was accepted) raises nothing: the index did not change.
 */
function remove(tx: DbOrTx, rowids: SQL | "all"): void {
  const { changes } = tx.run(rowids === "all" ? sql`delete from search_index` : sql`delete from search_index where ${rowids}`);
  if (changes > 0) raiseGeneration(tx);
}

function write(tx: DbOrTx, entry: Entry): void {
  raiseGeneration(tx);
  tx.run(sql`insert into search_index (rowid, kind, ref, parent, section_id, title_text, body_text, title, body, title_folded, body_folded)
    values (${rowidOf(entry.kind, entry.id)}, ${entry.kind}, ${entry.ref}, ${entry.parent}, ${entry.sectionId}, ${entry.title}, ${entry.body},
      ${normaliseForSearch(entry.title)}, ${normaliseForSearch(entry.body)}, ${foldedWords(entry.title)}, ${foldedWords(entry.body)})`);
}

/** Markdown as the reader sees it: rendered and sanitised, then its text. */
export function markdownText(source: string | null): string {
  return source ? htmlToText(renderMarkdown(source)) : "";
}

// --- agreement sections --------------------------------------------------------------------

function writeSectionsOf(tx: DbOrTx, versionId: number): void {
  const sections = tx.select().from(agreementSections).where(eq(agreementSections.versionId, versionId)).all();
  const paragraphs = tx
    .select({ sectionId: agreementParagraphs.sectionId, number: agreementParagraphs.number, body: agreementParagraphs.body })
    .from(agreementParagraphs)
    .innerJoin(agreementSections, eq(agreementSections.id, agreementParagraphs.sectionId))
    .where(eq(agreementSections.versionId, versionId))
    .orderBy(asc(agreementParagraphs.position))
    .all();
  for (const section of sections) {
    const body = [
      markdownText(section.body),
      ...paragraphs.filter((p) => p.sectionId === section.id).map((p) => `(${p.number}) ${markdownText(p.body)}`),
    ]
      .filter(Boolean)
      .join(" ");
    write(tx, {
      kind: "section",
      id: section.id,
      ref: section.id,
      parent: versionId,
      sectionId: section.id,
      title: headingText(section),
      body,
    });
  }
}

/**
 * Re-index the sections of an agreement version (import, section edit, a version coming into
 * force). The index holds the sections of the version recorded as in force: when it is that
 * one, every other version's sections leave the index; a draft or scheduled version is not
 * searchable until it takes over (the takeover job records that within a minute of midnight).
 */
export function reindexAgreementVersion(tx: DbOrTx, versionId: number): void {
  const version = tx.select({ status: agreementVersions.status }).from(agreementVersions).where(eq(agreementVersions.id, versionId)).get();
  if (version?.status !== "in_force") {
    remove(tx, sql`rowid in (select id * 4 + ${SEARCH_KINDS.section} from ${agreementSections} where version_id = ${versionId})`);
    return;
  }
  remove(tx, sql`rowid in (select id * 4 + ${SEARCH_KINDS.section} from ${agreementSections})`);
  writeSectionsOf(tx, versionId);
}

// --- questions -----------------------------------------------------------------------------

type QuestionRow = Pick<typeof questions.$inferSelect, "id" | "status" | "text" | "answer" | "sectionId">;

function writeQuestion(tx: DbOrTx, question: QuestionRow): void {
  write(tx, {
    kind: "question",
    id: question.id,
    ref: question.id,
    parent: null,
    sectionId: question.sectionId,
    title: question.text,
    body: question.status === "answered" ? markdownText(question.answer) : "",
  });
}

/** Re-index one question after accept, edit, merge, reject, withdraw, answer (only accepted/answered ones are held). */
export function reindexQuestion(tx: DbOrTx, questionId: number): void {
  remove(tx, sql`rowid = ${rowidOf("question", questionId)}`);
  const question = tx
    .select({ id: questions.id, status: questions.status, text: questions.text, answer: questions.answer, sectionId: questions.sectionId })
    .from(questions)
    .where(and(eq(questions.id, questionId), inArray(questions.status, [...INDEXED_QUESTION_STATUSES])))
    .get();
  if (question) writeQuestion(tx, question);
}

// --- published summaries -------------------------------------------------------------------

function writeSummaryItems(tx: DbOrTx, summaryId: number, revisionId: number): void {
  const items = tx.select().from(summaryItems).where(eq(summaryItems.revisionId, revisionId)).all();
  for (const item of items) {
    write(tx, {
      kind: "qa",
      id: item.id,
      ref: item.questionId,
      parent: summaryId,
      sectionId: item.sectionId,
      title: item.questionText,
      body: markdownText(item.answer),
    });
  }
}

/** Re-index the published items of a summary after publish, update or withdraw. */
export function reindexSummary(tx: DbOrTx, summaryId: number): void {
  // Every revision's items leave: an update replaces the previous revision's items.
  remove(
    tx,
    sql`rowid in (select i.id * 4 + ${SEARCH_KINDS.qa} from ${summaryItems} i
      join ${summaryRevisions} r on r.id = i.revision_id where r.summary_id = ${summaryId})`,
  );
  const summary = tx.select().from(summaries).where(eq(summaries.id, summaryId)).get();
  if (summary?.publishedRevisionId && summary.withdrawnAt === null) writeSummaryItems(tx, summary.id, summary.publishedRevisionId);
}

// --- materials (decision 022) -------------------------------------------------------------

type MaterialRow = Pick<typeof materials.$inferSelect, "id" | "title" | "description" | "visibility" | "sessionId">;

/**
 * A material: title and description (not the file's content). `parent` holds the session of
 * seat-holder material (null for material for all staff), so the search can leave out what a
 * person may not see before ranking; `section_id` the section in force of its first anchor,
 * for grouping.
 */
function writeMaterial(tx: DbOrTx, material: MaterialRow): void {
  const anchor = tx
    .select({ anchor: materialSections.anchor })
    .from(materialSections)
    .where(eq(materialSections.materialId, material.id))
    .orderBy(asc(materialSections.anchor))
    .all()
    .map((row) => row.anchor)
    .sort((a, b) => a.localeCompare(b, "de", { numeric: true }))[0];
  const section = anchor
    ? tx
        .select({ id: agreementSections.id })
        .from(agreementSections)
        .innerJoin(agreementVersions, eq(agreementVersions.id, agreementSections.versionId))
        .where(and(eq(agreementSections.anchor, anchor), eq(agreementVersions.status, "in_force")))
        .get()
    : undefined;
  write(tx, {
    kind: "material",
    id: material.id,
    ref: material.id,
    parent: material.visibility === "seat_holders" ? (material.sessionId ?? 0) : null,
    sectionId: section?.id ?? null,
    title: material.title,
    body: material.description,
  });
}

/** Re-index one material after create, edit, replace, delete or a retention change. */
export function reindexMaterial(tx: DbOrTx, materialId: number): void {
  remove(tx, sql`rowid = ${rowidOf("material", materialId)}`);
  const material = tx
    .select({
      id: materials.id,
      title: materials.title,
      description: materials.description,
      visibility: materials.visibility,
      sessionId: materials.sessionId,
    })
    .from(materials)
    .where(and(eq(materials.id, materialId), isNull(materials.deletedAt)))
    .get();
  if (material) writeMaterial(tx, material);
}

// --- everything ----------------------------------------------------------------------------

/**
 * Empties the index and fills it from the tables (`npm run cli -- search:rebuild`, the end of
 * the seed): the version in force, every published summary that is not withdrawn, every
 * accepted and answered question, every material that is not deleted. One transaction: searches meanwhile see the old index.
 */
export function rebuildSearchIndex(db: Db): { sections: number; qa: number; questions: number; materials: number } {
  return db.transaction(
    (tx) => {
      remove(tx, "all");
      const version = tx.select({ id: agreementVersions.id }).from(agreementVersions).where(eq(agreementVersions.status, "in_force")).get();
      if (version) writeSectionsOf(tx, version.id);
      const published = tx
        .select({ id: summaries.id, revisionId: summaries.publishedRevisionId })
        .from(summaries)
        .where(and(isNotNull(summaries.publishedRevisionId), isNull(summaries.withdrawnAt)))
        .all();
      for (const summary of published) writeSummaryItems(tx, summary.id, summary.revisionId!);
      const rows = tx
        .select({
          id: questions.id,
          status: questions.status,
          text: questions.text,
          answer: questions.answer,
          sectionId: questions.sectionId,
        })
        .from(questions)
        .where(inArray(questions.status, [...INDEXED_QUESTION_STATUSES]))
        .all();
      for (const row of rows) writeQuestion(tx, row);
      const live = tx
        .select({
          id: materials.id,
          title: materials.title,
          description: materials.description,
          visibility: materials.visibility,
          sessionId: materials.sessionId,
        })
        .from(materials)
        .where(isNull(materials.deletedAt))
        .all();
      for (const material of live) writeMaterial(tx, material);
      const counts = tx.all<{ kind: SearchKind; n: number }>(sql`select kind, count(*) as n from search_index group by kind`);
      const of = (kind: SearchKind) => counts.find((c) => c.kind === kind)?.n ?? 0;
      return { sections: of("section"), qa: of("qa"), questions: of("question"), materials: of("material") };
    },
    { behavior: "immediate" },
  );
}

/**
 * At start: a database that had its content before the index existed (migration 0013 on an
 * existing installation) gets it filled once, without anyone having to remember
 * `search:rebuild`. An index with any entry is left alone.
 */
export function fillSearchIndexIfEmpty(db: Db): boolean {
  if (db.get(sql`select 1 from search_index limit 1`)) return false;
  const hasContent = db.get(
    sql`select 1 where exists (select 1 from ${agreementVersions} where status = 'in_force') or exists (select 1 from ${questions} where status in ('accepted', 'answered')) or exists (select 1 from ${summaries} where published_revision_id is not null and withdrawn_at is null) or exists (select 1 from ${materials} where deleted_at is null)`,
  );
  if (!hasContent) return false;
  rebuildSearchIndex(db);
  return true;
}
