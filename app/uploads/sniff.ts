// What an uploaded file is, decided by its bytes, never by its name or the browser's type
// (decision 017). Only raster formats that cannot carry script are known here: an SVG, an
// HTML page or anything else renamed to .png is refused by its content.

export type SniffedImage = { contentType: "image/png" | "image/jpeg"; extension: "png" | "jpg" };

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
// The IEND chunk: length 0, type "IEND", its CRC. A PNG ends with it; one that does not was cut off.
const PNG_END = [0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82];
const JPEG_START = [0xff, 0xd8, 0xff];
const JPEG_END = [0xff, 0xd9];

function startsWith(bytes: Uint8Array, prefix: number[], at = 0): boolean {
  if (bytes.length < at + prefix.length) return false;
  return prefix.every((byte, i) => bytes[at + i] === byte);
}

function isPng(bytes: Uint8Array): boolean {
  // Signature, then the IHDR chunk (length 13) first, and IEND last.
  return (
    startsWith(bytes, PNG_SIGNATURE) &&
    startsWith(bytes, [0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52], 8) &&
    bytes.length >= 8 + 25 + PNG_END.length &&
    startsWith(bytes, PNG_END, bytes.length - PNG_END.length)
  );
}

function isJpeg(bytes: Uint8Array): boolean {
  if (!startsWith(bytes, JPEG_START) || bytes.length < 8) return false;
  // The end-of-image marker, allowing for a little padding some cameras write after it.
  for (let at = bytes.length - 2; at >= Math.max(2, bytes.length - 64); at--) {
    if (startsWith(bytes, JPEG_END, at)) return true;
  }
  return false;
}

/** A complete PNG or JPEG by its magic bytes (and its end marker); null for anything else. */
export function sniffImage(bytes: Uint8Array): SniffedImage | null {
  if (isPng(bytes)) return { contentType: "image/png", extension: "png" };
  if (isJpeg(bytes)) return { contentType: "image/jpeg", extension: "jpg" };
  return null;
}

// --- documents (materials, decision 022) ----------------------------------------------------
// A PDF or an Office Open XML file (PPTX, DOCX, XLSX), known by its bytes too. An OOXML file is
// a ZIP whose central directory lists `[Content_Types].xml` and the main part of its kind
// (`word/document.xml`, `ppt/presentation.xml`, `xl/workbook.xml`); any other ZIP, a file
// with macros (a `vbaProject.bin` part) and anything renamed is refused. The names come from the central directory at the end of the file, which
// is what Office reads too, so a ZIP with a harmless first entry and an HTML page behind it
// does not pass as a document by its first bytes.

export type SniffedDocument = {
  contentType:
    | "application/pdf"
    | "image/png"
    | "image/jpeg"
    | "application/vnd.openxmlformats-officedocument.presentationml.presentation"
    | "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    | "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
  extension: "pdf" | "png" | "jpg" | "pptx" | "docx" | "xlsx";
};

const PDF_START = [0x25, 0x50, 0x44, 0x46, 0x2d]; // "%PDF-"
const PDF_END = [0x25, 0x25, 0x45, 0x4f, 0x46]; // "%%EOF"

function isPdf(bytes: Uint8Array): boolean {
  if (!startsWith(bytes, PDF_START)) return false;
  // "%%EOF" near the end (writers may add a line break or a little padding after it); a file
  // without it was cut off.
  for (let at = bytes.length - PDF_END.length; at >= Math.max(0, bytes.length - 1024); at--) {
    if (startsWith(bytes, PDF_END, at)) return true;
  }
  return false;
}

const ZIP_LOCAL = [0x50, 0x4b, 0x03, 0x04];
const ZIP_END = [0x50, 0x4b, 0x05, 0x06];
const ZIP_CENTRAL = [0x50, 0x4b, 0x01, 0x02];

const u16 = (b: Uint8Array, at: number) => b[at]! | (b[at + 1]! << 8);
const u32 = (b: Uint8Array, at: number) => (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16)) + b[at + 3]! * 0x1000000;

/** The entry names of a ZIP's central directory; null when it is no (complete) ZIP. */
export function zipEntryNames(bytes: Uint8Array): string[] | null {
  if (!startsWith(bytes, ZIP_LOCAL) || bytes.length < 22) return null;
  // The end record is the last 22 bytes plus a comment of at most 65,535 bytes.
  let end = -1;
  for (let at = bytes.length - 22; at >= Math.max(0, bytes.length - 22 - 0xffff); at--) {
    if (startsWith(bytes, ZIP_END, at)) {
      end = at;
      break;
    }
  }
  if (end < 0) return null;
  const count = u16(bytes, end + 10);
  const size = u32(bytes, end + 12);
  const offset = u32(bytes, end + 16);
  if (offset + size > end || count === 0 || count > 10_000) return null;
  const names: string[] = [];
  const decoder = new TextDecoder("utf-8", { fatal: false });
  let at = offset;
  for (let i = 0; i < count; i++) {
    if (at + 46 > end || !startsWith(bytes, ZIP_CENTRAL, at)) return null;
    const nameLength = u16(bytes, at + 28);
    const extraLength = u16(bytes, at + 30);
    const commentLength = u16(bytes, at + 32);
    if (at + 46 + nameLength > end) return null;
    names.push(decoder.decode(bytes.subarray(at + 46, at + 46 + nameLength)));
    at += 46 + nameLength + extraLength + commentLength;
  }
  return names;
}

const OOXML_MAIN_PARTS: { part: string; document: SniffedDocument }[] = [
  {
    part: "ppt/presentation.xml",
    document: { contentType: "application/vnd.openxmlformats-officedocument.presentationml.presentation", extension: "pptx" },
  },
  {
    part: "word/document.xml",
    document: { contentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", extension: "docx" },
  },
  {
    part: "xl/workbook.xml",
    document: { contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", extension: "xlsx" },
  },
];

/** A PPTX, DOCX or XLSX by its ZIP directory; null for any other ZIP and anything else. */
export function sniffOfficeDocument(bytes: Uint8Array): SniffedDocument | null {
  const names = zipEntryNames(bytes);
  if (!names?.includes("[Content_Types].xml")) return null;
  // Macros live in vbaProject.bin: a .pptm/.docm/.xlsm renamed is not what the list allows.
  if (names.some((name) => name.toLowerCase().endsWith("vbaproject.bin"))) return null;
  const kinds = OOXML_MAIN_PARTS.filter((kind) => names.includes(kind.part));
  return kinds.length === 1 ? kinds[0]!.document : null;
}

/** What the materials accept: PDF, PPTX, DOCX, XLSX, PNG or JPEG by content; null otherwise. */
export function sniffDocument(bytes: Uint8Array): SniffedDocument | null {
  if (isPdf(bytes)) return { contentType: "application/pdf", extension: "pdf" };
  const image = sniffImage(bytes);
  if (image) return image;
  return sniffOfficeDocument(bytes);
}
