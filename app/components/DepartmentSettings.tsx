import { Form } from "@remix-run/react";
import { FieldShell, SubmitButton } from "~/components/forms";
import { NO_DEPARTMENT, OTHER_DEPARTMENT } from "~/people/departments";

/** The "Abteilungen" section of /admin/settings: the list people choose from in their profile. */
export function DepartmentSettings({ departments, error, typed }: { departments: string[]; error?: string | null; typed?: string | null }) {
  return (
    <section aria-labelledby="departments-heading">
      <h2 id="departments-heading">Abteilungen</h2>
      <p>
        Im Profil wählen Mitarbeitende ihren Fachbereich oder ihr Amt aus dieser Liste; dazu kommt immer „{OTHER_DEPARTMENT}“. Ist die Liste
        leer, tippen sie die Angabe frei ein. Berichte zählen nach dieser Liste: Was nicht auf ihr steht, zählt als „{OTHER_DEPARTMENT}“,
        keine Angabe als „{NO_DEPARTMENT}“.
      </p>
      <Form method="post" noValidate>
        <input type="hidden" name="intent" value="departments" />
        <FieldShell
          id="field-departments"
          label="Fachbereiche und Ämter"
          hint="Ein Eintrag pro Zeile, in der gewünschten Reihenfolge."
          error={error ?? undefined}
        >
          {(describedBy) => (
            <textarea
              id="field-departments"
              name="departments"
              rows={8}
              defaultValue={typed ?? departments.join("\n")}
              aria-invalid={error ? true : undefined}
              aria-describedby={describedBy}
            />
          )}
        </FieldShell>
        <SubmitButton name="intent" value="departments" pendingText="Wird gespeichert …">
          Liste übernehmen
        </SubmitButton>
      </Form>
    </section>
  );
}
