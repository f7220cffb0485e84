// The material form's file, read through the upload module (decision 017) with the 20 MB
// limit. server.mjs has already refused a larger body with 413 before anything read it.
import { readUploadedFile } from "~/uploads/files.server";
import type { UploadedFile } from "./materials.server";
import { MAX_MATERIAL_BYTES } from "./rules";

export async function readMaterialUpload(
  form: FormData,
): Promise<{ ok: true; file: UploadedFile | null } | { ok: false; message: string }> {
  const upload = await readUploadedFile(form, "file", MAX_MATERIAL_BYTES);
  if (upload.ok) return { ok: true, file: { bytes: upload.bytes, fileName: upload.fileName } };
  if (upload.reason === "missing") return { ok: true, file: null };
  return { ok: false, message: "Die Datei ist zu groß (höchstens 20 MB)." };
}
