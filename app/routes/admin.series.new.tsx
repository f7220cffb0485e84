import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { SeriesForm } from "~/components/PlanningForms";
import { requireRole } from "~/auth/current-user.server";
import { parseMailbox } from "~/calendar/ical.server";
import { redirectWithFlash } from "~/lib/flash.server";
import { forbidden } from "~/lib/http";
import { fieldErrors } from "~/lib/forms";
import { formToValues } from "~/sessions/form-values";
import { seriesInputSchema } from "~/sessions/planning.schema";
import { createSeries } from "~/sessions/planning.server";

export const meta: MetaFunction = () => [{ title: "Neue Veranstaltungsreihe – Verwaltung" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireRole(context, request, "admin");
  return { mailbox: parseMailbox(context.env.mailFrom).email };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requireRole(context, request, "admin");
  const form = await request.formData();
  const values = formToValues(form);
  const parsed = seriesInputSchema.safeParse(Object.fromEntries(form));
  if (!parsed.success) return data({ errors: fieldErrors(parsed.error), values }, { status: 400 });
  const result = createSeries(context.db, actor, parsed.data);
  if (!result.ok && result.reason === "duplicate_title") {
    return data({ errors: { title: "Eine Reihe mit diesem Titel gibt es schon." }, values }, { status: 400 });
  }
  if (!result.ok) forbidden();
  return redirectWithFlash(context, `/admin/series/${result.seriesId}`, {
    kind: "success",
    text: "Die Veranstaltungsreihe ist angelegt. Legen Sie jetzt ihre Termine an.",
  });
}

const DEFAULTS = { defaultDurationMinutes: "90", defaultCapacity: "20", waitlistMode: "auto", offerHours: "24", oneSeatPerPerson: "on" };

export default function NewSeries() {
  const { mailbox } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <div className="narrow">
      <p>
        <Link to="/admin">← Verwaltung</Link>
      </p>
      <h1>Neue Veranstaltungsreihe</h1>
      <SeriesForm values={result?.values ?? DEFAULTS} errors={result?.errors ?? {}} submitLabel="Reihe anlegen" mailbox={mailbox} />
    </div>
  );
}
