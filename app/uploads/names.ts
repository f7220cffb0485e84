// The name an uploaded file is offered under again (Content-Disposition). The browser sends
// whatever the client says: "C:\\Users\\…\\Folien.pdf", "../../etc/passwd", control characters,
// a newline that would end a header. Only the last path part is kept, control and format
// characters and the characters Windows forbids in names are dropped, and the length is capped.
// The stored file never uses this name (decision 017): it lies under a generated one.

const MAX_LENGTH = 120;

/** A safe display name for an uploaded file, ending in the extension its content was checked for. */
export function sanitiseFileName(raw: string, extension: string): string {
  const lastPart = raw.split(/[\\/]/).pop() ?? "";
  const cleaned = lastPart
    .normalize("NFC")
    .replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, "")
    .replace(/[<>:"|?*]/g, "")
    .replace(/\s+/g, " ")
    .trim()
    .replace(/^\.+/, "");
  // The extension is the one the bytes were checked for, whatever the name said.
  const stem = cleaned.replace(/\.[^.]*$/, "").trim() || "Datei";
  return `${stem.slice(0, MAX_LENGTH)}.${extension}`;
}

/** RFC 6266/5987: an ASCII fallback and the UTF-8 name for Content-Disposition. */
export function contentDisposition(kind: "inline" | "attachment", fileName: string): string {
  const ascii = fileName
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^\x20-\x7e]/g, "_")
    .replace(/["\\]/g, "_");
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}
