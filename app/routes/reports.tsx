import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/current-user.server";
import { ReportView } from "~/components/ReportView";
import { reportPage } from "~/reports/report-page.server";

export const meta: MetaFunction = () => [{ title: "Berichte – KI-Infoveranstaltungen" }];

// The same report as /admin/reports, for the staff council (decision 023): /admin/* is closed
// to everyone but organisers.
export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireRole(context, request, "council", "admin");
  return reportPage(context.db, actor, new URL(request.url), new Date());
}

export default function Reports() {
  const page = useLoaderData<typeof loader>();
  return <ReportView page={page} action="/reports" csvAction="/reports.csv" />;
}
