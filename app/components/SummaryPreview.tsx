import type { SummaryViewModel } from "~/summaries/view.server";

// A Zusammenfassung as staff read it on /qa/summaries/:id: title, "Stand", the dates of an
// update and of the council's approval, the introduction, then the questions and answers by
// section of the agreement. Stands in for the shared SummaryView until that lands; the
// headings start at `level` so it fits inside the editor's and the council's pages.
export function SummaryPreview({ view, level = 2, idPrefix = "" }: { view: SummaryViewModel; level?: 1 | 2; idPrefix?: string }) {
  const H = level === 1 ? "h1" : "h2";
  const HSection = level === 1 ? "h2" : "h3";
  const HItem = level === 1 ? "h3" : "h4";
  return (
    <article className="summary" data-summary-view>
      <H>{view.title}</H>
      <p className="muted" data-summary-dates>
        Stand: {view.publishedOn}
        {view.updatedOn ? <> · aktualisiert am {view.updatedOn}</> : null}
        {view.councilApprovedOn ? <> · abgestimmt mit dem Personalrat am {view.councilApprovedOn}</> : null}
      </p>
      {view.introHtml ? (
        // biome-ignore lint/security/noDangerouslySetInnerHtml: rendered by markdown.server.ts through sanitize-html
        <div className="prose" dangerouslySetInnerHTML={{ __html: view.introHtml }} />
      ) : null}
      {view.sections.map((section) => (
        <section key={section.key} aria-labelledby={`${idPrefix}abschnitt-${section.key}`}>
          <HSection id={`${idPrefix}abschnitt-${section.key}`}>{section.heading}</HSection>
          {section.items.map((item) => (
            <div key={item.questionId} id={`${idPrefix}${item.anchor}`} className="session-card" data-summary-item={item.questionId}>
              <HItem>{item.questionText}</HItem>
              {item.earlierVersionOf ? (
                <p className="muted" data-earlier-version>
                  Bezieht sich auf die Fassung vom {item.earlierVersionOf}
                </p>
              ) : null}
              {/* biome-ignore lint/security/noDangerouslySetInnerHtml: rendered by markdown.server.ts through sanitize-html */}
              <div className="prose" dangerouslySetInnerHTML={{ __html: item.answerHtml }} />
            </div>
          ))}
        </section>
      ))}
    </article>
  );
}
