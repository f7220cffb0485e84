import { Form } from "@remix-run/react";
import { SubmitButton } from "~/components/forms";

type Props = {
  option: "discard" | "cancel" | "call_off" | null;
  reason: string;
  error: string | undefined;
};

const TEXTS = {
  cancel: {
    heading: "Termin absagen",
    label: "Grund der Absage",
    hint: "Wird allen Angemeldeten und der Warteliste mitgeteilt; ihre Anmeldungen enden.",
    button: "Termin absagen",
    pending: "Wird abgesagt …",
  },
  call_off: {
    heading: "Termin ausgefallen",
    label: "Grund des Ausfalls",
    hint: "Der Termin hat begonnen und kann nicht stattfinden. Alle mit einem Platz werden informiert; Anmeldungen bleiben unverändert.",
    button: "Als ausgefallen melden",
    pending: "Wird gemeldet …",
  },
} as const;

/**
 * The one way to end a session that fits its state: a draft is discarded, a session before
 * its start is cancelled, a running one without attendance can be called off. A session
 * that has started is history and shows no cancel button.
 */
export function SessionEndActions({ option, reason, error }: Props) {
  if (option === null) return null;
  if (option === "discard") {
    return (
      <section aria-labelledby="end-heading" className="no-print">
        <h2 id="end-heading">Entwurf verwerfen</h2>
        <p>Der Entwurf war nie sichtbar und wird vollständig gelöscht.</p>
        <Form method="post">
          <SubmitButton name="intent" value="discard" className="button button--quiet" pendingText="Wird verworfen …">
            Entwurf verwerfen
          </SubmitButton>
        </Form>
      </section>
    );
  }
  const text = TEXTS[option];
  return (
    <section aria-labelledby="end-heading" className="no-print">
      <h2 id="end-heading">{text.heading}</h2>
      <Form method="post" noValidate className="stack">
        <div className="field">
          <label htmlFor="field-reason">{text.label}</label>
          <span id="field-reason-hint" className="field__hint">
            {text.hint}
          </span>
          <textarea
            id="field-reason"
            name="reason"
            rows={3}
            defaultValue={reason}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? "field-reason-hint field-reason-error" : "field-reason-hint"}
          />
          {error ? (
            <span id="field-reason-error" className="field__error">
              {error}
            </span>
          ) : null}
        </div>
        <SubmitButton
          name="intent"
          value={option === "cancel" ? "cancel" : "call-off"}
          className="button button--quiet"
          pendingText={text.pending}
        >
          {text.button}
        </SubmitButton>
      </Form>
    </section>
  );
}
