// Materials (issue 17, decision 022) on a real SQLite file and a temporary data folder: upload,
// replace with versions, visibility on every path, deletion removing the files, refusals that
// store nothing, retention's choice, the daily "Teilnehmende informieren" mails and search.
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fc } from "@fast-check/vitest";
import { count, eq, sql } from "drizzle-orm";
import { describe, expect, it, onTestFinished } from "vitest";
import type { Db } from "~db/client";
import { auditLog, materialFiles, materialSections, materials, outbox, registrations } from "~db/schema";
import { importAgreementVersion } from "~/agreement/agreement-admin.server";
import { materialViewerFor } from "~/materials/access.server";
import {
  createMaterial,
  deleteMaterial,
  getMaterial,
  listMaterials,
  materialsBySection,
  materialsForSession,
  readMaterialFile,
  updateMaterial,
} from "~/materials/materials.server";
import { queueMaterialNotifications } from "~/materials/notify.server";
import { applyRetentionToMaterials, removeMaterialFiles } from "~/materials/retention.server";
import type { MaterialFields } from "~/materials/rules";
import { rebuildSearchIndex } from "~/search/index.server";
import { searchSite } from "~/search/search.server";
import { SEARCH_KIND_LABELS } from "~/search/labels";
import { anonymiseRegistrations } from "~/privacy/anonymise.server";
import { runRetention } from "~/privacy/retention.server";
import { createTestDb } from "../support/db";
import { HTML_AS_PDF, tinyDocx, tinyPdf } from "../support/documents";
import { createSeries, createSession, createUser } from "../support/factories";

const NOW = new Date("2027-03-01T10:30:00Z");
const LATER = new Date("2027-03-04T09:00:00Z");

const AGREEMENT = `# Test-Dienstvereinbarung

## § 4 Freigegebene Anwendungen

(1) Nur freigegebene Anwendungen.

## § 6 Datenschutz

(1) Bürgerdaten gehören nicht in einen Prompt.
`;

type Role = "participant" | "facilitator" | "admin";
const person = (db: Db, roles: Role[]) => ({ id: createUser(db, { roles }).id, roles });

function setUp() {
  const { db } = createTestDb();
  const admin = person(db, ["participant", "admin"]);
  const imported = importAgreementVersion(
    db,
    admin,
    { markdown: AGREEMENT, title: "", inForceDate: new Date("2027-01-01T00:00:00Z") },
    NOW,
  );
  if (!imported.ok) throw new Error(`import refused: ${imported.reason}`);
  const dataDir = mkdtempSync(path.join(tmpdir(), "ki-materials-"));
  onTestFinished(() => rmSync(dataDir, { recursive: true, force: true }));
  return { db, admin, dataDir };
}

const storedFiles = (dataDir: string) => {
  try {
    return readdirSync(path.join(dataDir, "uploads", "materials"));
  } catch {
    return [];
  }
};

function fields(overrides: Partial<MaterialFields> = {}): MaterialFields {
  return {
    title: "Checkliste: Was nie in einen Prompt gehört",
    description: "Bürgerdaten und Zugangsdaten bleiben draußen.",
    kind: "guide",
    link: "",
    anchors: ["s6"],
    seriesId: null,
    sessionId: null,
    visibility: "staff",
    afterRetention: "open_to_staff",
    notifyParticipants: false,
    ...overrides,
  };
}

function register(db: Db, sessionId: number, userId: number, status: "confirmed" | "attended" | "waitlisted" | "cancelled") {
  db.insert(registrations).values({ sessionId, userId, status, queuedAt: NOW, updatedAt: NOW }).run();
}

function created(result: ReturnType<typeof createMaterial>): number {
  if (!result.ok) throw new Error(`refused: ${JSON.stringify(result)}`);
  return result.id;
}

describe("uploading, replacing and deleting a material", () => {
  it("stores the PDF under a generated name, files it under § 6, keeps every version and removes the files on deletion", () => {
    const { db, admin, dataDir } = setUp();
    const first = tinyPdf("Erste Fassung");
    const id = created(
      createMaterial(
        db,
        dataDir,
        admin,
        { fields: fields(), file: { bytes: first, fileName: "C:\\Users\\kim\\Checkliste\u0007.pdf" } },
        NOW,
      ),
    );
    expect(storedFiles(dataDir)).toHaveLength(1);
    expect(storedFiles(dataDir)[0]).toMatch(/^[0-9a-f-]{36}\.pdf$/);
    const [file] = db.select().from(materialFiles).where(eq(materialFiles.materialId, id)).all();
    expect(file).toMatchObject({ fileName: "Checkliste.pdf", contentType: "application/pdf", sizeBytes: first.length });
    expect(db.select().from(materialSections).where(eq(materialSections.materialId, id)).all()).toEqual([{ materialId: id, anchor: "s6" }]);
    expect(db.select().from(auditLog).where(eq(auditLog.action, "material_created")).all()).toHaveLength(1);

    const staff = person(db, ["participant"]);
    const viewer = materialViewerFor(db, staff);
    const read = readMaterialFile(db, dataDir, viewer, staff, id, null);
    expect(read.ok && read.file.content.equals(first)).toBe(true);
    const page = getMaterial(db, viewer, staff, id, NOW);
    expect(page.ok && page.material.updatedOn).toBeNull();

    // A new version three days later: the old file stays for the record, the page says "aktualisiert am".
    const second = tinyPdf("Zweite Fassung");
    const replaced = updateMaterial(
      db,
      dataDir,
      admin,
      id,
      { fields: fields(), file: { bytes: second, fileName: "Checkliste v2.pdf" } },
      LATER,
    );
    expect(replaced.ok).toBe(true);
    expect(storedFiles(dataDir)).toHaveLength(2);
    const versions = db.select().from(materialFiles).where(eq(materialFiles.materialId, id)).all();
    expect(versions.map((v) => v.fileName)).toEqual(["Checkliste.pdf", "Checkliste v2.pdf"]);
    const current = readMaterialFile(db, dataDir, viewer, staff, id, null);
    expect(current.ok && current.file.content.equals(second)).toBe(true);
    const after = getMaterial(db, viewer, staff, id, LATER);
    expect(after.ok && after.material.updatedOn).toBe("Do., 4. März 2027");
    // Earlier versions: for those who manage the material only.
    expect(readMaterialFile(db, dataDir, viewer, staff, id, versions[0]!.id)).toEqual({ ok: false, reason: "forbidden" });
    const old = readMaterialFile(db, dataDir, materialViewerFor(db, admin), admin, id, versions[0]!.id);
    expect(old.ok && old.file.content.equals(first)).toBe(true);

    expect(deleteMaterial(db, dataDir, staff, id, LATER)).toEqual({ ok: false, reason: "forbidden" });
    expect(deleteMaterial(db, dataDir, admin, id, LATER)).toEqual({ ok: true });
    expect(storedFiles(dataDir)).toEqual([]);
    expect(db.select({ n: count() }).from(materialFiles).get()!.n).toBe(0);
    expect(getMaterial(db, viewer, staff, id, LATER)).toEqual({ ok: false, reason: "not_found" });
    expect(readMaterialFile(db, dataDir, viewer, staff, id, null)).toEqual({ ok: false, reason: "not_found" });
    expect(searchSite(db, { query: "Checkliste", signedIn: true, viewer }).total).toBe(0);
    expect(deleteMaterial(db, dataDir, admin, id, LATER)).toEqual({ ok: false, reason: "not_found" });
  });

  it("accepts a link with http or https, and a DOCX by its content", () => {
    const { db, admin, dataDir } = setUp();
    const link = created(
      createMaterial(
        db,
        dataDir,
        admin,
        { fields: fields({ kind: "elearning", link: "https://lernen.example/kurs?id=1" }), file: null },
        NOW,
      ),
    );
    expect(db.select({ url: materials.url }).from(materials).where(eq(materials.id, link)).get()!.url).toBe(
      "https://lernen.example/kurs?id=1",
    );
    const docx = created(
      createMaterial(
        db,
        dataDir,
        admin,
        { fields: fields({ kind: "template" }), file: { bytes: tinyDocx(), fileName: "Vorlage.docx" } },
        NOW,
      ),
    );
    expect(db.select().from(materialFiles).where(eq(materialFiles.materialId, docx)).get()!.contentType).toBe(
      "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    );
  });
});

describe("bad input: a clear German message, nothing stored", () => {
  const cases: [string, Partial<MaterialFields>, "html" | "none" | "pdf", string, RegExp][] = [
    [
      "an HTML page named .pdf",
      {},
      "html",
      "file",
      /keine PDF-, PowerPoint- \(PPTX\), Word- \(DOCX\), Excel- \(XLSX\), PNG- oder JPG-Datei/,
    ],
    ["a javascript: link", { link: "javascript:alert(1)" }, "none", "link", /Nur Links mit https:\/\/ oder http:\/\//],
    ["a data: link", { link: "data:text/html,<script>alert(1)</script>" }, "none", "link", /Nur Links/],
    ["a file: link", { link: "file:///etc/passwd" }, "none", "link", /Nur Links/],
    ["half a link", { link: "www.stadt.example" }, "none", "link", /vollständigen Link/],
    ["neither section nor series nor session", { anchors: [] }, "pdf", "anchors", /mindestens einem Abschnitt/],
    ["neither file nor link", {}, "none", "file", /Datei aus oder geben Sie einen Link an/],
    ["file and link", { link: "https://stadt.example" }, "pdf", "link", /entweder eine Datei oder einen Link/],
    ["a section that does not exist", { anchors: ["s99"] }, "pdf", "anchors", /nur Abschnitte aus der Liste/],
    ["no title", { title: "  " }, "pdf", "title", /Titel/],
    ["an unknown kind", { kind: "script" }, "pdf", "kind", /Art/],
    ["seat holders without a session", { visibility: "seat_holders" }, "pdf", "visibility", /nur mit einem Termin/],
  ];
  it.each(cases)("%s", (_name, overrides, file, field, message) => {
    const { db, admin, dataDir } = setUp();
    const bytes = file === "html" ? HTML_AS_PDF : file === "pdf" ? tinyPdf() : null;
    const result = createMaterial(
      db,
      dataDir,
      admin,
      { fields: fields(overrides), file: bytes ? { bytes, fileName: "Folien.pdf" } : null },
      NOW,
    );
    expect(result.ok).toBe(false);
    if (result.ok || result.reason !== "invalid") throw new Error("expected a refusal with messages");
    expect(result.errors[field as keyof typeof result.errors]).toMatch(message);
    expect(db.select({ n: count() }).from(materials).get()!.n).toBe(0);
    expect(db.select({ n: count() }).from(materialFiles).get()!.n).toBe(0);
    expect(storedFiles(dataDir)).toEqual([]);
  });

  it("refuses a replacement that is no document and keeps the current file", () => {
    const { db, admin, dataDir } = setUp();
    const id = created(createMaterial(db, dataDir, admin, { fields: fields(), file: { bytes: tinyPdf(), fileName: "a.pdf" } }, NOW));
    const result = updateMaterial(db, dataDir, admin, id, { fields: fields(), file: { bytes: HTML_AS_PDF, fileName: "b.pdf" } }, LATER);
    expect(result.ok).toBe(false);
    expect(storedFiles(dataDir)).toHaveLength(1);
    expect(db.select({ n: count() }).from(materialFiles).get()!.n).toBe(1);
  });
});

describe("who manages", () => {
  it("a facilitator files material under the series they facilitate, not under others', and manages only those", () => {
    const { db, admin, dataDir } = setUp();
    const facilitator = person(db, ["participant", "facilitator"]);
    const own = createSession(db, { facilitatorIds: [facilitator.id] });
    const other = createSession(db);
    const mine = createMaterial(
      db,
      dataDir,
      facilitator,
      { fields: fields({ sessionId: own.id }), file: { bytes: tinyPdf(), fileName: "f.pdf" } },
      NOW,
    );
    expect(mine.ok).toBe(true);
    // The session's series is filled in from the session.
    expect(
      db
        .select({ seriesId: materials.seriesId })
        .from(materials)
        .where(eq(materials.id, created(mine)))
        .get()!.seriesId,
    ).toBe(own.seriesId);
    const refused = createMaterial(
      db,
      dataDir,
      facilitator,
      { fields: fields({ sessionId: other.id }), file: { bytes: tinyPdf(), fileName: "f.pdf" } },
      NOW,
    );
    expect(refused.ok === false && refused.reason === "invalid" && refused.errors.target).toMatch(/Termin aus der Liste/);
    expect(storedFiles(dataDir)).toHaveLength(1);
    const others = created(
      createMaterial(
        db,
        dataDir,
        admin,
        { fields: fields({ seriesId: other.seriesId, link: "https://stadt.example/a" }), file: null },
        NOW,
      ),
    );
    expect(updateMaterial(db, dataDir, facilitator, others, { fields: fields(), file: null }, LATER)).toEqual({
      ok: false,
      reason: "forbidden",
    });
    expect(deleteMaterial(db, dataDir, facilitator, others, LATER)).toEqual({ ok: false, reason: "forbidden" });
    const staff = person(db, ["participant"]);
    expect(createMaterial(db, dataDir, staff, { fields: fields({ link: "https://stadt.example" }), file: null }, NOW)).toEqual({
      ok: false,
      reason: "forbidden",
    });
  });
});

describe("seat-holder material", () => {
  it("is seen by people with a confirmed or attended place, those who manage it and admins — on every path", () => {
    const { db, admin, dataDir } = setUp();
    const facilitator = person(db, ["participant", "facilitator"]);
    const session = createSession(db, { facilitatorIds: [facilitator.id], startsAt: new Date("2027-02-20T09:00:00Z") });
    const laterDate = createSession(db, { seriesId: session.seriesId });
    const [confirmed, attended, waitlisted, cancelled, stranger] = Array.from({ length: 5 }, () => person(db, ["participant"]));
    register(db, session.id, confirmed!.id, "confirmed");
    register(db, session.id, attended!.id, "attended");
    register(db, session.id, waitlisted!.id, "waitlisted");
    register(db, session.id, cancelled!.id, "cancelled");
    register(db, laterDate.id, stranger!.id, "confirmed");
    const slides = created(
      createMaterial(
        db,
        dataDir,
        facilitator,
        {
          fields: fields({ title: "Folien vom 20. Februar", kind: "slides", sessionId: session.id, visibility: "seat_holders" }),
          file: { bytes: tinyPdf(), fileName: "Folien.pdf" },
        },
        NOW,
      ),
    );
    const expectations: [string, { id: number; roles: Role[] } | null, boolean][] = [
      ["confirmed", confirmed!, true],
      ["attended", attended!, true],
      ["waitlisted", waitlisted!, false],
      ["cancelled", cancelled!, false],
      ["another date of the series", stranger!, false],
      ["facilitator", facilitator, true],
      ["admin", admin, true],
      ["signed out", null, false],
    ];
    for (const [who, actor, sees] of expectations) {
      const viewer = materialViewerFor(db, actor);
      const ids = (cards: { id: number }[]) => cards.map((c) => c.id);
      expect(ids(listMaterials(db, viewer, { section: "", kind: "", series: "", q: "" }, NOW).items), who).toEqual(sees ? [slides] : []);
      expect(ids(materialsBySection(db, viewer).s6 ?? []), who).toEqual(sees ? [slides] : []);
      expect(ids(materialsForSession(db, viewer, session.id, session.seriesId)), who).toEqual(sees ? [slides] : []);
      expect(getMaterial(db, viewer, actor, slides, NOW).ok, who).toBe(sees);
      expect(readMaterialFile(db, dataDir, viewer, actor, slides, null).ok, who).toBe(sees);
      const hits = searchSite(db, { query: "Folien Februar", signedIn: actor !== null, viewer }).groups.flatMap((g) =>
        g.hits.map((h) => h.href),
      );
      expect(hits, who).toEqual(sees ? [`/materials/${slides}`] : []);
    }
    // Refused with 403, not 404: it exists, but not for them.
    expect(getMaterial(db, materialViewerFor(db, waitlisted!), waitlisted!, slides, NOW)).toEqual({ ok: false, reason: "forbidden" });
  });

  it("property: every path shows exactly the materials the one rule allows, for any mix of places and materials", () => {
    const { db, admin, dataDir } = setUp();
    const facilitator = person(db, ["participant", "facilitator"]);
    const seriesA = createSeries(db, { title: "Reihe A" });
    const sessionsA = [
      createSession(db, { seriesId: seriesA.id, facilitatorIds: [facilitator.id] }),
      createSession(db, { seriesId: seriesA.id }),
    ];
    const sessionB = createSession(db);
    const allSessions = [...sessionsA, sessionB];
    const people = Array.from({ length: 3 }, () => person(db, ["participant"]));
    const statuses = ["confirmed", "attended", "waitlisted", "cancelled", null] as const;
    fc.assert(
      fc.property(
        fc.array(fc.record({ session: fc.nat(2), seatHolders: fc.boolean(), deleted: fc.boolean() }), { minLength: 1, maxLength: 5 }),
        fc.array(fc.array(fc.constantFrom(...statuses), { minLength: 3, maxLength: 3 }), { minLength: 3, maxLength: 3 }),
        (specs, places) => {
          db.run(sql`delete from registrations`);
          db.run(sql`delete from materials`);
          db.run(sql`delete from search_index where rowid % 4 = 0`);
          for (const [p, row] of places.entries()) {
            for (const [s, status] of row.entries()) if (status) register(db, allSessions[s]!.id, people[p]!.id, status);
          }
          const ids = specs.map((spec, i) => {
            const id = created(
              createMaterial(
                db,
                dataDir,
                admin,
                {
                  fields: fields({
                    title: `Eigenschaft Nummer${i}`,
                    link: `https://stadt.example/${i}`,
                    sessionId: allSessions[spec.session]!.id,
                    visibility: spec.seatHolders ? "seat_holders" : "staff",
                  }),
                  file: null,
                },
                NOW,
              ),
            );
            if (spec.deleted) deleteMaterial(db, dataDir, admin, id, NOW);
            return { id, ...spec };
          });
          for (const [p, actor] of [...people, facilitator, admin].entries()) {
            const viewer = materialViewerFor(db, actor);
            // The reference model, written out without the code under test.
            const expected = ids
              .filter((m) => {
                if (m.deleted) return false;
                if (!m.seatHolders || actor === admin) return true;
                if (actor === facilitator) return m.session < 2;
                const status = places[p]![m.session];
                return status === "confirmed" || status === "attended";
              })
              .map((m) => m.id)
              .sort((a, b) => a - b);
            const listed = listMaterials(db, viewer, { section: "", kind: "", series: "", q: "" }, NOW)
              .items.map((m) => m.id)
              .sort((a, b) => a - b);
            expect(listed).toEqual(expected);
            const found = searchSite(db, { query: "Eigenschaft", signedIn: true, viewer })
              .groups.flatMap((g) => g.hits.map((h) => Number(h.href.split("/").pop())))
              .sort((a, b) => a - b);
            expect(found).toEqual(expected);
            const opened = ids
              .filter((m) => getMaterial(db, viewer, actor, m.id, NOW).ok)
              .map((m) => m.id)
              .sort((a, b) => a - b);
            expect(opened).toEqual(expected);
          }
        },
      ),
      { numRuns: 40 },
    );
  });
});

describe("retention: the uploader's choice once the registrations are anonymised", () => {
  it("opens seat-holder material to all staff, or removes it with its files", () => {
    const { db, admin, dataDir } = setUp();
    const session = createSession(db, { startsAt: new Date("2026-09-01T09:00:00Z") });
    const holder = person(db, ["participant"]);
    const stranger = person(db, ["participant"]);
    register(db, session.id, holder.id, "attended");
    const base = { sessionId: session.id, visibility: "seat_holders" } as const;
    const opens = created(
      createMaterial(
        db,
        dataDir,
        admin,
        { fields: fields({ ...base, title: "Bleibt" }), file: { bytes: tinyPdf(), fileName: "a.pdf" } },
        NOW,
      ),
    );
    const goes = created(
      createMaterial(
        db,
        dataDir,
        admin,
        { fields: fields({ ...base, title: "Verschwindet", afterRetention: "remove" }), file: { bytes: tinyPdf(), fileName: "b.pdf" } },
        NOW,
      ),
    );
    // Material for all staff is not touched, whatever its uploader chose.
    const forAll = created(
      createMaterial(
        db,
        dataDir,
        admin,
        {
          fields: fields({ sessionId: session.id, title: "Für alle", afterRetention: "remove", link: "https://stadt.example" }),
          file: null,
        },
        NOW,
      ),
    );
    expect(storedFiles(dataDir)).toHaveLength(2);
    const result = db.transaction(
      (tx) => {
        const ids = tx.select({ id: registrations.id }).from(registrations).where(eq(registrations.sessionId, session.id)).all();
        anonymiseRegistrations(
          tx,
          ids.map((r) => r.id),
          LATER,
        );
        return applyRetentionToMaterials(tx, [session.id], LATER);
      },
      { behavior: "immediate" },
    );
    removeMaterialFiles(dataDir, result.filesToRemove);
    expect(result.opened).toEqual([opens]);
    expect(result.removed).toEqual([goes]);
    expect(storedFiles(dataDir)).toHaveLength(1);
    const viewer = materialViewerFor(db, stranger);
    expect(getMaterial(db, viewer, stranger, opens, LATER).ok).toBe(true);
    expect(getMaterial(db, viewer, stranger, goes, LATER)).toEqual({ ok: false, reason: "not_found" });
    expect(searchSite(db, { query: "Bleibt", signedIn: true, viewer }).total).toBe(1);
    expect(searchSite(db, { query: "Verschwindet", signedIn: true, viewer: materialViewerFor(db, admin) }).total).toBe(0);
    expect(getMaterial(db, viewer, stranger, forAll, LATER).ok).toBe(true);
    expect(db.select().from(auditLog).where(eq(auditLog.action, "material_removed_by_retention")).all()).toHaveLength(1);
  });
});

describe("the retention run applies the uploader's choice", () => {
  it("removes participants-only material of a session whose registrations it anonymises, files after the commit; the dry run only counts", () => {
    const { db, admin, dataDir } = setUp();
    const session = createSession(db, { startsAt: new Date("2026-09-01T09:00:00Z") });
    register(db, session.id, person(db, ["participant"]).id, "confirmed");
    const goes = created(
      createMaterial(
        db,
        dataDir,
        admin,
        {
          fields: fields({ sessionId: session.id, visibility: "seat_holders", title: "Folien", afterRetention: "remove" }),
          file: { bytes: tinyPdf(), fileName: "folien.pdf" },
        },
        NOW,
      ),
    );
    // A year and a month after the session: its registrations are due (default 365 days).
    const due = new Date("2027-10-05T09:00:00Z");
    const dry = runRetention(db, due, { dryRun: true, dataDir });
    expect(dry.counts.materialsRemoved).toBe(1);
    expect(storedFiles(dataDir)).toHaveLength(1);
    expect(db.select().from(materials).where(eq(materials.id, goes)).get()?.deletedAt).toBeNull();

    const run = runRetention(db, due, { dataDir });
    expect(run.counts.materialsRemoved).toBe(1);
    expect(run.counts.registrations).toBe(1);
    expect(storedFiles(dataDir)).toHaveLength(0);
    expect(db.select().from(materials).where(eq(materials.id, goes)).get()?.deletedAt).not.toBeNull();
  });
});

describe("Teilnehmende informieren", () => {
  it("mails everyone who held a seat once per session and day with all of that day's materials, the next morning", () => {
    const { db, admin, dataDir } = setUp();
    const session = createSession(db, { startsAt: new Date("2027-02-20T09:00:00Z") });
    const [a, b, waiting] = Array.from({ length: 3 }, () => person(db, ["participant"]));
    register(db, session.id, a!.id, "confirmed");
    register(db, session.id, b!.id, "attended");
    register(db, session.id, waiting!.id, "waitlisted");
    // An anonymised place: nobody left to tell.
    db.insert(registrations)
      .values({ sessionId: session.id, userId: null, status: "attended", queuedAt: NOW, updatedAt: NOW, anonymisedAt: NOW })
      .run();
    const base = { sessionId: session.id, notifyParticipants: true };
    const morning = new Date("2027-03-01T08:00:00Z");
    const evening = new Date("2027-03-01T20:00:00Z");
    created(
      createMaterial(
        db,
        dataDir,
        admin,
        { fields: fields({ ...base, title: "Folien" }), file: { bytes: tinyPdf(), fileName: "f.pdf" } },
        morning,
      ),
    );
    created(
      createMaterial(
        db,
        dataDir,
        admin,
        { fields: fields({ ...base, title: "Handout" }), file: { bytes: tinyPdf(), fileName: "h.pdf" } },
        evening,
      ),
    );
    created(
      createMaterial(
        db,
        dataDir,
        admin,
        { fields: fields({ sessionId: session.id, title: "Ohne Mail" }), file: { bytes: tinyPdf(), fileName: "o.pdf" } },
        evening,
      ),
    );
    const clock = (iso: string) => ({ now: new Date(iso), appUrl: "http://ki.test" });

    // The same day, and the next morning before seven (Berlin): nothing yet.
    expect(queueMaterialNotifications(db, clock("2027-03-01T22:00:00Z"))).toBe(0);
    expect(queueMaterialNotifications(db, clock("2027-03-02T05:30:00Z"))).toBe(0);
    expect(queueMaterialNotifications(db, clock("2027-03-02T06:30:00Z"))).toBe(2);
    const mails = db.select().from(outbox).where(eq(outbox.kind, "materials_added")).all();
    expect(mails.map((m) => m.dedupeKey).sort()).toEqual(
      [`materials:s${session.id}:2027-03-01:u${a!.id}`, `materials:s${session.id}:2027-03-01:u${b!.id}`].sort(),
    );
    expect(mails[0]!.text).toContain("– Folien");
    expect(mails[0]!.text).toContain("– Handout");
    expect(mails[0]!.text).not.toContain("Ohne Mail");
    expect(mails[0]!.subject).toMatch(/^Neue Materialien: /);
    // Collected once.
    expect(queueMaterialNotifications(db, clock("2027-03-02T08:30:00Z"))).toBe(0);
    expect(db.select({ n: count() }).from(outbox).where(eq(outbox.kind, "materials_added")).get()!.n).toBe(2);
  });
});

describe("search:rebuild", () => {
  it("holds the materials that are not deleted, with their description", () => {
    const { db, admin, dataDir } = setUp();
    created(
      createMaterial(
        db,
        dataDir,
        admin,
        {
          fields: fields({ title: "Prompt-Rahmen", description: "Rolle, Aufgabe, Kontext, Format", link: "https://stadt.example" }),
          file: null,
        },
        NOW,
      ),
    );
    const gone = created(
      createMaterial(
        db,
        dataDir,
        admin,
        { fields: fields({ title: "Prompt-Entwurf alt", link: "https://stadt.example" }), file: null },
        NOW,
      ),
    );
    deleteMaterial(db, dataDir, admin, gone, NOW);
    expect(rebuildSearchIndex(db).materials).toBe(1);
    const staff = person(db, ["participant"]);
    const results = searchSite(db, { query: "Kontext Format", signedIn: true, viewer: materialViewerFor(db, staff) });
    expect(results.groups.flatMap((g) => g.hits.map((h) => [SEARCH_KIND_LABELS[h.kind], h.href]))).toEqual([
      ["Material", expect.stringMatching(/^\/materials\/\d+$/)],
    ]);
    // Grouped under § 6, its section.
    expect(results.groups[0]!.heading).toBe("§ 6 Datenschutz");
    // Signed out, or without a viewer: no materials.
    expect(searchSite(db, { query: "Kontext", signedIn: false }).total).toBe(0);
    expect(existsSync(dataDir)).toBe(true);
  });
});
