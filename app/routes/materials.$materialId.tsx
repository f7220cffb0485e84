import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth/current-user.server";
import { MaterialVersions } from "~/components/MaterialView";
import { forbidden, notFound, parseId } from "~/lib/http";
import { materialViewerFor } from "~/materials/access.server";
import { getMaterial } from "~/materials/materials.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.material.title ?? "Material"} – KI-Infoveranstaltungen` },
];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireUser(context, request);
  const id = parseId(params.materialId);
  const found = getMaterial(context.db, materialViewerFor(context.db, user), user, id, new Date());
  if (!found.ok) {
    if (found.reason === "forbidden") forbidden("Dieses Material ist nur für die Teilnehmenden des Termins.");
    notFound("Dieses Material gibt es nicht (mehr).");
  }
  return found;
}

export default function MaterialPage() {
  const { material, manage, versions } = useLoaderData<typeof loader>();
  return (
    <article className="narrow material">
      <p>
        <Link to="/materials">← Alle Materialien</Link>
      </p>
      <p className="material__kind">{material.kindLabel}</p>
      <h1>{material.title}</h1>
      <p className="muted" data-dates>
        Bereitgestellt am {material.createdOn}
        {material.updatedOn ? `, aktualisiert am ${material.updatedOn}` : ""}
        {material.seatHoldersOnly ? " · nur für die Teilnehmenden des Termins" : ""}
      </p>
      {material.description ? <p className="lead">{material.description}</p> : null}
      {manage ? (
        <p>
          <Link to={`/facilitate/materials/${material.id}`}>Material bearbeiten</Link>
        </p>
      ) : null}
      {material.file ? (
        <p className="material__download">
          <a href={material.file.href} className="button" data-download>
            {material.file.fileName} öffnen <span className="material__format">({material.file.format})</span>
          </a>
        </p>
      ) : null}
      {material.url ? (
        <p className="material__download">
          <a href={material.url} rel="noopener noreferrer" data-link>
            {material.title} (externer Link)
          </a>
        </p>
      ) : null}
      {material.bodyHtml ? (
        // biome-ignore lint/security/noDangerouslySetInnerHtml: rendered by markdown.server.ts through sanitize-html
        <div className="prose material__body" dangerouslySetInnerHTML={{ __html: material.bodyHtml }} />
      ) : null}
      {material.sections.length > 0 ? (
        <>
          <h2 id="material-sections">Abschnitte der Dienstvereinbarung</h2>
          <ul aria-labelledby="material-sections">
            {material.sections.map((section) => (
              <li key={section.anchor}>
                <Link to={`/agreement#${section.anchor}`}>{section.heading}</Link>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {material.session ? (
        <p>
          Zum Termin: <Link to={`/sessions/${material.session.id}`}>{material.session.label}</Link>
        </p>
      ) : null}
      {material.series ? <p>Zur Veranstaltungsreihe: {material.series.title}</p> : null}
      {manage && versions.length > 0 ? <MaterialVersions versions={versions} /> : null}
    </article>
  );
}
