import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/current-user.server";
import { forbidden } from "~/lib/http";
import { listManagedMaterials } from "~/materials/materials.server";

export const meta: MetaFunction = () => [{ title: "Materialien verwalten – Moderation – KI-Infoveranstaltungen" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireRole(context, request, "facilitator", "admin");
  const list = listManagedMaterials(context.db, user);
  if (!list.ok) forbidden();
  return { rows: list.rows };
}

export default function ManageMaterials() {
  const { rows } = useLoaderData<typeof loader>();
  return (
    <div>
      <p>
        <Link to="/materials">← Alle Materialien</Link>
      </p>
      <h1>Materialien verwalten</h1>
      <p>
        Dateien und Links für die Mitarbeitenden, bei den Abschnitten der Dienstvereinbarung und auf den Seiten der Termine.{" "}
        <Link to="/facilitate/materials/new" className="button">
          Neues Material
        </Link>
      </p>
      <h2 id="managed-heading">Materialien, die Sie verwalten</h2>
      {rows.length === 0 ? (
        <p>Noch keine.</p>
      ) : (
        <ul aria-labelledby="managed-heading">
          {rows.map((row) => (
            <li key={row.id} data-material={row.id}>
              <Link to={`/facilitate/materials/${row.id}`}>{row.title}</Link> – {row.kindLabel}
              {row.seatHoldersOnly ? ", nur für Teilnehmende" : ""}, zuletzt geändert am {row.updatedOn}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
