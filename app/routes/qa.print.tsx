import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Letterhead } from "~/components/Letterhead";
import { QaItem } from "~/components/SummaryView";
import { notFound } from "~/lib/http";
import { loadQaPrint } from "~/summaries/published.server";
import { PrintButton } from "~/components/PrintButton";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  {
    title: `${data?.sectionHeading ? `Fragen & Antworten zu ${data.sectionHeading}` : "Fragen & Antworten"} (Druckansicht) – KI-Infoveranstaltungen`,
  },
];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const section = new URL(request.url).searchParams.get("section");
  return loadQaPrint(context.db, new Date(), section || null) ?? notFound();
}

// For paper (A4): the agreement's title and date on top, section headings, every answer with
// where it comes from. Header, footer and links back are screen-only (print CSS).
export default function QaPrint() {
  const { agreement, sectionHeading, printedOn, groups } = useLoaderData<typeof loader>();
  return (
    <div className="qa-print">
      <p className="no-print">
        <Link to="/qa">← Fragen & Antworten</Link> · <PrintButton />
      </p>
      <Letterhead />
      <h1 className="qa-print__title">{sectionHeading ? `Fragen & Antworten zu ${sectionHeading}` : "Fragen & Antworten"}</h1>
      <p className="lead">
        {agreement
          ? `zur ${agreement.title}${agreement.inForceSince ? `, Fassung in Kraft seit ${agreement.inForceSince}` : ""}`
          : "zur Dienstvereinbarung KI"}
        <br />
        Stand: {printedOn}
      </p>
      {groups.length === 0 ? <p>Zu diesem Abschnitt sind noch keine Antworten veröffentlicht.</p> : null}
      {groups.map((group) => (
        <section key={group.key} className="qa-section" aria-labelledby={`abschnitt-${group.key}`}>
          <h2 id={`abschnitt-${group.key}`}>{group.heading}</h2>
          {group.items.map((item) => (
            <QaItem
              key={item.questionId}
              item={item}
              headingLevel="h3"
              source={{ label: item.source, href: `/qa/summaries/${item.summaryId}#frage-${item.questionId}` }}
            />
          ))}
        </section>
      ))}
    </div>
  );
}
