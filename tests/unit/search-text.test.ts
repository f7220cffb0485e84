// The pure parts of search (decision 014): normalisation, the query builder, the excerpt marker.
import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { excerpt, htmlToText, type MarkedText, markedParts, markTerms, wordMatches } from "~/search/excerpt";
import { foldForSearch, normaliseForSearch } from "~/search/normalise";
import { matchExpression, QUERY_MAX_TERMS, quoteTerm, searchTerms, significantTerms } from "~/search/query";

const marked = (parts: MarkedText) => markedParts(parts);
const joined = (parts: MarkedText) => parts.join("");

describe("normalisation", () => {
  it("writes German spellings one way: NFC first, then ä→ae, ö→oe, ü→ue, ß→ss, lower case", () => {
    expect(normaliseForSearch("Bürgerdaten")).toBe("buergerdaten");
    expect(normaliseForSearch("BÜRGERDATEN")).toBe("buergerdaten");
    // "u" + combining diaeresis, as pasted from a Mac or a PDF
    expect(normaliseForSearch("Bu\u0308rgerdaten")).toBe("buergerdaten");
    expect(normaliseForSearch("Straße Öffentlichkeit Ärger")).toBe("strasse oeffentlichkeit aerger");
    expect(normaliseForSearch("Buergerdaten")).toBe("buergerdaten");
  });

  it("folds like a keyboard without umlauts, for the folded copy", () => {
    expect(foldForSearch("Bürgerdaten")).toBe("burgerdaten");
    expect(foldForSearch("Bu\u0308rgerdaten")).toBe("burgerdaten");
    expect(foldForSearch("Café")).toBe("cafe");
  });
});

describe("query builder", () => {
  it("splits into normalised words the way the tokenizer does, without duplicates", () => {
    expect(searchTerms("  Bürger-Daten  bürger ")).toEqual(["buerger", "daten"]);
    expect(searchTerms("")).toEqual([]);
    expect(searchTerms('"*()-:^')).toEqual([]);
  });

  it("quotes every term: control characters removed, quotes doubled", () => {
    expect(quoteTerm('a"b')).toBe('"a""b"');
    expect(quoteTerm("a\u0000b\u001fc")).toBe('"abc"');
  });

  it("makes FTS operators in the input plain terms", () => {
    expect(matchExpression(searchTerms("NEAR(a b) OR NOT x*"), "all")).toBe(
      '{title body title_folded body_folded} : ("near"* AND "a"* AND "b"* AND "or"* AND "not"* AND "x"*)',
    );
    expect(matchExpression(["chatbot", "daten"], "any")).toBe('{title body title_folded body_folded} : ("chatbot"* OR "daten"*)');
    expect(matchExpression([], "all")).toBeNull();
  });

  it("keeps a query short, however long the input", () => {
    const terms = searchTerms("wort ".repeat(10_000) + Array.from({ length: 50 }, (_, i) => `w${i}`).join(" "));
    expect(terms.length).toBeLessThanOrEqual(QUERY_MAX_TERMS);
  });

  it("leaves out stop words and short words when a whole question is compared", () => {
    expect(significantTerms(searchTerms("Darf ich Bürgerdaten in einen Chatbot eingeben?"))).toEqual([
      "buergerdaten",
      "chatbot",
      "eingeben",
    ]);
  });

  test.prop([fc.string({ unit: "binary" })])("any input gives a balanced expression of quoted terms only", (input) => {
    const match = matchExpression(searchTerms(input), "all");
    if (match === null) return;
    const inside = match.slice(match.indexOf("(") + 1, -1);
    // Each part is "…"* with every inner quote doubled: nothing of the input is FTS syntax.
    for (const part of inside.split(" AND ")) expect(part).toMatch(/^"([^"]|"")+"\*$/);
  });
});

describe("excerpt and marking", () => {
  it("marks the original words whose normalised form matches a query term", () => {
    const parts = markTerms("Bürgerdaten und Buergerdaten, auch Bu\u0308rgeramt.", searchTerms("bürger"));
    expect(marked(parts)).toEqual(["Bürgerdaten", "Buergerdaten", "Bu\u0308rgeramt"]);
    expect(joined(parts)).toBe("Bürgerdaten und Buergerdaten, auch Bu\u0308rgeramt.");
  });

  it("marks folded spellings too ('burger' typed on a US keyboard)", () => {
    expect(marked(markTerms("Keine Bürgerdaten eingeben.", ["burger"]))).toEqual(["Bürgerdaten"]);
  });

  it("never marks inside markup: the text stays text, whatever it holds", () => {
    const parts = markTerms("<script>amp</script> &amp; Daten", ["amp", "script"]);
    expect(joined(parts)).toBe("<script>amp</script> &amp; Daten");
    expect(marked(parts)).toEqual(["script", "amp", "script", "amp"]);
  });

  it("cuts a long text around the first match, at word boundaries", () => {
    const text = `${"Vorher ".repeat(60)}Hier stehen Bürgerdaten im Text. ${"Nachher ".repeat(60)}`;
    const parts = excerpt(text, ["buergerdaten"], 120);
    const shown = joined(parts);
    expect(shown.startsWith("… Vorher")).toBe(true);
    expect(shown.endsWith(" …")).toBe(true);
    expect(marked(parts)).toEqual(["Bürgerdaten"]);
    expect(shown.length).toBeLessThanOrEqual(130);
  });

  // Plain and marked in turn: the page marks odd parts, so a part out of turn would mark the
  // wrong words. Any text, any terms: the parts give the text back, and only words are marked.
  test.prop([fc.string({ unit: "grapheme" }), fc.array(fc.constantFrom("b", "bue", "daten", "x", "ss"), { maxLength: 3 })])(
    "marks in turn and gives the whole text back",
    (text, terms) => {
      const parts = markTerms(text, terms);
      expect(joined(parts)).toBe(text);
      expect(parts.length).toBeGreaterThan(0);
      for (const word of marked(parts)) expect(word).toMatch(/^[\p{L}\p{N}\p{M}]+$/u);
      for (const word of marked(parts)) expect(wordMatches(word, terms)).toBe(true);
      const cut = excerpt(`${"Wort ".repeat(50)}${text}${" Ende".repeat(50)}`, terms, 80);
      for (const word of marked(cut)) expect(wordMatches(word, terms)).toBe(true);
      expect(joined(cut).startsWith("… ") || joined(cut).startsWith("Wort")).toBe(true);
    },
  );

  it("reads rendered HTML as text: tags gone, entities decoded once", () => {
    expect(htmlToText("<p>Ja, <strong>als Entwurf</strong> &amp; mit &lt;Prüfung&gt;</p><ul><li>eins</li><li>zwei</li></ul>")).toBe(
      "Ja, als Entwurf & mit <Prüfung> eins zwei",
    );
    expect(htmlToText("&amp;lt; &#252; &#xFC;")).toBe("&lt; ü ü");
  });
});
