import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { QaItem } from "~/components/SummaryView";
import { notFound } from "~/lib/http";
import { loadQaSection } from "~/summaries/published.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data ? `Fragen & Antworten zu ${data.section.heading}` : "Fragen & Antworten"} – KI-Infoveranstaltungen` },
];

export async function loader({ params, context, request }: LoaderFunctionArgs) {
  const page = Number(new URL(request.url).searchParams.get("seite") ?? "1");
  return loadQaSection(context.db, params.key ?? "", new Date(), page) ?? notFound();
}

// One section's published answers from every summary; each answer has its own link.
export default function QaSection() {
  const { section, items, previous, next, page, pageCount, total } = useLoaderData<typeof loader>();
  const href = `/qa/sections/${section.key}`;
  return (
    <div className="qa">
      <p className="no-print">
        <Link to="/qa">← Fragen & Antworten</Link>
      </p>
      <h1>Fragen & Antworten zu {section.heading}</h1>
      {section.agreementHref ? (
        <p>
          <a href={section.agreementHref}>Wortlaut von {section.heading} in der Dienstvereinbarung</a> ·{" "}
          <Link to={`/qa/print?section=${section.key}`}>Diesen Abschnitt drucken</Link>
        </p>
      ) : (
        <p>
          <Link to={`/qa/print?section=${section.key}`}>Diesen Abschnitt drucken</Link>
        </p>
      )}
      {items.length === 0 ? <p>Zu diesem Abschnitt sind noch keine Antworten veröffentlicht.</p> : null}
      {items.map((item) => (
        <QaItem
          key={item.questionId}
          item={item}
          headingLevel="h2"
          // On page 1 the section's own address; further pages shift as new summaries come, so
          // there the link names the page the answer is on now.
          href={page > 1 ? `${href}?seite=${page}` : href}
          source={{ label: item.source, href: `/qa/summaries/${item.summaryId}#frage-${item.questionId}` }}
        />
      ))}
      {pageCount > 1 ? (
        <nav aria-label="Seiten dieses Abschnitts" className="no-print">
          <p className="actions">
            {page > 1 ? <Link to={`${href}?seite=${page - 1}`}>← Neuere Antworten</Link> : null}
            <span>
              Seite {page} von {pageCount} ({total} Antworten)
            </span>
            {page < pageCount ? <Link to={`${href}?seite=${page + 1}`}>Ältere Antworten →</Link> : null}
          </p>
        </nav>
      ) : null}
      <nav className="qa-pager" aria-label="Weitere Abschnitte">
        {previous ? <Link to={`/qa/sections/${previous.key}`}>← {previous.heading}</Link> : <span />}
        {next ? <Link to={`/qa/sections/${next.key}`}>{next.heading} →</Link> : null}
      </nav>
    </div>
  );
}
