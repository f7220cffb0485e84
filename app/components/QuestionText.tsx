import { Link } from "@remix-run/react";
import { DateRange } from "~/components/DateRange";
import type { QuestionPlace } from "~/questions/reads.server";

/** A question as the person wrote it: plain text, line breaks kept, never HTML. */
export function QuestionText({ text, id }: { text: string; id?: string }) {
  const paragraphs = text.split(/\n{2,}/);
  return (
    <div className="question-text" id={id}>
      {paragraphs.map((paragraph, index) => {
        const lines = paragraph.split("\n");
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: the paragraphs of one fixed text
          <p key={index}>
            {lines.map((line, lineIndex) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: the lines of one fixed paragraph
              <span key={lineIndex}>
                {lineIndex > 0 ? <br /> : null}
                {line}
              </span>
            ))}
          </p>
        );
      })}
    </div>
  );
}

/** What a question is about: a session (linked), a series, or the agreement in general. */
export function QuestionPlaceLabel({ place }: { place: QuestionPlace }) {
  if (place.kind === "session") {
    return (
      <>
        <Link to={`/sessions/${place.sessionId}`}>
          <DateRange start={place.startsAt} end={place.endsAt} />
        </Link>{" "}
        ({place.seriesTitle})
      </>
    );
  }
  if (place.kind === "series") return <>Veranstaltungsreihe „{place.title}“</>;
  return <>Allgemein zur Dienstvereinbarung</>;
}

export const ANSWERED_HOW_LABELS = { in_session: "im Termin beantwortet", written: "schriftlich beantwortet" } as const;

/** A facilitator's answer, rendered on the server through the Markdown sanitiser. */
export function QuestionAnswer({
  html,
  how,
  headingLevel = 3,
}: {
  html: string;
  how: "in_session" | "written" | null;
  headingLevel?: 3 | 4;
}) {
  const Heading = headingLevel === 3 ? "h3" : "h4";
  return (
    <div className="question-answer">
      <Heading>Antwort{how ? <span className="muted"> ({ANSWERED_HOW_LABELS[how]})</span> : null}</Heading>
      {/* biome-ignore lint/security/noDangerouslySetInnerHtml: rendered by markdown.server.ts through sanitize-html */}
      <div className="prose" dangerouslySetInnerHTML={{ __html: html }} />
    </div>
  );
}
