import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireRole } from "~/auth/current-user.server";
import { csvTemplate } from "~/sessions/csv-import.server";

// The CSV template for /admin/import: German header, one example row that imports as it is.
export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireRole(context, request, "admin");
  return new Response(csvTemplate(context.db, new Date()), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": 'attachment; filename="termine-vorlage.csv"',
      "Cache-Control": "no-store",
    },
  });
}
