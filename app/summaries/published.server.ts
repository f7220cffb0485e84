// What staff read of the published Q&A (decision 015): the overview with counts per section,
// one section's answers from every summary, one summary's own page, the print view, the
// Markdown export for the intranet editors, and the hooks for /agreement and /me.
//
// Visible = the revision that is `summaries.published_revision_id` of a summary that is not
// withdrawn. Nothing else (drafts, revisions in review, superseded texts) ever leaves here.
import { and, asc, count, desc, eq, inArray, isNull, sql, type SQL } from "drizzle-orm";
import { findVersionInForce } from "~/agreement/agreement.server";
import { ANCHOR_PATTERN, slugify } from "~/agreement/anchors";
import { headingText, sectionToMarkdown } from "~/agreement/markdown";
import type { SummaryViewData, SummaryViewItem, SummaryViewSection } from "~/components/SummaryView";
import { formatDate } from "~/lib/dates";
import { schema, type DbOrTx } from "~/lib/db.server";
import { renderMarkdown } from "~/lib/markdown.server";

const {
  summaries,
  summaryRevisions,
  summaryItems,
  publishedAnswers,
  agreementSections,
  agreementParagraphs,
  agreementVersions,
  sessions,
  series,
} = schema;

// --- pure rules -----------------------------------------------------------------------------

/** The group of answers filed under no section; never a section's anchor (see generalKey). */
export const GENERAL_HEADING = "Allgemein (ohne Abschnitt)";

/** "allgemein", unless the agreement has a section with that anchor. */
export function generalKey(sectionAnchors: ReadonlySet<string>): string {
  return sectionAnchors.has("allgemein") ? "allgemein-ohne-abschnitt" : "allgemein";
}

type SectionText = { number: string | null; title: string; body: string; paragraphs: readonly { number: number; body: string }[] };

/** Whether two versions of a section read the same (heading, text and paragraphs). */
export function sameSectionText(a: SectionText, b: SectionText): boolean {
  const text = (s: SectionText) => `${headingText(s)}\n${sectionToMarkdown(s)}`.replace(/\s+/g, " ").trim();
  return text(a) === text(b);
}

/** How a summary names where it comes from: one session's date, or the series. */
export function summaryTitles(source: SummarySource): { title: string; source: string; itemSource: string } {
  if (source.kind === "session") {
    const date = formatDate(source.startsAt);
    return {
      title: `Fragen und Antworten aus der Infoveranstaltung am ${date}`,
      source: `Veranstaltungsreihe „${source.seriesTitle}“`,
      itemSource: `aus der Infoveranstaltung am ${date}`,
    };
  }
  return {
    title: `Fragen und Antworten: ${source.seriesTitle}`,
    source: "Zusammenfassung der Veranstaltungsreihe",
    itemSource: `aus der Veranstaltungsreihe „${source.seriesTitle}“`,
  };
}

export type SummarySource = { kind: "session"; startsAt: Date; seriesTitle: string } | { kind: "series"; seriesTitle: string };

// --- reading the visible items ----------------------------------------------------------------

type VisibleItem = {
  itemId: number;
  questionId: number;
  questionText: string;
  answer: string;
  position: number;
  sectionId: number | null;
  summaryId: number;
  firstPublishedAt: Date | null;
  publishedAt: Date | null;
};

/** Every item of every visible revision (or of one summary), in item order. */
function visibleItems(db: DbOrTx, summaryId?: number, options: { texts: boolean } = { texts: true }): VisibleItem[] {
  const where = summaryId === undefined ? isNull(summaries.withdrawnAt) : and(isNull(summaries.withdrawnAt), eq(summaries.id, summaryId));
  // Without texts, for grouping and counting: a section page reads the texts of its own page only.
  const empty = sql<string>`''`;
  return db
    .select({
      itemId: summaryItems.id,
      questionId: summaryItems.questionId,
      questionText: options.texts ? summaryItems.questionText : empty,
      answer: options.texts ? summaryItems.answer : empty,
      position: summaryItems.position,
      sectionId: summaryItems.sectionId,
      summaryId: summaries.id,
      firstPublishedAt: summaries.firstPublishedAt,
      publishedAt: summaryRevisions.publishedAt,
    })
    .from(summaries)
    .innerJoin(summaryRevisions, eq(summaryRevisions.id, summaries.publishedRevisionId))
    .innerJoin(summaryItems, eq(summaryItems.revisionId, summaryRevisions.id))
    .where(where)
    .orderBy(asc(summaryItems.position), asc(summaryItems.id))
    .all();
}

type SectionRow = {
  id: number;
  versionId: number;
  position: number;
  number: string | null;
  title: string;
  anchor: string;
  body: string;
  versionDate: Date | null;
};

function sectionRows(db: DbOrTx, where: ReturnType<typeof eq>): (SectionRow & { paragraphs: { number: number; body: string }[] })[] {
  const rows = db
    .select({
      id: agreementSections.id,
      versionId: agreementSections.versionId,
      position: agreementSections.position,
      number: agreementSections.number,
      title: agreementSections.title,
      anchor: agreementSections.anchor,
      body: agreementSections.body,
      versionDate: agreementVersions.inForceFrom,
    })
    .from(agreementSections)
    .innerJoin(agreementVersions, eq(agreementVersions.id, agreementSections.versionId))
    .where(where)
    .orderBy(asc(agreementSections.position))
    .all();
  if (rows.length === 0) return [];
  const paragraphs = db
    .select({ sectionId: agreementParagraphs.sectionId, number: agreementParagraphs.number, body: agreementParagraphs.body })
    .from(agreementParagraphs)
    .where(
      inArray(
        agreementParagraphs.sectionId,
        rows.map((r) => r.id),
      ),
    )
    .orderBy(asc(agreementParagraphs.position))
    .all();
  return rows.map((row) => ({ ...row, paragraphs: paragraphs.filter((p) => p.sectionId === row.id) }));
}

/** The frame every grouping needs: the version in force, its sections, and the items' own sections. */
function agreementFrame(db: DbOrTx, now: Date, sectionIds: number[]) {
  const version = findVersionInForce(db, now);
  const inForce = version ? sectionRows(db, eq(agreementSections.versionId, version.id)) : [];
  const byAnchor = new Map(inForce.map((s) => [s.anchor, s]));
  const ids = [...new Set(sectionIds)].filter((id) => !inForce.some((s) => s.id === id));
  const others = ids.length > 0 ? sectionRows(db, inArray(agreementSections.id, ids) as ReturnType<typeof eq>) : [];
  const byId = new Map([...inForce, ...others].map((s) => [s.id, s]));
  const general = generalKey(new Set(inForce.map((s) => s.anchor)));
  return { version, inForce, byAnchor, byId, general };
}

type Frame = ReturnType<typeof agreementFrame>;

/** The group key of an item and, for an earlier version's changed text, that version's date. */
function placeInFrame(frame: Frame, sectionId: number | null): { key: string; olderVersionDate: string | null } {
  const section = sectionId === null ? undefined : frame.byId.get(sectionId);
  if (!section) return { key: frame.general, olderVersionDate: null };
  if (!frame.version || section.versionId === frame.version.id) return { key: section.anchor, olderVersionDate: null };
  const current = frame.byAnchor.get(section.anchor);
  const changed = !current || !sameSectionText(section, current);
  return { key: section.anchor, olderVersionDate: changed && section.versionDate ? formatDate(section.versionDate) : null };
}

type Group = { key: string; heading: string; agreementHref: string | null; order: [number, number] };

/** A group's heading and its place: the version in force's order, then older sections, then "Allgemein". */
function groupOf(frame: Frame, key: string): Group {
  if (key === frame.general) return { key, heading: GENERAL_HEADING, agreementHref: null, order: [2, 0] };
  const current = frame.byAnchor.get(key);
  if (current) return { key, heading: headingText(current), agreementHref: `/agreement#${key}`, order: [0, current.position] };
  const older = [...frame.byId.values()].find((s) => s.anchor === key);
  return { key, heading: older ? headingText(older) : key, agreementHref: null, order: [1, older?.position ?? 0] };
}

function byGroupOrder(a: Group, b: Group): number {
  return a.order[0] - b.order[0] || a.order[1] - b.order[1] || a.key.localeCompare(b.key);
}

// --- the summaries' own facts ---------------------------------------------------------------

type SummaryFacts = {
  id: number;
  source: SummarySource;
  revisionNumber: number;
  intro: string;
  publishedAt: Date | null;
  firstPublishedAt: Date | null;
  approvedAt: Date | null;
};

function visibleSummaries(db: DbOrTx, summaryId?: number): SummaryFacts[] {
  const where = summaryId === undefined ? isNull(summaries.withdrawnAt) : and(isNull(summaries.withdrawnAt), eq(summaries.id, summaryId));
  return summaryFacts(db, eq(summaryRevisions.id, summaries.publishedRevisionId), where!);
}

/** The facts of these visible summaries (any order). */
function visibleSummariesIn(db: DbOrTx, summaryIds: number[]): SummaryFacts[] {
  return summaryFacts(
    db,
    eq(summaryRevisions.id, summaries.publishedRevisionId),
    and(isNull(summaries.withdrawnAt), inArray(summaries.id, summaryIds))!,
  );
}

/** The facts of summaries joined to one revision each (`revisionJoin`), filtered by `where`. */
function summaryFacts(db: DbOrTx, revisionJoin: SQL, where: SQL): SummaryFacts[] {
  const rows = db
    .select({
      id: summaries.id,
      sessionId: summaries.sessionId,
      seriesId: summaries.seriesId,
      revisionNumber: summaryRevisions.number,
      intro: summaryRevisions.intro,
      publishedAt: summaryRevisions.publishedAt,
      firstPublishedAt: summaries.firstPublishedAt,
      approvedAt: summaryRevisions.approvedAt,
      startsAt: sessions.startsAt,
      sessionSeriesId: sessions.seriesId,
    })
    .from(summaries)
    .innerJoin(summaryRevisions, revisionJoin)
    .leftJoin(sessions, eq(sessions.id, summaries.sessionId))
    .where(where)
    .all();
  const seriesIds = [...new Set(rows.map((r) => r.sessionSeriesId ?? r.seriesId).filter((id): id is number => id !== null))];
  const titles = new Map(
    seriesIds.length > 0
      ? db
          .select({ id: series.id, title: series.title })
          .from(series)
          .where(inArray(series.id, seriesIds))
          .all()
          .map((s) => [s.id, s.title])
      : [],
  );
  return rows.map((row) => ({
    id: row.id,
    source:
      row.startsAt && row.sessionSeriesId !== null
        ? { kind: "session", startsAt: row.startsAt, seriesTitle: titles.get(row.sessionSeriesId) ?? "" }
        : { kind: "series", seriesTitle: titles.get(row.seriesId ?? 0) ?? "" },
    revisionNumber: row.revisionNumber,
    intro: row.intro,
    publishedAt: row.publishedAt,
    firstPublishedAt: row.firstPublishedAt,
    approvedAt: row.approvedAt,
  }));
}

/** Newest first: the summary published (or updated) last comes first. */
function byNewest(a: SummaryFacts, b: SummaryFacts): number {
  return (b.publishedAt?.getTime() ?? 0) - (a.publishedAt?.getTime() ?? 0) || b.id - a.id;
}

function datesOf(summary: SummaryFacts): SummaryViewData["dates"] {
  const updated = summary.revisionNumber > 1 && summary.publishedAt ? formatDate(summary.publishedAt) : null;
  return {
    stand: summary.publishedAt ? formatDate(summary.publishedAt) : null,
    firstPublished: updated && summary.firstPublishedAt ? formatDate(summary.firstPublishedAt) : null,
    updated,
    approved: summary.approvedAt ? formatDate(summary.approvedAt) : null,
  };
}

// --- all summaries together, grouped by section ----------------------------------------------

export type PublishedQaItem = SummaryViewItem & { summaryId: number; source: string };
/** An item before its answer is rendered: the overview, /agreement and the counts need no HTML. */
type GroupedItem = Omit<PublishedQaItem, "answerHtml"> & { answer: string; itemId: number };
type GroupedQaGroup = Omit<Group, "order"> & { items: GroupedItem[] };

const rendered = ({ answer, itemId: _itemId, ...item }: GroupedItem): PublishedQaItem => ({ ...item, answerHtml: renderMarkdown(answer) });

// The answer staff see per question — the item from the newest summary that publishes it — is
// kept in published_answers by triggers (migration 0017), so grouping reads it in order and
// never deduplicates in code; a section page reads its own 50 rows only.
const newestFirst = [
  desc(publishedAnswers.publishedAt),
  desc(publishedAnswers.summaryId),
  asc(publishedAnswers.position),
  asc(publishedAnswers.itemId),
];

type CurrentItem = {
  itemId: number;
  questionId: number;
  summaryId: number;
  sectionId: number | null;
  questionText: string;
  answer: string;
};

/** The answers staff see (all, or those `where` picks), newest summary first; texts only when asked. */
function currentItems(db: DbOrTx, options: { texts: boolean; where?: SQL; limit?: number; offset?: number }): CurrentItem[] {
  // A page is picked from published_answers alone and its texts read afterwards by id: joined
  // first, SQLite would carry every row's text of the section through the sort.
  const paged = options.limit !== undefined;
  const empty = sql<string>`''`;
  const joinTexts = options.texts && !paged;
  const base = db
    .select({
      itemId: publishedAnswers.itemId,
      questionId: publishedAnswers.questionId,
      summaryId: publishedAnswers.summaryId,
      sectionId: publishedAnswers.sectionId,
      questionText: joinTexts ? summaryItems.questionText : empty,
      answer: joinTexts ? summaryItems.answer : empty,
    })
    .from(publishedAnswers);
  const query = (joinTexts ? base.innerJoin(summaryItems, eq(summaryItems.id, publishedAnswers.itemId)) : base)
    .where(options.where)
    .orderBy(...newestFirst);
  if (!paged) return query.all();
  const rows = query
    .limit(options.limit ?? 0)
    .offset(options.offset ?? 0)
    .all();
  return options.texts ? withTexts(db, rows) : rows;
}

/** The texts of a page of items, read by id. */
function withTexts(db: DbOrTx, items: CurrentItem[]): CurrentItem[] {
  if (items.length === 0) return items;
  const texts = new Map(
    db
      .select({ id: summaryItems.id, questionText: summaryItems.questionText, answer: summaryItems.answer })
      .from(summaryItems)
      .where(
        inArray(
          summaryItems.id,
          items.map((i) => i.itemId),
        ),
      )
      .all()
      .map((row) => [row.id, row]),
  );
  return items.map((item) => ({ ...item, ...(texts.get(item.itemId) ?? {}) }));
}

/** "aus der Infoveranstaltung am …" per summary: formatted once per summary, not once per item. */
function itemSources(db: DbOrTx, summaryIds: number[]): Map<number, string> {
  const ids = [...new Set(summaryIds)];
  if (ids.length === 0) return new Map();
  return new Map(visibleSummariesIn(db, ids).map((s) => [s.id, summaryTitles(s.source).itemSource]));
}

function groupedItem(frame: Frame, sources: Map<number, string>, item: CurrentItem): GroupedItem {
  return {
    itemId: item.itemId,
    questionId: item.questionId,
    questionText: item.questionText,
    answer: item.answer,
    olderVersionDate: placeInFrame(frame, item.sectionId).olderVersionDate,
    summaryId: item.summaryId,
    source: sources.get(item.summaryId) ?? "",
  };
}

/**
 * The frame for the sections the published answers are filed under (a handful of ids) and how
 * many answers each group holds — one pass over an index, never over the answers themselves.
 */
function publishedFrame(db: DbOrTx, now: Date): { frame: Frame; counts: Map<string, number> } {
  const perSection = db
    .select({ sectionId: publishedAnswers.sectionId, n: count() })
    .from(publishedAnswers)
    .groupBy(publishedAnswers.sectionId)
    .all();
  const frame = agreementFrame(
    db,
    now,
    perSection.flatMap((r) => (r.sectionId === null ? [] : [r.sectionId])),
  );
  const counts = new Map<string, number>();
  for (const { sectionId, n } of perSection) {
    const { key } = placeInFrame(frame, sectionId);
    counts.set(key, (counts.get(key) ?? 0) + n);
  }
  return { frame, counts };
}

/**
 * Every visible answer, grouped by section in the agreement's order. Within a section the
 * newest summary comes first, then the item's position in it. A question published in several
 * summaries appears once, from the newest.
 */
function groupedQa(db: DbOrTx, now: Date, options: { texts: boolean } = { texts: true }) {
  const { frame } = publishedFrame(db, now);
  const items = currentItems(db, { texts: options.texts });
  const sources = itemSources(
    db,
    items.map((i) => i.summaryId),
  );
  const groups = new Map<string, GroupedQaGroup & { order: [number, number] }>();
  for (const item of items) {
    const { key } = placeInFrame(frame, item.sectionId);
    let group = groups.get(key);
    if (!group) {
      group = { ...groupOf(frame, key), items: [] };
      groups.set(key, group);
    }
    group.items.push(groupedItem(frame, sources, item));
  }
  return { frame, groups: [...groups.values()].sort(byGroupOrder) };
}

function agreementHeader(frame: Frame) {
  return frame.version
    ? { title: frame.version.title, inForceSince: frame.version.inForceFrom ? formatDate(frame.version.inForceFrom) : null }
    : null;
}

export type QaContentsEntry = { key: string; heading: string; count: number };

/** The table of contents: every section of the version in force with its count, then the rest. */
function contentsOf(frame: Frame, counts: Map<string, number>): QaContentsEntry[] {
  const others = [...counts.keys()]
    .filter((key) => !frame.byAnchor.has(key))
    .map((key) => groupOf(frame, key))
    .sort(byGroupOrder);
  return [
    ...frame.inForce.map((s) => ({ key: s.anchor, heading: headingText(s), count: counts.get(s.anchor) ?? 0 })),
    // Sections only an earlier version has, and the general group, when they hold answers.
    ...others.map((g) => ({ key: g.key, heading: g.heading, count: counts.get(g.key) ?? 0 })),
  ];
}

export const QA_SECTION_PAGE_SIZE = 50;

/** /qa: the table of contents (every section of the version in force, with counts) and the summaries. */
export function loadQaOverview(db: DbOrTx, now: Date) {
  const { frame, counts } = publishedFrame(db, now);
  const facts = visibleSummaries(db).sort(byNewest);
  // Items per summary as published (a question in two summaries counts in both).
  const perSummary = new Map(
    db
      .select({ summaryId: summaries.id, n: count() })
      .from(summaries)
      .innerJoin(summaryItems, eq(summaryItems.revisionId, summaries.publishedRevisionId))
      .where(isNull(summaries.withdrawnAt))
      .groupBy(summaries.id)
      .all()
      .map((r) => [r.summaryId, r.n]),
  );
  return {
    agreement: agreementHeader(frame),
    contents: contentsOf(frame, counts),
    total: [...counts.values()].reduce((n, c) => n + c, 0),
    summaries: facts.map((s) => ({
      id: s.id,
      ...summaryTitles(s.source),
      dates: datesOf(s),
      count: perSummary.get(s.id) ?? 0,
    })),
  };
}

export type QaOverview = ReturnType<typeof loadQaOverview>;

/** Whether the text can be a group key at all (an anchor); anything else is a 404 at once. */
export function isGroupKey(value: string): boolean {
  return ANCHOR_PATTERN.test(value);
}

/** Which published answers belong to a group: its sections of every version, or none (general). */
function groupFilter(frame: Frame, key: string): SQL {
  if (key === frame.general) return isNull(publishedAnswers.sectionId);
  const ids = [...frame.byId.values()].filter((s) => s.anchor === key).map((s) => s.id);
  return ids.length > 0 ? inArray(publishedAnswers.sectionId, ids) : sql`0`;
}

/**
 * One section's answers (/qa/sections/:key), with the neighbours for paging; null for a key
 * that is neither a section of the version in force nor a group that holds answers. Its cost
 * does not grow with the answers published elsewhere: counts come from an index, the page's
 * QA_SECTION_PAGE_SIZE rows are read with their texts, and only their summaries' facts.
 */
export function loadQaSection(db: DbOrTx, key: string, now: Date, page = 1) {
  if (!isGroupKey(key)) return null;
  const { frame, counts } = publishedFrame(db, now);
  const contents = contentsOf(frame, counts);
  const index = contents.findIndex((entry) => entry.key === key);
  if (index < 0) return null;
  const base = groupOf(frame, key);
  const total = counts.get(key) ?? 0;
  const pageCount = Math.max(1, Math.ceil(total / QA_SECTION_PAGE_SIZE));
  const current = Math.min(Math.max(1, Math.trunc(page) || 1), pageCount);
  const rows = currentItems(db, {
    texts: true,
    where: groupFilter(frame, key),
    limit: QA_SECTION_PAGE_SIZE,
    offset: (current - 1) * QA_SECTION_PAGE_SIZE,
  });
  const sources = itemSources(
    db,
    rows.map((r) => r.summaryId),
  );
  return {
    agreement: agreementHeader(frame),
    section: { key, heading: base.heading, agreementHref: base.agreementHref },
    page: current,
    pageCount,
    total,
    items: rows.map((row) => rendered(groupedItem(frame, sources, row))),
    // Paging skips sections without answers, as the table of contents does not link them.
    previous:
      contents
        .slice(0, index)
        .reverse()
        .find((entry) => entry.count > 0) ?? null,
    next: contents.slice(index + 1).find((entry) => entry.count > 0) ?? null,
  };
}

/** The print view: the whole Q&A, or one section's (null for an unknown section). */
export function loadQaPrint(db: DbOrTx, now: Date, key: string | null) {
  if (key !== null && !isGroupKey(key)) return null;
  const { frame, groups } = groupedQa(db, now);
  if (key !== null && !frame.byAnchor.has(key) && !groups.some((g) => g.key === key)) return null;
  const chosen = key === null ? groups : groups.filter((g) => g.key === key);
  const heading = key === null ? null : groupOf(frame, key).heading;
  return {
    agreement: agreementHeader(frame),
    sectionHeading: heading,
    printedOn: formatDate(now),
    groups: chosen.map(({ order: _order, ...group }) => ({ ...group, items: group.items.map(rendered) })),
  };
}

// --- one summary ----------------------------------------------------------------------------

/** A visible summary as SummaryView shows it, or null (unknown, unpublished, withdrawn). */
export function loadPublishedSummary(db: DbOrTx, summaryId: number, now: Date): SummaryViewData | null {
  const [summary] = visibleSummaries(db, summaryId);
  if (!summary) return null;
  return viewOf(db, summary, visibleItems(db, summaryId), now);
}

/**
 * Any revision (a draft, one in review, a superseded one) exactly as staff would see it once
 * published: for the composer's preview. No visibility check here: the caller lets only the
 * summary's facilitators and the council in. Dates are those the revision has so far.
 */
export function loadSummaryRevisionView(db: DbOrTx, revisionId: number, now: Date): SummaryViewData | null {
  const [summary] = summaryFacts(db, eq(summaryRevisions.summaryId, summaries.id), eq(summaryRevisions.id, revisionId));
  if (!summary) return null;
  const items = db
    .select({
      questionId: summaryItems.questionId,
      questionText: summaryItems.questionText,
      answer: summaryItems.answer,
      position: summaryItems.position,
      sectionId: summaryItems.sectionId,
    })
    .from(summaryItems)
    .where(eq(summaryItems.revisionId, revisionId))
    .orderBy(asc(summaryItems.position), asc(summaryItems.id))
    .all();
  return viewOf(db, summary, items, now);
}

type ItemText = Pick<VisibleItem, "questionId" | "questionText" | "answer" | "sectionId">;

function viewOf(db: DbOrTx, summary: SummaryFacts, items: ItemText[], now: Date): SummaryViewData {
  const frame = agreementFrame(
    db,
    now,
    items.map((i) => i.sectionId).filter((id): id is number => id !== null),
  );
  const groups = new Map<string, Group & { items: SummaryViewItem[] }>();
  for (const item of items) {
    const { key, olderVersionDate } = placeInFrame(frame, item.sectionId);
    let group = groups.get(key);
    if (!group) {
      group = { ...groupOf(frame, key), items: [] };
      groups.set(key, group);
    }
    group.items.push({
      questionId: item.questionId,
      questionText: item.questionText,
      answerHtml: renderMarkdown(item.answer),
      olderVersionDate,
    });
  }
  const titles = summaryTitles(summary.source);
  return {
    title: titles.title,
    source: titles.source,
    introHtml: summary.intro ? renderMarkdown(summary.intro) : "",
    dates: datesOf(summary),
    sections: [...groups.values()].sort(byGroupOrder).map(
      ({ order: _order, ...group }): SummaryViewSection => ({
        key: group.key,
        heading: group.heading,
        agreementHref: group.agreementHref,
        items: group.items,
      }),
    ),
  };
}

const MARKDOWN_SPECIAL = /([\\`*_[\]<>#|])/g;

function plainToMarkdown(text: string): string {
  return text.replace(/\s+/g, " ").trim().replace(MARKDOWN_SPECIAL, "\\$1");
}

/**
 * The summary as Markdown for the intranet editors: the same content as its page, links made
 * absolute with the app's address. Null when staff could not see it either.
 */
export function exportSummaryMarkdown(
  db: DbOrTx,
  summaryId: number,
  now: Date,
  appUrl: string,
): { filename: string; markdown: string } | null {
  const summary = loadPublishedSummaryMarkdownSource(db, summaryId, now);
  if (!summary) return null;
  const { view, intro, items } = summary;
  const lines: string[] = [`# ${plainToMarkdown(view.title)}`, "", plainToMarkdown(view.source), ""];
  const dates = [
    view.dates.stand ? `Stand: ${view.dates.stand}` : null,
    view.dates.updated && view.dates.firstPublished
      ? `erstmals veröffentlicht am ${view.dates.firstPublished}, aktualisiert am ${view.dates.updated}`
      : null,
    view.dates.approved ? `abgestimmt mit dem Personalrat am ${view.dates.approved}` : null,
  ].filter(Boolean);
  if (dates.length > 0) lines.push(`_${dates.join(" · ")}_`, "");
  if (intro.trim()) lines.push(intro.trim(), "");
  lines.push(`Online: ${appUrl}/qa/summaries/${summaryId}`, "");
  for (const section of view.sections) {
    lines.push(`## ${plainToMarkdown(section.heading)}`, "");
    if (section.agreementHref) lines.push(`Wortlaut: ${appUrl}${section.agreementHref}`, "");
    for (const item of section.items) {
      lines.push(`### ${plainToMarkdown(item.questionText)}`, "");
      if (item.olderVersionDate) lines.push(`_Bezieht sich auf die Fassung vom ${item.olderVersionDate}._`, "");
      lines.push((items.get(item.questionId) ?? "").trim(), "");
    }
  }
  const filename = `${slugify(view.title) || "fragen-und-antworten"}-${summaryId}.md`;
  return {
    filename,
    markdown: `${lines
      .join("\n")
      .replace(/\n{3,}/g, "\n\n")
      .trimEnd()}\n`,
  };
}

/** The page's view plus the raw Markdown of intro and answers (the export keeps the authors' Markdown). */
function loadPublishedSummaryMarkdownSource(db: DbOrTx, summaryId: number, now: Date) {
  const view = loadPublishedSummary(db, summaryId, now);
  if (!view) return null;
  const [facts] = visibleSummaries(db, summaryId);
  const items = new Map(visibleItems(db, summaryId).map((i) => [i.questionId, i.answer]));
  return { view, intro: facts?.intro ?? "", items };
}

// --- hooks for /agreement and /me -----------------------------------------------------------

export type PublishedQuestionLink = { questionId: number; questionText: string; href: string };

/** /agreement: each section's published questions (by anchor), linked to their answers. */
export function publishedQuestionsBySection(db: DbOrTx, now: Date): Record<string, PublishedQuestionLink[]> {
  const { groups } = groupedQa(db, now);
  return Object.fromEntries(
    groups.map((g) => [
      g.key,
      g.items.map((item, i) => {
        // The section page that holds it: a section's answers come 50 to a page.
        const page = Math.floor(i / QA_SECTION_PAGE_SIZE) + 1;
        return {
          questionId: item.questionId,
          questionText: item.questionText,
          href: `/qa/sections/${g.key}${page > 1 ? `?seite=${page}` : ""}#frage-${item.questionId}`,
        };
      }),
    ]),
  );
}

export type PublishedIn = { summaryId: number; date: string; href: string };

/**
 * /me: for each of the given questions (the person's own, found by the caller), the newest
 * visible summary that publishes it. The caller passes only ids it has already proven to be
 * the person's; nothing here reads an author.
 */
export function publishedInSummaries(db: DbOrTx, questionIds: number[]): Record<number, PublishedIn> {
  if (questionIds.length === 0) return {};
  const rows = db
    .select({ questionId: summaryItems.questionId, summaryId: summaries.id, publishedAt: summaryRevisions.publishedAt })
    .from(summaries)
    .innerJoin(summaryRevisions, eq(summaryRevisions.id, summaries.publishedRevisionId))
    .innerJoin(summaryItems, eq(summaryItems.revisionId, summaryRevisions.id))
    .where(and(isNull(summaries.withdrawnAt), inArray(summaryItems.questionId, questionIds)))
    .all();
  const result: Record<number, PublishedIn & { at: number }> = {};
  for (const row of rows) {
    const at = row.publishedAt?.getTime() ?? 0;
    const known = result[row.questionId];
    if (known && known.at >= at) continue;
    result[row.questionId] = {
      summaryId: row.summaryId,
      date: row.publishedAt ? formatDate(row.publishedAt) : "",
      href: `/qa/summaries/${row.summaryId}#frage-${row.questionId}`,
      at,
    };
  }
  return Object.fromEntries(Object.entries(result).map(([id, { at: _at, ...value }]) => [id, value]));
}
