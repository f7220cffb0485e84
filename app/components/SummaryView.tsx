// The published Q&A as staff read it: one summary (its own page, the composer's preview) or
// one section's answers from several summaries (/qa/sections/:anchor). Presentational only:
// every prop is plain, serialisable data that the server has prepared (HTML already sanitised,
// dates already formatted), so the facilitators' preview looks exactly like the published page.
import { useEffect, useState } from "react";

export type SummaryViewItem = {
  questionId: number;
  questionText: string;
  /** The answer, rendered from Markdown through app/lib/markdown.server.ts. */
  answerHtml: string;
  /** "1. Januar 2026": the item refers to an earlier version of the section whose text has changed since. */
  olderVersionDate?: string | null;
};

export type SummaryViewSection = {
  /** A stable key: the section's anchor, or the general group's key. */
  key: string;
  heading: string;
  /** /agreement#s6, or null for questions filed under no section. */
  agreementHref: string | null;
  items: SummaryViewItem[];
};

export type SummaryViewData = {
  title: string;
  /** "aus der Infoveranstaltung am Di., 3. März 2026 (Reihe …)" or the series' title. */
  source: string;
  introHtml: string;
  dates: {
    /** "Stand": when the revision shown was published; null in a preview. */
    stand: string | null;
    /** Set when the revision shown is an update: the first publication's date. */
    firstPublished: string | null;
    updated: string | null;
    /** "abgestimmt mit dem Personalrat am …" */
    approved: string | null;
  };
  sections: SummaryViewSection[];
};

type HeadingLevel = 1 | 2;

const headings = (level: HeadingLevel) =>
  level === 1 ? ({ title: "h1", section: "h2", item: "h3" } as const) : ({ title: "h2", section: "h3", item: "h4" } as const);

/** "Stand: …", "aktualisiert am …", "abgestimmt mit dem Personalrat am …" */
export function SummaryDates({ dates }: { dates: SummaryViewData["dates"] }) {
  const parts = [
    dates.stand ? `Stand: ${dates.stand}` : null,
    dates.firstPublished && dates.updated ? `erstmals veröffentlicht am ${dates.firstPublished}, aktualisiert am ${dates.updated}` : null,
    dates.approved ? `abgestimmt mit dem Personalrat am ${dates.approved}` : null,
  ].filter((part): part is string => !!part);
  if (parts.length === 0) return null;
  return <p className="qa-dates">{parts.join(" · ")}</p>;
}

/**
 * With JavaScript, a button beside the plain link copies the answer's full address; without
 * it (or before hydration) there is only the link, which can be copied from the browser.
 */
function CopyLinkButton({ target, describedBy }: { target: string; describedBy: string }) {
  const [ready, setReady] = useState(false);
  const [message, setMessage] = useState("");
  useEffect(() => setReady(true), []);
  if (!ready) return null;
  const copy = () => {
    const url = new URL(target, window.location.href).href;
    navigator.clipboard
      ?.writeText(url)
      .then(() => setMessage("Link kopiert."))
      .catch(() => setMessage("Kopieren nicht möglich – bitte nutzen Sie den Link daneben."));
  };
  return (
    <>
      {" · "}
      <button type="button" className="link-button" onClick={copy} aria-describedby={describedBy}>
        Link kopieren
      </button>
      <span role="status" className="qa-item__copied">
        {message}
      </span>
    </>
  );
}

/**
 * One question and its answer. Its id `frage-<questionId>` is stable across revisions, and the
 * link to it is a plain link, so it can be copied with or without JavaScript.
 */
export function QaItem({
  item,
  headingLevel,
  href,
  source,
}: {
  item: SummaryViewItem;
  headingLevel: "h2" | "h3" | "h4";
  /** The page the item lives on; the link is `${href}#frage-<id>`. Without it, no link (a preview). */
  href?: string;
  /** Where the answer comes from, on pages that gather several summaries. */
  source?: { label: string; href: string };
}) {
  const Heading = headingLevel;
  const id = `frage-${item.questionId}`;
  return (
    <article className="qa-item" id={id} aria-labelledby={`${id}-frage`}>
      <Heading id={`${id}-frage`} className="qa-item__question">
        {item.questionText}
      </Heading>
      {item.olderVersionDate ? (
        <p className="qa-item__version">
          Bezieht sich auf die Fassung vom {item.olderVersionDate}; der Wortlaut hat sich seitdem geändert.
        </p>
      ) : null}
      {/* biome-ignore lint/security/noDangerouslySetInnerHtml: rendered by markdown.server.ts through sanitize-html */}
      <div className="prose qa-item__answer" dangerouslySetInnerHTML={{ __html: item.answerHtml }} />
      {source || href ? (
        <p className="qa-item__meta">
          {source ? (
            <>
              <a href={source.href}>{source.label}</a>
              {href ? " · " : null}
            </>
          ) : null}
          {href ? (
            <>
              <a href={`${href}#${id}`} className="qa-item__link" aria-describedby={`${id}-frage`}>
                Link zu dieser Antwort
              </a>
              <CopyLinkButton target={`${href}#${id}`} describedBy={`${id}-frage`} />
            </>
          ) : null}
        </p>
      ) : null}
    </article>
  );
}

/** The heading of a group of answers, with the way to the section's text. */
export function QaSectionHeading({
  section,
  as,
  id,
}: {
  section: Pick<SummaryViewSection, "heading" | "agreementHref">;
  as: "h2" | "h3";
  id?: string;
}) {
  const Heading = as;
  return (
    <>
      <Heading id={id} className="qa-section__heading">
        {section.heading}
      </Heading>
      {section.agreementHref ? (
        <p className="qa-section__text-link no-print">
          <a href={section.agreementHref}>Wortlaut von {section.heading} in der Dienstvereinbarung</a>
        </p>
      ) : null}
    </>
  );
}

/**
 * A whole summary: title, where it comes from, its dates, the introduction, then the answers
 * grouped by section in the agreement's order. `href` is the summary's own page (for the
 * links to each answer); a preview leaves it out.
 */
export function SummaryView({ summary, headingLevel = 1, href }: { summary: SummaryViewData; headingLevel?: HeadingLevel; href?: string }) {
  const h = headings(headingLevel);
  const Title = h.title;
  return (
    <article className="qa-summary">
      <header className="qa-summary__header">
        <Title>{summary.title}</Title>
        <p className="lead">{summary.source}</p>
        <SummaryDates dates={summary.dates} />
      </header>
      {summary.introHtml ? (
        // biome-ignore lint/security/noDangerouslySetInnerHtml: rendered by markdown.server.ts through sanitize-html
        <div className="prose qa-summary__intro" dangerouslySetInnerHTML={{ __html: summary.introHtml }} />
      ) : null}
      {summary.sections.length > 1 ? (
        <nav className="qa-toc no-print" aria-label="Abschnitte dieser Zusammenfassung">
          <ul>
            {summary.sections.map((section) => (
              <li key={section.key}>
                <a href={`#abschnitt-${section.key}`}>{section.heading}</a> ({section.items.length})
              </li>
            ))}
          </ul>
        </nav>
      ) : null}
      {summary.sections.length === 0 ? <p>Diese Zusammenfassung enthält noch keine Fragen.</p> : null}
      {summary.sections.map((section) => (
        <section key={section.key} className="qa-section" aria-labelledby={`abschnitt-${section.key}`}>
          <QaSectionHeading section={section} as={h.section} id={`abschnitt-${section.key}`} />
          {section.items.map((item) => (
            <QaItem key={item.questionId} item={item} headingLevel={h.item} href={href} />
          ))}
        </section>
      ))}
    </article>
  );
}
