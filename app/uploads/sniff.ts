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
