import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/current-user.server";
import { ReportView } from "~/components/ReportView";
import { reportPage } from "~/reports/report-page.server";

export const meta: MetaFunction = () => [{ title: "Berichte – Verwaltung – KI-Infoveranstaltungen" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireRole(context, request, "admin");
  return reportPage(context.db, actor, new URL(request.url), new Date());
}

export default function AdminReports() {
  const page = useLoaderData<typeof loader>();
  return (
    <>
      <p>
        <Link to="/admin">← Zur Verwaltung</Link>
      </p>
      <ReportView page={page} action="/admin/reports" csvAction="/reports.csv" />
    </>
  );
}
