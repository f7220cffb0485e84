import { count, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { agreementParagraphs, agreementSections, agreementVersions, auditLog } from "~db/schema";
import { seedDemoContent } from "~db/seed";
import {
  importAgreementVersion,
  previewAgreementImport,
  scheduleAgreementVersion,
  takeOverDueAgreementVersions,
  updateAgreementSection,
} from "~/agreement/agreement-admin.server";
import { exportAgreementMarkdown, findVersionInForce, listAgreementVersions, loadPublicAgreement } from "~/agreement/agreement.server";
import { NO_SECTIONS_MESSAGE, parseAgreementMarkdown } from "~/agreement/markdown";
import { MUSTER_DIENSTVEREINBARUNG_TITLE } from "~/agreement/muster-dienstvereinbarung";
import { berlinWallTimeToInstant } from "~/lib/dates";
import type { Db } from "../../db/client";
import { createTestDb } from "../support/db";

const admin = { id: null, roles: ["participant", "admin"] } as const;
const participant = { id: null, roles: ["participant"] } as const;
const facilitator = { id: null, roles: ["participant", "facilitator"] } as const;

/** Midnight in Berlin of that date, as the date field of the forms gives it. */
function berlinMidnight(date: string): Date {
  const result = berlinWallTimeToInstant(`${date}T00:00`);
  if (!result.ok) throw new Error(date);
  return result.instant;
}

const V2 = `# Dienstvereinbarung KI, 2. Fassung

## Präambel

Neu gefasst.

## § 1 Geltungsbereich

(1) Für alle Beschäftigten.

(2) Auch im Homeoffice.

## § 6 Datenschutz

1. Nur in freigegebenen Systemen.
2. Sonst vorher anonymisieren.
`;

const versionCounts = (db: Db) => ({
  versions: db.select({ n: count() }).from(agreementVersions).get()!.n,
  sections: db.select({ n: count() }).from(agreementSections).get()!.n,
  paragraphs: db.select({ n: count() }).from(agreementParagraphs).get()!.n,
});

const statusOf = (db: Db, id: number) => db.select().from(agreementVersions).where(eq(agreementVersions.id, id)).get()!;

function importInForce(db: Db, markdown: string, date: string, now: Date): number {
  const result = importAgreementVersion(db, admin, { title: "", inForceDate: berlinMidnight(date), markdown }, now);
  if (!result.ok) throw new Error(`import refused: ${result.reason}`);
  return result.versionId;
}

describe("import with preview, then save", () => {
  const { db } = createTestDb();
  const now = new Date("2027-02-01T09:00:00Z");

  it("previews without writing, saves the same sections and paragraphs as a draft, and refuses others and bad files", () => {
    const first = importInForce(db, "# Erste Fassung\n\n## § 1 Alt\n\nAlter Text.\n", "2026-01-01", now);
    const before = versionCounts(db);

    expect(previewAgreementImport(db, participant, { title: "", inForceDate: null, markdown: V2 }, now)).toEqual({
      ok: false,
      reason: "forbidden",
    });
    const preview = previewAgreementImport(db, admin, { title: "", inForceDate: null, markdown: V2 }, now);
    expect(preview).toMatchObject({
      ok: true,
      title: "Dienstvereinbarung KI, 2. Fassung",
      effect: expect.stringContaining("als Entwurf gespeichert"),
    });
    if (!preview.ok) return;
    expect(preview.sections).toEqual([
      { anchor: "praeambel", heading: "Präambel", paragraphAnchors: [] },
      { anchor: "s1", heading: "§ 1 Geltungsbereich", paragraphAnchors: ["s1-1", "s1-2"] },
      { anchor: "s6", heading: "§ 6 Datenschutz", paragraphAnchors: ["s6-1", "s6-2"] },
    ]);
    const dated = previewAgreementImport(
      db,
      admin,
      { title: "Eigener Titel", inForceDate: berlinMidnight("2027-03-01"), markdown: V2 },
      now,
    );
    expect(dated).toMatchObject({
      ok: true,
      title: "Eigener Titel",
      effect: expect.stringContaining("1. März 2027 in Kraft und löst dann „Erste Fassung“ ab"),
    });
    expect(versionCounts(db)).toEqual(before);

    const empty = importAgreementVersion(
      db,
      admin,
      { title: "Leer", inForceDate: null, markdown: "# Titel\n\nNur Text, keine Abschnitte.\n" },
      now,
    );
    expect(empty).toEqual({ ok: false, reason: "invalid_markdown", errors: [{ line: null, message: NO_SECTIONS_MESSAGE }] });
    expect(importAgreementVersion(db, facilitator, { title: "", inForceDate: null, markdown: V2 }, now)).toEqual({
      ok: false,
      reason: "forbidden",
    });
    const untitled = importAgreementVersion(db, admin, { title: "", inForceDate: null, markdown: "## § 1 A\n\nText\n" }, now);
    expect(untitled).toEqual({ ok: false, reason: "missing_title" });
    expect(versionCounts(db)).toEqual(before);

    const saved = importAgreementVersion(db, admin, { title: "", inForceDate: null, markdown: V2 }, now);
    expect(saved.ok).toBe(true);
    if (!saved.ok) return;
    const version = statusOf(db, saved.versionId);
    expect(version).toMatchObject({ title: "Dienstvereinbarung KI, 2. Fassung", status: "draft", inForceFrom: null });
    // What was saved is what the file says: exported again, it parses to the same document.
    const exported = exportAgreementMarkdown(db, saved.versionId)!;
    const original = parseAgreementMarkdown(V2);
    expect(parseAgreementMarkdown(exported.markdown)).toEqual(original);
    expect(db.select().from(auditLog).where(eq(auditLog.action, "agreement_version_imported")).all()).toHaveLength(2);
    // A draft changes nothing for staff.
    expect(findVersionInForce(db, now)?.id).toBe(first);
  });
});

describe("a version with a future date takes over on that date", () => {
  const { db } = createTestDb();
  const importedAt = new Date("2027-02-01T09:00:00Z");
  const takeover = berlinMidnight("2027-03-01");

  it("is read as in force from its date, and the job records the takeover and the superseding", () => {
    const first = importInForce(db, "# Erste Fassung\n\n## § 1 Alt\n\nAlter Text.\n", "2026-01-01", importedAt);
    const second = importInForce(db, V2, "2027-03-01", importedAt);
    expect(statusOf(db, first).status).toBe("in_force");
    expect(statusOf(db, second)).toMatchObject({ status: "scheduled", inForceFrom: takeover });

    const justBefore = new Date(takeover.getTime() - 1);
    expect(loadPublicAgreement(db, justBefore)).toMatchObject({
      title: "Erste Fassung",
      nextVersion: { inForceFrom: "Mo., 1. März 2027" },
    });
    expect(takeOverDueAgreementVersions(db, justBefore)).toBe(0);
    expect(statusOf(db, first).status).toBe("in_force");

    // At midnight the page shows the new version at once, before the job has run.
    expect(loadPublicAgreement(db, takeover)).toMatchObject({ title: "Dienstvereinbarung KI, 2. Fassung", nextVersion: null });
    expect(listAgreementVersions(db, takeover).map((v) => [v.id, v.status])).toEqual([
      [second, "in_force"],
      [first, "superseded"],
    ]);

    const later = new Date(takeover.getTime() + 60_000);
    expect(takeOverDueAgreementVersions(db, later)).toBe(1);
    expect(statusOf(db, first)).toMatchObject({ status: "superseded", supersededAt: takeover });
    expect(statusOf(db, second).status).toBe("in_force");
    const audit = db.select().from(auditLog).where(eq(auditLog.action, "agreement_version_in_force")).all();
    expect(audit.map((a) => [a.subjectId, a.details])).toContainEqual([
      String(second),
      { inForceFrom: takeover.toISOString(), superseded: [first] },
    ]);
    // Nothing left to do.
    expect(takeOverDueAgreementVersions(db, later)).toBe(0);
  });
});

describe("the takeover is one transaction", () => {
  const { db } = createTestDb();

  it("leaves both versions as they were when any part of it fails", () => {
    const importedAt = new Date("2027-02-01T09:00:00Z");
    const first = importInForce(db, "# Erste Fassung\n\n## § 1 Alt\n\nText.\n", "2026-01-01", importedAt);
    const second = importInForce(db, V2, "2027-03-01", importedAt);
    // The audit entry is the last write of the takeover: make it fail.
    db.run(
      sql.raw(
        "create trigger refuse_takeover_audit before insert on audit_log when new.action = 'agreement_version_in_force' begin select raise(abort, 'audit refused'); end",
      ),
    );
    expect(() => takeOverDueAgreementVersions(db, berlinMidnight("2027-03-02"))).toThrow(/audit refused/);
    expect(statusOf(db, first)).toMatchObject({ status: "in_force", supersededAt: null });
    expect(statusOf(db, second).status).toBe("scheduled");
    db.run(sql.raw("drop trigger refuse_takeover_audit"));
    expect(takeOverDueAgreementVersions(db, berlinMidnight("2027-03-02"))).toBe(1);
    expect(statusOf(db, first).status).toBe("superseded");
  });
});

describe("dates in force", () => {
  const { db } = createTestDb();

  it("refuses a date not after the version in force, a day already taken, and non-admins; a past date takes over at once", () => {
    const now = new Date("2027-02-01T09:00:00Z");
    const first = importInForce(db, "# Erste Fassung\n\n## § 1 A\n\nText.\n", "2026-06-01", now);
    const draft = importAgreementVersion(db, admin, { title: "Entwurf", inForceDate: null, markdown: V2 }, now);
    if (!draft.ok) throw new Error("draft refused");

    expect(scheduleAgreementVersion(db, participant, draft.versionId, berlinMidnight("2027-04-01"), now)).toEqual({
      ok: false,
      reason: "forbidden",
    });
    expect(scheduleAgreementVersion(db, admin, draft.versionId, berlinMidnight("2026-06-01"), now)).toMatchObject({
      ok: false,
      reason: "date_refused",
      message: expect.stringContaining("nach dem Inkrafttreten der geltenden Fassung „Erste Fassung“"),
    });
    importInForce(db, V2, "2027-04-01", now);
    expect(scheduleAgreementVersion(db, admin, draft.versionId, berlinMidnight("2027-04-01"), now)).toMatchObject({
      ok: false,
      message: expect.stringContaining("An diesem Tag tritt schon"),
    });
    expect(scheduleAgreementVersion(db, admin, first, berlinMidnight("2027-05-01"), now)).toEqual({ ok: false, reason: "not_schedulable" });
    expect(scheduleAgreementVersion(db, admin, 9999, berlinMidnight("2027-05-01"), now)).toEqual({ ok: false, reason: "not_found" });

    // A date that has come: in force in the same transaction, the previous one superseded.
    expect(scheduleAgreementVersion(db, admin, draft.versionId, berlinMidnight("2027-01-15"), now)).toEqual({ ok: true });
    expect(statusOf(db, draft.versionId).status).toBe("in_force");
    expect(statusOf(db, first)).toMatchObject({ status: "superseded", supersededAt: berlinMidnight("2027-01-15") });
  });
});

describe("editing a section", () => {
  const { db } = createTestDb();
  const now = new Date("2027-02-01T09:00:00Z");

  it("is for admins only, re-reads the paragraphs, keeps the anchor and refuses a duplicate anchor", () => {
    seedDemoContent(db, { now });
    const version = findVersionInForce(db, now)!;
    const s6 = db
      .select()
      .from(agreementSections)
      .where(sql`${agreementSections.versionId} = ${version.id} and ${agreementSections.anchor} = 's6'`)
      .get()!;
    const input = {
      number: "§ 6",
      title: "Datenschutz und Vertraulichkeit",
      anchor: "s6",
      text: "(1) Erster Absatz.\n\n(2) Zweiter **Absatz**.",
    };

    for (const actor of [participant, facilitator]) {
      expect(updateAgreementSection(db, actor, version.id, s6.id, input, now)).toEqual({ ok: false, reason: "forbidden" });
    }
    expect(updateAgreementSection(db, admin, version.id, 99_999, input, now)).toEqual({ ok: false, reason: "not_found" });
    expect(updateAgreementSection(db, admin, version.id + 1, s6.id, input, now)).toEqual({ ok: false, reason: "not_found" });
    expect(updateAgreementSection(db, admin, version.id, s6.id, { ...input, anchor: "s5" }, now)).toEqual({
      ok: false,
      reason: "duplicate_anchor",
      anchor: "s5",
      heading: "§ 5 Zulässige und unzulässige Einsatzzwecke",
    });
    expect(updateAgreementSection(db, admin, version.id, s6.id, { ...input, text: "(1) a\n\n(1) b" }, now)).toMatchObject({
      ok: false,
      reason: "invalid_text",
    });
    const untouched = loadPublicAgreement(db, now)!.sections.find((s) => s.anchor === "s6")!;
    expect(untouched.heading).toBe("§ 6 Datenschutz, Vertraulichkeit, Informationssicherheit");

    expect(updateAgreementSection(db, admin, version.id, s6.id, input, now)).toEqual({ ok: true });
    const edited = loadPublicAgreement(db, now)!.sections.find((s) => s.anchor === "s6")!;
    expect(edited).toMatchObject({
      heading: "§ 6 Datenschutz und Vertraulichkeit",
      paragraphs: [
        { anchor: "s6-1", number: 1, html: "<p>Erster Absatz.</p>\n" },
        { anchor: "s6-2", number: 2, html: "<p>Zweiter <strong>Absatz</strong>.</p>\n" },
      ],
    });
    const audit = db.select().from(auditLog).where(eq(auditLog.action, "agreement_section_updated")).all();
    expect(audit).toHaveLength(1);
    expect(Object.keys(audit[0]!.details!)).toEqual(["title", "text"]);
  });
});

describe("editing a superseded version", () => {
  const { db } = createTestDb();
  const now = new Date("2027-02-01T09:00:00Z");

  it("is refused", () => {
    const older = importAgreementVersion(db, admin, { title: "Alt", inForceDate: null, markdown: "## § 1 A\n\nText\n" }, now);
    if (!older.ok) throw new Error("refused");
    db.update(agreementVersions).set({ status: "superseded" }).where(eq(agreementVersions.id, older.versionId)).run();
    const section = db.select().from(agreementSections).where(eq(agreementSections.versionId, older.versionId)).get()!;
    expect(
      updateAgreementSection(db, admin, older.versionId, section.id, { number: "§ 1", title: "B", anchor: "s1", text: "" }, now),
    ).toEqual({
      ok: false,
      reason: "superseded",
    });
  });
});

describe("the public read without any version", () => {
  const { db } = createTestDb();

  it("is empty", () => {
    expect(loadPublicAgreement(db, new Date("2027-02-01T09:00:00Z"))).toBeNull();
  });
});

describe("the public read", () => {
  const { db } = createTestDb();
  const now = new Date("2027-02-01T09:00:00Z");

  it("returns only the version in force: not drafts, not scheduled, not superseded versions", () => {
    seedDemoContent(db, { now });
    importAgreementVersion(db, admin, { title: "Entwurf", inForceDate: null, markdown: "## § 1 Entwurfstext\n\nX\n" }, now);
    importAgreementVersion(
      db,
      admin,
      { title: "Künftig", inForceDate: berlinMidnight("2027-06-01"), markdown: "## § 1 Künftig\n\nY\n" },
      now,
    );
    const agreement = loadPublicAgreement(db, now)!;
    expect(agreement.title).toBe(MUSTER_DIENSTVEREINBARUNG_TITLE);
    expect(agreement.introHtml).toContain("Beispieltext – keine echte Dienstvereinbarung");
    expect(agreement.sections.map((s) => s.anchor)).toEqual([
      "praeambel",
      ...Array.from({ length: 14 }, (_, i) => `s${i + 1}`),
      "anlage-1",
    ]);
    expect(agreement.sections.find((s) => s.anchor === "s6")!.paragraphs.map((p) => p.anchor)).toEqual(["s6-1", "s6-2", "s6-3"]);
    expect(agreement.nextVersion).toEqual({ title: "Künftig", inForceFrom: "Di., 1. Juni 2027" });
    // Accepted and answered questions per section anchor, as the database counts them.
    const counted = db.all<{ anchor: string; n: number }>(
      sql`select s.anchor as anchor, count(*) as n from questions q join agreement_sections s on s.id = q.section_id
        where q.status in ('accepted', 'answered') group by s.anchor`,
    );
    expect(agreement.questionCounts).toEqual(Object.fromEntries(counted.map((row) => [row.anchor, row.n])));
    // Rendered Markdown carries no ids: anchors are the page's.
    expect(agreement.sections.flatMap((s) => [s.bodyHtml, ...s.paragraphs.map((p) => p.html)]).join("")).not.toContain("id=");
  });
});
