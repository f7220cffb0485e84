// Reading the search index (decision 014): the search page and "Wurde das schon beantwortet?".
// Sections and published Q&A are public; accepted questions only for signed-in people (as on
// /questions); materials (decision 022) only for signed-in people, and seat-holder material
// only for those `mayViewMaterial` lets see it. Any input is safe: terms are quoted
// (query.ts), and nothing searchable left means no query at all.
import { inArray, type SQL, sql } from "drizzle-orm";
import { headingText } from "~/agreement/markdown";
import { restrictedSessionsVisibleTo } from "~/materials/access.server";
import { mayViewMaterial, type MaterialViewer } from "~/materials/rules";
import { schema, type DbOrTx } from "~/lib/db.server";
import { excerpt, type MarkedText, markTerms, wordMatcher } from "./excerpt";
import { SEARCH_KINDS, type SearchKind } from "./index.server";
import { matchExpression, searchTerms, significantTerms } from "./query";
import { rankingsOf, remembered } from "./rankings.server";

type Rankings = ReturnType<typeof rankingsOf>;

const { materials } = schema;

export const SEARCH_PAGE_LIMIT = 20;
export const SIMILAR_LIMIT = 5;

/** One result; the page names its kind (labels.ts), so the data carries only the kind. */
export type SearchHit = {
  kind: SearchKind;
  key: string;
  href: string;
  title: MarkedText;
  excerpt: MarkedText;
};
export type SearchGroup = { key: string; heading: string; href: string | null; hits: SearchHit[] };
export type SearchResults = { query: string; searched: boolean; total: number; shown: number; groups: SearchGroup[] };

type Row = {
  rowid: number;
  kind: SearchKind;
  ref: number;
  parent: number | null;
  sectionId: number | null;
  titleText: string;
  bodyText: string;
  score: number;
};

// Title (in both copies) weighs four times the body; the unindexed columns get 0.
const SCORE = sql.raw("bm25(search_index, 0, 0, 0, 0, 0, 0, 4.0, 1.0, 4.0, 1.0)");

/** What a person may find, as a condition for the index, and as a key for kept rankings (rankings.server.ts). */
type Kinds = { condition: SQL; key: string };

// Which kinds a person sees, as a condition on the rowid (id * 4 + kind): FTS5 knows the rowid
// of every match without reading the stored row, so the filter costs nothing per match.
// Seat-holder material (kind 0 with its session in `parent`) needs the stored row: only
// material rows read it, and only for people who are not admins.
function kindCondition(signedIn: boolean, kinds: SearchKind[], viewer: MaterialViewer | null = null): Kinds {
  const visible = kinds.filter((kind) => (kind === "question" ? signedIn : kind === "material" ? viewer !== null : true));
  const byKind =
    visible.length === Object.keys(SEARCH_KINDS).length
      ? sql``
      : sql` and (rowid % 4) in (${sql.join(
          visible.map((kind) => sql`${SEARCH_KINDS[kind]}`),
          sql`, `,
        )})`;
  if (!viewer || !visible.includes("material")) return { condition: byKind, key: visible.join(",") };
  const sessions = restrictedSessionsVisibleTo(viewer);
  if (sessions === "all") return { condition: byKind, key: `${visible.join(",")}:all` };
  const allowed =
    sessions.length === 0
      ? sql``
      : sql` or parent in (${sql.join(
          sessions.map((id) => sql`${id}`),
          sql`, `,
        )})`;
  return {
    condition: sql`${byKind} and ((rowid % 4) <> ${SEARCH_KINDS.material} or parent is null${allowed})`,
    // The sessions are part of what is ranked, so of the key: two people see one ranking only if they see the same.
    key: `${visible.join(",")}:${sessions.join(",")}`,
  };
}

/** The one visibility rule once more on the rows shown, so the index can never show more than the material page. */
function visibleRows<T extends Pick<Row, "kind" | "ref">>(db: DbOrTx, rows: T[], viewer: MaterialViewer | null): T[] {
  const ids = rows.filter((row) => row.kind === "material").map((row) => row.ref);
  if (ids.length === 0) return rows;
  const facts = new Map(
    db
      .select({ id: materials.id, visibility: materials.visibility, sessionId: materials.sessionId, deletedAt: materials.deletedAt })
      .from(materials)
      .where(inArray(materials.id, ids))
      .all()
      .map((m) => [m.id, m]),
  );
  return rows.filter((row) => {
    if (row.kind !== "material") return true;
    const material = facts.get(row.ref);
    return !!material && mayViewMaterial(material, viewer);
  });
}

/**
 * The best `limit` matches. Two steps: ranking reads only the index (rowid and bm25 for every
 * match), and only the rows shown are then read with their text. Reading the text of every
 * match before sorting made the page ten times slower at ten times the Q&A.
 */
function matchingRows(db: DbOrTx, rankings: Rankings, match: string, kinds: Kinds, limit: number): Row[] {
  const ranked = remembered(rankings, `rank ${limit} ${kinds.key} ${match}`, () =>
    db.all<{ rowid: number; score: number }>(
      sql`select rowid, ${SCORE} as score from search_index where search_index match ${match}${kinds.condition} order by score limit ${limit}`,
    ),
  );
  if (ranked.length === 0) return [];
  const rows = db.all<
    Omit<Row, "score">
  >(sql`select rowid, kind, ref, parent, section_id as sectionId, title_text as titleText, body_text as bodyText
    from search_index where rowid in (${sql.join(
      ranked.map((r) => sql`${r.rowid}`),
      sql`, `,
    )})`);
  const byRowid = new Map(rows.map((row) => [row.rowid, row]));
  return ranked.flatMap((r) => {
    const row = byRowid.get(r.rowid);
    return row ? [{ ...row, score: r.score }] : [];
  });
}

function countMatches(db: DbOrTx, rankings: Rankings, match: string, kinds: Kinds): number {
  return remembered(
    rankings,
    `count ${kinds.key} ${match}`,
    () => db.get<{ n: number }>(sql`select count(*) as n from search_index where search_index match ${match}${kinds.condition}`)!.n,
  );
}

/** A section a result points to; `current` is the heading of its anchor in force, if any. */
type SectionInfo = { anchor: string; heading: string; current: string | undefined };

/**
 * The sections the rows point to, with the heading in force under the same anchor: a question
 * filed under § 6 of an earlier version belongs to § 6 as it reads now. One statement whose
 * text does not change with the ids (they go in as a JSON array), so SQLite keeps it prepared;
 * the query builder cost more than the query on the search page.
 */
function sectionsFor(db: DbOrTx, rows: Row[]): Map<number, SectionInfo> {
  const ids = [...new Set(rows.map((row) => row.sectionId).filter((id): id is number => id !== null))];
  if (ids.length === 0) return new Map();
  const found = db.all<{
    id: number;
    anchor: string;
    number: string | null;
    title: string;
    currentNumber: string | null;
    currentTitle: string | null;
  }>(
    sql`select s.id, s.anchor, s.number, s.title, c.number as currentNumber, c.title as currentTitle
      from agreement_sections s
      left join agreement_versions v on v.status = 'in_force'
      left join agreement_sections c on c.version_id = v.id and c.anchor = s.anchor
      where s.id in (select value from json_each(${JSON.stringify(ids)}))`,
  );
  return new Map(
    found.map((s) => [
      s.id,
      {
        anchor: s.anchor,
        heading: headingText(s),
        current: s.currentTitle === null ? undefined : headingText({ number: s.currentNumber, title: s.currentTitle }),
      },
    ]),
  );
}

function hrefOf(row: Row, section: SectionInfo | undefined): string {
  switch (row.kind) {
    case "material":
      return `/materials/${row.ref}`;
    case "section":
      return `/agreement#${section?.anchor ?? ""}`;
    case "qa":
      return `/qa/summaries/${row.parent}#frage-${row.ref}`;
    case "question":
      // `frage` opens the list at the page that holds it (the list holds 50 a page).
      return section
        ? `/questions?section=${encodeURIComponent(section.anchor)}&frage=${row.ref}#frage-${row.ref}`
        : `/questions?frage=${row.ref}#frage-${row.ref}`;
  }
}

function toHit(row: Row, matches: (word: string) => boolean, section: SectionInfo | undefined): SearchHit {
  return {
    kind: row.kind,
    key: `${row.kind}-${row.rowid}`,
    href: hrefOf(row, section),
    title: markTerms(row.titleText, matches),
    excerpt: row.bodyText ? excerpt(row.bodyText, matches) : [],
  };
}

const NO_SECTION = "";

/**
 * The search page: every term required (each as a prefix), ranked by relevance, at most 20
 * results grouped by the section they belong to; the groups in the order of their best result.
 */
export function searchSite(
  db: DbOrTx,
  // Materials are searched for the viewer; without one, none.
  input: { query: string; signedIn: boolean; viewer?: MaterialViewer | null },
): SearchResults {
  const query = input.query.trim();
  const terms = searchTerms(query);
  const match = matchExpression(terms, "all");
  if (!match) return { query, searched: false, total: 0, shown: 0, groups: [] };
  const viewer = input.viewer ?? null;
  const kinds = kindCondition(input.signedIn, ["section", "qa", "question", "material"], viewer);
  const rankings = rankingsOf(db);
  const rows = visibleRows(db, matchingRows(db, rankings, match, kinds, SEARCH_PAGE_LIMIT), viewer);
  const total = rows.length < SEARCH_PAGE_LIMIT ? rows.length : countMatches(db, rankings, match, kinds);
  const byId = sectionsFor(db, rows);
  const matches = wordMatcher(terms);
  const groups = new Map<string, SearchGroup>();
  for (const row of rows) {
    const section = row.sectionId !== null ? byId.get(row.sectionId) : undefined;
    const key = section?.anchor ?? NO_SECTION;
    let group = groups.get(key);
    if (!group) {
      const current = section?.current;
      group = {
        key,
        heading: current ?? section?.heading ?? "Allgemein (keinem Abschnitt zugeordnet)",
        href: current && section ? `/agreement#${section.anchor}` : null,
        hits: [],
      };
      groups.set(key, group);
    }
    group.hits.push(toHit(row, matches, section));
  }
  return { query, searched: true, total, shown: rows.length, groups: [...groups.values()] };
}

export type SimilarItem = SearchHit;

/**
 * "Wurde das schon beantwortet?": up to five published answers and accepted questions that
 * share words with a question being written. Any of its significant words may match (a
 * whole sentence never matches as a whole), ranked by relevance; a result must share at least
 * two of them (one when the text has only one), so a single common word shows nothing.
 */
export function findSimilar(db: DbOrTx, input: { text: string; signedIn: boolean }): SimilarItem[] {
  const terms = significantTerms(searchTerms(input.text));
  const match = matchExpression(terms, "any");
  if (!match) return [];
  const rows = matchingRows(db, rankingsOf(db), match, kindCondition(input.signedIn, ["qa", "question"]), SIMILAR_LIMIT * 4);
  const needed = Math.min(2, terms.length);
  const perTerm = terms.map((term) => wordMatcher([term]));
  const close = rows.filter((row) => sharedTerms(`${row.titleText} ${row.bodyText}`, perTerm) >= needed).slice(0, SIMILAR_LIMIT);
  const byId = sectionsFor(db, close);
  const matches = wordMatcher(terms);
  return close.map((row) => toHit(row, matches, row.sectionId !== null ? byId.get(row.sectionId) : undefined));
}

function sharedTerms(text: string, perTerm: ((word: string) => boolean)[]): number {
  const words = text.match(/[\p{L}\p{N}\p{M}]+/gu) ?? [];
  return perTerm.filter((matches) => words.some(matches)).length;
}
