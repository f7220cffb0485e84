// Sections and agreement versions for the editor (decision 013): the sections a question can be
// filed under, and which published items refer to a section that has changed in the version now
// in force (the list the facilitator re-links from). What staff see is built by
// loadSummaryRevisionView (published.server.ts) for the shared SummaryView.
import { asc, eq, inArray } from "drizzle-orm";
import { findVersionInForce, sectionsOfVersion } from "~/agreement/agreement.server";
import { formatDate } from "~/lib/dates";
import { schema, type DbOrTx } from "~/lib/db.server";
import { refersToEarlierVersion, sectionText } from "./rules";

const { summaryItems, agreementSections, agreementVersions } = schema;

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
