import { Form } from "@remix-run/react";
import type { ReactNode } from "react";
import type { QueueItem, SectionOption } from "~/questions/review.server";
import { IN_SESSION_NOTE_MAX, REVIEW_STATUS_LABELS } from "~/questions/review.schema";
import { SubmitButton } from "./forms";

/** A refused review action, shown at the field of the card it came from. */
export type ReviewFormError = {
  questionId: number | "bulk";
  intent: string;
  errors: Partial<Record<string, string>>;
  values: Record<string, string>;
};

type Props = {
  item: QueueItem;
  sections: SectionOption[];
  /** The queue URL to come back to, and where focus goes after each kind of action. */
  returnTo: string;
  focusAfterChange: string;
  error: ReviewFormError | null;
};

const mayChangeWording = (status: QueueItem["status"]) => status === "submitted" || status === "accepted" || status === "answered";
const isOpen = (status: QueueItem["status"]) => status === "submitted" || status === "accepted";

/**
 * One question of the review queue with every action that fits its state. The longer
 * actions sit in <details>, which open with Enter or Space and work without JavaScript;
 * every control has a name that says which question it acts on.
 */
export function FacilitateQuestion({ item, sections, returnTo, focusAfterChange, error }: Props) {
  const nr = `Nr. ${item.id}`;
  const own = error && error.questionId === item.id ? error : null;
  const hidden = (focus: string) => (
    <>
      <input type="hidden" name="questionId" value={item.id} />
      <input type="hidden" name="returnTo" value={returnTo} />
      <input type="hidden" name="focus" value={focus} />
    </>
  );
  const self = `q-${item.id}`;
  return (
    <li>
      <article id={self} className="session-card" aria-labelledby={`${self}-title`} tabIndex={-1} data-question={item.id}>
        <h3 id={`${self}-title`}>
          {nr} · <span data-status>{REVIEW_STATUS_LABELS[item.status]}</span>
        </h3>
        <p className="question-text">{item.text}</p>
        <dl className="facts">
          <dt>Bezug</dt>
          <dd>{item.context}</dd>
          <dt>Abschnitt</dt>
          <dd>{item.sectionLabel ?? "noch keiner"}</dd>
          <dt>Stimmen</dt>
          <dd data-votes>{item.votes}</dd>
          <dt>Eingereicht</dt>
          <dd>
            {item.submittedOn}, {item.anonymous ? "anonym" : "namentlich"}
            {item.live ? ", im Termin (Fragen im Termin)" : ""}
          </dd>
          {item.originalText ? (
            <>
              <dt>Ursprünglicher Wortlaut</dt>
              <dd>{item.originalText}</dd>
            </>
          ) : null}
          {item.status === "merged" && item.mergedIntoId ? (
            <>
              <dt>Zusammengeführt in</dt>
              <dd>
                <a href={`#q-${item.mergedIntoId}`}>Nr. {item.mergedIntoId}</a>
              </dd>
            </>
          ) : null}
          {item.status === "rejected" && item.rejectReason ? (
            <>
              <dt>Grund</dt>
              <dd>{item.rejectReason}</dd>
            </>
          ) : null}
          {item.followUp ? (
            <>
              <dt>Hinweis</dt>
              <dd>Antwort wird nachgereicht</dd>
            </>
          ) : null}
        </dl>
        {item.answerHtml ? (
          <section aria-label={`Antwort zu ${nr}`}>
            <p className="status">{item.answeredHow === "in_session" ? "Im Termin beantwortet:" : "Antwort:"}</p>
            {/* biome-ignore lint/security/noDangerouslySetInnerHtml: rendered by markdown.server.ts through sanitize-html */}
            <div className="prose" dangerouslySetInnerHTML={{ __html: item.answerHtml }} />
          </section>
        ) : null}

        {item.status !== "merged" ? (
          <div className="checkbox">
            <input type="checkbox" id={`select-${item.id}`} name="questionId" value={item.id} form="bulk" />
            <label htmlFor={`select-${item.id}`}>{nr} für die Sammelaktion auswählen</label>
          </div>
        ) : null}

        <div className="actions">
          {item.status === "submitted" ? (
            <Form method="post">
              {hidden(focusAfterChange)}
              <SubmitButton name="intent" value="accept" pendingText="Wird angenommen …">
                Annehmen<span className="visually-hidden"> ({nr})</span>
              </SubmitButton>
            </Form>
          ) : null}
          {item.status === "accepted" ? (
            <Form method="post">
              {hidden(self)}
              <input type="hidden" name="followUp" value={item.followUp ? "0" : "1"} />
              <SubmitButton name="intent" value="follow-up" className="button button--quiet" pendingText="Wird gespeichert …">
                {item.followUp ? "Nicht mehr nachreichen" : "Antwort nachreichen"}
                <span className="visually-hidden"> ({nr})</span>
              </SubmitButton>
            </Form>
          ) : null}
        </div>

        {mayChangeWording(item.status) ? (
          <ActionPanel summary="Beantworten" nr={nr} open={own?.intent === "answer"}>
            <Form method="post" className="stack" noValidate>
              {hidden(focusAfterChange)}
              <fieldset>
                <legend>Wie wurde die Frage beantwortet?</legend>
                <div className="checkbox">
                  <input
                    type="radio"
                    id={`how-written-${item.id}`}
                    name="how"
                    value="written"
                    defaultChecked={(own?.values.how ?? item.answeredHow ?? "written") === "written"}
                  />
                  <label htmlFor={`how-written-${item.id}`}>Schriftliche Antwort</label>
                </div>
                <div className="checkbox">
                  <input
                    type="radio"
                    id={`how-in-session-${item.id}`}
                    name="how"
                    value="in_session"
                    defaultChecked={(own?.values.how ?? item.answeredHow) === "in_session"}
                  />
                  <label htmlFor={`how-in-session-${item.id}`}>
                    Im Termin beantwortet (kurze Notiz, höchstens {IN_SESSION_NOTE_MAX} Zeichen)
                  </label>
                </div>
              </fieldset>
              <SectionSelect
                id={`answer-section-${item.id}`}
                label={`Abschnitt der Dienstvereinbarung für ${nr}`}
                sections={sections}
                defaultValue={own?.intent === "answer" ? own.values.sectionId : item.sectionId ? String(item.sectionId) : "none"}
                error={own?.intent === "answer" ? own.errors.sectionId : undefined}
              />
              <TextArea
                id={`answer-${item.id}`}
                name="answer"
                label={`Antwort oder Notiz zu ${nr}`}
                hint="Markdown: **fett**, Aufzählungen mit „- “, Links als [Text](https://…)."
                rows={5}
                defaultValue={own?.intent === "answer" ? own.values.answer : (item.answer ?? "")}
                error={own?.intent === "answer" ? own.errors.answer : undefined}
              />
              <SubmitButton name="intent" value="answer" pendingText="Wird gespeichert …">
                Antwort speichern<span className="visually-hidden"> ({nr})</span>
              </SubmitButton>
            </Form>
          </ActionPanel>
        ) : null}

        {item.status !== "merged" && item.status !== "withdrawn" ? (
          <ActionPanel summary="Abschnitt zuordnen" nr={nr} open={own?.intent === "section"}>
            <Form method="post" className="stack">
              {hidden(self)}
              <SectionSelect
                id={`section-${item.id}`}
                label={`Abschnitt der Dienstvereinbarung für ${nr}`}
                sections={sections}
                defaultValue={item.sectionId ? String(item.sectionId) : "none"}
                error={own?.intent === "section" ? own.errors.sectionId : undefined}
              />
              <SubmitButton name="intent" value="section" pendingText="Wird gespeichert …">
                Abschnitt speichern<span className="visually-hidden"> ({nr})</span>
              </SubmitButton>
            </Form>
          </ActionPanel>
        ) : null}

        {isOpen(item.status) ? (
          <ActionPanel summary="Zusammenführen" nr={nr} open={own?.intent === "merge"}>
            <Form method="post" className="stack" noValidate>
              {hidden(focusAfterChange)}
              <div className="field">
                <label htmlFor={`merge-${item.id}`}>Nummer der Frage, in die {nr} aufgeht</label>
                <span id={`merge-${item.id}-hint`} className="field__hint">
                  Die Stimmen gehen mit; jede Person zählt einmal.
                </span>
                <input
                  id={`merge-${item.id}`}
                  name="targetId"
                  inputMode="numeric"
                  autoComplete="off"
                  defaultValue={own?.intent === "merge" ? own.values.targetId : undefined}
                  aria-invalid={own?.intent === "merge" && own.errors.targetId ? true : undefined}
                  aria-describedby={[
                    `merge-${item.id}-hint`,
                    own?.intent === "merge" && own.errors.targetId ? `merge-${item.id}-error` : "",
                  ]
                    .filter(Boolean)
                    .join(" ")}
                />
                {own?.intent === "merge" && own.errors.targetId ? (
                  <span id={`merge-${item.id}-error`} className="field__error">
                    {own.errors.targetId}
                  </span>
                ) : null}
              </div>
              <SubmitButton name="intent" value="merge" pendingText="Wird zusammengeführt …">
                Zusammenführen<span className="visually-hidden"> ({nr})</span>
              </SubmitButton>
            </Form>
          </ActionPanel>
        ) : null}

        {mayChangeWording(item.status) ? (
          <ActionPanel summary="Wortlaut bearbeiten" nr={nr} open={own?.intent === "edit"}>
            <Form method="post" className="stack" noValidate>
              {hidden(self)}
              <TextArea
                id={`text-${item.id}`}
                name="text"
                label={`Wortlaut von ${nr}`}
                hint="Zum Beispiel ohne Angaben, die auf eine Person schließen lassen. Der ursprüngliche Wortlaut bleibt für die fragende Person und die Moderation sichtbar."
                rows={3}
                defaultValue={own?.intent === "edit" ? own.values.text : item.text}
                error={own?.intent === "edit" ? own.errors.text : undefined}
              />
              <SubmitButton name="intent" value="edit" pendingText="Wird gespeichert …">
                Wortlaut speichern<span className="visually-hidden"> ({nr})</span>
              </SubmitButton>
            </Form>
          </ActionPanel>
        ) : null}

        {isOpen(item.status) ? (
          <ActionPanel summary="Ablehnen" nr={nr} open={own?.intent === "reject"}>
            <Form method="post" className="stack" noValidate>
              {hidden(focusAfterChange)}
              <TextArea
                id={`reason-${item.id}`}
                name="reason"
                label={`Grund für die Ablehnung von ${nr}`}
                hint="Pflichtfeld. Wer namentlich gefragt hat, erhält den Grund per E-Mail."
                rows={2}
                defaultValue={own?.intent === "reject" ? own.values.reason : undefined}
                error={own?.intent === "reject" ? own.errors.reason : undefined}
              />
              <SubmitButton name="intent" value="reject" pendingText="Wird gespeichert …">
                Ablehnen<span className="visually-hidden"> ({nr})</span>
              </SubmitButton>
            </Form>
          </ActionPanel>
        ) : null}
      </article>
    </li>
  );
}

function ActionPanel({ summary, nr, open, children }: { summary: string; nr: string; open: boolean; children: ReactNode }) {
  return (
    <details open={open || undefined}>
      <summary>
        {summary}
        <span className="visually-hidden"> ({nr})</span>
      </summary>
      {children}
    </details>
  );
}

function SectionSelect({
  id,
  label,
  sections,
  defaultValue,
  error,
}: {
  id: string;
  label: string;
  sections: SectionOption[];
  defaultValue?: string;
  error?: string;
}) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        name="sectionId"
        defaultValue={defaultValue}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
      >
        <option value="none">Kein Abschnitt</option>
        {sections.map((section) => (
          <option key={section.id} value={section.id}>
            {section.label}
          </option>
        ))}
      </select>
      {error ? (
        <span id={`${id}-error`} className="field__error">
          {error}
        </span>
      ) : null}
    </div>
  );
}

export function TextArea({
  id,
  name,
  label,
  hint,
  rows,
  defaultValue,
  error,
}: {
  id: string;
  name: string;
  label: string;
  hint?: string;
  rows: number;
  defaultValue?: string;
  error?: string;
}) {
  const describedBy = [hint ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean).join(" ") || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <span id={`${id}-hint`} className="field__hint">
          {hint}
        </span>
      ) : null}
      <textarea
        id={id}
        name={name}
        rows={rows}
        defaultValue={defaultValue}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
      />
      {error ? (
        <span id={`${id}-error`} className="field__error">
          {error}
        </span>
      ) : null}
    </div>
  );
}
