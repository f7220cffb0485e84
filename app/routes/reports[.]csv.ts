import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireRole } from "~/auth/current-user.server";
import { notFound } from "~/lib/http";
import { REPORT_TABLES, reportCsv, type ReportTable } from "~/reports/csv";
import { reportPage } from "~/reports/report-page.server";

const isTable = (value: string | null): value is ReportTable => (REPORT_TABLES as readonly string[]).includes(value ?? "");

// One export for organisers and the staff council, like the page; a bad period is a 400 in words.
export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireRole(context, request, "council", "admin");
  const url = new URL(request.url);
  const table = url.searchParams.get("table");
  if (!isTable(table)) notFound();
  const page = reportPage(context.db, actor, url, new Date());
  if (!page.report) {
    return new Response(`${Object.values(page.errors).join("\n")}\n`, {
      status: 400,
      headers: { "Content-Type": "text/plain; charset=utf-8" },
    });
  }
  return new Response(reportCsv(page.report, table), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="bericht-${table}-${page.values.from}-bis-${page.values.to}.csv"`,
    },
  });
}
