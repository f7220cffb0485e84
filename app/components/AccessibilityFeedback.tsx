import { Form } from "@remix-run/react";
import { ErrorSummary } from "~/components/ErrorSummary";
import { FieldShell, FormError, SubmitButton, TextField } from "~/components/forms";
import type { FieldErrors } from "~/lib/forms";
import { FEEDBACK_LABELS, MAX_FEEDBACK_MESSAGE, MAX_FEEDBACK_NAME, MAX_FEEDBACK_PAGE, type FeedbackField } from "~/pages/feedback.schema";

export type FeedbackValues = Record<FeedbackField, string>;

/**
 * The parts of the accessibility statement the app adds below the organisers' text: the date of
 * the last review, the feedback form with the functional mailbox, and the enforcement office.
 */
export function AccessibilityStatementFacts({
  reviewedOn,
  mailbox,
  ombudsstelle,
  values,
  errors,
  formError,
  formToken,
}: {
  reviewedOn: { iso: string; text: string } | null;
  mailbox: string;
  ombudsstelle: { name: string; url: string };
  values: FeedbackValues;
  errors: FieldErrors;
  formError: string | null;
  formToken: string;
}) {
  return (
    <>
      {reviewedOn ? (
        <p className="legal-page__reviewed">
          Diese Erklärung wurde zuletzt am <time dateTime={reviewedOn.iso}>{reviewedOn.text}</time> überprüft.
        </p>
      ) : null}
      <section aria-labelledby="rueckmeldung" className="feedback">
        <h2 id="rueckmeldung">Feedback und Kontakt</h2>
        <p>
          Ist Ihnen eine Barriere aufgefallen, oder brauchen Sie einen Inhalt in einer anderen Form? Schreiben Sie uns mit diesem Formular –
          ein Login ist dafür nicht nötig – oder per E-Mail an <a href={`mailto:${mailbox}`}>{mailbox}</a>.
        </p>
        <ErrorSummary errors={errors} labels={FEEDBACK_LABELS} />
        <FormError message={formError} />
        <Form method="post" className="form" noValidate>
          <input type="hidden" name="formToken" value={formToken} />
          <FieldShell
            id="field-message"
            label={FEEDBACK_LABELS.message}
            hint={`Was hat nicht funktioniert, und womit waren Sie unterwegs (zum Beispiel Bildschirmleser, Tastatur, Vergrößerung)? Höchstens ${MAX_FEEDBACK_MESSAGE.toLocaleString("de-DE")} Zeichen.`}
            error={errors.message}
          >
            {(describedBy) => (
              <textarea
                id="field-message"
                name="message"
                rows={6}
                required
                maxLength={MAX_FEEDBACK_MESSAGE}
                defaultValue={values.message}
                aria-invalid={errors.message ? true : undefined}
                aria-describedby={describedBy}
              />
            )}
          </FieldShell>
          <TextField
            name="page"
            label={FEEDBACK_LABELS.page}
            hint="Die Adresse oder der Name der Seite."
            defaultValue={values.page}
            error={errors.page}
            maxLength={MAX_FEEDBACK_PAGE}
          />
          <TextField
            name="name"
            label={FEEDBACK_LABELS.name}
            defaultValue={values.name}
            error={errors.name}
            autoComplete="name"
            maxLength={MAX_FEEDBACK_NAME}
          />
          <TextField
            name="replyTo"
            type="email"
            label={FEEDBACK_LABELS.replyTo}
            hint="Nur wenn Sie eine Antwort möchten."
            defaultValue={values.replyTo}
            error={errors.replyTo}
            autoComplete="email"
            spellCheck={false}
          />
          <SubmitButton pendingText="Wird gesendet …">Rückmeldung senden</SubmitButton>
        </Form>
      </section>
      <section aria-labelledby="durchsetzungsverfahren">
        <h2 id="durchsetzungsverfahren">Durchsetzungsverfahren</h2>
        <p>
          Wenn Sie auf Ihre Rückmeldung keine zufriedenstellende Antwort erhalten, können Sie sich an die{" "}
          <a href={ombudsstelle.url}>{ombudsstelle.name}</a> wenden.
        </p>
      </section>
    </>
  );
}
