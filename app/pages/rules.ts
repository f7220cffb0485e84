// The legal pages the city maintains (decision 024): which there are, what a saved text may
// hold, and the accessibility statement's fixed parts. Pure: no I/O.

export const LEGAL_PAGE_SLUGS = ["impressum", "datenschutz", "barrierefreiheit"] as const;
export type LegalPageSlug = (typeof LEGAL_PAGE_SLUGS)[number];

/** The admin list's names and the title a page gets when an admin first writes it. */
export const LEGAL_PAGE_LABELS: Record<LegalPageSlug, string> = {
  impressum: "Impressum",
  datenschutz: "Datenschutzerklärung",
  barrierefreiheit: "Erklärung zur Barrierefreiheit",
};

export function isLegalPageSlug(value: string | undefined): value is LegalPageSlug {
  return (LEGAL_PAGE_SLUGS as readonly string[]).includes(value ?? "");
}

/** Only the accessibility statement carries a review date (BITV NRW: "Datum der letzten Überprüfung"). */
export const hasReviewDate = (slug: LegalPageSlug) => slug === "barrierefreiheit";

export const MAX_TITLE = 200;
/** Far above any real legal text (the demo's privacy page has about 4,000 characters). */
export const MAX_BODY = 100_000;

// The state's enforcement office for the accessibility statement (§ 10d BGG NRW, Durchsetzungsverfahren).
// A fixed address, not a setting: it is the same for every public body in NRW. The ministry's
// page, as the demo text has it since the start; the office's own site is www.lbbp.nrw.de/ombudsstelle.
export const OMBUDSSTELLE = {
  name: "Ombudsstelle für barrierefreie Informationstechnik des Landes Nordrhein-Westfalen",
  url: "https://www.mags.nrw/ombudsstelle-barrierefreie-informationstechnik",
} as const;

export type PageInput = { title: string; body: string; reviewedOn: string };
export type PageField = keyof PageInput;
export type PageCheck =
  | { ok: true; values: { title: string; body: string; reviewedOn: string | null } }
  | { ok: false; errors: Partial<Record<PageField, string>> };

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** "2026-11-25" when it names a real calendar day. */
export function isCalendarDate(value: string): boolean {
  const match = DATE.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

const berlinDay = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Berlin", year: "numeric", month: "2-digit", day: "2-digit" });

/** Today's date in Berlin as "2026-11-25" (the review date is a day there, not an instant). */
export function berlinToday(now: Date): string {
  return berlinDay.format(now);
}

/** "25. November 2026" */
export function formatCalendarDate(value: string): string {
  const match = DATE.exec(value);
  if (!match) return value;
  return new Intl.DateTimeFormat("de-DE", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }).format(
    new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))),
  );
}

/** Line ends as the browser sends them (\r\n) become \n, so an unchanged text compares equal. */
const normaliseBody = (body: string) => body.replace(/\r\n?/g, "\n").replace(/\s+$/, "");

/** Checks a page's title, Markdown and (for the accessibility statement) its review date. */
export function checkPageInput(slug: LegalPageSlug, input: PageInput, now: Date): PageCheck {
  const errors: Partial<Record<PageField, string>> = {};
  const title = input.title.trim().replace(/\s+/g, " ");
  if (!title) errors.title = "Bitte geben Sie eine Überschrift ein.";
  else if (title.length > MAX_TITLE) errors.title = `Die Überschrift darf höchstens ${MAX_TITLE} Zeichen haben.`;
  const body = normaliseBody(input.body);
  if (!body.trim()) errors.body = "Bitte geben Sie den Text der Seite ein.";
  else if (body.length > MAX_BODY) errors.body = `Der Text darf höchstens ${MAX_BODY.toLocaleString("de-DE")} Zeichen haben.`;
  let reviewedOn: string | null = null;
  if (hasReviewDate(slug)) {
    const value = input.reviewedOn.trim();
    if (!value) errors.reviewedOn = "Bitte geben Sie das Datum der letzten Überprüfung an.";
    else if (!isCalendarDate(value)) errors.reviewedOn = "Bitte geben Sie ein gültiges Datum an.";
    else if (value > berlinToday(now)) errors.reviewedOn = "Das Datum der letzten Überprüfung darf nicht in der Zukunft liegen.";
    else reviewedOn = value;
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, values: { title, body, reviewedOn } };
}
