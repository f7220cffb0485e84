// Reading the agreement: the public page (the version in force), the organisers' pages
// and the Markdown export. Which version is in force is computed at read time from the
// dates, so the page is right at midnight even before the job has recorded the change.
import { and, asc, count, desc, eq, gt, inArray, lte } from "drizzle-orm";
import { countColleagueQuestionsBySection } from "~/questions/reads.server";
import { formatDate } from "~/lib/dates";
import { schema, type DbOrTx } from "~/lib/db.server";
import { renderMarkdown } from "~/lib/markdown.server";
import type { AgreementVersionStatus } from "~db/schema";
import { agreementToMarkdown, headingText, sectionToMarkdown } from "./markdown";
import { effectiveStatus } from "./status";

const { agreementVersions, agreementSections, agreementParagraphs } = schema;

type VersionRow = typeof agreementVersions.$inferSelect;

/** The version in force at `now`: the latest one in force or scheduled whose date has come. */
export function findVersionInForce(db: DbOrTx, now: Date): VersionRow | undefined {
  return db
    .select()
    .from(agreementVersions)
    .where(and(inArray(agreementVersions.status, ["in_force", "scheduled"]), lte(agreementVersions.inForceFrom, now)))
    .orderBy(desc(agreementVersions.inForceFrom), desc(agreementVersions.id))
    .limit(1)
    .get();
}

/** Sections in order, each with its paragraphs in order. */
export function sectionsOfVersion(db: DbOrTx, versionId: number) {
  const sections = db
    .select()
    .from(agreementSections)
    .where(eq(agreementSections.versionId, versionId))
    .orderBy(asc(agreementSections.position))
    .all();
  const paragraphs = db
    .select({
      sectionId: agreementParagraphs.sectionId,
      number: agreementParagraphs.number,
      anchor: agreementParagraphs.anchor,
      body: agreementParagraphs.body,
    })
    .from(agreementParagraphs)
    .innerJoin(agreementSections, eq(agreementSections.id, agreementParagraphs.sectionId))
    .where(eq(agreementSections.versionId, versionId))
    .orderBy(asc(agreementParagraphs.sectionId), asc(agreementParagraphs.position))
    .all();
  return sections.map((section) => ({ ...section, paragraphs: paragraphs.filter((p) => p.sectionId === section.id) }));
}

/**
 * Accepted and answered questions per section, keyed by the section's anchor (stable across
 * versions, so a question filed under § 6 of an earlier version counts under § 6).
 */
export function countAcceptedQuestionsBySection(db: DbOrTx): Record<string, number> {
  return countColleagueQuestionsBySection(db);
}

/** The public page: the version in force with its sections rendered, or null if there is none. */
export function loadPublicAgreement(db: DbOrTx, now: Date) {
  const version = findVersionInForce(db, now);
  if (!version) return null;
  const next = db
    .select({ title: agreementVersions.title, inForceFrom: agreementVersions.inForceFrom })
    .from(agreementVersions)
    .where(and(eq(agreementVersions.status, "scheduled"), gt(agreementVersions.inForceFrom, now)))
    .orderBy(asc(agreementVersions.inForceFrom))
    .limit(1)
    .get();
  return {
    versionId: version.id,
    title: version.title,
    introHtml: version.intro ? renderMarkdown(version.intro) : "",
    inForceSince: formatDate(version.inForceFrom!),
    nextVersion: next?.inForceFrom ? { title: next.title, inForceFrom: formatDate(next.inForceFrom) } : null,
    sections: sectionsOfVersion(db, version.id).map((section) => ({
      anchor: section.anchor,
      heading: headingText(section),
      bodyHtml: section.body ? renderMarkdown(section.body) : "",
      paragraphs: section.paragraphs.map((p) => ({ anchor: p.anchor, number: p.number, html: renderMarkdown(p.body) })),
    })),
    questionCounts: countAcceptedQuestionsBySection(db),
  };
}

export type PublicAgreement = NonNullable<ReturnType<typeof loadPublicAgreement>>;

/** Organisers' overview: every version, newest first, with its state at `now`. */
export function listAgreementVersions(db: DbOrTx, now: Date) {
  const inForceId = findVersionInForce(db, now)?.id ?? null;
  const rows = db
    .select({
      id: agreementVersions.id,
      title: agreementVersions.title,
      status: agreementVersions.status,
      inForceFrom: agreementVersions.inForceFrom,
      createdAt: agreementVersions.createdAt,
      sectionCount: count(agreementSections.id),
    })
    .from(agreementVersions)
    .leftJoin(agreementSections, eq(agreementSections.versionId, agreementVersions.id))
    .groupBy(agreementVersions.id)
    .orderBy(desc(agreementVersions.id))
    .all();
  return rows.map((row) => ({ ...row, status: effectiveStatus(row, inForceId, now) }));
}

/** One version for its organisers' page, or undefined. */
export function getAgreementVersionForAdmin(db: DbOrTx, versionId: number, now: Date) {
  const version = db.select().from(agreementVersions).where(eq(agreementVersions.id, versionId)).get();
  if (!version) return undefined;
  const inForceId = findVersionInForce(db, now)?.id ?? null;
  const status: AgreementVersionStatus = effectiveStatus(version, inForceId, now);
  return {
    ...version,
    status,
    sections: sectionsOfVersion(db, versionId).map((section) => ({
      id: section.id,
      anchor: section.anchor,
      heading: headingText(section),
      paragraphCount: section.paragraphs.length,
    })),
  };
}

/** One section as the editor shows it, or undefined if it is not part of that version. */
export function getAgreementSectionForAdmin(db: DbOrTx, versionId: number, sectionId: number) {
  const row = db
    .select({ section: agreementSections, versionTitle: agreementVersions.title, versionStatus: agreementVersions.status })
    .from(agreementSections)
    .innerJoin(agreementVersions, eq(agreementVersions.id, agreementSections.versionId))
    .where(and(eq(agreementSections.id, sectionId), eq(agreementSections.versionId, versionId)))
    .get();
  if (!row) return undefined;
  const paragraphs = db
    .select({ number: agreementParagraphs.number, body: agreementParagraphs.body })
    .from(agreementParagraphs)
    .where(eq(agreementParagraphs.sectionId, sectionId))
    .orderBy(asc(agreementParagraphs.position))
    .all();
  const { section } = row;
  return {
    id: section.id,
    versionId,
    versionTitle: row.versionTitle,
    editable: row.versionStatus !== "superseded",
    heading: headingText(section),
    values: {
      number: section.number ?? "",
      title: section.title,
      anchor: section.anchor,
      text: sectionToMarkdown({ body: section.body, paragraphs }),
    },
  };
}

/** The whole version as one Markdown file that the import reads back unchanged. */
export function exportAgreementMarkdown(db: DbOrTx, versionId: number): { title: string; markdown: string } | undefined {
  const version = db.select().from(agreementVersions).where(eq(agreementVersions.id, versionId)).get();
  if (!version) return undefined;
  const markdown = agreementToMarkdown({
    title: version.title,
    intro: version.intro,
    sections: sectionsOfVersion(db, versionId),
  });
  return { title: version.title, markdown };
}
