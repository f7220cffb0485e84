import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { AdminDashboard } from "~/components/AdminDashboard";
import { requireRole } from "~/auth/current-user.server";
import { listSeriesOverview } from "~/sessions/admin-overview.server";
import { DASHBOARD_WEEKS, loadDashboard } from "~/sessions/dashboard.server";

export const meta: MetaFunction = () => [{ title: "Verwaltung – KI-Infoveranstaltungen" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireRole(context, request, "admin");
  const now = new Date();
  return { dashboard: loadDashboard(context.db, actor, now), weeks: DASHBOARD_WEEKS, series: listSeriesOverview(context.db, now) };
}

export default function Admin() {
  const { dashboard, weeks, series } = useLoaderData<typeof loader>();
  return (
    <div>
      <h1>Verwaltung</h1>
      <p className="actions">
        <Link className="button" to="/admin/series/new">
          Neue Veranstaltungsreihe
        </Link>
        <Link className="button button--quiet" to="/admin/import">
          Termine aus CSV importieren
        </Link>
        <Link className="button button--quiet" to="/admin/mail">
          E-Mail-Versand
        </Link>
        <Link className="button button--quiet" to="/admin/people">
          Personen und Rollen
        </Link>
        <Link className="button button--quiet" to="/admin/certificates">
          Teilnahmebestätigung prüfen
        </Link>
        <Link className="button button--quiet" to="/admin/pages">
          Rechtliche Seiten
        </Link>
        <Link className="button button--quiet" to="/admin/reports">
          Berichte
        </Link>
        <Link className="button button--quiet" to="/admin/audit">
          Protokoll
        </Link>
        <Link className="button button--quiet" to="/admin/settings">
          Einstellungen
        </Link>
      </p>
      {dashboard ? <AdminDashboard dashboard={dashboard} weeks={weeks} /> : null}
      <h2>Veranstaltungsreihen</h2>
      {series.length === 0 ? (
        <p>Noch keine Veranstaltungsreihe angelegt.</p>
      ) : (
        // A wide table scrolls sideways in its own region on a phone instead of widening the page.
        // biome-ignore lint/a11y/useSemanticElements: a focusable scroll region is the WAI pattern for a wide table (axe scrollable-region-focusable)
        // biome-ignore lint/a11y/noNoninteractiveTabindex: keyboard users must be able to scroll the table
        <div className="table-scroll" role="region" aria-label="Veranstaltungsreihen" tabIndex={0}>
          <table className="table">
            <caption className="visually-hidden">Veranstaltungsreihen</caption>
            <thead>
              <tr>
                <th scope="col">Reihe</th>
                <th scope="col">Zielgruppe</th>
                <th scope="col">Kommende Termine</th>
                <th scope="col">Entwürfe</th>
              </tr>
            </thead>
            <tbody>
              {series.map((item) => (
                <tr key={item.id}>
                  <td>
                    <Link to={`/admin/series/${item.id}`}>{item.title}</Link>
                  </td>
                  <td>{item.audience || "–"}</td>
                  <td>{item.upcoming}</td>
                  <td>{item.drafts}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
