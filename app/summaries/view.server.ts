// A revision as staff see it (decision 013): the plain object the presentational component
// renders, the same for the facilitators' preview, the council's page and the record of
// earlier revisions. Items are grouped by section of the agreement (by anchor, so § 6 of an
// earlier version and § 6 in force are one group) in the order of the version in force.
import { asc, eq, inArray } from "drizzle-orm";
import { findVersionInForce, sectionsOfVersion } from "~/agreement/agreement.server";
import { formatDate } from "~/lib/dates";
import { schema, type DbOrTx } from "~/lib/db.server";
import { renderMarkdown } from "~/lib/markdown.server";
import { summaryTitle, type Revision, type Summary } from "./access.server";
import { refersToEarlierVersion, sectionText } from "./rules";

const { summaryItems, agreementSections, agreementVersions } = schema;

export type SummaryViewItem = {
  questionId: number;
  /** The /qa anchor, stable across revisions. */
  anchor: string;
  questionText: string;
  answerHtml: string;
  /** "bezieht sich auf die Fassung vom …": the date of the earlier version, when its section has changed. */
  earlierVersionOf: string | null;
};

export type SummaryViewSection = { key: string; anchor: string | null; heading: string; items: SummaryViewItem[] };

export type SummaryViewModel = {
  title: string;
  introHtml: string;
  /** "Stand: …" (first publication). */
  publishedOn: string;
  /** "aktualisiert am …" (this revision's publication, from the second one on). */
  updatedOn: string | null;
  /** "abgestimmt mit dem Personalrat am …". */
  councilApprovedOn: string | null;
  sections: SummaryViewSection[];
};

type SectionInfo = { id: number; versionId: number; anchor: string; label: string; position: number; text: string };

function sectionLabel(section: { number: string | null; title: string }): string {
  return [section.number, section.title].filter(Boolean).join(" ") || "Abschnitt";
}

/** The sections of the version in force by anchor, with their text. */
export function inForceSections(tx: DbOrTx, now: Date): { versionId: number | null; byAnchor: Map<string, SectionInfo> } {
  const version = findVersionInForce(tx, now);
  if (!version) return { versionId: null, byAnchor: new Map() };
  const byAnchor = new Map<string, SectionInfo>();
  for (const s of sectionsOfVersion(tx, version.id)) {
    byAnchor.set(s.anchor, {
      id: s.id,
      versionId: version.id,
      anchor: s.anchor,
      label: sectionLabel(s),
      position: s.position,
      text: sectionText(s),
    });
  }
  return { versionId: version.id, byAnchor };
}

/** The given sections (of any version) with their text and their version's date in force. */
export function sectionsById(tx: DbOrTx, ids: number[]): Map<number, SectionInfo & { versionDate: string }> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = tx
    .select({ section: agreementSections, inForceFrom: agreementVersions.inForceFrom, versionCreatedAt: agreementVersions.createdAt })
    .from(agreementSections)
    .innerJoin(agreementVersions, eq(agreementVersions.id, agreementSections.versionId))
    .where(inArray(agreementSections.id, unique))
    .all();
  const paragraphs = tx
    .select({
      sectionId: schema.agreementParagraphs.sectionId,
      number: schema.agreementParagraphs.number,
      body: schema.agreementParagraphs.body,
    })
    .from(schema.agreementParagraphs)
    .where(inArray(schema.agreementParagraphs.sectionId, unique))
    .orderBy(asc(schema.agreementParagraphs.position))
    .all();
  return new Map(
    rows.map(({ section, inForceFrom, versionCreatedAt }) => [
      section.id,
      {
        id: section.id,
        versionId: section.versionId,
        anchor: section.anchor,
        label: sectionLabel(section),
        position: section.position,
        text: sectionText({ body: section.body, paragraphs: paragraphs.filter((p) => p.sectionId === section.id) }),
        versionDate: formatDate(inForceFrom ?? versionCreatedAt),
      },
    ]),
  );
}

export type ItemRow = typeof summaryItems.$inferSelect;

export function itemsOf(tx: DbOrTx, revisionId: number): ItemRow[] {
  return tx
    .select()
    .from(summaryItems)
    .where(eq(summaryItems.revisionId, revisionId))
    .orderBy(asc(summaryItems.position), asc(summaryItems.id))
    .all();
}

/** Which items refer to an earlier version of the agreement (by question id). */
export function earlierVersionItems(
  tx: DbOrTx,
  items: ItemRow[],
  now: Date,
): Map<number, { date: string; anchor: string; relinkTo: number | null }> {
  const inForce = inForceSections(tx, now);
  const sections = sectionsById(
    tx,
    items.flatMap((i) => (i.sectionId === null ? [] : [i.sectionId])),
  );
  const result = new Map<number, { date: string; anchor: string; relinkTo: number | null }>();
  if (inForce.versionId === null) return result;
  for (const item of items) {
    const section = item.sectionId === null ? undefined : sections.get(item.sectionId);
    if (!section) continue;
    const current = inForce.byAnchor.get(section.anchor) ?? null;
    if (refersToEarlierVersion(section, { versionId: inForce.versionId, text: current?.text ?? null })) {
      result.set(item.questionId, { date: section.versionDate, anchor: section.anchor, relinkTo: current?.id ?? null });
    }
  }
  return result;
}

/**
 * The view of one revision. A revision not yet published is shown as it will look when
 * published now: "Stand" is the first publication (or today), "aktualisiert am" today.
 */
export function summaryView(tx: DbOrTx, summary: Summary, revision: Revision, now: Date): SummaryViewModel {
  const items = itemsOf(tx, revision.id);
  const sections = sectionsById(
    tx,
    items.flatMap((i) => (i.sectionId === null ? [] : [i.sectionId])),
  );
  const inForce = inForceSections(tx, now);
  const earlier = earlierVersionItems(tx, items, now);
  const groups = new Map<string, SummaryViewSection & { order: number }>();
  for (const item of items) {
    const section = item.sectionId === null ? undefined : sections.get(item.sectionId);
    const key = section ? section.anchor : "";
    let group = groups.get(key);
    if (!group) {
      const current = section ? inForce.byAnchor.get(section.anchor) : undefined;
      group = {
        key: key || "allgemein",
        anchor: section?.anchor ?? null,
        heading: current?.label ?? section?.label ?? "Allgemein",
        items: [],
        order: current ? current.position : section ? 10_000 + section.position : 1_000_000,
      };
      groups.set(key, group);
    }
    group.items.push({
      questionId: item.questionId,
      anchor: `frage-${item.questionId}`,
      questionText: item.questionText,
      answerHtml: renderMarkdown(item.answer),
      earlierVersionOf: earlier.get(item.questionId)?.date ?? null,
    });
  }
  const published = revision.publishedAt ?? null;
  const firstPublished = summary.firstPublishedAt ?? published ?? now;
  const thisPublication = published ?? now;
  return {
    title: summaryTitle(tx, summary),
    introHtml: revision.intro.trim() ? renderMarkdown(revision.intro) : "",
    publishedOn: formatDate(firstPublished),
    updatedOn: revision.number > 1 ? formatDate(thisPublication) : null,
    councilApprovedOn: revision.approvedAt ? formatDate(revision.approvedAt) : null,
    sections: [...groups.values()].sort((a, b) => a.order - b.order).map(({ order: _order, ...section }) => section),
  };
}
