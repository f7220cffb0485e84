// Uploaded files (decision 017): read from a multipart form with a size limit, stored in the
// data folder under a generated name, written atomically (a temp file renamed into place, so
// a reader never sees half a file), read back only by a name we generated. The logo uses it
// first; the materials issue stores its files the same way in its own folder.
import { randomUUID } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";

export type UploadRead = { ok: true; bytes: Buffer; fileName: string } | { ok: false; reason: "missing" | "too_large" };

/** The file in `field`, at most `maxBytes` long; an empty file input counts as missing. */
export async function readUploadedFile(form: FormData, field: string, maxBytes: number): Promise<UploadRead> {
  const file = form.get(field);
  if (!file || typeof file === "string" || file.size === 0) return { ok: false, reason: "missing" };
  if (file.size > maxBytes) return { ok: false, reason: "too_large" };
  return { ok: true, bytes: Buffer.from(await file.arrayBuffer()), fileName: file.name };
}

// Only names this module made: no path separators, no dots but the extension's.
const STORED_NAME = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.[a-z0-9]{1,5}$/;

export const uploadsDir = (dataDir: string, area: string) => path.join(dataDir, "uploads", area);

/** Writes the bytes under a new generated name in `dir` and returns that name. */
export function storeFileAtomically(dir: string, bytes: Uint8Array, extension: string): string {
  mkdirSync(dir, { recursive: true });
  const name = `${randomUUID()}.${extension}`;
  const temp = path.join(dir, `.${name}.tmp`);
  try {
    writeFileSync(temp, bytes, { mode: 0o640 });
    renameSync(temp, path.join(dir, name));
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
  return name;
}

/** A stored file's bytes; null when the name is not one of ours or the file is gone. */
export function readStoredFile(dir: string, name: string): Buffer | null {
  if (!STORED_NAME.test(name)) return null;
  try {
    return readFileSync(path.join(dir, name));
  } catch {
    return null;
  }
}

/** Removes a stored file; a missing one is fine (already removed). */
export function removeStoredFile(dir: string, name: string): void {
  if (!STORED_NAME.test(name)) return;
  rmSync(path.join(dir, name), { force: true });
}
