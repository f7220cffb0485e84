import { FieldShell } from "~/components/forms";
import { type SearchHitView, SearchHitItem } from "~/components/SearchResults";
import { QUESTION_TEXT_MAX, QUESTION_TEXT_MIN } from "~/questions/rules";

export type SectionOption = { id: number; heading: string };

const numberFormat = new Intl.NumberFormat("de-DE");

/** The section picker: "Weiß ich nicht" first, then the sections of the agreement in force. */
export function SectionSelect({
  id,
  sections,
  defaultValue,
  error,
  extra,
}: {
  id: string;
  sections: SectionOption[];
  defaultValue: string;
  error?: string;
  /** A section the question already has that is not in the version in force any more. */
  extra?: SectionOption | null;
}) {
  const options = extra && !sections.some((s) => s.id === extra.id) ? [...sections, extra] : sections;
  return (
    <FieldShell
      id={id}
      label="Abschnitt der Dienstvereinbarung"
      hint="Wenn Sie unsicher sind, wählen Sie „Weiß ich nicht“; die Moderation ordnet die Frage zu."
      error={error}
    >
      {(describedBy) => (
        <select id={id} name="sectionId" defaultValue={defaultValue} aria-invalid={error ? true : undefined} aria-describedby={describedBy}>
          <option value="">Weiß ich nicht</option>
          {options.map((section) => (
            <option key={section.id} value={String(section.id)}>
              {section.heading}
            </option>
          ))}
        </select>
      )}
    </FieldShell>
  );
}

/** The question itself: plain text, 10 to 2,000 characters. */
export function QuestionTextArea({
  id,
  defaultValue,
  error,
  onInput,
}: {
  id: string;
  defaultValue: string;
  error?: string;
  /** Called with the text as it is typed (the search for similar answers). */
  onInput?: (text: string) => void;
}) {
  return (
    <FieldShell
      id={id}
      label="Ihre Frage"
      hint={`${QUESTION_TEXT_MIN} bis ${numberFormat.format(QUESTION_TEXT_MAX)} Zeichen. Bitte nennen Sie keine Namen oder Daten anderer Personen.`}
      error={error}
    >
      {(describedBy) => (
        <textarea
          id={id}
          name="text"
          rows={6}
          required
          defaultValue={defaultValue}
          onInput={onInput ? (event) => onInput(event.currentTarget.value) : undefined}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
        />
      )}
    </FieldShell>
  );
}

/**
 * "Wurde das schon beantwortet?": published answers and accepted questions like the one being
 * written. With JavaScript they follow the typing; without, the "Prüfen" button asks the
 * server and the form comes back with everything typed. The sentence that says how many is a
 * polite live region; the list itself is not read out on every change. Never blocks submitting.
 */
export function SimilarAnswers({ items, searched }: { items: SearchHitView[] | null; searched: boolean }) {
  const status =
    !searched || items === null
      ? ""
      : items.length === 0
        ? "Keine passenden Antworten gefunden."
        : items.length === 1
          ? "1 passende Antwort oder Frage gefunden:"
          : `${items.length} passende Antworten oder Fragen gefunden:`;
  return (
    <section className="similar-answers" aria-labelledby="similar-heading">
      <h2 id="similar-heading">Wurde das schon beantwortet?</h2>
      <p className="field__hint" id="similar-hint">
        „Prüfen“ zeigt bis zu fünf veröffentlichte Antworten und angenommene Fragen, die zu Ihrem Text passen. Ihre Eingaben bleiben
        erhalten; einreichen können Sie in jedem Fall.
      </p>
      <p role="status" className="similar-answers__status">
        {status}
      </p>
      {items && items.length > 0 ? (
        <ol className="search-hits">
          {items.map((item) => (
            <SearchHitItem key={item.key} hit={item} newTab />
          ))}
        </ol>
      ) : null}
      <button type="submit" name="intent" value="check" className="button button--quiet" aria-describedby="similar-hint">
        Prüfen
      </button>
    </section>
  );
}
