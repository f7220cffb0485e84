// Small-cell suppression for the department tables of the reports (decision 023). Pure, no I/O.
//
// A department table has one row per series and month and one column per department; each row
// shows its total unsuppressed (organisers see those numbers on the participant pages anyway).
// There are no per-department totals across rows, so every row is its own equation:
//   total = sum of the row's cells.
// A cell under 5 people is shown as "< 5" (the reader learns 0 ≤ x ≤ 4). When the other cells
// and the total would give its value away, further cells are hidden as "•" (the reader learns
// x ≥ 5, because smaller cells are "< 5"). If no choice of further cells protects the row (all
// its cells are small and their total pins them, e.g. two departments with 4 each), the whole
// row's cells are hidden without saying which are small ("–" everywhere, only the total stays).

export const MIN_CELL = 5;

export type CellMark = "shown" | "small" | "hidden" | "withheld";

export type SuppressedRow = { total: number; cells: { value: number; mark: CellMark }[] };

type Bounds = { lo: number; hi: number };

/**
 * What a reader learns about each cell of a row from the marks. Hidden cells are the smallest
 * cells of 5 or more (see suppressRow), so someone who knows that rule also learns that a
 * hidden cell is at most the smallest shown one; the check assumes that reader.
 */
export function rowBounds(values: readonly number[], marks: readonly CellMark[]): Bounds[] {
  const shown = values.filter((_, i) => marks[i] === "shown");
  const hiddenCap = shown.length > 0 ? Math.min(...shown) : Number.POSITIVE_INFINITY;
  return marks.map((mark, i) => {
    switch (mark) {
      case "shown":
        return { lo: values[i]!, hi: values[i]! };
      case "small":
        return { lo: 0, hi: MIN_CELL - 1 };
      case "hidden":
        return { lo: MIN_CELL, hi: hiddenCap };
      default:
        return { lo: 0, hi: Number.POSITIVE_INFINITY };
    }
  });
}

/**
 * The values a cell can take given the row total and every cell's bounds: with one equation the
 * other cells can sum to any integer between their lower and upper bounds, so this is exact.
 */
export function possibleRange(total: number, bounds: Bounds[], index: number): Bounds {
  let othersLo = 0;
  let othersHi = 0;
  bounds.forEach((b, i) => {
    if (i === index) return;
    othersLo += b.lo;
    othersHi += b.hi;
  });
  const own = bounds[index]!;
  return { lo: Math.max(own.lo, total - othersHi), hi: Math.min(own.hi, total - othersLo) };
}

/** A row is safe when no hidden cell with at least one person is pinned to one value. */
export function rowIsSafe(total: number, values: readonly number[], marks: readonly CellMark[]): boolean {
  const bounds = rowBounds(values, marks);
  return marks.every((mark, i) => {
    if (mark === "shown" || values[i] === 0) return true;
    const range = possibleRange(total, bounds, i);
    return range.hi > range.lo;
  });
}

/**
 * Marks one row. Cells under 5 become "small"; then, while the row is not safe, the smallest
 * shown cell is hidden as well (smallest first: it hides the least; a cell of 5 exactly is
 * taken last, since "≥ 5" pins it together with a small total). Zero people in a cell needs no
 * protection, but "0" is still shown as "< 5": a shown zero would narrow its neighbours.
 */
export function suppressRow(values: readonly number[]): SuppressedRow {
  const total = values.reduce((sum, v) => sum + v, 0);
  const marks: CellMark[] = values.map((v) => (v < MIN_CELL ? "small" : "shown"));
  if (!marks.includes("small")) return { total, cells: values.map((value) => ({ value, mark: "shown" })) };
  const order = values
    .map((value, index) => ({ value, index }))
    .filter((c) => c.value >= MIN_CELL)
    .sort((a, b) => (a.value === MIN_CELL ? 1 : 0) - (b.value === MIN_CELL ? 1 : 0) || a.value - b.value || a.index - b.index);
  for (const next of [null, ...order]) {
    if (next) marks[next.index] = "hidden";
    if (rowIsSafe(total, values, marks)) return { total, cells: values.map((value, i) => ({ value, mark: marks[i]! })) };
  }
  return { total, cells: values.map((value) => ({ value, mark: "withheld" })) };
}

/** Every row of a table; rows are independent because no column totals are published. */
export function suppressTable(rows: readonly (readonly number[])[]): SuppressedRow[] {
  return rows.map((row) => suppressRow(row));
}

/** The German text of a cell: the number, "< 5", "•" or "–". */
export function cellText(cell: { value: number; mark: CellMark }): string {
  switch (cell.mark) {
    case "shown":
      return new Intl.NumberFormat("de-DE").format(cell.value);
    case "small":
      return `< ${MIN_CELL}`;
    case "hidden":
      return "•";
    case "withheld":
      return "–";
  }
}
