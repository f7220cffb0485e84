import { Form, Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { DateRange } from "~/components/DateRange";
import { ConfirmedAction } from "~/components/ConfirmedAction";
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
    keepsSeat: { sessionId: number; startsAt: Date; endsAt: Date } | null;
  } | null;
  sessionStarted: boolean;
  seatElsewhere: { sessionId: number; startsAt: Date; endsAt: Date } | null;
  waitingElsewhere: { sessionId: number; startsAt: Date; endsAt: Date; status: "waitlisted" | "offered" } | null;
  /** Cancelling gives the place to the next person on the waitlist: ask once. */
  cancelPassesSeatOn: boolean;
  /** Show the confirmation step in the page (the way without JavaScript). */
  confirmCancel: boolean;
};

/** "Ihre Anmeldung": the person's state and the one action that fits it; `facts` (seats, window) under the heading. */
export function RegistrationPanel({ data, facts }: { data: PanelData; facts?: ReactNode }) {
  const { own } = data;
  return (
    <section aria-labelledby="registration" className="registration-panel">
      <h2 id="registration" tabIndex={-1}>
        Ihre Anmeldung
      </h2>
      {facts}
      {own?.status === "confirmed" && !data.sessionStarted ? (
        <p className="notice notice--success">Sie sind angemeldet. Ihr Platz ist bestätigt.</p>
      ) : null}
      {own?.status === "confirmed" && data.sessionStarted ? <p className="notice">Sie hatten für diesen Termin einen Platz.</p> : null}
      {own?.status === "attended" ? <p className="notice notice--success">Sie haben teilgenommen.</p> : null}
      {own?.status === "waitlisted" && data.sessionStarted ? (
        <p className="notice">Sie standen auf der Warteliste; für diesen Termin ist kein Platz mehr frei geworden.</p>
      ) : null}
      {own?.status === "waitlisted" && !data.sessionStarted ? (
        <p className="notice">
          Sie stehen auf Platz {own.position} der Warteliste.
          {own.keepsSeat ? (
            <>
              {" "}
              Ihr bisheriger Platz am <DateRange start={own.keepsSeat.startsAt} end={own.keepsSeat.endsAt} /> bleibt, bis Sie hier
              nachrücken oder jener Termin beginnt.
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
          {data.waitingElsewhere && data.window === "open" ? (
            <>
              Sie stehen bereits auf der Warteliste für den{" "}
              <Link to={`/sessions/${data.waitingElsewhere.sessionId}`}>
                <DateRange start={data.waitingElsewhere.startsAt} end={data.waitingElsewhere.endsAt} />
              </Link>
              . Pro Person ist eine Anmeldung möglich; sobald hier ein Platz frei ist, können Sie mit einem Klick hierher wechseln.
            </>
          ) : (
            `${WINDOW_LABELS[data.window]}.`
          )}
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

      {data.intents.includes("switch") && data.waitingElsewhere ? (
        <Form method="post">
          <p>
            Sie {data.waitingElsewhere.status === "offered" ? "haben ein Platzangebot" : "stehen auf der Warteliste"} für den{" "}
            <DateRange start={data.waitingElsewhere.startsAt} end={data.waitingElsewhere.endsAt} />. Hier ist ein Platz frei: Wenn Sie
            wechseln, ist Ihr Platz hier sofort bestätigt und der Eintrag dort entfällt.
          </p>
          <SubmitButton name="intent" value="switch" pendingText="Wird gewechselt …">
            Zu diesem Termin wechseln
          </SubmitButton>
        </Form>
      ) : null}

      {data.intents.includes("rebook") && data.seatElsewhere ? (
        <Form method="post">
          <p>
            Sie haben einen Platz am <DateRange start={data.seatElsewhere.startsAt} end={data.seatElsewhere.endsAt} />.
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
        <ConfirmedAction
          intent="cancel"
          label={own?.status === "waitlisted" ? "Von der Warteliste abmelden" : "Abmelden"}
          pendingText="Wird abgemeldet …"
          buttonClassName="button button--quiet"
          question="Wirklich abmelden?"
          consequence="Ihr Platz geht sofort an die nächste Person auf der Warteliste. Wenn Sie sich später wieder anmelden, stehen Sie hinten auf der Warteliste."
          confirmLabel="Ja, abmelden"
          keepLabel="Nein, angemeldet bleiben"
          ask={data.cancelPassesSeatOn}
          showStep={data.confirmCancel}
          stepId="abmelden"
          keepHref="?"
        />
      ) : null}
    </section>
  );
}
