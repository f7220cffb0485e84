// Materials (issue 17, decision 022): use cases for managing them (create, edit, replace the
// file, delete) and for reading them (list, page, download, per section, per session). Every
// read goes through `mayViewMaterial` (rules.ts). Files: the upload module of decision 017 —
// bytes checked by content (`sniffDocument`), stored under a generated name in
// data/uploads/materials before the transaction (removed again if it fails), files that are
// no longer needed removed after the commit.
import { and, asc, desc, eq, inArray, isNull } from "drizzle-orm";
import { writeAudit } from "~/lib/audit.server";
import { formatDate, formatDateTime } from "~/lib/dates";
import { schema, type Db, type DbOrTx } from "~/lib/db.server";
import { renderMarkdown } from "~/lib/markdown.server";
import { sectionChoices, visibleSeries } from "~/questions/reads.server";
import { reindexMaterial } from "~/search/index.server";
import { normaliseForSearch } from "~/search/normalise";
import { readStoredFile, removeStoredFile, storeFileAtomically, uploadsDir } from "~/uploads/files.server";
import { sanitiseFileName } from "~/uploads/names";
import { sniffDocument } from "~/uploads/sniff";
import { MATERIAL_AFTER_RETENTION, MATERIAL_KINDS, MATERIAL_VISIBILITIES, type MaterialKind } from "~db/schema";
import { type Actor, isAdmin, manageableSeriesIds, mayManageMaterial, mayManageMaterials } from "./access.server";
import {
  MATERIAL_KIND_LABELS,
  MAX_MATERIAL_BYTES,
  type MaterialErrors,
  type MaterialFields,
  type MaterialViewer,
  checkLink,
  checkMaterialFields,
  formatBytes,
  materialRefusal,
  mayViewMaterial,
} from "./rules";

const { materials, materialFiles, materialSections, series, sessions, agreementSections } = schema;

export const MATERIALS_AREA = "materials";
export const materialsDir = (dataDir: string) => uploadsDir(dataDir, MATERIALS_AREA);

type Material = typeof materials.$inferSelect;
type MaterialFile = typeof materialFiles.$inferSelect;
export type UploadedFile = { bytes: Uint8Array; fileName: string };
export type Refusal = { ok: false; reason: "forbidden" | "not_found" };
export type Invalid = { ok: false; reason: "invalid"; errors: MaterialErrors };

const WRONG_TYPE =
  "Diese Datei ist keine PDF-, PowerPoint- (PPTX), Word- (DOCX), Excel- (XLSX), PNG- oder JPG-Datei. Geprüft wird der Inhalt, nicht nur die Endung.";

// --- choices for the form ------------------------------------------------------------------

export type TargetOption = { value: string; label: string };

/** Sections of the version in force, the series and the sessions a person may file material under. */
export function materialFormChoices(db: DbOrTx, actor: Actor, now: Date) {
  const allowed = manageableSeriesIds(db, actor);
  const seriesRows = db
    .select({ id: series.id, title: series.title })
    .from(series)
    .orderBy(asc(series.title))
    .all()
    .filter((row) => allowed === "all" || allowed.has(row.id));
  const sessionRows = seriesRows.length
    ? db
        .select({ id: sessions.id, seriesId: sessions.seriesId, startsAt: sessions.startsAt, status: sessions.status })
        .from(sessions)
        .where(
          and(
            inArray(
              sessions.seriesId,
              seriesRows.map((s) => s.id),
            ),
            inArray(sessions.status, ["published", "cancelled"]),
          ),
        )
        .orderBy(asc(sessions.startsAt))
        .all()
    : [];
  const titles = new Map(seriesRows.map((s) => [s.id, s.title]));
  return {
    sections: sectionChoices(db, now).map(({ anchor, heading }) => ({ anchor, heading })),
    series: seriesRows.map((s) => ({ value: String(s.id), label: s.title })),
    sessions: sessionRows.map((s) => ({ value: String(s.id), label: `${titles.get(s.seriesId)}, ${formatDateTime(s.startsAt)}` })),
    kinds: MATERIAL_KINDS.map((kind) => ({ value: kind, label: MATERIAL_KIND_LABELS[kind] })),
  };
}

// --- checks needing the database -----------------------------------------------------------

type Checked = { fields: MaterialFields; seriesId: number | null; url: string | null };

function checkInDb(
  tx: DbOrTx,
  actor: Actor,
  input: MaterialFields,
  file: "new" | "kept" | "none",
  hasBody: boolean,
): { ok: true; checked: Checked } | Invalid {
  const errors = checkMaterialFields(input, MATERIAL_KINDS, MATERIAL_VISIBILITIES);
  if (!MATERIAL_AFTER_RETENTION.includes(input.afterRetention as never)) {
    errors.afterRetention = "Bitte wählen Sie aus, was nach der Löschfrist mit dem Material geschieht.";
  }
  let url: string | null = null;
  const link = input.link.trim();
  if (link) {
    if (file !== "none") errors.link = "Bitte geben Sie entweder eine Datei oder einen Link an, nicht beides.";
    else {
      const checked = checkLink(link);
      if (checked.ok) url = checked.url;
      else errors.link = checked.message;
    }
  } else if (file === "none" && !hasBody) {
    errors.file = "Bitte wählen Sie eine Datei aus oder geben Sie einen Link an.";
  }
  const known = new Set(
    tx
      .selectDistinct({ anchor: agreementSections.anchor })
      .from(agreementSections)
      .all()
      .map((row) => row.anchor),
  );
  if (input.anchors.some((anchor) => !known.has(anchor))) errors.anchors = "Bitte wählen Sie nur Abschnitte aus der Liste.";
  let seriesId = input.seriesId;
  const allowed = manageableSeriesIds(tx, actor);
  if (input.sessionId !== null) {
    const session = tx.select({ seriesId: sessions.seriesId }).from(sessions).where(eq(sessions.id, input.sessionId)).get();
    if (!session || (allowed !== "all" && !allowed.has(session.seriesId))) errors.target = "Bitte wählen Sie einen Termin aus der Liste.";
    else if (seriesId !== null && seriesId !== session.seriesId)
      errors.target = "Der Termin gehört nicht zu der gewählten Veranstaltungsreihe.";
    else seriesId = session.seriesId;
  } else if (seriesId !== null) {
    const row = tx.select({ id: series.id }).from(series).where(eq(series.id, seriesId)).get();
    if (!row || (allowed !== "all" && !allowed.has(seriesId))) errors.target = "Bitte wählen Sie eine Veranstaltungsreihe aus der Liste.";
  }
  if (Object.keys(errors).length > 0) return { ok: false, reason: "invalid", errors };
  return { ok: true, checked: { fields: input, seriesId, url } };
}

type SniffedUpload = { storedName: string; fileName: string; contentType: string; sizeBytes: number };

/** Checks and stores an upload before the transaction; null with a message when refused. */
function storeUpload(dataDir: string, file: UploadedFile): { ok: true; stored: SniffedUpload } | { ok: false; message: string } {
  if (file.bytes.length > MAX_MATERIAL_BYTES) return { ok: false, message: "Die Datei ist zu groß (höchstens 20 MB)." };
  const type = sniffDocument(file.bytes);
  if (!type) return { ok: false, message: WRONG_TYPE };
  const storedName = storeFileAtomically(materialsDir(dataDir), file.bytes, type.extension);
  return {
    ok: true,
    stored: {
      storedName,
      fileName: sanitiseFileName(file.fileName, type.extension),
      contentType: type.contentType,
      sizeBytes: file.bytes.length,
    },
  };
}

function writeSections(tx: DbOrTx, materialId: number, anchors: string[]): void {
  tx.delete(materialSections).where(eq(materialSections.materialId, materialId)).run();
  for (const anchor of new Set(anchors)) tx.insert(materialSections).values({ materialId, anchor }).run();
}

// --- create, edit, replace, delete ---------------------------------------------------------

export type SaveResult = { ok: true; id: number } | Refusal | Invalid;

export function createMaterial(
  db: Db,
  dataDir: string,
  actor: Actor,
  input: { fields: MaterialFields; file: UploadedFile | null },
  now: Date,
): SaveResult {
  if (!mayManageMaterials(actor)) return { ok: false, reason: "forbidden" };
  // Fields first: a refused form must not leave a file behind.
  const precheck = checkInDb(db, actor, input.fields, input.file ? "new" : "none", false);
  if (!precheck.ok) return precheck;
  let stored: SniffedUpload | null = null;
  if (input.file) {
    const upload = storeUpload(dataDir, input.file);
    if (!upload.ok) return { ok: false, reason: "invalid", errors: { file: upload.message } };
    stored = upload.stored;
  }
  try {
    return db.transaction(
      (tx): SaveResult => {
        const check = checkInDb(tx, actor, input.fields, stored ? "new" : "none", false);
        if (!check.ok) throw new RefusedInTransaction(check);
        const { fields, seriesId, url } = check.checked;
        const material = tx
          .insert(materials)
          .values({
            title: fields.title.trim(),
            description: fields.description.trim(),
            kind: fields.kind as MaterialKind,
            url,
            seriesId,
            sessionId: fields.sessionId,
            visibility: fields.visibility as Material["visibility"],
            afterRetention: fields.afterRetention as Material["afterRetention"],
            notifyParticipants: fields.notifyParticipants,
            createdById: actor.id,
            updatedAt: now,
            createdAt: now,
          })
          .returning({ id: materials.id })
          .get();
        writeSections(tx, material.id, fields.anchors);
        if (stored)
          tx.insert(materialFiles)
            .values({ materialId: material.id, ...stored, uploadedById: actor.id, createdAt: now })
            .run();
        writeAudit(tx, {
          actorId: actor.id,
          action: "material_created",
          subjectType: "material",
          subjectId: material.id,
          details: { title: fields.title.trim(), kind: fields.kind, file: stored?.fileName ?? null, url },
          at: now,
        });
        reindexMaterial(tx, material.id);
        return { ok: true, id: material.id };
      },
      { behavior: "immediate" },
    );
  } catch (error) {
    if (stored) removeStoredFile(materialsDir(dataDir), stored.storedName);
    if (error instanceof RefusedInTransaction) return error.result;
    throw error;
  }
}

class RefusedInTransaction extends Error {
  constructor(readonly result: Invalid) {
    super("refused");
  }
}

function findManaged(tx: DbOrTx, actor: Actor, id: number): { ok: true; material: Material } | Refusal {
  if (!mayManageMaterials(actor)) return { ok: false, reason: "forbidden" };
  const material = tx.select().from(materials).where(eq(materials.id, id)).get();
  if (!material || material.deletedAt) return { ok: false, reason: "not_found" };
  return mayManageMaterial(tx, actor, material) ? { ok: true, material } : { ok: false, reason: "forbidden" };
}

/**
 * Saves the fields; with a file, replaces the current file by a new version (the old one
 * stays, for the record). A link material keeps being a link, a file material a file.
 */
export function updateMaterial(
  db: Db,
  dataDir: string,
  actor: Actor,
  id: number,
  input: { fields: MaterialFields; file: UploadedFile | null },
  now: Date,
): SaveResult {
  const found = findManaged(db, actor, id);
  if (!found.ok) return found;
  const isFile = found.material.url === null && found.material.body === null;
  if (input.file && !isFile)
    return {
      ok: false,
      reason: "invalid",
      errors: { file: "Dieses Material ist ein Link; eine Datei kann hier nicht hochgeladen werden." },
    };
  const fileState = isFile ? (input.file ? "new" : "kept") : "none";
  const precheck = checkInDb(db, actor, input.fields, fileState, found.material.body !== null);
  if (!precheck.ok) return precheck;
  let stored: SniffedUpload | null = null;
  if (input.file) {
    const upload = storeUpload(dataDir, input.file);
    if (!upload.ok) return { ok: false, reason: "invalid", errors: { file: upload.message } };
    stored = upload.stored;
  }
  try {
    return db.transaction(
      (tx): SaveResult => {
        const again = findManaged(tx, actor, id);
        if (!again.ok) return again;
        const check = checkInDb(tx, actor, input.fields, fileState, again.material.body !== null);
        if (!check.ok) throw new RefusedInTransaction(check);
        const { fields, seriesId, url } = check.checked;
        tx.update(materials)
          .set({
            title: fields.title.trim(),
            description: fields.description.trim(),
            kind: fields.kind as MaterialKind,
            url: again.material.url === null ? null : url,
            seriesId,
            sessionId: fields.sessionId,
            visibility: fields.visibility as Material["visibility"],
            afterRetention: fields.afterRetention as Material["afterRetention"],
            // Ticking it again after a mail went out asks for one more (the job's dedupe is per day).
            notifyParticipants: fields.notifyParticipants,
            notifiedAt: fields.notifyParticipants && !again.material.notifyParticipants ? null : again.material.notifiedAt,
            updatedAt: now,
          })
          .where(eq(materials.id, id))
          .run();
        writeSections(tx, id, fields.anchors);
        if (stored)
          tx.insert(materialFiles)
            .values({ materialId: id, ...stored, uploadedById: actor.id, createdAt: now })
            .run();
        writeAudit(tx, {
          actorId: actor.id,
          action: stored ? "material_file_replaced" : "material_changed",
          subjectType: "material",
          subjectId: id,
          details: { title: fields.title.trim(), file: stored?.fileName ?? null },
          at: now,
        });
        reindexMaterial(tx, id);
        return { ok: true, id };
      },
      { behavior: "immediate" },
    );
  } catch (error) {
    if (stored) removeStoredFile(materialsDir(dataDir), stored.storedName);
    if (error instanceof RefusedInTransaction) return error.result;
    throw error;
  }
}

/**
 * Marks the material deleted and deletes its file versions (rows and files): a deleted
 * material answers 404 everywhere, and nothing of it stays on disk. The audit keeps the title.
 */
export function deleteMaterial(db: Db, dataDir: string, actor: Actor, id: number, now: Date): { ok: true } | Refusal {
  const files = db.transaction(
    (tx): string[] | Refusal => {
      const found = findManaged(tx, actor, id);
      if (!found.ok) return found;
      const names = softDelete(tx, id, now);
      writeAudit(tx, {
        actorId: actor.id,
        action: "material_deleted",
        subjectType: "material",
        subjectId: id,
        details: { title: found.material.title, files: names.length },
        at: now,
      });
      return names;
    },
    { behavior: "immediate" },
  );
  if (!Array.isArray(files)) return files;
  removeMaterialFiles(dataDir, files);
  return { ok: true };
}

/** Inside a transaction: marks deleted, drops the file rows and the search entry; returns the stored names to remove after the commit. */
export function softDelete(tx: DbOrTx, id: number, now: Date): string[] {
  const names = tx
    .select({ storedName: materialFiles.storedName })
    .from(materialFiles)
    .where(eq(materialFiles.materialId, id))
    .all()
    .map((row) => row.storedName);
  tx.delete(materialFiles).where(eq(materialFiles.materialId, id)).run();
  tx.update(materials).set({ deletedAt: now, updatedAt: now }).where(eq(materials.id, id)).run();
  reindexMaterial(tx, id);
  return names;
}

/** After the commit: the files of deleted materials leave the disk. */
export function removeMaterialFiles(dataDir: string, storedNames: string[]): void {
  for (const name of storedNames) removeStoredFile(materialsDir(dataDir), name);
}

// --- reading -------------------------------------------------------------------------------

export type MaterialCard = {
  id: number;
  title: string;
  description: string;
  kind: MaterialKind;
  kindLabel: string;
  href: string;
  /** "PDF, 1,2 MB" / "Link" / "Seite" */
  format: string;
  seatHoldersOnly: boolean;
  updatedOn: string | null;
  anchors: string[];
  seriesId: number | null;
  sessionId: number | null;
};

const FORMAT_NAMES: Record<string, string> = {
  "application/pdf": "PDF",
  "image/png": "PNG-Bild",
  "image/jpeg": "JPG-Bild",
  "application/vnd.openxmlformats-officedocument.presentationml.presentation": "PowerPoint",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "Word",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "Excel",
};

/** A change later than the day it was created shows as "aktualisiert am …". */
function updatedOn(material: Pick<Material, "createdAt" | "updatedAt">): string | null {
  return formatDate(material.updatedAt) !== formatDate(material.createdAt) ? formatDate(material.updatedAt) : null;
}

/** Every material the viewer may see, newest change first, with its sections and current file. */
function visibleMaterials(db: DbOrTx, viewer: MaterialViewer | null, where = isNull(materials.deletedAt)): MaterialCard[] {
  if (!viewer) return [];
  const rows = db.select().from(materials).where(where).orderBy(desc(materials.updatedAt), desc(materials.id)).all();
  const visible = rows.filter((row) => mayViewMaterial(row, viewer));
  if (visible.length === 0) return [];
  const ids = visible.map((row) => row.id);
  const anchors = new Map<number, string[]>();
  for (const row of db.select().from(materialSections).where(inArray(materialSections.materialId, ids)).all()) {
    anchors.set(row.materialId, [...(anchors.get(row.materialId) ?? []), row.anchor]);
  }
  const current = new Map<number, MaterialFile>();
  for (const file of db.select().from(materialFiles).where(inArray(materialFiles.materialId, ids)).orderBy(asc(materialFiles.id)).all()) {
    current.set(file.materialId, file);
  }
  return visible.map((row) => {
    const file = current.get(row.id);
    return {
      id: row.id,
      title: row.title,
      description: row.description,
      kind: row.kind,
      kindLabel: MATERIAL_KIND_LABELS[row.kind],
      href: `/materials/${row.id}`,
      format: row.url ? "Link" : file ? `${FORMAT_NAMES[file.contentType] ?? "Datei"}, ${formatBytes(file.sizeBytes)}` : "Seite",
      seatHoldersOnly: row.visibility === "seat_holders",
      updatedOn: updatedOn(row),
      anchors: (anchors.get(row.id) ?? []).sort((a, b) => a.localeCompare(b, "de", { numeric: true })),
      seriesId: row.seriesId,
      sessionId: row.sessionId,
    };
  });
}

export type MaterialFilters = { section: string; kind: string; series: string; q: string };

/** /materials: everything the viewer may see, narrowed by section, kind, series and text. */
export function listMaterials(db: DbOrTx, viewer: MaterialViewer | null, filters: MaterialFilters, now: Date) {
  const terms = normaliseForSearch(filters.q.trim().slice(0, 200)).split(/\s+/).filter(Boolean);
  const seriesId = /^\d+$/.test(filters.series) ? Number(filters.series) : null;
  const all = visibleMaterials(db, viewer);
  const items = all.filter(
    (m) =>
      (!filters.section || m.anchors.includes(filters.section)) &&
      (!filters.kind || m.kind === filters.kind) &&
      (seriesId === null || m.seriesId === seriesId) &&
      terms.every((term) => normaliseForSearch(`${m.title} ${m.description}`).includes(term)),
  );
  const sections = sectionChoices(db, now).map(({ anchor, heading }) => ({ anchor, heading }));
  const headings = new Map(sections.map((s) => [s.anchor, s.heading]));
  const seriesTitles = new Map(visibleSeries(db).map((s) => [s.id, s.title]));
  return {
    total: all.length,
    items: items.map((m) => ({
      ...m,
      sections: m.anchors.map((anchor) => ({ anchor, heading: headings.get(anchor) ?? `Abschnitt ${anchor}` })),
      seriesTitle: m.seriesId !== null ? (seriesTitles.get(m.seriesId) ?? null) : null,
    })),
    choices: {
      sections,
      kinds: MATERIAL_KINDS.map((kind) => ({ value: kind, label: MATERIAL_KIND_LABELS[kind] })),
      series: [...seriesTitles].map(([id, title]) => ({ value: String(id), label: title })),
    },
  };
}

/** /agreement: the materials of each section, by anchor. */
export function materialsBySection(db: DbOrTx, viewer: MaterialViewer | null): Record<string, MaterialCard[]> {
  const bySection: Record<string, MaterialCard[]> = {};
  for (const material of visibleMaterials(db, viewer)) {
    for (const anchor of material.anchors) bySection[anchor] = [...(bySection[anchor] ?? []), material];
  }
  return bySection;
}

/** A session's page: its own materials, then those of its series. */
export function materialsForSession(db: DbOrTx, viewer: MaterialViewer | null, sessionId: number, seriesId: number): MaterialCard[] {
  const all = visibleMaterials(db, viewer).filter((m) => m.sessionId === sessionId || (m.sessionId === null && m.seriesId === seriesId));
  return [...all.filter((m) => m.sessionId === sessionId), ...all.filter((m) => m.sessionId !== sessionId)];
}

/** The material page; 404 for unknown and deleted, 403 for seat-holder material of someone without a place. */
export function getMaterial(db: DbOrTx, viewer: MaterialViewer | null, actor: Actor | null, id: number, now: Date) {
  const material = db.select().from(materials).where(eq(materials.id, id)).get();
  const refusal = materialRefusal(material, viewer);
  if (refusal || !material) return { ok: false as const, reason: refusal ?? "not_found" };
  const files = db.select().from(materialFiles).where(eq(materialFiles.materialId, id)).orderBy(desc(materialFiles.id)).all();
  const anchors = new Set(
    db
      .select({ anchor: materialSections.anchor })
      .from(materialSections)
      .where(eq(materialSections.materialId, id))
      .all()
      .map((r) => r.anchor),
  );
  const sections = sectionChoices(db, now)
    .filter((s) => anchors.has(s.anchor))
    .map(({ anchor, heading }) => ({ anchor, heading }));
  const session =
    material.sessionId !== null
      ? db
          .select({ id: sessions.id, startsAt: sessions.startsAt, endsAt: sessions.endsAt, title: series.title })
          .from(sessions)
          .innerJoin(series, eq(series.id, sessions.seriesId))
          .where(eq(sessions.id, material.sessionId))
          .get()
      : undefined;
  const seriesRow =
    material.seriesId !== null
      ? db.select({ id: series.id, title: series.title }).from(series).where(eq(series.id, material.seriesId)).get()
      : undefined;
  const current = files[0];
  const manage = actor !== null && mayManageMaterials(actor) && mayManageMaterial(db, actor, material);
  return {
    ok: true as const,
    material: {
      id: material.id,
      title: material.title,
      description: material.description,
      kindLabel: MATERIAL_KIND_LABELS[material.kind],
      url: material.url,
      bodyHtml: material.body ? renderMarkdown(material.body) : null,
      seatHoldersOnly: material.visibility === "seat_holders",
      createdOn: formatDate(material.createdAt),
      updatedOn: updatedOn(material),
      file: current
        ? {
            href: `/materials/${material.id}/file`,
            fileName: current.fileName,
            format: `${FORMAT_NAMES[current.contentType] ?? "Datei"}, ${formatBytes(current.sizeBytes)}`,
          }
        : null,
      sections,
      session: session ? { id: session.id, label: `${session.title}, ${formatDateTime(session.startsAt)}` } : null,
      series: seriesRow && !session ? { id: seriesRow.id, title: seriesRow.title } : null,
    },
    manage,
    // Earlier versions are kept for the record; the people who manage the material see them.
    versions: manage
      ? files.map((file, i) => ({
          id: file.id,
          fileName: file.fileName,
          format: `${FORMAT_NAMES[file.contentType] ?? "Datei"}, ${formatBytes(file.sizeBytes)}`,
          uploadedAt: formatDateTime(file.createdAt),
          current: i === 0,
          href: i === 0 ? `/materials/${material.id}/file` : `/materials/${material.id}/file?version=${file.id}`,
        }))
      : [],
  };
}

export type FileToServe = { content: Buffer; contentType: string; fileName: string };

/**
 * The current file (or, for those who manage the material, an earlier version) for the
 * download route; the same refusals as the page.
 */
export function readMaterialFile(
  db: DbOrTx,
  dataDir: string,
  viewer: MaterialViewer | null,
  actor: Actor | null,
  id: number,
  versionId: number | null,
): { ok: true; file: FileToServe } | Refusal {
  const material = db.select().from(materials).where(eq(materials.id, id)).get();
  const refusal = materialRefusal(material, viewer);
  if (refusal || !material) return { ok: false, reason: refusal ?? "not_found" };
  let file: MaterialFile | undefined;
  if (versionId === null) {
    file = db.select().from(materialFiles).where(eq(materialFiles.materialId, id)).orderBy(desc(materialFiles.id)).limit(1).get();
  } else {
    if (!actor || (!isAdmin(actor) && !mayManageMaterial(db, actor, material))) return { ok: false, reason: "forbidden" };
    file = db
      .select()
      .from(materialFiles)
      .where(and(eq(materialFiles.materialId, id), eq(materialFiles.id, versionId)))
      .get();
  }
  if (!file) return { ok: false, reason: "not_found" };
  const content = readStoredFile(materialsDir(dataDir), file.storedName);
  if (!content) return { ok: false, reason: "not_found" };
  return { ok: true, file: { content, contentType: file.contentType, fileName: file.fileName } };
}

/** /facilitate/materials: what this person may manage. */
export function listManagedMaterials(db: DbOrTx, actor: Actor) {
  if (!mayManageMaterials(actor)) return { ok: false as const, reason: "forbidden" as const };
  const rows = db
    .select()
    .from(materials)
    .where(isNull(materials.deletedAt))
    .orderBy(desc(materials.updatedAt), desc(materials.id))
    .all()
    .filter((row) => mayManageMaterial(db, actor, row));
  return {
    ok: true as const,
    rows: rows.map((row) => ({
      id: row.id,
      title: row.title,
      kindLabel: MATERIAL_KIND_LABELS[row.kind],
      seatHoldersOnly: row.visibility === "seat_holders",
      updatedOn: formatDate(row.updatedAt),
    })),
  };
}

/** The edit form's values and the versions of a material this person manages. */
export function getMaterialForEdit(db: DbOrTx, actor: Actor, id: number) {
  const found = findManaged(db, actor, id);
  if (!found.ok) return found;
  const m = found.material;
  const anchors = db
    .select({ anchor: materialSections.anchor })
    .from(materialSections)
    .where(eq(materialSections.materialId, id))
    .all()
    .map((r) => r.anchor);
  const files = db.select().from(materialFiles).where(eq(materialFiles.materialId, id)).orderBy(desc(materialFiles.id)).all();
  return {
    ok: true as const,
    isFile: m.url === null && m.body === null,
    isPage: m.body !== null,
    values: {
      title: m.title,
      description: m.description,
      kind: m.kind,
      link: m.url ?? "",
      anchors,
      seriesId: m.seriesId,
      sessionId: m.sessionId,
      visibility: m.visibility,
      afterRetention: m.afterRetention,
      notifyParticipants: m.notifyParticipants,
    } satisfies MaterialFields,
    versions: files.map((file, i) => ({
      id: file.id,
      fileName: file.fileName,
      format: `${FORMAT_NAMES[file.contentType] ?? "Datei"}, ${formatBytes(file.sizeBytes)}`,
      uploadedAt: formatDateTime(file.createdAt),
      current: i === 0,
      href: i === 0 ? `/materials/${id}/file` : `/materials/${id}/file?version=${file.id}`,
    })),
  };
}
