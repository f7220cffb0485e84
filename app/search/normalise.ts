// How German spellings become one word to the search (decision 014). Pure, no I/O: the index
// holds text passed through these, and every query term goes through the same ones, so
// "Bürgerdaten", "Buergerdaten" and "BÜRGERDATEN" meet in the index.

const GERMAN = /[äöüß]/g;
const GERMAN_ASCII: Record<string, string> = { ä: "ae", ö: "oe", ü: "ue", ß: "ss" };

/**
 * NFC first (text pasted from a Mac or a PDF may hold "u" + combining diaeresis, which the
 * replacement below would not see), lower case, then ä→ae, ö→oe, ü→ue, ß→ss: FTS5's unicode61
 * tokenizer folds "ü" to "u" but never to "ue", and leaves "ß" alone.
 */
export function normaliseForSearch(text: string): string {
  return text
    .normalize("NFC")
    .toLowerCase()
    .replace(GERMAN, (c) => GERMAN_ASCII[c] ?? c);
}

/**
 * The folded spelling, as typed on a keyboard without umlauts ("Burgerdaten"): NFC and lower
 * case only; the FTS5 tokenizer (remove_diacritics 2) then drops the diaeresis. Here the same
 * folding in JavaScript, for marking words in excerpts.
 */
export function foldForSearch(text: string): string {
  return text
    .normalize("NFD")
    .replace(/\p{M}+/gu, "")
    .normalize("NFC")
    .toLowerCase();
}

/** A word, as the tokenizer sees one: letters, digits and the marks that belong to them. */
export const WORD = /[\p{L}\p{N}\p{M}]+/gu;

/** The words of a text with their place in it, for marking. */
export function wordsOf(text: string): { word: string; start: number; end: number }[] {
  const words: { word: string; start: number; end: number }[] = [];
  for (const match of text.matchAll(WORD)) {
    words.push({ word: match[0], start: match.index, end: match.index + match[0].length });
  }
  return words;
}
