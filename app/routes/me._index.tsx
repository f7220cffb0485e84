import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { SubmitButton } from "~/components/forms";
import { currentFeedToken } from "~/calendar/feeds.server";
import { DateRange } from "~/components/DateRange";
import { requireUser } from "~/auth/current-user.server";
import { formatDateTime } from "~/lib/dates";
import { listMyRegistrations, type MyRegistration } from "~/registrations/my-registrations.server";
import { registrationLabel } from "~/registrations/rules";
import { FORMAT_LABELS } from "~/sessions/rules";
import { MyQuestionList } from "~/components/QuestionList";
import { questionKeyFrom } from "~/questions/question-key.server";
import { listMyQuestions, sectionChoices } from "~/questions/reads.server";
import { publishedInSummaries } from "~/summaries/published.server";
import { maySubmitForSession } from "~/questions/rules";

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
    askableSessionIds: registrations.upcoming
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
  };
}

function RegistrationList({ items, caption, askable = [] }: { items: MyRegistration[]; caption: string; askable?: number[] }) {
  return (
    <table className="table">
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Termin</th>
          <th scope="col">Reihe</th>
          <th scope="col">Ort</th>
          <th scope="col">Status</th>
        </tr>
      </thead>
      <tbody>
        {items.map((item) => (
          <tr key={item.id}>
            <td>
              <Link to={`/sessions/${item.sessionId}`}>
                <DateRange start={item.startsAt} end={item.endsAt} />
              </Link>
            </td>
            <td>{item.seriesTitle}</td>
            <td>
              {FORMAT_LABELS[item.format]}
              {item.format !== "online" && item.place ? `, ${[item.place, item.room].filter(Boolean).join(", ")}` : ""}
            </td>
            <td>
              {registrationLabel(item)}
              {item.status === "offered" && item.offerExpiresAt ? <> (bis {formatDateTime(item.offerExpiresAt)})</> : null}
              {item.status === "attended" ? (
                <>
                  {" "}
                  · <Link to={`/me/certificates/${item.id}`}>Teilnahmebestätigung</Link>
                </>
              ) : null}
              {askable.includes(item.sessionId) ? (
                <>
                  {" "}
                  · <Link to={`/questions/new?session=${item.sessionId}`}>Frage einreichen</Link>
                </>
              ) : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export default function MyRegistrations() {
  const { upcoming, past, feedUrl, webcalUrl, askableSessionIds, questions, publishedIn, sections } = useLoaderData<typeof loader>();
  return (
    <div>
      <h1>Meine Anmeldungen</h1>
      <h2>Kommende Termine</h2>
      {upcoming.length === 0 ? (
        <p>
          Sie sind für keinen kommenden Termin angemeldet. <Link to="/sessions">Zu den Veranstaltungen</Link>
        </p>
      ) : (
        <RegistrationList items={upcoming} caption="Kommende Termine" askable={askableSessionIds} />
      )}
      <h2>Vergangene Termine</h2>
      {past.length === 0 ? <p>Noch keine.</p> : <RegistrationList items={past} caption="Vergangene Termine" />}
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
    </div>
  );
}
