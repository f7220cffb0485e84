import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/current-user.server";
import { formatDateTime } from "~/lib/dates";
import { plural } from "~/lib/plural";
import { listLegalPages } from "~/pages/content-pages.server";
import { formatCalendarDate } from "~/pages/rules";

export const meta: MetaFunction = () => [{ title: "Rechtliche Seiten – Verwaltung – KI-Infoveranstaltungen" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireRole(context, request, "admin");
  return {
    pages: listLegalPages(context.db).map((page) => ({
      slug: page.slug,
      label: page.label,
      title: page.title,
      updatedAt: page.updatedAt ? formatDateTime(page.updatedAt) : null,
      reviewedOn: page.reviewedOn ? formatCalendarDate(page.reviewedOn) : null,
      revisions: page.revisions,
    })),
  };
}

export default function AdminPages() {
  const { pages } = useLoaderData<typeof loader>();
  return (
    <div className="narrow">
      <p>
        <Link to="/admin">← Verwaltung</Link>
      </p>
      <h1>Rechtliche Seiten</h1>
      <p>Impressum, Datenschutzerklärung und Erklärung zur Barrierefreiheit: Die Fußzeile jeder Seite verlinkt sie.</p>
      <ul className="legal-pages" data-legal-pages>
        {pages.map((page) => (
          <li key={page.slug} data-slug={page.slug}>
            <h2>
              <Link to={`/admin/pages/${page.slug}`}>{page.label} bearbeiten</Link>
            </h2>
            {page.updatedAt ? (
              <p>
                Zuletzt gespeichert: {page.updatedAt} ·{" "}
                <span data-figure="revisions" data-count={page.revisions}>
                  {plural(page.revisions, "Version", "Versionen")}
                </span>
                {page.reviewedOn ? ` · zuletzt überprüft am ${page.reviewedOn}` : ""} · <Link to={`/${page.slug}`}>öffentliche Seite</Link>
              </p>
            ) : (
              <p>Noch nicht angelegt – die öffentliche Seite gibt es erst nach dem ersten Speichern.</p>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
