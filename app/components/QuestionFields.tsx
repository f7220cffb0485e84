import { FieldShell } from "~/components/forms";
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
export function QuestionTextArea({ id, defaultValue, error }: { id: string; defaultValue: string; error?: string }) {
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
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
        />
      )}
    </FieldShell>
  );
}
