// Small-cell suppression (decision 023): for random department counts, nobody can recover a
// hidden value from the shown cells and the row totals. The check here does not reuse the
// module's arithmetic: it enumerates every table a reader could consider possible (integers
// within what each mark says, summing to the published total) and requires at least two
// values for every hidden cell that holds a person.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type CellMark, cellText, MIN_CELL, suppressRow, suppressTable } from "~/reports/suppression";

/** What a reader who knows the rules learns from a row's marks, written out independently. */
function readerBounds(values: number[], marks: CellMark[]): [number, number][] {
  const shown = values.filter((_, i) => marks[i] === "shown");
  const total = values.reduce((a, b) => a + b, 0);
  // The hidden cells are the smallest of 5 or more, so at most the smallest shown cell.
  const hiddenCap = shown.length ? Math.min(...shown) : total;
  return marks.map((mark, i) => {
    if (mark === "shown") return [values[i]!, values[i]!];
    if (mark === "small") return [0, 4];
    if (mark === "hidden") return [5, Math.min(hiddenCap, total)];
    return [0, total];
  });
}

/** Every value each cell can take over all integer tables consistent with the bounds and total. */
function possibleValues(total: number, bounds: [number, number][]): Set<number>[] {
  const seen = bounds.map(() => new Set<number>());
  const current: number[] = [];
  const walk = (index: number, rest: number) => {
    if (index === bounds.length) {
      if (rest === 0) {
        current.forEach((v, i) => {
          seen[i]!.add(v);
        });
      }
      return;
    }
    const [lo, hi] = bounds[index]!;
    for (let v = lo; v <= Math.min(hi, rest); v++) {
      current[index] = v;
      walk(index + 1, rest - v);
    }
  };
  walk(0, total);
  return seen;
}

// Mostly small counts, where suppression matters, with some larger ones.
const count = fc.oneof({ weight: 3, arbitrary: fc.integer({ min: 0, max: 6 }) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 14 }) });
// At least two departments: the report always has "Sonstige" and "ohne Angabe".
const row = fc.array(count, { minLength: 2, maxLength: 5 });

describe("department table suppression", () => {
  it("no hidden value with a person in it can be recovered from the shown cells and the row total", () => {
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 4 }), (table) => {
        const rows = suppressTable(table);
        rows.forEach((suppressed, r) => {
          const values = table[r]!;
          const marks = suppressed.cells.map((c) => c.mark);
          expect(suppressed.total).toBe(values.reduce((a, b) => a + b, 0));
          // Every cell under 5 is hidden; every shown number is at least 5.
          values.forEach((v, i) => {
            if (v < MIN_CELL) expect(marks[i]).not.toBe("shown");
          });
          const possible = possibleValues(suppressed.total, readerBounds(values, marks));
          values.forEach((v, i) => {
            // The true table is among the possible ones.
            expect(possible[i]!.has(v)).toBe(true);
            if (marks[i] !== "shown" && v > 0) expect(possible[i]!.size, `row ${values} cell ${i}`).toBeGreaterThan(1);
          });
        });
      }),
      { numRuns: 2000 },
    );
  });

  it("hides as little as it can: a row without small cells is shown, a second cell is hidden only when needed", () => {
    expect(suppressRow([7, 9, 12]).cells.map(cellText)).toEqual(["7", "9", "12"]);
    // 3 + 4 cannot be told apart from 4 + 3 or 2 + 5 …: no further cell is needed.
    expect(suppressRow([3, 4, 9]).cells.map(cellText)).toEqual(["< 5", "< 5", "9"]);
    // One small cell alone: total minus the others gives it, so the smallest other one goes too.
    expect(suppressRow([2, 12, 8]).cells.map(cellText)).toEqual(["< 5", "12", "•"]);
    // 4 and 4 with nothing else: the total 8 pins both; only withholding the row protects them.
    expect(suppressRow([4, 4]).cells.map(cellText)).toEqual(["–", "–"]);
  });
});
