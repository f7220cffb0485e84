import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { listAgreementVersions } from "~/agreement/agreement.server";
import { VERSION_STATUS_LABELS } from "~/agreement/status";
import { requireRole } from "~/auth/current-user.server";
import { formatDate } from "~/lib/dates";

export const meta: MetaFunction = () => [{ title: "Dienstvereinbarung – Verwaltung" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireRole(context, request, "admin");
  const versions = listAgreementVersions(context.db, new Date()).map((version) => ({
    id: version.id,
    title: version.title,
    status: version.status,
    inForceFrom: version.inForceFrom ? formatDate(version.inForceFrom) : null,
    sectionCount: version.sectionCount,
  }));
  return { versions };
}

export default function AdminAgreement() {
  const { versions } = useLoaderData<typeof loader>();
  return (
    <div>
      <p>
        <Link to="/admin">← Verwaltung</Link>
      </p>
      <h1>Dienstvereinbarung</h1>
      <p>
        Jede Fassung hat ein Datum, an dem sie in Kraft tritt. Eine geplante Fassung löst an diesem Tag die geltende ab; bis dahin sehen die
        Mitarbeitenden die geltende Fassung auf der Seite <Link to="/agreement">Dienstvereinbarung</Link>.
      </p>
      <p className="actions">
        <Link className="button" to="/admin/agreement/import">
          Fassung aus Markdown importieren
        </Link>
      </p>
      {versions.length === 0 ? (
        <p>Es gibt noch keine Fassung.</p>
      ) : (
        <table className="table">
          <caption className="visually-hidden">Fassungen der Dienstvereinbarung</caption>
          <thead>
            <tr>
              <th scope="col">Fassung</th>
              <th scope="col">Status</th>
              <th scope="col">In Kraft ab</th>
              <th scope="col">Abschnitte</th>
            </tr>
          </thead>
          <tbody>
            {versions.map((version) => (
              <tr key={version.id}>
                <td>
                  <Link to={`/admin/agreement/${version.id}`}>{version.title}</Link>
                </td>
                <td data-label="Status">{VERSION_STATUS_LABELS[version.status]}</td>
                <td data-label="In Kraft ab">{version.inForceFrom ?? "–"}</td>
                <td data-label="Abschnitte">{version.sectionCount}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
