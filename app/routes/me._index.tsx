import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { SubmitButton } from "~/components/forms";
import { currentFeedToken } from "~/calendar/feeds.server";
import { DateRange } from "~/components/DateRange";
import { requireUser } from "~/auth/current-user.server";
import { formatDateRange, formatDateTime } from "~/lib/dates";
import { ConfirmedAction } from "~/components/ConfirmedAction";
import { listMyRegistrations, type MyRegistration } from "~/registrations/my-registrations.server";
import { registrationLabel } from "~/registrations/rules";
import { FORMAT_LABELS } from "~/sessions/rules";
import { MyQuestionList } from "~/components/QuestionList";
import { questionKeyFrom } from "~/questions/question-key.server";
import { listMyQuestions, sectionChoices } from "~/questions/reads.server";
import { publishedInSummaries } from "~/summaries/published.server";
import { maySubmitForSession } from "~/questions/rules";
import { CertificateDeadlines } from "~/components/CertificateDeadlines";
import { myCertificateDeadlines } from "~/privacy/retention.server";

export const meta: MetaFunction = () => [{ title: "Meine Anmeldungen – KI-Infoveranstaltungen" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(context, request);
  const token = currentFeedToken(context.db, context.env.sessionSecret, user.id);
  const feedUrl = `${context.env.appUrl}/calendar/${token}.ics`;
  const now = new Date();
  const registrations = listMyRegistrations(context.db, user.id, now);
  const questions = listMyQuestions(context.db, user, questionKeyFrom(context.env));
  return {
    ...registrations,
    feedUrl,
    webcalUrl: feedUrl.replace(/^https?:/, "webcal:"),
    // Sessions this person may still send a question in for (a place, not started).
    askableSessionIds: registrations.current
      .filter((r) =>
        maySubmitForSession({
          registrationStatus: r.status,
          sessionStarted: r.startsAt <= now,
          sessionCancelled: r.sessionStatus === "cancelled",
        }),
      )
      .map((r) => r.sessionId),
    questions,
    // Only ids already proven to be this person's (named or by the keyed value) go in.
    publishedIn: publishedInSummaries(
      context.db,
      questions.map((q) => q.id),
    ),
    sections: sectionChoices(context.db, now).map(({ id, heading }) => ({ id, heading })),
    certificateDeadlines: myCertificateDeadlines(context.db, user.id),
  };
}

/** The actions a current registration offers right in its row (they post to the session page). */
function RowActions({ item, askable }: { item: MyRegistration; askable: boolean }) {
  const when = <span className="visually-hidden"> (Termin am {formatDateRange(item.startsAt, item.endsAt)})</span>;
  const post = (intent: string, label: string, pending: string, className = "button") => (
    <Form method="post" action={`/sessions/${item.sessionId}`}>
      <input type="hidden" name="returnTo" value="/me" />
      <SubmitButton name="intent" value={intent} className={className} pendingText={pending}>
        {label}
        {when}
      </SubmitButton>
    </Form>
  );
  const holdsPlace = item.status === "confirmed" || item.status === "attended";
  return (
    <div className="actions">
      {item.status === "offered" && !item.started ? post("accept-offer", "Platz annehmen", "Wird bestätigt …") : null}
      {item.status === "offered" && !item.started
        ? post("decline-offer", "Platz ablehnen", "Wird abgelehnt …", "button button--quiet")
        : null}
      {holdsPlace && item.sessionStatus !== "cancelled" ? (
        <a className="button button--quiet" href={`/sessions/${item.sessionId}/calendar.ics`} download>
          Kalender (.ics){when}
        </a>
      ) : null}
      {item.status === "attended" ? (
        <Link className="button button--quiet" to={`/me/certificates/${item.id}`}>
          Teilnahmebestätigung{when}
        </Link>
      ) : null}
      {askable ? (
        <Link className="button button--quiet" to={`/questions/new?session=${item.sessionId}`}>
          Frage stellen{when}
        </Link>
      ) : null}
      {(item.status === "confirmed" || item.status === "waitlisted") && !item.started ? (
        <ConfirmedAction
          intent="cancel"
          action={`/sessions/${item.sessionId}`}
          returnTo="/me"
          label={item.status === "waitlisted" ? "Von der Warteliste abmelden" : "Abmelden"}
          labelSuffix={when}
          pendingText="Wird abgemeldet …"
          buttonClassName="button button--quiet"
          question="Wirklich abmelden?"
          consequence="Ihr Platz geht sofort an die nächste Person auf der Warteliste. Wenn Sie sich später wieder anmelden, stehen Sie hinten auf der Warteliste."
          confirmLabel="Ja, abmelden"
          keepLabel="Nein, angemeldet bleiben"
          ask={item.passesSeatOn}
          showStep={false}
          stepId={`abmelden-${item.id}`}
          keepHref="/me"
        />
      ) : null}
    </div>
  );
}

function RegistrationCards({ items, askable = [] }: { items: MyRegistration[]; askable?: number[] }) {
  return (
    <ul className="session-list">
      {items.map((item) => (
        <li key={item.id} className="session-card" data-registration={item.id}>
          <h3>
            <Link to={`/sessions/${item.sessionId}`}>
              <DateRange start={item.startsAt} end={item.endsAt} />
            </Link>
          </h3>
          <p className={`session-card__own session-card__own--${item.status}`} data-own-state={item.status}>
            {registrationLabel(item)}
            {item.status === "offered" && item.offerExpiresAt ? <> (bis {formatDateTime(item.offerExpiresAt)})</> : null}
            {item.sessionStatus === "cancelled" && item.status !== "cancelled_by_organizer" ? " · Veranstaltung abgesagt" : null}
          </p>
          <dl>
            <dt>Reihe</dt>
            <dd>{item.seriesTitle}</dd>
            <dt>Ort</dt>
            <dd>
              {FORMAT_LABELS[item.format]}
              {item.format !== "online" && item.place ? `: ${[item.place, item.room].filter(Boolean).join(", ")}` : ""}
            </dd>
          </dl>
          <RowActions item={item} askable={askable.includes(item.sessionId)} />
        </li>
      ))}
    </ul>
  );
}

export default function MyRegistrations() {
  const { current, ended, feedUrl, webcalUrl, askableSessionIds, questions, publishedIn, sections, certificateDeadlines } =
    useLoaderData<typeof loader>();
  return (
    <div>
      <h1>Meine Anmeldungen</h1>
      <section aria-labelledby="aktuell">
        <h2 id="aktuell">Kommende Termine</h2>
        {current.length === 0 ? (
          <p>
            Sie sind für keinen kommenden Termin angemeldet. <Link to="/sessions">Zu den Veranstaltungen</Link>
          </p>
        ) : (
          <RegistrationCards items={current} askable={askableSessionIds} />
        )}
      </section>
      <section aria-labelledby="beendet">
        <h2 id="beendet">Vergangene und beendete</h2>
        {ended.length === 0 ? <p>Noch keine.</p> : <RegistrationCards items={ended} />}
      </section>
      <CertificateDeadlines items={certificateDeadlines} />
      <section aria-labelledby="meine-fragen">
        <h2 id="meine-fragen">Meine Fragen</h2>
        <p>
          <Link to="/questions/new">Frage einreichen</Link> · <Link to="/questions">Fragen aus der Praxis</Link>
        </p>
        {questions.length === 0 ? (
          <p>Sie haben noch keine Fragen eingereicht.</p>
        ) : (
          <MyQuestionList items={questions} sections={sections} returnTo="/me" publishedIn={publishedIn} />
        )}
      </section>
      <section aria-labelledby="feed">
        <h2 id="feed">Ihr persönlicher Kalender</h2>
        <p>
          Abonnieren Sie diesen Link in Outlook oder einem anderen Kalender: Er enthält alle Termine, für die Sie einen Platz haben, und
          entfernt abgesagte. Der Link ist persönlich – geben Sie ihn nicht weiter.
        </p>
        <p className="feed-link">
          <a href={webcalUrl}>Kalender abonnieren</a> · <a href={feedUrl}>Link als Datei öffnen</a>
        </p>
        <p>
          <label htmlFor="feed-url">Link zum Kopieren</label>
          <br />
          <input id="feed-url" className="feed-url" readOnly value={feedUrl} />
        </p>
        <Form method="post" action="/me/calendar-feed">
          <SubmitButton className="button button--quiet" pendingText="Wird erzeugt …">
            Neuen Link erzeugen
          </SubmitButton>
        </Form>
      </section>
      <section aria-labelledby="meine-daten">
        <h2 id="meine-daten">Meine Daten</h2>
        <p>
          <Link to="/me/data">Meine Daten</Link>: alles, was über Sie gespeichert ist – ansehen, herunterladen oder Ihr Konto löschen.
        </p>
      </section>
    </div>
  );
}
