// Pure rules of the materials (decision 022): labels, the link check, the input check and the
// one visibility rule every page, download and search result goes through.
import type { MATERIAL_AFTER_RETENTION, MATERIAL_VISIBILITIES, MaterialKind } from "~db/schema";

export type MaterialVisibility = (typeof MATERIAL_VISIBILITIES)[number];
export type MaterialAfterRetention = (typeof MATERIAL_AFTER_RETENTION)[number];

export const MATERIAL_KIND_LABELS: Record<MaterialKind, string> = {
  example: "Anwendungsbeispiel",
  guide: "Leitfaden",
  template: "Vorlage",
  slides: "Präsentation",
  elearning: "E-Learning",
  other: "Sonstiges",
};

export const MATERIAL_VISIBILITY_LABELS: Record<MaterialVisibility, string> = {
  staff: "Alle eingeloggten Mitarbeitenden",
  seat_holders: "Nur Teilnehmende des Termins (angemeldet oder anwesend)",
};

export const AFTER_RETENTION_LABELS: Record<MaterialAfterRetention, string> = {
  open_to_staff: "Danach für alle eingeloggten Mitarbeitenden sichtbar",
  remove: "Danach entfernen (die Datei wird gelöscht)",
};

/** The upload limit (issue 17): 20 MB. server.mjs lets a little more through for the form's other parts. */
export const MAX_MATERIAL_BYTES = 20_000_000;

/** Who looks: nobody signed in, or a person with what decides what they may see. */
export type MaterialViewer = {
  userId: number;
  /** Admins see every material. */
  isAdmin: boolean;
  /** Sessions the person held a seat in (confirmed or attended). */
  seatSessionIds: ReadonlySet<number>;
  /** Sessions whose material the person manages (facilitator of the session or its series). */
  managedSessionIds: ReadonlySet<number>;
};

export type VisibilityFacts = {
  visibility: MaterialVisibility;
  sessionId: number | null;
  deletedAt: Date | null;
};

/**
 * The one rule: a deleted material is seen by nobody; signed-out people see none; material
 * for all staff is seen by everyone signed in; material for seat holders only by those who
 * held a seat in its session, by those who manage it, and by admins. Seat-holder material
 * without a session (its session was deleted) is then only for admins.
 */
export function mayViewMaterial(material: VisibilityFacts, viewer: MaterialViewer | null): boolean {
  if (material.deletedAt !== null || viewer === null) return false;
  if (material.visibility === "staff" || viewer.isAdmin) return true;
  if (material.sessionId === null) return false;
  return viewer.seatSessionIds.has(material.sessionId) || viewer.managedSessionIds.has(material.sessionId);
}

/** Why a viewer may not open a material: gone (404) or not for them (403). */
export function materialRefusal(material: VisibilityFacts | undefined, viewer: MaterialViewer | null): "not_found" | "forbidden" | null {
  if (!material || material.deletedAt !== null) return "not_found";
  return mayViewMaterial(material, viewer) ? null : "forbidden";
}

/** http or https only: `javascript:`, `data:`, `file:` and the rest are refused. */
export function checkLink(raw: string): { ok: true; url: string } | { ok: false; message: string } {
  const value = raw.trim();
  if (value.length > 2000) return { ok: false, message: "Der Link ist zu lang (höchstens 2.000 Zeichen)." };
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { ok: false, message: "Bitte geben Sie einen vollständigen Link an, der mit https:// oder http:// beginnt." };
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    return { ok: false, message: "Nur Links mit https:// oder http:// sind erlaubt." };
  }
  if (url.username || url.password) return { ok: false, message: "Der Link darf keinen Benutzernamen und kein Passwort enthalten." };
  return { ok: true, url: url.href };
}

export type MaterialFields = {
  title: string;
  description: string;
  kind: string;
  link: string;
  anchors: string[];
  seriesId: number | null;
  sessionId: number | null;
  visibility: string;
  afterRetention: string;
  notifyParticipants: boolean;
};

export type MaterialErrors = Partial<
  Record<"title" | "description" | "kind" | "file" | "link" | "anchors" | "target" | "visibility" | "afterRetention", string>
>;

export const TITLE_MAX = 200;
export const DESCRIPTION_MAX = 2000;

/** The checks that need no database: lengths, kind, visibility and where it is filed. */
export function checkMaterialFields(input: MaterialFields, kinds: readonly string[], visibilities: readonly string[]): MaterialErrors {
  const errors: MaterialErrors = {};
  const title = input.title.trim();
  if (!title) errors.title = "Bitte geben Sie einen Titel an.";
  else if (title.length > TITLE_MAX) errors.title = `Der Titel ist zu lang (höchstens ${TITLE_MAX} Zeichen).`;
  if (input.description.trim().length > DESCRIPTION_MAX) {
    errors.description = `Die Beschreibung ist zu lang (höchstens ${DESCRIPTION_MAX.toLocaleString("de-DE")} Zeichen).`;
  }
  if (!kinds.includes(input.kind)) errors.kind = "Bitte wählen Sie eine Art aus.";
  if (!visibilities.includes(input.visibility)) errors.visibility = "Bitte wählen Sie aus, wer das Material sehen darf.";
  if (input.anchors.length === 0 && input.seriesId === null && input.sessionId === null) {
    errors.anchors = "Bitte ordnen Sie das Material mindestens einem Abschnitt, einer Veranstaltungsreihe oder einem Termin zu.";
  }
  if (input.visibility === "seat_holders" && input.sessionId === null) {
    errors.visibility =
      "„Nur Teilnehmende“ geht nur mit einem Termin. Bitte wählen Sie einen Termin oder „Alle eingeloggten Mitarbeitenden“.";
  }
  if (input.notifyParticipants && input.sessionId === null) {
    errors.target = "„Teilnehmende informieren“ geht nur mit einem Termin. Bitte wählen Sie einen Termin aus.";
  }
  return errors;
}

/** Inline for PDF and images (the browser shows them), everything else as a download. */
export function dispositionFor(contentType: string): "inline" | "attachment" {
  return contentType === "application/pdf" || contentType === "image/png" || contentType === "image/jpeg" ? "inline" : "attachment";
}

/** "1,2 MB", "350 kB" */
export function formatBytes(bytes: number): string {
  if (bytes >= 1_000_000) return `${(bytes / 1_000_000).toLocaleString("de-DE", { maximumFractionDigits: 1 })} MB`;
  return `${Math.max(1, Math.round(bytes / 1000)).toLocaleString("de-DE")} kB`;
}
