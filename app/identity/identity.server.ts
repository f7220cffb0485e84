// The city's identity (decision 017): name, footer address, primary colour and logo, kept in
// the `settings` table and read only through this module. The logo file lies in the data
// folder; its setting names the file, its type and a version for cache busting.
import { createHash } from "node:crypto";
import { eq, inArray } from "drizzle-orm";
import { writeAudit } from "~/lib/audit.server";
import { schema, type Db, type DbOrTx } from "~/lib/db.server";
import { sniffImage } from "~/uploads/sniff";
import { readStoredFile, removeStoredFile, storeFileAtomically, uploadsDir } from "~/uploads/files.server";
import {
  checkPrimaryColour,
  DEFAULT_ORGANISATION_NAME,
  DEFAULT_PRIMARY_COLOUR,
  MAX_FOOTER_ADDRESS,
  MAX_ORGANISATION_NAME,
  themeCss,
} from "./rules";

const { settings } = schema;

export const SETTING_ORGANISATION_NAME = "organisation_name";
export const SETTING_FOOTER_ADDRESS = "footer_address";
export const SETTING_PRIMARY_COLOUR = "primary_colour";
export const SETTING_LOGO = "logo";
const KEYS = [SETTING_ORGANISATION_NAME, SETTING_FOOTER_ADDRESS, SETTING_PRIMARY_COLOUR, SETTING_LOGO];

/** The logo may have 1 MB (issue 15). */
export const MAX_LOGO_BYTES = 1_000_000;
const LOGO_AREA = "branding";

export type Actor = { id: number; roles: readonly string[] };
export type StoredLogo = { file: string; contentType: "image/png" | "image/jpeg"; version: string };
export type Identity = {
  organisationName: string;
  footerAddress: string;
  primaryColour: string;
  logo: StoredLogo | null;
  /** Changes whenever the stylesheet /theme.css would change. */
  themeVersion: string;
};

const shortHash = (value: string | Uint8Array) => createHash("sha256").update(value).digest("hex").slice(0, 12);

function parseLogo(value: string | undefined): StoredLogo | null {
  if (!value) return null;
  try {
    const logo = JSON.parse(value) as Partial<StoredLogo>;
    if (typeof logo.file !== "string" || typeof logo.version !== "string") return null;
    if (logo.contentType !== "image/png" && logo.contentType !== "image/jpeg") return null;
    return { file: logo.file, contentType: logo.contentType, version: logo.version };
  } catch {
    return null;
  }
}

export function readIdentity(db: DbOrTx): Identity {
  const rows = db.select().from(settings).where(inArray(settings.key, KEYS)).all();
  const value = (key: string) => rows.find((row) => row.key === key)?.value;
  const primaryColour = checkPrimaryColour(value(SETTING_PRIMARY_COLOUR) ?? "");
  const colour = primaryColour.ok ? primaryColour.colour : DEFAULT_PRIMARY_COLOUR;
  return {
    organisationName: value(SETTING_ORGANISATION_NAME)?.trim() || DEFAULT_ORGANISATION_NAME,
    footerAddress: value(SETTING_FOOTER_ADDRESS) ?? "",
    primaryColour: colour,
    logo: parseLogo(value(SETTING_LOGO)),
    themeVersion: shortHash(themeCss(colour)),
  };
}

export function themeStylesheet(db: DbOrTx): { css: string; version: string } {
  const identity = readIdentity(db);
  return { css: themeCss(identity.primaryColour), version: identity.themeVersion };
}

export type IdentityInput = { organisationName: string; footerAddress: string; primaryColour: string };
export type IdentityField = keyof IdentityInput;
export type SaveIdentityResult =
  | { ok: true; changed: boolean }
  | { ok: false; reason: "forbidden" }
  | { ok: false; reason: "invalid"; errors: Partial<Record<IdentityField, string>> };

const isAdmin = (actor: Actor) => actor.roles.includes("admin");

function upsert(tx: DbOrTx, key: string, value: string) {
  tx.insert(settings).values({ key, value }).onConflictDoUpdate({ target: settings.key, set: { value } }).run();
}

/** Checks name, address and colour; saves all three or nothing. */
export function saveIdentity(db: Db, actor: Actor, input: IdentityInput, now: Date): SaveIdentityResult {
  if (!isAdmin(actor)) return { ok: false, reason: "forbidden" };
  const errors: Partial<Record<IdentityField, string>> = {};
  const organisationName = input.organisationName.trim().replace(/\s+/g, " ");
  if (!organisationName) errors.organisationName = "Bitte geben Sie den Namen der Organisation ein.";
  else if (organisationName.length > MAX_ORGANISATION_NAME) errors.organisationName = `Höchstens ${MAX_ORGANISATION_NAME} Zeichen.`;
  const footerAddress = input.footerAddress
    .replace(/\r\n?/g, "\n")
    .split("\n")
    .map((line) => line.trim())
    .join("\n")
    .trim();
  if (footerAddress.length > MAX_FOOTER_ADDRESS) errors.footerAddress = `Höchstens ${MAX_FOOTER_ADDRESS} Zeichen.`;
  const colour = checkPrimaryColour(input.primaryColour);
  if (!colour.ok) errors.primaryColour = colour.message;
  if (Object.keys(errors).length > 0 || !colour.ok) return { ok: false, reason: "invalid", errors };

  return db.transaction(
    (tx) => {
      const before = readIdentity(tx);
      const after = { organisationName, footerAddress, primaryColour: colour.colour };
      const changes: Record<string, { old: string; new: string }> = {};
      for (const [field, key] of [
        ["organisationName", SETTING_ORGANISATION_NAME],
        ["footerAddress", SETTING_FOOTER_ADDRESS],
        ["primaryColour", SETTING_PRIMARY_COLOUR],
      ] as const) {
        if (before[field] === after[field]) continue;
        upsert(tx, key, after[field]);
        changes[field] = { old: before[field], new: after[field] };
      }
      if (Object.keys(changes).length === 0) return { ok: true as const, changed: false };
      writeAudit(tx, {
        actorId: actor.id,
        action: "identity_changed",
        subjectType: "setting",
        subjectId: "identity",
        details: changes,
        at: now,
      });
      return { ok: true as const, changed: true };
    },
    { behavior: "immediate" },
  );
}

export type SetLogoResult = { ok: true; logo: StoredLogo } | { ok: false; reason: "forbidden" | "not_an_image" };

/**
 * Stores a PNG or JPEG (checked by its bytes) as the logo. The file is written before the
 * transaction and removed again if that fails; the replaced file is removed after the commit.
 */
export function setLogo(db: Db, dataDir: string, actor: Actor, bytes: Uint8Array, now: Date): SetLogoResult {
  if (!isAdmin(actor)) return { ok: false, reason: "forbidden" };
  const image = sniffImage(bytes);
  if (!image) return { ok: false, reason: "not_an_image" };
  const dir = uploadsDir(dataDir, LOGO_AREA);
  const file = storeFileAtomically(dir, bytes, image.extension);
  const logo: StoredLogo = { file, contentType: image.contentType, version: shortHash(bytes) };
  let replaced: StoredLogo | null;
  try {
    replaced = db.transaction(
      (tx) => {
        const before = readIdentity(tx).logo;
        upsert(tx, SETTING_LOGO, JSON.stringify(logo));
        writeAudit(tx, {
          actorId: actor.id,
          action: "logo_changed",
          subjectType: "setting",
          subjectId: SETTING_LOGO,
          details: { old: before?.version ?? null, new: logo.version, contentType: logo.contentType, bytes: bytes.length },
          at: now,
        });
        return before;
      },
      { behavior: "immediate" },
    );
  } catch (error) {
    removeStoredFile(dir, file);
    throw error;
  }
  if (replaced && replaced.file !== file) removeStoredFile(dir, replaced.file);
  return { ok: true, logo };
}

/** "Logo entfernen": the default (the name alone) comes back. */
export function removeLogo(
  db: Db,
  dataDir: string,
  actor: Actor,
  now: Date,
): { ok: true; removed: boolean } | { ok: false; reason: "forbidden" } {
  if (!isAdmin(actor)) return { ok: false, reason: "forbidden" };
  const removed = db.transaction(
    (tx) => {
      const before = readIdentity(tx).logo;
      if (!before) return null;
      tx.delete(settings).where(eq(settings.key, SETTING_LOGO)).run();
      writeAudit(tx, {
        actorId: actor.id,
        action: "logo_removed",
        subjectType: "setting",
        subjectId: SETTING_LOGO,
        details: { old: before.version },
        at: now,
      });
      return before;
    },
    { behavior: "immediate" },
  );
  if (removed) removeStoredFile(uploadsDir(dataDir, LOGO_AREA), removed.file);
  return { ok: true, removed: removed !== null };
}

/** The current logo's bytes for /branding/logo and for mails; null when none is set. */
export function readLogo(db: DbOrTx, dataDir: string): (StoredLogo & { content: Buffer }) | null {
  const logo = readIdentity(db).logo;
  if (!logo) return null;
  const content = readStoredFile(uploadsDir(dataDir, LOGO_AREA), logo.file);
  return content ? { ...logo, content } : null;
}
