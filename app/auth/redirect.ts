/**
 * Only local paths are followed after sign-in: "/sessions/4" yes, "//evil.example",
 * "/\evil.example" or "https://…" no (they would send a fresh login to another site).
 */
export function safeRedirectPath(value: unknown, fallback = "/sessions"): string {
  if (typeof value !== "string") return fallback;
  if (!value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return fallback;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
  if (/[\u0000-\u001f\\]/.test(value)) return fallback;
  if (value.startsWith("/login") || value.startsWith("/logout")) return fallback;
  return value;
}
