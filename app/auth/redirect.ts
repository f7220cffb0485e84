const MAX_REDIRECT_LENGTH = 2000;

/**
 * Only local paths are followed after sign-in: "/sessions/4" yes, "//evil.example",
 * "/\evil.example" or "https://…" no (they would send a fresh login to another site).
 *
 * The result is printable ASCII, so it can always go into a Location header: other
 * characters (umlauts, emoji) are percent-encoded; control characters (C0, DEL, C1), a
 * broken surrogate or an overlong value give the fallback. A value that cannot be written
 * into a header would otherwise turn a sign-in that has already spent its link into a 500.
 */
export function safeRedirectPath(value: unknown, fallback = "/sessions"): string {
  if (typeof value !== "string") return fallback;
  if (!value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return fallback;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
  if (/[\u0000-\u001f\u007f-\u009f\\]/.test(value)) return fallback;
  if (value.startsWith("/login") || value.startsWith("/logout")) return fallback;
  let encoded: string;
  try {
    // Only what is outside printable ASCII; "%", "?" and "#" keep their meaning.
    encoded = value.replace(/[^\u0020-\u007e]+/g, (run) => encodeURIComponent(run));
  } catch {
    return fallback; // a lone surrogate cannot be encoded
  }
  // A space is printable but ends the path in some clients.
  encoded = encoded.replaceAll(" ", "%20");
  return encoded.length <= MAX_REDIRECT_LENGTH ? encoded : fallback;
}
