import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { SessionForm } from "~/components/PlanningForms";
import { requireRole } from "~/auth/current-user.server";
import { addBerlinDays, berlinWallTimeToInstant, toBerlinInputValue } from "~/lib/dates";
import { redirectWithFlash } from "~/lib/flash.server";
import { forbidden, notFound, parseId } from "~/lib/http";
import { fieldErrors } from "~/lib/forms";
import { getSeriesForAdmin } from "~/sessions/admin-overview.server";
import { formToValues } from "~/sessions/form-values";
import { parseSessionForm } from "~/sessions/planning.schema";
import { createSession, listFacilitatorCandidates } from "~/sessions/planning.server";

export const meta: MetaFunction = () => [{ title: "Neuer Termin – Verwaltung" }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  await requireRole(context, request, "admin");
  const series = getSeriesForAdmin(context.db, parseId(params.seriesId)) ?? notFound();
  // A sensible start: next week at 10:00, with the series' usual length and size.
  const nextWeek = toBerlinInputValue(addBerlinDays(new Date(), 7)).slice(0, 10);
  const start = berlinWallTimeToInstant(`${nextWeek}T10:00`);
  const startsAt = start.ok ? start.instant : new Date();
  const endsAt = new Date(startsAt.getTime() + series.defaultDurationMinutes * 60_000);
  return {
    series: { id: series.id, title: series.title },
    facilitators: listFacilitatorCandidates(context.db),
    defaults: {
      startsAt: toBerlinInputValue(startsAt),
      endsAt: toBerlinInputValue(endsAt),
      format: "in_person",
      capacity: String(series.defaultCapacity),
    },
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const actor = await requireRole(context, request, "admin");
  const seriesId = parseId(params.seriesId);
  const form = await request.formData();
  const values = formToValues(form);
  const parsed = parseSessionForm(form);
  if (!parsed.success) return data({ errors: fieldErrors(parsed.error), values }, { status: 400 });
  const result = createSession(context.db, actor, seriesId, parsed.data);
  if (!result.ok) {
    if (result.reason === "invalid_facilitators") {
      return data({ errors: { facilitatorIds: "Bitte wählen Sie nur Personen mit der Rolle Moderation." }, values }, { status: 400 });
    }
    if (result.reason === "not_found") notFound();
    forbidden();
  }
  return redirectWithFlash(context, `/admin/sessions/${result.sessionId}`, {
    kind: "success",
    text: "Der Termin ist als Entwurf angelegt. Mitarbeitende sehen ihn erst nach dem Veröffentlichen.",
  });
}

export default function NewSession() {
  const { series, facilitators, defaults } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <div className="narrow">
      <p>
        <Link to={`/admin/series/${series.id}`}>← {series.title}</Link>
      </p>
      <h1>Neuer Termin</h1>
      <p>Der Termin wird als Entwurf angelegt und ist erst nach dem Veröffentlichen für Mitarbeitende sichtbar.</p>
      <SessionForm
        values={result?.values ?? defaults}
        errors={result?.errors ?? {}}
        facilitators={facilitators}
        submitLabel="Als Entwurf anlegen"
      />
    </div>
  );
}
