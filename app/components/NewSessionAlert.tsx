import { Form, Link } from "@remix-run/react";
import { SubmitButton } from "~/components/forms";

/** "Neue Termine melden" for a series whose dates are all full or past. */
export function NewSessionAlert({
  seriesId,
  title,
  signedIn,
  requested,
  returnTo,
}: {
  seriesId: number;
  title: string;
  signedIn: boolean;
  requested: boolean;
  returnTo: string;
}) {
  if (requested) return <p className="notice">Sie werden informiert, sobald es einen neuen Termin für „{title}“ gibt.</p>;
  return (
    <div className="notice">
      <p>Für „{title}“ sind alle Termine ausgebucht oder vorbei.</p>
      {signedIn ? (
        <Form method="post" action={`/series/${seriesId}/alert`}>
          <input type="hidden" name="redirectTo" value={returnTo} />
          <SubmitButton pendingText="Wird gespeichert …" className="button button--quiet">
            Über neue Termine informieren
          </SubmitButton>
        </Form>
      ) : (
        <p>
          <Link to={`/login?redirectTo=${encodeURIComponent(returnTo)}`}>Einloggen</Link>, um über neue Termine informiert zu werden.
        </p>
      )}
    </div>
  );
}
