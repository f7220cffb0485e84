// Which sections of the agreement a series covers: chosen by organisers on the series page,
// shown on every session page of the series with links to the text and to its Q&A.
import { and, eq } from "drizzle-orm";
import { writeAudit } from "~/lib/audit.server";
import { schema, type Db, type DbOrTx } from "~/lib/db.server";
import { sectionChoices } from "~/questions/reads.server";

const { seriesSections } = schema;

export type CoveredSection = { anchor: string; heading: string };

/** The sections of the version in force that the series covers, in the agreement's order. */
export function coveredSections(db: DbOrTx, seriesId: number, now: Date): CoveredSection[] {
  const chosen = new Set(
    db
      .select({ anchor: seriesSections.anchor })
      .from(seriesSections)
      .where(eq(seriesSections.seriesId, seriesId))
      .all()
      .map((row) => row.anchor),
  );
  if (chosen.size === 0) return [];
  return sectionChoices(db, now)
    .filter((section) => chosen.has(section.anchor))
    .map(({ anchor, heading }) => ({ anchor, heading }));
}

/** For the organiser's form: every section of the version in force, each marked when covered. */
export function sectionCoverageForm(db: DbOrTx, seriesId: number, now: Date) {
  const covered = new Set(coveredSections(db, seriesId, now).map((s) => s.anchor));
  return sectionChoices(db, now).map(({ anchor, heading }) => ({ anchor, heading, covered: covered.has(anchor) }));
}

export type CoverageResult = { ok: true } | { ok: false; reason: "not_found" | "unknown_section" };

/** Replaces the series' covered sections; anchors must be sections of the version in force. */
export function setCoveredSections(db: Db, actorId: number, seriesId: number, anchors: string[], now: Date): CoverageResult {
  return db.transaction(
    (tx): CoverageResult => {
      const exists = tx.select({ id: schema.series.id }).from(schema.series).where(eq(schema.series.id, seriesId)).get();
      if (!exists) return { ok: false, reason: "not_found" };
      const known = new Set(sectionChoices(tx, now).map((s) => s.anchor));
      const wanted = [...new Set(anchors)];
      if (wanted.some((anchor) => !known.has(anchor))) return { ok: false, reason: "unknown_section" };
      const before = tx
        .select({ anchor: seriesSections.anchor })
        .from(seriesSections)
        .where(eq(seriesSections.seriesId, seriesId))
        .all()
        .map((row) => row.anchor)
        .sort();
      tx.delete(seriesSections)
        .where(and(eq(seriesSections.seriesId, seriesId)))
        .run();
      for (const anchor of wanted) tx.insert(seriesSections).values({ seriesId, anchor }).run();
      writeAudit(tx, {
        actorId,
        action: "series_sections_set",
        subjectType: "series",
        subjectId: seriesId,
        details: { from: before, to: wanted.sort() },
        at: now,
      });
      return { ok: true };
    },
    { behavior: "immediate" },
  );
}
