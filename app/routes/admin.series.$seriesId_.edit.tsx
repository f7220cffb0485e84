import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { SeriesForm } from "~/components/PlanningForms";
import { requireRole } from "~/auth/current-user.server";
import { parseMailbox } from "~/calendar/ical.server";
import { redirectWithFlash } from "~/lib/flash.server";
import { forbidden, notFound, parseId } from "~/lib/http";
import { fieldErrors } from "~/lib/forms";
import { getSeriesForAdmin } from "~/sessions/admin-overview.server";
import { formToValues, seriesFormValues } from "~/sessions/form-values";
import { seriesInputSchema } from "~/sessions/planning.schema";
import { updateSeries } from "~/sessions/planning.server";

export const meta: MetaFunction = () => [{ title: "Reihe bearbeiten – Verwaltung" }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  await requireRole(context, request, "admin");
  const series = getSeriesForAdmin(context.db, parseId(params.seriesId)) ?? notFound();
  return { id: series.id, title: series.title, values: seriesFormValues(series), mailbox: parseMailbox(context.env.mailFrom).email };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const actor = await requireRole(context, request, "admin");
  const seriesId = parseId(params.seriesId);
  const form = await request.formData();
  const values = formToValues(form);
  const parsed = seriesInputSchema.safeParse(Object.fromEntries(form));
  if (!parsed.success) return data({ errors: fieldErrors(parsed.error), values }, { status: 400 });
  const result = updateSeries(context.db, actor, seriesId, parsed.data);
  if (!result.ok) {
    if (result.reason === "duplicate_title")
      return data({ errors: { title: "Eine Reihe mit diesem Titel gibt es schon." }, values }, { status: 400 });
    if (result.reason === "not_found") notFound();
    forbidden();
  }
  return redirectWithFlash(context, `/admin/series/${seriesId}`, { kind: "success", text: "Die Veranstaltungsreihe ist gespeichert." });
}

export default function EditSeries() {
  const { id, title, values, mailbox } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <div className="narrow">
      <p>
        <Link to={`/admin/series/${id}`}>← {title}</Link>
      </p>
      <h1>Reihe bearbeiten</h1>
      <SeriesForm values={result?.values ?? values} errors={result?.errors ?? {}} submitLabel="Speichern" mailbox={mailbox} />
    </div>
  );
}
