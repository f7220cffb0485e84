import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { SummaryView } from "~/components/SummaryView";
import { notFound, parseId } from "~/lib/http";
import { loadPublishedSummary } from "~/summaries/published.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.summary.title ?? "Zusammenfassung"} – KI-Infoveranstaltungen` },
];

export async function loader({ params, context }: LoaderFunctionArgs) {
  const summaryId = parseId(params.summaryId);
  // Unknown, not yet published and withdrawn summaries look the same: not found.
  const summary = loadPublishedSummary(context.db, summaryId, new Date()) ?? notFound();
  return { summaryId, summary };
}

export default function PublishedSummary() {
  const { summaryId, summary } = useLoaderData<typeof loader>();
  const href = `/qa/summaries/${summaryId}`;
  return (
    <div className="qa">
      <p className="no-print">
        <Link to="/qa">← Fragen & Antworten</Link>
      </p>
      <SummaryView summary={summary} href={href} />
      <p className="no-print qa-exports">
        <a href={`${href}/markdown`} download>
          Als Markdown herunterladen (für das Intranet)
        </a>
      </p>
    </div>
  );
}
