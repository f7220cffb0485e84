// The one loader behind /admin/reports, /reports and the CSV: reads the GET filter, refuses
// bad input with messages for the fields (and no figures), otherwise loads the report.
import { berlinMonthKey } from "~/lib/dates";
import type { DbOrTx } from "~/lib/db.server";
import { fieldErrors } from "~/lib/forms";
import { forbidden } from "~/lib/http";
import { defaultPeriod, reportFilterSchema, type ReportFilter } from "./period";
import { listReportSeries, loadReport, type Report, type ReportActor } from "./reports.server";

export type ReportPage = {
  values: { from: string; to: string; series: string };
  errors: Partial<Record<string, string>>;
  filter: ReportFilter | null;
  report: Report | null;
  seriesOptions: { id: number; title: string }[];
};

export function reportPage(db: DbOrTx, actor: ReportActor, url: URL, now: Date): ReportPage {
  const period = defaultPeriod(berlinMonthKey(now));
  const values = {
    from: url.searchParams.get("from") ?? period.from,
    to: url.searchParams.get("to") ?? period.to,
    series: url.searchParams.get("series") ?? "",
  };
  const seriesOptions = listReportSeries(db);
  const parsed = reportFilterSchema.safeParse(values);
  const unknownSeries = parsed.success && parsed.data.seriesId !== null && !seriesOptions.some((s) => s.id === parsed.data.seriesId);
  if (!parsed.success || unknownSeries) {
    const errors = parsed.success ? { series: "Bitte wählen Sie eine Veranstaltungsreihe aus der Liste." } : fieldErrors(parsed.error);
    return { values, errors, filter: null, report: null, seriesOptions };
  }
  const result = loadReport(db, actor, parsed.data, now);
  if (!result.ok) forbidden();
  return { values, errors: {}, filter: parsed.data, report: result.report, seriesOptions };
}
