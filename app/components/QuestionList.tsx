import { Form, Link } from "@remix-run/react";
import { QuestionTextArea, SectionSelect, type SectionOption } from "~/components/QuestionFields";
import { QuestionAnswer, QuestionPlaceLabel, QuestionText } from "~/components/QuestionText";
import { formatDate } from "~/lib/dates";
import type { ColleagueQuestion, MyQuestion } from "~/questions/reads.server";
import type { PublishedIn } from "~/summaries/published.server";

/** What a refused edit gives back to its form: which question, the messages, what was typed. */
export type EditState = { questionId: number; errors: Partial<Record<string, string>>; values: { text: string; sectionId: string } };

/**
 * "Meine Fragen": each question with its state and outcome; while nobody has acted on it, the
 * author can edit or withdraw it. The forms post to /me/questions with the id in the body,
 * so no question id appears in an address (nor in a proxy's log).
 */
export function MyQuestionList({
  items,
  sections,
  edit,
  returnTo,
  headingLevel = 3,
  publishedIn = {},
}: {
  items: MyQuestion[];
  /** Questions that are part of a published summary, by question id (decision 015). */
  publishedIn?: Record<number, PublishedIn>;
  sections: SectionOption[];
  edit?: EditState | null;
  returnTo: "/me" | "/me/questions";
  headingLevel?: 2 | 3;
}) {
  const Heading = headingLevel === 2 ? "h2" : "h3";
  return (
    <ol className="session-list question-list">
      {items.map((question) => {
        const editing = edit?.questionId === question.id ? edit : null;
        const prefix = `question-${question.id}`;
        return (
          <li key={question.id} className="session-card" id={`frage-${question.id}`}>
            <Heading>Frage vom {formatDate(question.submittedAt)}</Heading>
            <QuestionText text={question.text} />
            {question.originalText ? (
              <p className="muted">Die Moderation hat die Formulierung angepasst. Ihre ursprüngliche Fassung: „{question.originalText}“</p>
            ) : null}
            <dl className="facts">
              <dt>Stand</dt>
              <dd className="status">{question.statusLabel}</dd>
              <dt>Wozu</dt>
              <dd>
                <QuestionPlaceLabel place={question.place} />
              </dd>
              <dt>Abschnitt</dt>
              <dd>{question.section?.heading ?? "Weiß ich nicht"}</dd>
              <dt>Eingereicht</dt>
              <dd>{question.anonymous ? "anonym" : "mit Ihrem Namen"}</dd>
              {question.rejectReason ? (
                <>
                  <dt>Begründung</dt>
                  <dd>{question.rejectReason}</dd>
                </>
              ) : null}
            </dl>
            {question.answerHtml ? (
              <QuestionAnswer html={question.answerHtml} how={question.answeredHow} headingLevel={headingLevel === 2 ? 3 : 4} />
            ) : null}
            {publishedIn[question.id] ? (
              <p className="question-published">
                <Link to={publishedIn[question.id]!.href}>In der Zusammenfassung vom {publishedIn[question.id]!.date} veröffentlicht</Link>
              </p>
            ) : null}
            {question.mayChange ? (
              <details open={!!editing}>
                <summary>Bearbeiten oder zurückziehen</summary>
                <Form method="post" action="/me/questions" noValidate preventScrollReset>
                  <input type="hidden" name="questionId" value={question.id} />
                  <input type="hidden" name="returnTo" value={returnTo} />
                  {editing?.errors.form ? (
                    <p className="field__error" role="alert">
                      {editing.errors.form}
                    </p>
                  ) : null}
                  <QuestionTextArea
                    id={`${prefix}-text`}
                    defaultValue={editing?.values.text ?? question.text}
                    error={editing?.errors.text}
                  />
                  <SectionSelect
                    id={`${prefix}-section`}
                    sections={sections}
                    defaultValue={editing?.values.sectionId ?? (question.sectionId ? String(question.sectionId) : "")}
                    error={editing?.errors.sectionId}
                    extra={question.sectionId && question.section ? { id: question.sectionId, heading: question.section.heading } : null}
                  />
                  <div className="actions">
                    {/* Plain buttons: a pending state would show on every question's form at once. */}
                    <button type="submit" className="button" name="intent" value="edit">
                      Änderungen speichern
                    </button>
                    <button type="submit" className="button button--quiet" name="intent" value="withdraw">
                      Frage zurückziehen
                    </button>
                  </div>
                </Form>
              </details>
            ) : null}
          </li>
        );
      })}
    </ol>
  );
}

/** The colleagues' list: accepted and answered questions, with votes. */
export function ColleagueQuestionList({ items, formAction }: { items: ColleagueQuestion[]; formAction: string }) {
  return (
    <ol className="session-list question-list">
      {items.map((question) => (
        <li key={question.id} className="session-card" id={`frage-${question.id}`}>
          <h3 className="visually-hidden">{question.section ? `Frage zu ${question.section.heading}` : "Frage"}</h3>
          <QuestionText text={question.text} />
          <dl className="facts">
            <dt>Abschnitt</dt>
            <dd>
              {question.section ? <a href={`/agreement#${question.section.anchor}`}>{question.section.heading}</a> : "nicht zugeordnet"}
            </dd>
            <dt>Wozu</dt>
            <dd>
              <QuestionPlaceLabel place={question.place} />
            </dd>
            <dt>Von</dt>
            <dd>{question.mine ? "Ihnen" : (question.authorName ?? "anonym")}</dd>
            <dt>Stand</dt>
            <dd>{question.statusLabel}</dd>
            <dt>Stimmen</dt>
            <dd>{question.votes}</dd>
          </dl>
          {question.answerHtml ? <QuestionAnswer html={question.answerHtml} how={question.answeredHow} headingLevel={4} /> : null}
          {question.mine ? (
            <p className="muted">Das ist Ihre Frage; für eigene Fragen können Sie nicht abstimmen.</p>
          ) : (
            <Form method="post" action={formAction} preventScrollReset>
              <input type="hidden" name="questionId" value={question.id} />
              {question.votedByMe ? (
                <button type="submit" className="button button--quiet" name="intent" value="unvote">
                  Stimme zurücknehmen
                </button>
              ) : (
                <button type="submit" className="button" name="intent" value="vote">
                  Stimme geben
                </button>
              )}
            </Form>
          )}
        </li>
      ))}
    </ol>
  );
}
