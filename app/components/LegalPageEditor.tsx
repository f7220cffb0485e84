import { Form, Link } from "@remix-run/react";
import { LegalPageArticle } from "~/components/ContentPage";
import { ErrorSummary } from "~/components/ErrorSummary";
import { FieldShell, FormError, SubmitButton, TextField } from "~/components/forms";
import type { PageField, PageInput } from "~/pages/rules";

export const PAGE_FIELD_LABELS: Record<PageField, string> = {
  title: "Überschrift",
  body: "Text (Markdown)",
  reviewedOn: "Datum der letzten Überprüfung",
};

/** What the app itself adds below the organisers' text, so nobody writes it twice. */
export const GENERATED_BELOW: Record<string, string> = {
  datenschutz: "Unter Ihrem Text zeigt die Anwendung selbst an, welche Daten sie speichert und wie lange.",
  barrierefreiheit:
    "Unter Ihrem Text fügt die Anwendung selbst an: das Datum der letzten Überprüfung, das Formular für Rückmeldungen mit der Adresse des Funktionspostfachs und den Hinweis auf die Ombudsstelle (Durchsetzungsverfahren).",
};

export type EditorPreview = { title: string; html: string; reviewedOn: { iso: string; text: string } | null };

export function LegalPageEditorForm({
  slug,
  values,
  errors,
  formError,
  basis,
  withReviewDate,
  preview,
}: {
  slug: string;
  values: PageInput;
  errors: Partial<Record<PageField, string>>;
  formError: string | null;
  basis: number;
  withReviewDate: boolean;
  preview: EditorPreview | null;
}) {
  const labels = withReviewDate ? PAGE_FIELD_LABELS : { title: PAGE_FIELD_LABELS.title, body: PAGE_FIELD_LABELS.body };
  return (
    <>
      <ErrorSummary errors={errors} labels={labels} />
      <FormError message={formError} />
      <Form method="post" action={`/admin/pages/${slug}`} className="form legal-editor">
        <input type="hidden" name="basis" value={basis} />
        <TextField name="title" label={PAGE_FIELD_LABELS.title} defaultValue={values.title} error={errors.title} required />
        <FieldShell
          id="field-body"
          label={PAGE_FIELD_LABELS.body}
          hint={
            <>
              Zwischenüberschriften mit „## “, <strong>fett</strong> mit „**…**“, Links als „[Linktext](https://…)“, Listen mit „- “ am
              Zeilenanfang. „Vorschau“ zeigt die Seite, ohne etwas zu speichern.
              {GENERATED_BELOW[slug] ? ` ${GENERATED_BELOW[slug]}` : ""}
            </>
          }
          error={errors.body}
        >
          {(describedBy) => (
            <textarea
              id="field-body"
              name="body"
              rows={18}
              required
              defaultValue={values.body}
              aria-invalid={errors.body ? true : undefined}
              aria-describedby={describedBy}
            />
          )}
        </FieldShell>
        {withReviewDate ? (
          <TextField
            name="reviewedOn"
            type="date"
            label={PAGE_FIELD_LABELS.reviewedOn}
            hint="Wann die Erklärung zuletzt geprüft wurde; sie nennt dieses Datum."
            defaultValue={values.reviewedOn}
            error={errors.reviewedOn}
            required
          />
        ) : null}
        <p className="actions">
          {/* First in the form: Enter in a field shows the preview rather than saving. */}
          <SubmitButton name="intent" value="preview" pendingText="Vorschau wird erstellt …" className="button button--quiet">
            Vorschau
          </SubmitButton>
          <SubmitButton name="intent" value="save" pendingText="Wird gespeichert …">
            Speichern
          </SubmitButton>
        </p>
      </Form>
      {preview ? (
        <section className="legal-preview" aria-labelledby="legal-preview-title" data-preview>
          <p id="legal-preview-title" className="legal-preview__label">
            Vorschau – so sieht die Seite nach dem Speichern aus. Noch ist nichts gespeichert.
          </p>
          <LegalPageArticle page={preview} heading="h2">
            {preview.reviewedOn ? (
              <p className="legal-page__reviewed">
                Diese Erklärung wurde zuletzt am <time dateTime={preview.reviewedOn.iso}>{preview.reviewedOn.text}</time> überprüft.
              </p>
            ) : null}
          </LegalPageArticle>
        </section>
      ) : null}
    </>
  );
}

export type RevisionRow = { id: number; number: number; savedAt: string; savedBy: string | null };

/** The saved versions, newest first; each opens on its own page. */
export function RevisionTable({ slug, revisions }: { slug: string; revisions: RevisionRow[] }) {
  if (revisions.length === 0) return <p>Noch keine gespeicherte Version.</p>;
  return (
    // biome-ignore lint/a11y/useSemanticElements: a focusable scroll region is the WAI pattern for a wide table (axe scrollable-region-focusable)
    // biome-ignore lint/a11y/noNoninteractiveTabindex: keyboard users must be able to scroll the table
    <div className="table-scroll" role="region" aria-label="Versionen" tabIndex={0}>
      <table className="table" data-revisions>
        <caption className="visually-hidden">Gespeicherte Versionen, neueste zuerst</caption>
        <thead>
          <tr>
            <th scope="col">Version</th>
            <th scope="col">Gespeichert am</th>
            <th scope="col">Von</th>
          </tr>
        </thead>
        <tbody>
          {revisions.map((revision, index) => (
            <tr key={revision.id} data-revision-id={revision.id}>
              <td>
                <Link to={`/admin/pages/${slug}/versions/${revision.id}`}>
                  Version {revision.number}
                  {index === 0 ? " (aktuell)" : ""}
                </Link>
              </td>
              <td>{revision.savedAt}</td>
              <td>{revision.savedBy ?? "nicht vermerkt"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
