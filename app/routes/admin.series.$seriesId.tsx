import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { SubmitButton } from "~/components/forms";
import { redirectWithFlash } from "~/lib/flash.server";
import { readFormData } from "~/lib/http";
import { sectionCoverageForm, setCoveredSections } from "~/sessions/series-sections.server";
import { AdminSessionTable } from "~/components/AdminSessionTable";
import { requireRole } from "~/auth/current-user.server";
import { notFound, parseId } from "~/lib/http";
import { getSeriesForAdmin, listSessionsOfSeries } from "~/sessions/admin-overview.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.series.title ?? "Reihe"} – Verwaltung` }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  await requireRole(context, request, "admin");
  const series = getSeriesForAdmin(context.db, parseId(params.seriesId)) ?? notFound();
  const now = new Date();
  return { series, sections: sectionCoverageForm(context.db, series.id, now), ...listSessionsOfSeries(context.db, series.id, now) };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const user = await requireRole(context, request, "admin");
  const seriesId = parseId(params.seriesId);
  const form = await readFormData(request);
  const anchors = form.getAll("section").map(String);
  const result = setCoveredSections(context.db, user.id, seriesId, anchors, new Date());
  if (!result.ok && result.reason === "not_found") notFound();
  return redirectWithFlash(
    context,
    `/admin/series/${seriesId}`,
    result.ok
      ? { kind: "success", text: "Die behandelten Abschnitte sind gespeichert." }
      : { kind: "error", text: "Bitte wählen Sie nur Abschnitte der geltenden Fassung. Es wurde nichts geändert." },
  );
}

export default function SeriesAdmin() {
  const { series, sections, upcoming, past } = useLoaderData<typeof loader>();
  return (
    <div>
      <p>
        <Link to="/admin">← Verwaltung</Link>
      </p>
      <h1>{series.title}</h1>
      <p>
        {series.audience ? <>Zielgruppe: {series.audience}. </> : null}
        Warteliste: {series.waitlistMode === "auto" ? "rückt automatisch nach" : `Platzangebot mit ${series.offerHours} Stunden Frist`}.{" "}
        {series.oneSeatPerPerson ? "Eine Anmeldung pro Person in dieser Reihe." : "Mehrere Anmeldungen pro Person möglich."}
      </p>
      <p className="actions">
        <Link className="button" to={`/admin/series/${series.id}/sessions/new`}>
          Neuen Termin anlegen
        </Link>
        <Link className="button button--quiet" to={`/admin/series/${series.id}/edit`}>
          Reihe bearbeiten
        </Link>
      </p>
      {sections.length > 0 ? (
        <Form method="post" className="stack">
          <fieldset>
            <legend>Behandelte Abschnitte der Dienstvereinbarung</legend>
            <p className="field__hint">Die Seiten der Termine verlinken diese Abschnitte und ihre Fragen und Antworten.</p>
            {sections.map((section) => (
              <div className="checkbox" key={section.anchor}>
                <input
                  type="checkbox"
                  id={`section-${section.anchor}`}
                  name="section"
                  value={section.anchor}
                  defaultChecked={section.covered}
                />
                <label htmlFor={`section-${section.anchor}`}>{section.heading}</label>
              </div>
            ))}
          </fieldset>
          <SubmitButton className="button button--quiet" pendingText="Wird gespeichert …">
            Abschnitte speichern
          </SubmitButton>
        </Form>
      ) : null}
      <h2>Kommende Termine</h2>
      {upcoming.length === 0 ? <p>Keine kommenden Termine.</p> : <AdminSessionTable rows={upcoming} caption="Kommende Termine" />}
      <h2>Vergangene Termine (Archiv)</h2>
      {past.length === 0 ? <p>Noch keine vergangenen Termine.</p> : <AdminSessionTable rows={past} caption="Vergangene Termine" />}
    </div>
  );
}
