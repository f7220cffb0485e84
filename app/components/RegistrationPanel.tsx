import { Form, Link } from "@remix-run/react";
import { DateRange } from "~/components/DateRange";
import { SubmitButton } from "~/components/forms";
import { formatDateTime } from "~/lib/dates";
import type { Intent } from "~/registrations/rules";
import { WINDOW_LABELS, type RegistrationWindow } from "~/sessions/rules";

export type PanelData = {
  signedIn: boolean;
  loginHref: string;
  intents: Intent[];
  window: RegistrationWindow;
  freeSeats: number;
  waitlistLength: number;
  own: {
    status: string;
    position: number | null;
    offerExpiresAt: Date | null;
    keepsPlace: { sessionId: number; startsAt: Date; endsAt: Date } | null;
  } | null;
  placeElsewhere: { sessionId: number; startsAt: Date; endsAt: Date } | null;
  activeElsewhere: boolean;
};

/** "Ihre Anmeldung": the person's state and the one action that fits it. */
export function RegistrationPanel({ data }: { data: PanelData }) {
  const { own } = data;
  return (
    <section aria-labelledby="registration" className="registration-panel">
      <h2 id="registration">Ihre Anmeldung</h2>
      {own?.status === "confirmed" ? <p className="notice notice--success">Sie sind angemeldet. Ihr Platz ist bestätigt.</p> : null}
      {own?.status === "attended" ? <p className="notice notice--success">Sie haben teilgenommen.</p> : null}
      {own?.status === "waitlisted" ? (
        <p className="notice">
          Sie stehen auf Platz {own.position} der Warteliste.
          {own.keepsPlace ? (
            <>
              {" "}
              Ihr bisheriger Platz am <DateRange start={own.keepsPlace.startsAt} end={own.keepsPlace.endsAt} /> bleibt, bis Sie hier
              nachrücken.
            </>
          ) : null}
        </p>
      ) : null}
      {own?.status === "offered" && own.offerExpiresAt ? (
        <p className="notice notice--warning">
          Ein Platz ist frei geworden und für Sie reserviert. Bitte nehmen Sie ihn bis {formatDateTime(own.offerExpiresAt)} an – danach geht
          er an die nächste Person auf der Warteliste.
        </p>
      ) : null}

      {!data.signedIn ? (
        data.window === "open" ? (
          <p>
            <Link className="button" to={data.loginHref}>
              Einloggen und anmelden
            </Link>
          </p>
        ) : (
          <p>{WINDOW_LABELS[data.window]}.</p>
        )
      ) : null}

      {data.signedIn && data.intents.length === 0 && !own ? (
        <p>
          {data.activeElsewhere
            ? "Sie stehen bereits für einen anderen Termin dieser Reihe auf der Warteliste. Pro Person ist eine Anmeldung möglich."
            : `${WINDOW_LABELS[data.window]}.`}
        </p>
      ) : null}

      {data.intents.includes("register") ? (
        <Form method="post" className="stack">
          {data.freeSeats === 0 ? (
            <p>
              Der Termin ist ausgebucht. Auf der Warteliste {data.waitlistLength === 1 ? "steht" : "stehen"} {data.waitlistLength}{" "}
              {data.waitlistLength === 1 ? "Person" : "Personen"}; Plätze werden in der Reihenfolge der Warteliste vergeben.
            </p>
          ) : null}
          <div className="field">
            <label htmlFor="field-supportNeeds">Unterstützungsbedarf (freiwillig)</label>
            <span id="field-supportNeeds-hint" className="field__hint">
              z. B. Gebärdensprachdolmetschung, stufenloser Zugang. Sehen nur Organisation und Moderation; wird nach dem Termin gelöscht.
            </span>
            <textarea id="field-supportNeeds" name="supportNeeds" rows={2} maxLength={500} aria-describedby="field-supportNeeds-hint" />
          </div>
          <SubmitButton name="intent" value="register" pendingText="Wird gesendet …">
            {data.freeSeats > 0 ? "Jetzt anmelden" : `Auf die Warteliste (${data.waitlistLength} vor Ihnen)`}
          </SubmitButton>
        </Form>
      ) : null}

      {data.intents.includes("rebook") && data.placeElsewhere ? (
        <Form method="post">
          <p>
            Sie haben einen Platz am <DateRange start={data.placeElsewhere.startsAt} end={data.placeElsewhere.endsAt} />.
          </p>
          <SubmitButton name="intent" value="rebook" pendingText="Wird umgebucht …">
            {data.freeSeats > 0
              ? "Auf diesen Termin umbuchen"
              : "Für diesen Termin auf die Warteliste — Ihr bisheriger Platz bleibt, bis Sie hier nachrücken"}
          </SubmitButton>
        </Form>
      ) : null}

      {data.intents.includes("accept-offer") ? (
        <div className="actions">
          <Form method="post">
            <SubmitButton name="intent" value="accept-offer" pendingText="Wird bestätigt …">
              Platz annehmen
            </SubmitButton>
          </Form>
          <Form method="post">
            <SubmitButton name="intent" value="decline-offer" className="button button--quiet" pendingText="Wird abgelehnt …">
              Platz ablehnen
            </SubmitButton>
          </Form>
        </div>
      ) : null}

      {data.intents.includes("cancel") ? (
        <Form method="post">
          <SubmitButton name="intent" value="cancel" className="button button--quiet" pendingText="Wird abgemeldet …">
            {own?.status === "waitlisted" ? "Von der Warteliste abmelden" : "Abmelden"}
          </SubmitButton>
        </Form>
      ) : null}
    </section>
  );
}
