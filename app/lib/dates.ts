// The one module that turns instants into German text and Berlin wall time into instants.
// Everything is computed in Europe/Berlin, whatever the host's or browser's time zone,
// so the server and the browser render the same text.
export const TIME_ZONE = "Europe/Berlin";
const NBSP = "\u00a0";

const partsFormatter = new Intl.DateTimeFormat("de-DE", {
  timeZone: TIME_ZONE,
  weekday: "short",
  day: "numeric",
  month: "long",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
});

const numericFormatter = new Intl.DateTimeFormat("de-DE", {
  timeZone: TIME_ZONE,
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  hourCycle: "h23",
});

type BerlinParts = {
  weekday: string;
  day: string;
  month: string;
  year: string;
  hour: string;
  minute: string;
};

// Intl's formatToParts is the expensive step of rendering a list of dates, and the same few
// instants recur on every page: remember recent results (bounded, so memory stays flat).
function memoByInstant<T>(compute: (instant: Date) => T): (instant: Date) => T {
  const cache = new Map<number, T>();
  return (instant) => {
    const key = instant.getTime();
    let value = cache.get(key);
    if (value === undefined) {
      if (cache.size >= 5000) cache.clear();
      value = compute(instant);
      cache.set(key, value);
    }
    return value;
  };
}

const berlinParts = memoByInstant(computeBerlinParts);

function computeBerlinParts(instant: Date): BerlinParts {
  const parts: Record<string, string> = {};
  for (const part of partsFormatter.formatToParts(instant)) parts[part.type] = part.value;
  const weekday = parts.weekday ?? "";
  return {
    // "Di" in some ICU versions, "Di." in others: DIN 5008 text uses the dot.
    weekday: weekday.endsWith(".") ? weekday : `${weekday}.`,
    day: parts.day ?? "",
    month: parts.month ?? "",
    year: parts.year ?? "",
    hour: parts.hour ?? "",
    minute: parts.minute ?? "",
  };
}

/** "Di., 3. März 2026" */
export function formatDate(instant: Date): string {
  const p = berlinParts(instant);
  return `${p.weekday}, ${p.day}. ${p.month} ${p.year}`;
}

/** "10:00" */
export function formatTime(instant: Date): string {
  const p = berlinParts(instant);
  return `${p.hour}:${p.minute}`;
}

/** "03.03.2026" for tables */
export function formatDateNumeric(instant: Date): string {
  const w = wallParts(instant);
  return `${pad(w.day)}.${pad(w.month)}.${w.year}`;
}

/** "Di., 3. März 2026, 10:00 Uhr" */
export function formatDateTime(instant: Date): string {
  return `${formatDate(instant)}, ${formatTime(instant)}${NBSP}Uhr`;
}

/** "Di., 3. März 2026, 10:00–11:30 Uhr"; across midnight both dates are named. */
export function formatDateRange(start: Date, end: Date, separator = "–"): string {
  if (formatDate(start) === formatDate(end)) {
    return `${formatDate(start)}, ${formatTime(start)}${separator}${formatTime(end)}${NBSP}Uhr`;
  }
  return `${formatDateTime(start)}${separator}${formatDateTime(end)}`;
}

/** The same range as a screen reader should hear it: "bis" instead of the dash. */
export function formatDateRangeSpoken(start: Date, end: Date): string {
  return formatDateRange(start, end, " bis ");
}

type Wall = { year: number; month: number; day: number; hour: number; minute: number };

const wallParts = memoByInstant(computeWallParts);

function computeWallParts(instant: Date): Wall & { second: number } {
  const parts: Record<string, string> = {};
  for (const part of numericFormatter.formatToParts(instant)) parts[part.type] = part.value;
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
  };
}

function pad(n: number): string {
  return String(n).padStart(2, "0");
}

/** The Berlin wall time of an instant as a `datetime-local` value: "2026-03-03T10:00". */
export function toBerlinInputValue(instant: Date): string {
  const w = wallParts(instant);
  return `${w.year}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}`;
}

export type WallTimeResult = { ok: true; instant: Date; ambiguous: boolean } | { ok: false; reason: "invalid" | "nonexistent" };

const WALL_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})$/;

/**
 * Reads "2026-03-03T10:00" (or with a space) as Berlin wall time. A time skipped on the
 * spring-forward night does not exist and is refused; a time that occurs twice on the
 * fall-back night is resolved to its first occurrence (summer time) and flagged.
 */
export function berlinWallTimeToInstant(value: string): WallTimeResult {
  const match = WALL_TIME.exec(value.trim());
  if (!match) return { ok: false, reason: "invalid" };
  const [year, month, day, hour, minute] = match.slice(1).map(Number) as [number, number, number, number, number];
  const asUtc = Date.UTC(year, month - 1, day, hour, minute);
  const check = new Date(asUtc);
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day || hour > 23 || minute > 59) {
    return { ok: false, reason: "invalid" };
  }
  // Berlin is UTC+1 or UTC+2: try both offsets and keep those that read back the same.
  const candidates = [asUtc - 2 * 3600_000, asUtc - 3600_000].filter((candidate) => {
    const w = wallParts(new Date(candidate));
    return w.year === year && w.month === month && w.day === day && w.hour === hour && w.minute === minute;
  });
  if (candidates.length === 0) return { ok: false, reason: "nonexistent" };
  return { ok: true, instant: new Date(candidates[0]!), ambiguous: candidates.length > 1 };
}

/** "2026-03": the Berlin calendar month of the instant, for grouping and filters. */
export function berlinMonthKey(instant: Date): string {
  const w = wallParts(instant);
  return `${w.year}-${pad(w.month)}`;
}

const monthFormatter = new Intl.DateTimeFormat("de-DE", {
  timeZone: TIME_ZONE,
  month: "long",
  year: "numeric",
});

/** "März 2026" */
export function formatMonth(instant: Date): string {
  return monthFormatter.format(instant);
}

/**
 * The same Berlin wall time `days` calendar days later (a week later is 7 × 24 h ± 1 h
 * across a DST switch). A wall time that does not exist on the target day moves on by
 * the skipped hour.
 */
export function addBerlinDays(instant: Date, days: number): Date {
  const wall = toBerlinInputValue(instant);
  const [y, m, d] = wall.slice(0, 10).split("-").map(Number) as [number, number, number];
  const target = new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
  const result = berlinWallTimeToInstant(`${target}T${wall.slice(11)}`);
  return result.ok ? result.instant : new Date(instant.getTime() + days * 24 * 3600_000);
}
