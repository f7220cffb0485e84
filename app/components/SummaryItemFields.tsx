import type { DraftErrors, EditorRow } from "~/summaries/compose.server";
import type { DraftFormValues } from "~/summaries/summaries.schema";
import { FieldShell } from "./forms";

/**
 * One answered question in the summary editor: take it in or not, its section and place, and
 * the wording and answer as published. Every control names the question it belongs to; a
 * refused value comes back next to its field with what was typed.
 */
export function SummaryItemFields({
  row,
  sections,
  values,
  errors,
}: {
  row: EditorRow;
  sections: { id: number; label: string }[];
  values: DraftFormValues["rows"][string] | undefined;
  errors: DraftErrors;
}) {
  const q = `q${row.questionId}`;
  const nr = `Nr. ${row.questionId}`;
  const v = values ?? {
    included: row.included,
    sectionId: row.sectionId === null ? "" : String(row.sectionId),
    position: String(row.position),
    questionText: row.questionText,
    answer: row.answer,
  };
  const how = row.original.answeredHow === "in_session" ? "im Termin beantwortet" : "schriftlich beantwortet";
  return (
    <li>
      <fieldset className="session-card" data-editor-item={row.questionId}>
        <legend>
          Frage {nr}
          {row.original.context ? ` · ${row.original.context}` : ""} · {row.original.status === "answered" ? how : "nicht mehr beantwortet"}
        </legend>
        <input type="hidden" name="offered" value={row.questionId} />
        <div className="checkbox">
          <input type="checkbox" id={`${q}-include`} name="include" value={row.questionId} defaultChecked={v.included} />
          <label htmlFor={`${q}-include`}>In die Zusammenfassung aufnehmen ({nr})</label>
        </div>
        <FieldShell id={`${q}-section`} label={`Abschnitt (${nr})`} error={errors[`${q}-section`]}>
          {(describedBy) => (
            <select
              id={`${q}-section`}
              name={`${q}-section`}
              defaultValue={v.sectionId}
              aria-invalid={errors[`${q}-section`] ? true : undefined}
              aria-describedby={describedBy}
            >
              <option value="">Allgemein (kein Abschnitt)</option>
              {sections.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.label}
                </option>
              ))}
            </select>
          )}
        </FieldShell>
        <FieldShell id={`${q}-position`} label={`Reihenfolge im Abschnitt (${nr})`}>
          {(describedBy) => (
            <input
              id={`${q}-position`}
              name={`${q}-position`}
              type="number"
              inputMode="numeric"
              min={0}
              max={9999}
              defaultValue={v.position}
              aria-describedby={describedBy}
            />
          )}
        </FieldShell>
        <FieldShell
          id={`${q}-question`}
          label={`Frage für die Veröffentlichung (${nr})`}
          hint="Allgemein formulieren, ohne Namen, Fachbereiche oder Einzelfälle."
          error={errors[`${q}-question`]}
        >
          {(describedBy) => (
            <textarea
              id={`${q}-question`}
              name={`${q}-question`}
              rows={3}
              defaultValue={v.questionText}
              aria-invalid={errors[`${q}-question`] ? true : undefined}
              aria-describedby={describedBy}
            />
          )}
        </FieldShell>
        <FieldShell id={`${q}-answer`} label={`Antwort (${nr})`} hint="Markdown ist möglich." error={errors[`${q}-answer`]}>
          {(describedBy) => (
            <textarea
              id={`${q}-answer`}
              name={`${q}-answer`}
              rows={5}
              defaultValue={v.answer}
              aria-invalid={errors[`${q}-answer`] ? true : undefined}
              aria-describedby={describedBy}
            />
          )}
        </FieldShell>
      </fieldset>
    </li>
  );
}
