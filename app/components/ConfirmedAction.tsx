import { Form, Link } from "@remix-run/react";
import { useRef, type ReactNode } from "react";
import { SubmitButton } from "~/components/forms";

type Props = {
  /** The form's intent, sent with `confirmed=1` once the person said yes. */
  intent: string;
  /** The button that starts it, e.g. "Abmelden". */
  label: string;
  pendingText: string;
  /** "Wirklich abmelden?" */
  question: string;
  /** What cannot be undone, in one or two sentences. */
  consequence: string;
  confirmLabel: string;
  keepLabel: string;
  /** Whether to ask at all (e.g. nobody waits for the place: no question). */
  ask: boolean;
  /** The server asked (the way without JavaScript): show the step in the page instead of the button. */
  showStep: boolean;
  /** The step's id, the target of the server's redirect (`…#id`). */
  stepId: string;
  /** Where "keep" leads in the step without JavaScript (the page without the question). */
  keepHref: string;
  buttonClassName?: string;
  /** The route that handles the intent, when it is not this page's (e.g. /me posting to the session). */
  action?: string;
  /** Where that route sends the person back to. */
  returnTo?: string;
  /** Extra words for the button's accessible name (e.g. which date), usually visually hidden. */
  labelSuffix?: ReactNode;
};

/**
 * An action that cannot be undone with one click asks once. With JavaScript: a modal
 * <dialog> (focus moves into it and stays there, Escape closes it, focus returns to the
 * button). Without: the form posts without `confirmed`, the server answers with a redirect to
 * the step (`showStep`), which holds the same question as a plain form. The server decides in
 * both cases, so a stale page never skips the question.
 */
export function ConfirmedAction(props: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  const headingId = `${props.stepId}-heading`;
  const textId = `${props.stepId}-text`;
  const confirmForm = (onSubmit?: () => void) => (
    <Form method="post" action={props.action} onSubmit={onSubmit}>
      {props.returnTo ? <input type="hidden" name="returnTo" value={props.returnTo} /> : null}
      <input type="hidden" name="confirmed" value="1" />
      <SubmitButton name="intent" value={props.intent} pendingText={props.pendingText}>
        {props.confirmLabel}
      </SubmitButton>
    </Form>
  );
  if (props.showStep) {
    return (
      <section id={props.stepId} className="notice notice--warning stack" aria-labelledby={headingId}>
        <h3 id={headingId}>{props.question}</h3>
        <p id={textId}>{props.consequence}</p>
        <div className="actions">
          {confirmForm()}
          <Link to={props.keepHref} className="button button--quiet">
            {props.keepLabel}
          </Link>
        </div>
      </section>
    );
  }
  return (
    <>
      <Form
        method="post"
        action={props.action}
        onSubmit={(event) => {
          if (!props.ask || !dialog.current) return;
          event.preventDefault();
          dialog.current.showModal();
        }}
      >
        {props.returnTo ? <input type="hidden" name="returnTo" value={props.returnTo} /> : null}
        <SubmitButton name="intent" value={props.intent} className={props.buttonClassName} pendingText={props.pendingText}>
          {props.label}
          {props.labelSuffix}
        </SubmitButton>
      </Form>
      {props.ask ? (
        <dialog ref={dialog} className="dialog" aria-labelledby={headingId} aria-describedby={textId}>
          <h3 id={headingId}>{props.question}</h3>
          <p id={textId}>{props.consequence}</p>
          <div className="actions">
            {confirmForm(() => dialog.current?.close())}
            <button type="button" className="button button--quiet" onClick={() => dialog.current?.close()}>
              {props.keepLabel}
            </button>
          </div>
        </dialog>
      ) : null}
    </>
  );
}
