// The number on a Teilnahmebestätigung, e.g. "TB-2026-000812": the year of the session and the
// registration's id, so an organiser can look a certificate up without a table of numbers.
// Pure: the page and the lookup both use it.
const PATTERN = /^TB-(\d{4})-(\d{6,})$/;

export function certificateNumber(registrationId: number, startsAt: Date): string {
  return `TB-${startsAt.getUTCFullYear()}-${String(registrationId).padStart(6, "0")}`;
}

/** The registration id and year a typed number names, or null (spaces and lower case forgiven). */
export function parseCertificateNumber(input: string): { registrationId: number; year: number } | null {
  const match = PATTERN.exec(input.trim().toUpperCase().replace(/\s+/g, ""));
  if (!match) return null;
  const registrationId = Number(match[2]);
  return Number.isSafeInteger(registrationId) && registrationId > 0 ? { registrationId, year: Number(match[1]) } : null;
}
