import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { AdminSessionTable } from "~/components/AdminSessionTable";
import { requireRole } from "~/auth/current-user.server";
import { notFound, parseId } from "~/lib/http";
import { getSeriesForAdmin, listSessionsOfSeries } from "~/sessions/admin-overview.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.series.title ?? "Reihe"} – Verwaltung` }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  await requireRole(context, request, "admin");
  const series = getSeriesForAdmin(context.db, parseId(params.seriesId)) ?? notFound();
  return { series, ...listSessionsOfSeries(context.db, series.id, new Date()) };
}

export default function SeriesAdmin() {
  const { series, upcoming, past } = useLoaderData<typeof loader>();
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
      <h2>Kommende Termine</h2>
      {upcoming.length === 0 ? <p>Keine kommenden Termine.</p> : <AdminSessionTable rows={upcoming} caption="Kommende Termine" />}
      <h2>Vergangene Termine (Archiv)</h2>
      {past.length === 0 ? <p>Noch keine vergangenen Termine.</p> : <AdminSessionTable rows={past} caption="Vergangene Termine" />}
    </div>
  );
}
