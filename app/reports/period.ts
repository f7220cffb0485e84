// The report's period: whole Berlin calendar months from "YYYY-MM" to "YYYY-MM". Pure, so the
// filter form and the CSV share one reading of the query string.
import { z } from "zod";

export const MAX_MONTHS = 36;
const month = /^(\d{4})-(0[1-9]|1[0-2])$/;

export type ReportFilter = { from: string; to: string; seriesId: number | null };

function monthIndex(value: string): number {
  const [, y, m] = month.exec(value)!;
  return Number(y) * 12 + Number(m) - 1;
}

export function monthFromIndex(index: number): string {
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, "0")}`;
}

/** Every month key from `from` to `to`, both included. */
export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let i = monthIndex(from); i <= monthIndex(to); i++) out.push(monthFromIndex(i));
  return out;
}

export function nextMonth(key: string): string {
  return monthFromIndex(monthIndex(key) + 1);
}

const monthField = (label: string) =>
  z
    .string({ error: `Bitte geben Sie ${label} an.` })
    .trim()
    .regex(month, `Bitte geben Sie ${label} als Monat an, z. B. 2027-03.`);

export const reportFilterSchema = z
  .object({
    from: monthField("den ersten Monat"),
    to: monthField("den letzten Monat"),
    series: z
      .string()
      .trim()
      .regex(/^(\d{1,9})?$/, "Bitte wählen Sie eine Veranstaltungsreihe aus der Liste.")
      .optional(),
  })
  .superRefine((value, ctx) => {
    if (!month.test(value.from) || !month.test(value.to)) return;
    const span = monthIndex(value.to) - monthIndex(value.from);
    if (span < 0) ctx.addIssue({ code: "custom", path: ["to"], message: "Der letzte Monat liegt vor dem ersten." });
    else if (span >= MAX_MONTHS)
      ctx.addIssue({ code: "custom", path: ["to"], message: `Ein Bericht umfasst höchstens ${MAX_MONTHS} Monate.` });
  })
  .transform((value): ReportFilter => ({ from: value.from, to: value.to, seriesId: value.series ? Number(value.series) : null }));

/** The twelve months up to and including the current one. */
export function defaultPeriod(currentMonth: string): { from: string; to: string } {
  return { from: monthFromIndex(monthIndex(currentMonth) - 11), to: currentMonth };
}
