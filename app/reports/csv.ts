// The report's tables as German CSV files (decision 023): the same cells as the page, so a
// suppressed department cell is "< 5", "•" or "–" in the file too.
import { germanCsv } from "~/participants/csv";
import type { Report } from "./reports.server";
import { cellText } from "./suppression";

export const REPORT_TABLES = ["termine", "abteilungen", "fragen"] as const;
export type ReportTable = (typeof REPORT_TABLES)[number];

const number = new Intl.NumberFormat("de-DE", { useGrouping: false });
const rate = (part: number, base: number) =>
  base === 0 ? "" : new Intl.NumberFormat("de-DE", { maximumFractionDigits: 1 }).format((part / base) * 100);

export function reportCsv(report: Report, table: ReportTable): string {
  switch (table) {
    case "termine":
      return germanCsv([
        [
          "Veranstaltungsreihe",
          "Monat",
          "Termine",
          "Plätze",
          "Anmeldungen",
          "Abmeldungen",
          "Warteliste (höchstens)",
          "Nachgerückt",
          "Termine mit erfasster Anwesenheit",
          "Anwesend",
          "Nicht erschienen",
          "Anwesenheit in %",
          "Nicht erschienen in %",
        ],
        ...report.figures.map((r) => [
          r.seriesTitle,
          r.month,
          ...[
            r.sessionsHeld,
            r.placesOffered,
            r.registrations,
            r.cancellations,
            r.waitlistPeak,
            r.promotions,
            r.sessionsWithAttendance,
            r.attended,
            r.noShows,
          ].map((n) => number.format(n)),
          rate(r.attended, r.attended + r.noShows),
          rate(r.noShows, r.attended + r.noShows),
        ]),
      ]);
    case "abteilungen":
      return germanCsv([
        ["Veranstaltungsreihe", "Monat", ...report.departments, "Zusammen"],
        ...report.departmentRows.map((r) => [r.seriesTitle, r.month, ...r.cells.map(cellText), number.format(r.total)]),
      ]);
    case "fragen":
      return germanCsv([
        ["Abschnitt", "Eingereicht", "Beantwortet"],
        ...report.sections.map((r) => [r.label, number.format(r.submitted), number.format(r.answered)]),
      ]);
  }
}
