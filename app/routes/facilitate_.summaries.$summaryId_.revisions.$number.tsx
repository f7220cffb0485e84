import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/current-user.server";
import { SummaryView } from "~/components/SummaryView";
import { forbidden, notFound, parseId } from "~/lib/http";
import { loadRevision } from "~/summaries/compose.server";

export const meta: MetaFunction = () => [{ title: "Fassung einer Zusammenfassung – Moderation – KI-Infoveranstaltungen" }];

// The record: any revision of a summary as staff saw (or would see) it, for its facilitators and admins.
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireRole(context, request, "facilitator", "admin");
  const summaryId = parseId(params.summaryId);
  const revision = loadRevision(context.db, user, summaryId, parseId(params.number), new Date());
  if (!revision.ok) {
    if (revision.reason === "forbidden") forbidden();
    notFound();
  }
  return { ...revision, summaryId };
}

export default function SummaryRevision() {
  const { summaryId, number, status, current, view } = useLoaderData<typeof loader>();
  return (
    <div>
      <p>
        <Link to={`/facilitate/summaries/${summaryId}`}>← Zur Zusammenfassung</Link>
      </p>
      <p className="notice" data-revision-status>
        Fassung {number}: {status}
        {current ? " – diese Fassung lesen Mitarbeitende derzeit." : " – für die Nachvollziehbarkeit aufbewahrt."}
      </p>
      <SummaryView summary={view} headingLevel={1} />
    </div>
  );
}
