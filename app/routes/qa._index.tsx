import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { SummaryDates } from "~/components/SummaryView";
import { loadQaOverview } from "~/summaries/published.server";

export const meta: MetaFunction = () => [{ title: "Fragen & Antworten – KI-Infoveranstaltungen" }];

export async function loader({ context }: LoaderFunctionArgs) {
  return loadQaOverview(context.db, new Date());
}

const answers = (n: number) => (n === 1 ? "1 Antwort" : `${n} Antworten`);

// The published answers by section of the agreement (decision 015): the table of contents
// with counts leads to one page per section; the summaries of the sessions are listed below.
export default function QuestionsAndAnswers() {
  const { agreement, contents, total, summaries } = useLoaderData<typeof loader>();
  return (
    <div className="qa">
      <h1>Fragen & Antworten</h1>
      <p className="lead">
        Antworten auf Fragen aus der Praxis, die in den Infoveranstaltungen gestellt wurden – geordnet nach den Abschnitten der
        Dienstvereinbarung{agreement ? ` („${agreement.title}“)` : ""}.
      </p>
      {total === 0 ? (
        <p>
          Noch sind keine Antworten veröffentlicht. Die Moderation veröffentlicht nach jedem Termin eine Zusammenfassung; bis dahin finden
          Sie Fragen Ihrer Kolleginnen und Kollegen unter <Link to="/questions">Fragen aus der Praxis</Link>.
        </p>
      ) : (
        <p className="no-print">
          <Link to="/qa/print">Alle Antworten drucken</Link> ({answers(total)})
        </p>
      )}
      <nav aria-labelledby="qa-inhalt">
        <h2 id="qa-inhalt">Nach Abschnitt</h2>
        <ol className="qa-contents">
          {contents.map((entry) => (
            <li key={entry.key} data-section={entry.key}>
              {entry.count > 0 ? <Link to={`/qa/sections/${entry.key}`}>{entry.heading}</Link> : entry.heading}{" "}
              <span className="muted" data-count={entry.count}>
                ({entry.count > 0 ? answers(entry.count) : "noch keine Antworten"})
              </span>
            </li>
          ))}
        </ol>
      </nav>
      <section aria-labelledby="qa-zusammenfassungen">
        <h2 id="qa-zusammenfassungen">Zusammenfassungen der Termine</h2>
        {summaries.length === 0 ? (
          <p>Noch keine.</p>
        ) : (
          <ul className="qa-summaries">
            {summaries.map((summary) => (
              <li key={summary.id}>
                <Link to={`/qa/summaries/${summary.id}`}>{summary.title}</Link>
                <br />
                <span className="muted">
                  {summary.source} · {answers(summary.count)}
                </span>
                <SummaryDates dates={summary.dates} />
              </li>
            ))}
          </ul>
        )}
      </section>
      <h2>Ihre Frage fehlt?</h2>
      <p>
        <Link to="/questions/new">Frage einreichen</Link> – auf Wunsch anonym. Offene und beantwortete Fragen Ihrer Kolleginnen und Kollegen
        finden Sie unter <Link to="/questions">Fragen aus der Praxis</Link> (nach dem Einloggen). Den Wortlaut lesen Sie in der{" "}
        <Link to="/agreement">Dienstvereinbarung</Link>.
      </p>
    </div>
  );
}
