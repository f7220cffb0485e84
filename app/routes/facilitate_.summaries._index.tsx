import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/current-user.server";
import { forbidden } from "~/lib/http";
import { listSummaries } from "~/summaries/compose.server";

export const meta: MetaFunction = () => [{ title: "Zusammenfassungen – Moderation – KI-Infoveranstaltungen" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireRole(context, request, "facilitator", "admin");
  const list = listSummaries(context.db, user);
  if (!list.ok) forbidden();
  return { rows: list.rows, targets: list.targets };
}

export default function Summaries() {
  const { rows, targets } = useLoaderData<typeof loader>();
  return (
    <div>
      <p>
        <Link to="/moderation">← Zur Moderation</Link>
      </p>
      <h1>Zusammenfassungen</h1>
      <p>
        Beantwortete Fragen eines Termins oder einer ganzen Veranstaltungsreihe für alle Mitarbeitenden veröffentlichen, geordnet nach den
        Abschnitten der Dienstvereinbarung.
      </p>
      <h2>Neue Zusammenfassung</h2>
      {targets.length === 0 ? (
        <p>Sie moderieren keinen veröffentlichten Termin.</p>
      ) : (
        <Form method="get" action="/facilitate/summaries/new" className="actions">
          <div className="field">
            <label htmlFor="target">Termin oder Veranstaltungsreihe</label>
            <select id="target" name="target">
              {targets.map((t) => (
                <option key={t.value} value={t.value}>
                  {t.label}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="button">
            Weiter
          </button>
        </Form>
      )}
      <h2 id="summaries-heading">Ihre Zusammenfassungen</h2>
      {rows.length === 0 ? (
        <p>Noch keine.</p>
      ) : (
        <ul aria-labelledby="summaries-heading">
          {rows.map((row) => (
            <li key={row.id} data-summary={row.id}>
              <Link to={`/facilitate/summaries/${row.id}`}>{row.title}</Link> – <span data-status>{row.status}</span>
              {row.publishedOn ? `, veröffentlicht am ${row.publishedOn}` : ""}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
