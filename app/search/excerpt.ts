// Excerpts and marked words, made from the original text (decision 014). FTS5's snippet()
// would show the index's normalised copy ("buergerdaten"); here the original words are
// compared with the query terms after the same normalisation. Pure, no I/O. The result is a
// list of plain-text parts, plain and marked in turn: React escapes each part when it renders
// it, so no HTML is ever built from the text and a mark can never land inside an entity or a tag.
import { foldForSearch, normaliseForSearch, wordsOf } from "./normalise";

/**
 * A text in parts, plain and marked in turn: even indices plain, odd indices marked, so
 * `["Darf ich ", "Bürgerdaten", " eingeben?"]` marks one word. A plain part may be empty.
 * Plain strings, not objects: a result page carries hundreds of parts, and each object cost
 * the page's data its own keys.
 */
export type MarkedText = string[];

/** The marked words of a text. */
export const markedParts = (text: MarkedText): string[] => text.filter((_, i) => i % 2 === 1);

// biome-ignore lint/suspicious/noControlCharactersInRegex: the test is "ASCII only"
const ASCII = /^[\u0000-\u007f]*$/;

/** Does this word of the original text match one of the (normalised) query terms as a prefix? */
export function wordMatches(word: string, terms: string[]): boolean {
  if (terms.length === 0) return false;
  // Most words are ASCII: normalised and folded are then just the lower case.
  if (ASCII.test(word)) {
    const lower = word.toLowerCase();
    return terms.some((term) => lower.startsWith(term));
  }
  const normalised = normaliseForSearch(word);
  const folded = foldForSearch(word);
  return terms.some((term) => normalised.startsWith(term) || folded.startsWith(term));
}

/** `wordMatches` for one set of terms, remembering each word's answer (a result list repeats many words). */
export function wordMatcher(terms: string[]): (word: string) => boolean {
  const known = new Map<string, boolean>();
  return (word) => {
    let answer = known.get(word);
    if (answer === undefined) {
      answer = wordMatches(word, terms);
      if (known.size < 10_000) known.set(word, answer);
    }
    return answer;
  };
}

type Terms = string[] | ((word: string) => boolean);
const matcherOf = (terms: Terms) => (typeof terms === "function" ? terms : wordMatcher(terms));

/** The whole text in parts, every matching word marked. */
export function markTerms(text: string, terms: Terms): MarkedText {
  const matches = matcherOf(terms);
  const parts: MarkedText = [];
  let at = 0;
  for (const { word, start, end } of wordsOf(text)) {
    if (!matches(word)) continue;
    parts.push(text.slice(at, start), word);
    at = end;
  }
  if (at < text.length || parts.length === 0) parts.push(text.slice(at));
  return parts;
}

/**
 * About `length` characters around the first matching word (the text's start when none
 * matches), cut at word boundaries, with "…" where text was left out, then marked.
 */
export function excerpt(text: string, terms: Terms, length = 220): MarkedText {
  const matches = matcherOf(terms);
  const flat = text.replace(/\s+/g, " ").trim();
  if (flat.length <= length) return markTerms(flat, matches);
  const words = wordsOf(flat);
  const first = words.find((w) => matches(w.word));
  let start = first ? Math.max(0, first.start - Math.floor(length / 3)) : 0;
  let end = Math.min(flat.length, start + length);
  if (end === flat.length) start = Math.max(0, end - length);
  // Whole words only: move the cuts to the nearest space inside the window.
  if (start > 0) {
    const space = flat.indexOf(" ", start);
    if (space !== -1 && space < (first?.start ?? end)) start = space + 1;
  }
  if (end < flat.length) {
    const space = flat.lastIndexOf(" ", end);
    if (space > start) end = space;
  }
  const parts = markTerms(flat.slice(start, end), matches);
  // The ellipses join the first and the last plain part (a text in parts starts and may end plain).
  if (start > 0) parts[0] = `… ${parts[0]}`;
  if (end < flat.length) {
    if (parts.length % 2 === 0) parts.push(" …");
    else parts[parts.length - 1] += " …";
  }
  return parts;
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " " };

/**
 * The text of rendered (sanitised) HTML: what a reader sees, not the Markdown source with its
 * asterisks and link targets. Block ends become spaces, entities are decoded last (so a
 * decoded "<" is never taken for a tag).
 */
export function htmlToText(html: string): string {
  return html
    .replace(/<\/(p|li|h[1-6]|blockquote|pre|tr|td|th)>|<br\s*\/?>|<hr\s*\/?>/gi, " ")
    .replace(/<[^>]*>/g, "")
    .replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (entity, name: string) => {
      if (name[0] === "#") {
        const code = name[1] === "x" || name[1] === "X" ? Number.parseInt(name.slice(2), 16) : Number.parseInt(name.slice(1), 10);
        return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : entity;
      }
      return ENTITIES[name.toLowerCase()] ?? entity;
    })
    .replace(/\s+/g, " ")
    .trim();
}
