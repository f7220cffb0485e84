import { Form } from "@remix-run/react";
import { FieldShell, SubmitButton } from "~/components/forms";

/** The organisers' note on working time, shown on every session page (empty = not shown). */
export function WorkingTimeNoteForm({ value, error }: { value: string; error?: string }) {
  return (
    <Form method="post" className="stack" noValidate>
      <FieldShell
        id="field-workingTimeNote"
        label="Hinweis zur Arbeitszeit"
        hint="Steht auf jeder Terminseite, zum Beispiel „Die Teilnahme ist Arbeitszeit.“ Leer lassen, wenn kein Hinweis erscheinen soll."
        error={error}
      >
        {(describedBy) => (
          <textarea
            id="field-workingTimeNote"
            name="workingTimeNote"
            rows={2}
            defaultValue={value}
            aria-invalid={error ? true : undefined}
            aria-describedby={describedBy}
          />
        )}
      </FieldShell>
      <SubmitButton pendingText="Wird gespeichert …" name="intent" value="save-working-time-note">
        Hinweis speichern
      </SubmitButton>
    </Form>
  );
}
