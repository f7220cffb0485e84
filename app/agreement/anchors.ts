// Stable anchors for deep links into the agreement (/agreement#s6, #s6-2, #praeambel,
// #anlage-1). The page sets them as ids; the Markdown sanitiser drops ids from the text.

/** A valid anchor: lower-case letters, digits and hyphens, starting with a letter. */
export const ANCHOR_PATTERN = /^[a-z][a-z0-9-]{0,79}$/;

/** Ids the page layout uses itself (root: `main`); a section never takes them. */
export const RESERVED_ANCHORS: ReadonlySet<string> = new Set(["main"]);

const GERMAN_LETTERS: Record<string, string> = { ä: "ae", ö: "oe", ü: "ue", ß: "ss", Ä: "ae", Ö: "oe", Ü: "ue", ẞ: "ss" };

/** "Präambel" → "praeambel", "Anlage 1" → "anlage-1"; "" when nothing usable is left. */
export function slugify(text: string): string {
  const slug = text
    .replace(/[äöüßÄÖÜẞ]/g, (letter) => GERMAN_LETTERS[letter] ?? letter)
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  if (!slug) return "";
  const prefixed = /^[a-z]/.test(slug) && !RESERVED_ANCHORS.has(slug) ? slug : `abschnitt-${slug}`;
  // Long headings make long links; cut at a word boundary.
  if (prefixed.length <= 60) return prefixed;
  const cut = prefixed.slice(0, 60);
  return cut.includes("-") ? cut.slice(0, cut.lastIndexOf("-")) : cut;
}

const PARAGRAPH_SIGN = /^§\s*(\d+[a-z]?)$/i;

/** `§ 6` → `s6`; an unnumbered part by its number ("Anlage 1") or else its title. */
export function sectionAnchor(number: string | null, title: string): string {
  const match = number ? PARAGRAPH_SIGN.exec(number) : null;
  if (match) return `s${match[1]!.toLowerCase()}`;
  return slugify(number ?? title);
}

/** Absatz 2 of `s6` → `s6-2`. */
export function paragraphAnchor(sectionAnchorValue: string, paragraphNumber: number): string {
  return `${sectionAnchorValue}-${paragraphNumber}`;
}
