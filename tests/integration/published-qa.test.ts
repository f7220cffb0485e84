// The reads behind /qa, /qa/sections/:key, /qa/summaries/:id, the print view, the Markdown
// export and the hooks on /agreement and /me, against a real SQLite file (decision 015).
import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { agreementSections, summaries } from "~db/schema";
import { seedDemoContent } from "~db/seed";
import { importAgreementVersion } from "~/agreement/agreement-admin.server";
import { parseAgreementMarkdown } from "~/agreement/markdown";
import { insertAgreementVersion } from "~/agreement/store.server";
import { berlinWallTimeToInstant } from "~/lib/dates";
import {
  exportSummaryMarkdown,
  loadPublishedSummary,
  loadQaOverview,
  loadQaPrint,
  loadQaSection,
  loadSummaryRevisionView,
  publishedInSummaries,
  publishedQuestionsBySection,
} from "~/summaries/published.server";
import type { Db } from "../../db/client";
import { createTestDb } from "../support/db";
import { createSeries, createSession } from "../support/factories";
import { createAnsweredQuestion, createSummary } from "../support/summaries";

const admin = { id: null, roles: ["participant", "admin"] } as const;

function berlinMidnight(date: string): Date {
  const result = berlinWallTimeToInstant(`${date}T00:00`);
  if (!result.ok) throw new Error(date);
  return result.instant;
}

const NOW = new Date("2026-06-01T10:00:00Z");

const V1 = `# Testvereinbarung

## Präambel

Vorweg.

## § 1 Geltungsbereich

(1) Für alle.

## § 2 Begriffe

(1) KI ist KI.

## § 5 Einsatzzwecke

(1) Entwürfe sind erlaubt.

## § 6 Datenschutz

(1) Nur in freigegebenen Systemen.
`;

/** V1 with § 6 reworded and § 2 gone; § 5 unchanged. */
const V2 = `# Testvereinbarung, 2. Fassung

## Präambel

Vorweg.

## § 1 Geltungsbereich

(1) Für alle.

## § 5 Einsatzzwecke

(1) Entwürfe sind erlaubt.

## § 6 Datenschutz

(1) Nur in ausdrücklich freigegebenen Systemen.

(2) Sonst vorher anonymisieren.
`;

/** A database with V1 in force since 1 January 2026; returns the section ids by anchor. */
function withAgreement(db: Db): Record<string, number> {
  const parsed = parseAgreementMarkdown(V1);
  if (!parsed.ok) throw new Error("V1 does not parse");
  const versionId = insertAgreementVersion(db, parsed.document, {
    title: "Testvereinbarung",
    status: "in_force",
    inForceFrom: berlinMidnight("2026-01-01"),
    now: NOW,
  });
  return sectionIdsOf(db, versionId);
}

function sectionIdsOf(db: Db, versionId: number): Record<string, number> {
  return Object.fromEntries(
    db
      .select({ id: agreementSections.id, anchor: agreementSections.anchor })
      .from(agreementSections)
      .where(eq(agreementSections.versionId, versionId))
      .all()
      .map((s) => [s.anchor, s.id]),
  );
}

const at = (iso: string) => new Date(iso);

/** Published answers per section anchor, counted in SQL straight from the tables. */
function countsInDb(db: Db): Record<string, number> {
  const rows = db.all<{ anchor: string | null; n: number }>(sql`
    select s.anchor as anchor, count(distinct i.question_id) as n
    from summaries m
    join summary_revisions r on r.id = m.published_revision_id
    join summary_items i on i.revision_id = r.id
    left join agreement_sections s on s.id = i.section_id
    where m.withdrawn_at is null
    group by s.anchor`);
  return Object.fromEntries(rows.map((r) => [r.anchor ?? "allgemein", r.n]));
}

describe("published Q&A: only the published revision of a summary that is not withdrawn", () => {
  const { db } = createTestDb();
  const sections = withAgreement(db);
  const session = createSession(db, { startsAt: at("2026-03-03T09:00:00Z") });
  const q = Array.from({ length: 5 }, () => createAnsweredQuestion(db));

  // Updated: the first text is superseded, the second is what staff read.
  const updated = createSummary(db, {
    sessionId: session.id,
    revisions: [
      {
        status: "superseded",
        publishedAt: at("2026-03-05T10:00:00Z"),
        items: [{ questionId: q[0]!.id, sectionId: sections.s6!, answer: "ALTE Antwort" }],
      },
      {
        status: "published",
        publishedAt: at("2026-03-10T10:00:00Z"),
        approvedAt: at("2026-03-09T10:00:00Z"),
        intro: "Danke **allen**.",
        items: [
          { questionId: q[0]!.id, sectionId: sections.s6!, answer: "NEUE Antwort" },
          { questionId: q[1]!.id, sectionId: sections.s1! },
        ],
      },
    ],
  });
  // Published, with a newer draft in review that nobody but the composer sees yet.
  const withDraft = createSummary(db, {
    seriesId: createSeries(db, { title: "Reihe mit Entwurf" }).id,
    revisions: [
      { status: "published", publishedAt: at("2026-04-01T10:00:00Z"), items: [{ questionId: q[2]!.id, sectionId: sections.s5! }] },
      { status: "in_review", items: [{ questionId: q[2]!.id, sectionId: sections.s5!, answer: "ENTWURF" }] },
    ],
  });
  const draftOnly = createSummary(db, {
    sessionId: session.id,
    revisions: [{ status: "draft", items: [{ questionId: q[3]!.id, sectionId: sections.s2!, answer: "NUR ENTWURF" }] }],
  });
  const withdrawn = createSummary(db, {
    sessionId: session.id,
    withdrawnAt: at("2026-04-02T10:00:00Z"),
    revisions: [
      {
        status: "published",
        publishedAt: at("2026-04-01T10:00:00Z"),
        items: [{ questionId: q[4]!.id, sectionId: sections.s2!, answer: "ZURÜCKGEZOGEN" }],
      },
    ],
  });

  it("lists exactly the visible summaries, newest first", () => {
    const overview = loadQaOverview(db, NOW);
    expect(overview.summaries.map((s) => s.id)).toEqual([withDraft.summaryId, updated.summaryId]);
    expect(overview.summaries.map((s) => s.count)).toEqual([1, 2]);
  });

  it("shows a summary's page only when staff may see it (else null = 404)", () => {
    expect(loadPublishedSummary(db, draftOnly.summaryId, NOW)).toBeNull();
    expect(loadPublishedSummary(db, withdrawn.summaryId, NOW)).toBeNull();
    expect(loadPublishedSummary(db, 999_999, NOW)).toBeNull();
    expect(exportSummaryMarkdown(db, withdrawn.summaryId, NOW, "https://ki.example")).toBeNull();
    expect(exportSummaryMarkdown(db, draftOnly.summaryId, NOW, "https://ki.example")).toBeNull();
  });

  it("never shows superseded, draft or withdrawn text anywhere", () => {
    const pages = JSON.stringify([
      loadQaOverview(db, NOW),
      ...["s1", "s2", "s5", "s6"].map((key) => loadQaSection(db, key, NOW)),
      loadQaPrint(db, NOW, null),
      loadPublishedSummary(db, updated.summaryId, NOW),
      loadPublishedSummary(db, withDraft.summaryId, NOW),
      publishedQuestionsBySection(db, NOW),
    ]);
    expect(pages).toContain("NEUE Antwort");
    for (const hidden of ["ALTE Antwort", "ENTWURF", "ZURÜCKGEZOGEN"]) expect(pages).not.toContain(hidden);
    expect(loadQaSection(db, "s2", NOW)?.items).toEqual([]);
  });

  it("counts per section equal the database, for every section of the table of contents", () => {
    const db_ = countsInDb(db);
    const overview = loadQaOverview(db, NOW);
    expect(overview.contents.map((c) => c.key)).toEqual(["praeambel", "s1", "s2", "s5", "s6"]);
    for (const entry of overview.contents) expect(entry.count, entry.key).toBe(db_[entry.key] ?? 0);
    expect(overview.total).toBe(Object.values(db_).reduce((a, b) => a + b, 0));
    expect(overview.total).toBe(3);
  });

  it("gives the summary's dates: Stand, first publication and update, the council's approval", () => {
    const summary = loadPublishedSummary(db, updated.summaryId, NOW)!;
    expect(summary.title).toBe("Fragen und Antworten aus der Infoveranstaltung am Di., 3. März 2026");
    expect(summary.dates).toEqual({
      stand: "Di., 10. März 2026",
      firstPublished: "Do., 5. März 2026",
      updated: "Di., 10. März 2026",
      approved: "Mo., 9. März 2026",
    });
    expect(summary.introHtml.trim()).toBe("<p>Danke <strong>allen</strong>.</p>");
    const first = loadPublishedSummary(db, withDraft.summaryId, NOW)!;
    expect(first.title).toBe("Fragen und Antworten: Reihe mit Entwurf");
    expect(first.dates).toEqual({ stand: "Mi., 1. April 2026", firstPublished: null, updated: null, approved: null });
  });

  it("tells an author in which visible summary their question is published", () => {
    const found = publishedInSummaries(db, [q[0]!.id, q[2]!.id, q[3]!.id, q[4]!.id]);
    expect(Object.keys(found).map(Number).sort()).toEqual([q[0]!.id, q[2]!.id].sort());
    expect(found[q[0]!.id]).toEqual({
      summaryId: updated.summaryId,
      date: "Di., 10. März 2026",
      href: `/qa/summaries/${updated.summaryId}#frage-${q[0]!.id}`,
    });
  });

  it("shows the composer's preview of a revision in review exactly as the published page is built", () => {
    const preview = loadSummaryRevisionView(db, withDraft.revisionIds[1]!, NOW)!;
    const published = loadPublishedSummary(db, withDraft.summaryId, NOW)!;
    expect(preview.sections.map((s) => [s.key, s.heading, s.agreementHref, s.items.map((i) => i.questionId)])).toEqual(
      published.sections.map((s) => [s.key, s.heading, s.agreementHref, s.items.map((i) => i.questionId)]),
    );
    expect(preview.sections[0]!.items[0]!.answerHtml).toContain("ENTWURF");
    expect(preview.title).toBe(published.title);
    expect(preview.dates).toEqual({ stand: null, firstPublished: null, updated: null, approved: null });
    expect(loadSummaryRevisionView(db, 999_999, NOW)).toBeNull();
  });

  it("refuses unknown sections (null = 404) but shows a known empty one", () => {
    expect(loadQaSection(db, "s99", NOW)).toBeNull();
    expect(loadQaSection(db, "../etc", NOW)).toBeNull();
    expect(loadQaSection(db, "S6", NOW)).toBeNull();
    expect(loadQaPrint(db, NOW, "s99")).toBeNull();
    expect(loadQaSection(db, "praeambel", NOW)).toMatchObject({ items: [], previous: null, next: { key: "s1" } });
    // Paging skips sections without answers (§ 2 has none visible here).
    expect(loadQaSection(db, "s5", NOW)).toMatchObject({ previous: { key: "s1" }, next: { key: "s6" } });
  });
});

describe("published Q&A: order and the agreement's versions", () => {
  const { db } = createTestDb();
  const v1 = withAgreement(db);
  const session = createSession(db, { startsAt: at("2026-02-10T09:00:00Z") });
  const later = createSession(db, { startsAt: at("2026-05-12T09:00:00Z") });
  const q = Array.from({ length: 7 }, () => createAnsweredQuestion(db));
  // Positions deliberately not in section order.
  const older = createSummary(db, {
    sessionId: session.id,
    revisions: [
      {
        status: "published",
        publishedAt: at("2026-02-12T10:00:00Z"),
        items: [
          { questionId: q[0]!.id, sectionId: v1.s6!, questionText: "Sechs A" },
          { questionId: q[1]!.id, sectionId: null, questionText: "Ohne Abschnitt" },
          { questionId: q[2]!.id, sectionId: v1.s1!, questionText: "Eins" },
          { questionId: q[3]!.id, sectionId: v1.s5!, questionText: "Fünf" },
          { questionId: q[4]!.id, sectionId: v1.s6!, questionText: "Sechs B" },
          { questionId: q[5]!.id, sectionId: v1.s2!, questionText: "Zwei" },
        ],
      },
    ],
  });
  // A newer version takes over; a later summary answers under its § 6.
  const imported = importAgreementVersion(db, admin, { title: "", inForceDate: berlinMidnight("2026-04-01"), markdown: V2 }, NOW);
  if (!imported.ok) throw new Error(`V2 refused: ${imported.reason}`);
  const v2 = sectionIdsOf(db, imported.versionId);
  const newer = createSummary(db, {
    sessionId: later.id,
    revisions: [
      {
        status: "published",
        publishedAt: at("2026-05-14T10:00:00Z"),
        // The same question again, and a new one.
        items: [
          { questionId: q[6]!.id, sectionId: v2.s6!, questionText: "Sechs neu" },
          { questionId: q[0]!.id, sectionId: v2.s6!, questionText: "Sechs A, neu beantwortet" },
        ],
      },
    ],
  });

  it("groups a summary by section in the agreement's order, then item position; general last", () => {
    const summary = loadPublishedSummary(db, older.summaryId, NOW)!;
    expect(summary.sections.map((s) => [s.key, s.items.map((i) => i.questionText)])).toEqual([
      ["s1", ["Eins"]],
      ["s5", ["Fünf"]],
      ["s6", ["Sechs A", "Sechs B"]],
      // § 2 is gone from the version in force: after its sections, before the general group.
      ["s2", ["Zwei"]],
      ["allgemein", ["Ohne Abschnitt"]],
    ]);
    expect(summary.sections.map((s) => s.agreementHref)).toEqual(["/agreement#s1", "/agreement#s5", "/agreement#s6", null, null]);
  });

  it("marks answers to a section whose text has changed since, and only those", () => {
    const summary = loadPublishedSummary(db, older.summaryId, NOW)!;
    const marks = Object.fromEntries(summary.sections.flatMap((s) => s.items.map((i) => [i.questionText, i.olderVersionDate])));
    expect(marks).toEqual({
      Eins: null,
      Fünf: null,
      "Sechs A": "Do., 1. Januar 2026",
      "Sechs B": "Do., 1. Januar 2026",
      Zwei: "Do., 1. Januar 2026",
      "Ohne Abschnitt": null,
    });
    const current = loadPublishedSummary(db, newer.summaryId, NOW)!;
    expect(current.sections[0]!.items.map((i) => i.olderVersionDate)).toEqual([null, null]);
  });

  it("gathers a section from every summary: newest summary first, each question once", () => {
    const section = loadQaSection(db, "s6", NOW)!;
    expect(section.section).toEqual({ key: "s6", heading: "§ 6 Datenschutz", agreementHref: "/agreement#s6" });
    expect(section.items.map((i) => [i.questionText, i.summaryId])).toEqual([
      ["Sechs neu", newer.summaryId],
      ["Sechs A, neu beantwortet", newer.summaryId],
      ["Sechs B", older.summaryId],
    ]);
    expect(section.items[2]!.source).toBe("aus der Infoveranstaltung am Di., 10. Februar 2026");
    expect(section.previous?.key).toBe("s5");
  });

  it("the table of contents follows the version in force, with counts equal to the database", () => {
    const overview = loadQaOverview(db, NOW);
    expect(overview.contents.map((c) => [c.key, c.count])).toEqual([
      ["praeambel", 0],
      ["s1", 1],
      ["s5", 1],
      ["s6", 3],
      ["s2", 1],
      ["allgemein", 1],
    ]);
    const inDb = countsInDb(db);
    for (const entry of overview.contents) expect(entry.count, entry.key).toBe(inDb[entry.key] ?? 0);
    expect(overview.agreement).toEqual({ title: "Testvereinbarung, 2. Fassung", inForceSince: "Mi., 1. April 2026" });
  });

  it("prints the whole Q&A or one section, in the same order", () => {
    const all = loadQaPrint(db, NOW, null)!;
    expect(all.groups.map((g) => g.key)).toEqual(["s1", "s5", "s6", "s2", "allgemein"]);
    const one = loadQaPrint(db, NOW, "s6")!;
    expect(one.sectionHeading).toBe("§ 6 Datenschutz");
    expect(one.groups.map((g) => g.items.length)).toEqual([3]);
    expect(loadQaPrint(db, NOW, "praeambel")?.groups).toEqual([]);
  });

  it("lists each section's published questions on /agreement, linked to their answers", () => {
    const bySection = publishedQuestionsBySection(db, NOW);
    expect(bySection.s6?.map((i) => i.href)).toEqual([
      `/qa/sections/s6#frage-${q[6]!.id}`,
      `/qa/sections/s6#frage-${q[0]!.id}`,
      `/qa/sections/s6#frage-${q[4]!.id}`,
    ]);
  });

  it("exports a summary as Markdown with the authors' Markdown and absolute links", () => {
    const exported = exportSummaryMarkdown(db, older.summaryId, NOW, "https://ki.example")!;
    expect(exported.filename).toMatch(/^fragen-und-antworten-aus-der-infoveranstaltung-am-di-10-\S*\.md$/);
    expect(exported.markdown).toContain("# Fragen und Antworten aus der Infoveranstaltung am Di., 10. Februar 2026\n");
    expect(exported.markdown).toContain("_Stand: Do., 12. Februar 2026_");
    expect(exported.markdown).toContain("## § 6 Datenschutz\n\nWortlaut: https://ki.example/agreement#s6\n\n### Sechs A\n\n");
    expect(exported.markdown).toContain("_Bezieht sich auf die Fassung vom Do., 1. Januar 2026._");
    expect(exported.markdown.indexOf("## § 1")).toBeLessThan(exported.markdown.indexOf("## § 6"));
    expect(exported.markdown).toContain(`Online: https://ki.example/qa/summaries/${older.summaryId}`);
  });
});

describe("demo seed: a published summary of the past session", () => {
  const { db } = createTestDb();
  const now = new Date();

  it("publishes the answered demo questions over at least five sections, updated and approved", () => {
    seedDemoContent(db, { now });
    const [summary] = db.select().from(summaries).all();
    expect(summary?.publishedRevisionId).not.toBeNull();
    const view = loadPublishedSummary(db, summary!.id, now)!;
    expect(view.title).toMatch(/^Fragen und Antworten aus der Infoveranstaltung am /);
    expect(view.sections.filter((s) => s.agreementHref).length).toBeGreaterThanOrEqual(5);
    expect(view.dates.updated).not.toBeNull();
    expect(view.dates.approved).not.toBeNull();
    const overview = loadQaOverview(db, now);
    const inDb = countsInDb(db);
    for (const entry of overview.contents) expect(entry.count, entry.key).toBe(inDb[entry.key] ?? 0);
    // Running the seed again adds nothing.
    seedDemoContent(db, { now });
    expect(db.select().from(summaries).all()).toHaveLength(1);
  });
});

describe("a section with many answers", () => {
  it("holds 50 answers a page, newest summary first, and every answer is on exactly one page", () => {
    const { db } = createTestDb();
    const sections = withAgreement(db);
    const session = createSession(db);
    // 120 answers under s1 in three summaries of 40, published a day apart.
    const ids: number[][] = [];
    for (let s = 0; s < 3; s++) {
      const items = Array.from({ length: 40 }, () => ({
        questionId: createAnsweredQuestion(db, { sessionId: session.id }).id,
        sectionId: sections.s1!,
      }));
      ids.push(items.map((i) => i.questionId));
      createSummary(db, {
        sessionId: session.id,
        revisions: [{ status: "published", items, publishedAt: new Date(NOW.getTime() - (3 - s) * 24 * 3600_000) }],
      });
    }
    const pages = [1, 2, 3].map((page) => loadQaSection(db, "s1", NOW, page)!);
    expect(pages.map((p) => [p.page, p.pageCount, p.total, p.items.length])).toEqual([
      [1, 3, 120, 50],
      [2, 3, 120, 50],
      [3, 3, 120, 20],
    ]);
    const shown = pages.flatMap((p) => p.items.map((i) => i.questionId));
    expect(new Set(shown).size).toBe(120);
    // The newest summary's answers open page 1.
    expect(pages[0]!.items.slice(0, 40).map((i) => i.questionId)).toEqual(ids[2]);
    // Out of range or nonsense: the nearest page, never an error.
    expect(loadQaSection(db, "s1", NOW, 99)!.page).toBe(3);
    expect(loadQaSection(db, "s1", NOW, Number.NaN)!.page).toBe(1);
    expect(loadQaSection(db, "s1", NOW, -4)!.page).toBe(1);
  });
});
