// The pure parts of search (decision 014): normalisation, the query builder, the excerpt marker.
import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { excerpt, htmlToText, type MarkedText, markedParts, markTerms, wordMatches } from "~/search/excerpt";
import { foldForSearch, normaliseForSearch, wordsOf } from "~/search/normalise";
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
  // wrong words. Any text, any terms: the parts give the text back, every odd part is one
  // matching word and no even part holds one, also where an excerpt's window starts or ends on
  // a marked word.
  const WORD_ONLY = /^[\p{L}\p{N}\p{M}]+$/u;
  const expectInTurn = (parts: MarkedText, terms: string[]) => {
    expect(parts.length).toBeGreaterThan(0);
    parts.forEach((part, i) => {
      if (i % 2 === 1) {
        expect(part).toMatch(WORD_ONLY);
        expect(wordMatches(part, terms)).toBe(true);
      } else {
        for (const { word } of wordsOf(part)) expect(wordMatches(word, terms)).toBe(false);
      }
    });
  };
  const terms = fc.uniqueArray(fc.constantFrom("b", "bue", "daten", "x", "ss"), { minLength: 1, maxLength: 3 });
  const prose = fc
    .array(
      fc.oneof(
        fc.constantFrom("Bürgerdaten", "Daten", "Buch", "Wort", "Straße", "x", "ist", "…", "§ 6"),
        fc.string({ unit: "grapheme", maxLength: 6 }),
      ),
      {
        maxLength: 120,
      },
    )
    .chain((words) =>
      fc.tuple(
        fc.constant(words),
        fc.array(fc.constantFrom(" ", "  ", ", ", "\n", "-"), { minLength: words.length, maxLength: words.length }),
      ),
    )
    .map(([words, gaps]) => words.map((word, i) => `${word}${gaps[i]}`).join(""));

  test.prop([prose, terms])("marks in turn and gives the whole text back", (text, chosen) => {
    const parts = markTerms(text, chosen);
    expect(joined(parts)).toBe(text);
    expectInTurn(parts, chosen);
  });

  test.prop([prose, terms, fc.integer({ min: 5, max: 60 })], { numRuns: 300 })(
    "cuts an excerpt in turn, with only the ellipses added",
    (text, chosen, length) => {
      const cut = excerpt(text, chosen, length);
      expectInTurn(cut, chosen);
      const shown = joined(cut);
      const inner = shown.replace(/^… /, "").replace(/ …$/, "");
      expect(text.replace(/\s+/g, " ").trim()).toContain(inner);
    },
  );

  it("keeps the turn where the window starts or ends on a marked word", () => {
    // The window ends on "Daten": " …" follows it as a plain part of its own.
    expect(excerpt(`Daten ${"hinten ".repeat(30)}`, ["daten"], 5)).toEqual(["", "Daten", " …"]);
    // Both ends on it.
    expect(excerpt(`Vorne Daten ${"hinten ".repeat(30)}`, ["daten"], 11)).toEqual(["… ", "Daten", " …"]);
    // The window starts on "Daten": "… " joins the empty plain part before it.
    const starting = excerpt(`${"vorne ".repeat(30)}Daten hinten`, ["daten"], 12);
    expect(starting[0]).toBe("… ");
    expect(marked(starting)).toEqual(["Daten"]);
    expectInTurn(starting, ["daten"]);
  });

  it("reads rendered HTML as text: tags gone, entities decoded once", () => {
    expect(htmlToText("<p>Ja, <strong>als Entwurf</strong> &amp; mit &lt;Prüfung&gt;</p><ul><li>eins</li><li>zwei</li></ul>")).toBe(
      "Ja, als Entwurf & mit <Prüfung> eins zwei",
    );
    expect(htmlToText("&amp;lt; &#252; &#xFC;")).toBe("&lt; ü ü");
  });
});
