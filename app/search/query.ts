// From what a person typed to an FTS5 MATCH expression (decision 014). Pure, no I/O. Every
// term is quoted by us, so FTS5 syntax in the input ("NEAR", "OR", "*", "-", parentheses,
// quotes) is plain text to the search and never an error.
import { normaliseForSearch, WORD } from "./normalise";

/** Longer input is cut: nobody types more, and each term costs a lookup. */
export const QUERY_MAX_CHARS = 200;
export const QUERY_MAX_TERMS = 12;
/** A term longer than any German word is cut to this (prefix search still finds it). */
const TERM_MAX_CHARS = 60;

/**
 * The query's terms, normalised: NFC, lower case, ä→ae …, split into words the way the
 * tokenizer splits (so FTS syntax characters separate terms), duplicates dropped.
 */
export function searchTerms(input: string): string[] {
  const text = normaliseForSearch(input.slice(0, QUERY_MAX_CHARS));
  const terms: string[] = [];
  for (const match of text.matchAll(WORD)) {
    const term = match[0].slice(0, TERM_MAX_CHARS);
    // A lone combining mark is no word to the tokenizer either.
    if (!/[\p{L}\p{N}]/u.test(term) || terms.includes(term)) continue;
    terms.push(term);
    if (terms.length === QUERY_MAX_TERMS) break;
  }
  return terms;
}

/** A term as an FTS5 string: control characters removed, `"` doubled, in quotes. */
export function quoteTerm(term: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing them is the point
  return `"${term.replace(/[\u0000-\u001f\u007f]/g, "").replace(/"/g, '""')}"`;
}

// Words that say nothing about what a question is about; left out when a whole question is
// compared with the answers ("Wurde das schon beantwortet?"), where any term may match.
const STOP_WORDS = new Set(
  (
    "aber alle als also am an auch auf aus bei bin bis bitte da damit dann das dass dem den der des die dies diese dieser dieses " +
    "doch du durch ein eine einem einen einer eines er es fuer gibt hat hatte habe haben ich ihr ihre im in ist ja jetzt kann " +
    "koennen muss muessen mein meine meinem meinen meiner mit nach nicht noch nur ob oder sein sich sie sind so soll sollen ueber um und uns unter " +
    "vom von vor war was wenn wer werden wie wir wird wo zu zum zur darf duerfen welche welcher welches wann warum wieso"
  ).split(" "),
);

/** The terms worth comparing in a whole sentence: no stop words, at least three characters. */
export function significantTerms(terms: string[]): string[] {
  return terms.filter((term) => term.length >= 3 && !STOP_WORDS.has(term));
}

/** Columns searched: the normalised copy and the folded copy (decision 014). */
const COLUMNS = "{title body title_folded body_folded}";

/**
 * The MATCH expression: each term a quoted prefix ("buerger"* finds "Bürgerdaten"), all terms
 * required (`all`, the search page) or any (`any`, similar questions, ranked by relevance).
 * Null when nothing searchable is left: the caller shows no results instead of asking FTS5.
 */
export function matchExpression(terms: string[], mode: "all" | "any"): string | null {
  const quoted = terms.map(quoteTerm).filter((q) => q !== '""');
  if (quoted.length === 0) return null;
  return `${COLUMNS} : (${quoted.map((q) => `${q}*`).join(mode === "all" ? " AND " : " OR ")})`;
}
