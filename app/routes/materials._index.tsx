import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth/current-user.server";
import { MaterialList } from "~/components/MaterialView";
import { plural } from "~/lib/plural";
import { materialViewerFor, mayManageMaterials } from "~/materials/access.server";
import { listMaterials } from "~/materials/materials.server";

export const meta: MetaFunction = () => [{ title: "Materialien – KI-Infoveranstaltungen" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(context, request);
  const params = new URL(request.url).searchParams;
  const filters = {
    section: params.get("section") ?? "",
    kind: params.get("kind") ?? "",
    series: params.get("series") ?? "",
    q: (params.get("q") ?? "").slice(0, 200),
  };
  const list = listMaterials(context.db, materialViewerFor(context.db, user), filters, new Date());
  return { ...list, filters, canManage: mayManageMaterials(user) };
}

export default function Materials() {
  const { items, total, choices, filters, canManage } = useLoaderData<typeof loader>();
  const filtered = Boolean(filters.section || filters.kind || filters.series || filters.q);
  return (
    <div>
      <h1>Materialien</h1>
      <p>
        Anwendungsbeispiele, Leitfäden, Vorlagen und die Folien der Infoveranstaltungen – geordnet nach den Abschnitten der
        Dienstvereinbarung.
      </p>
      {canManage ? (
        <p>
          <Link to="/facilitate/materials">Materialien verwalten</Link>
        </p>
      ) : null}
      <Form method="get" className="filters material-filters" role="search" aria-label="Materialien filtern">
        <div className="field">
          <label htmlFor="filter-q">Suchbegriff</label>
          <input id="filter-q" type="search" name="q" defaultValue={filters.q} maxLength={200} />
        </div>
        <div className="field">
          <label htmlFor="filter-section">Abschnitt</label>
          <select id="filter-section" name="section" defaultValue={filters.section}>
            <option value="">Alle Abschnitte</option>
            {choices.sections.map((section) => (
              <option key={section.anchor} value={section.anchor}>
                {section.heading}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-kind">Art</label>
          <select id="filter-kind" name="kind" defaultValue={filters.kind}>
            <option value="">Alle Arten</option>
            {choices.kinds.map((kind) => (
              <option key={kind.value} value={kind.value}>
                {kind.label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-series">Veranstaltungsreihe</label>
          <select id="filter-series" name="series" defaultValue={filters.series}>
            <option value="">Alle Veranstaltungsreihen</option>
            {choices.series.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </select>
        </div>
        <div className="actions">
          <button type="submit" className="button">
            Filtern
          </button>
          {filtered ? <Link to="/materials">Filter zurücksetzen</Link> : null}
        </div>
      </Form>
      <p role="status" data-count>
        {filtered ? `${plural(items.length, "Material", "Materialien")} von ${total} gefunden.` : plural(total, "Material", "Materialien")}
      </p>
      {items.length === 0 ? (
        <p>{filtered ? "Keine Materialien zu diesen Filtern." : "Noch keine Materialien."}</p>
      ) : (
        <MaterialList items={items} headingLevel={3} />
      )}
    </div>
  );
}
