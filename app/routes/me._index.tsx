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

export const meta: MetaFunction = () => [{ title: "Meine Anmeldungen – KI-Infoveranstaltungen" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(context, request);
  const token = currentFeedToken(context.db, context.env.sessionSecret, user.id);
  const feedUrl = `${context.env.appUrl}/calendar/${token}.ics`;
  return { ...listMyRegistrations(context.db, user.id, new Date()), feedUrl, webcalUrl: feedUrl.replace(/^https?:/, "webcal:") };
}

function RegistrationList({ items, caption }: { items: MyRegistration[]; caption: string }) {
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
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export default function MyRegistrations() {
  const { upcoming, past, feedUrl, webcalUrl } = useLoaderData<typeof loader>();
  return (
    <div>
      <h1>Meine Anmeldungen</h1>
      <h2>Kommende Termine</h2>
      {upcoming.length === 0 ? (
        <p>
          Sie sind für keinen kommenden Termin angemeldet. <Link to="/sessions">Zu den Veranstaltungen</Link>
        </p>
      ) : (
        <RegistrationList items={upcoming} caption="Kommende Termine" />
      )}
      <h2>Vergangene Termine</h2>
      {past.length === 0 ? <p>Noch keine.</p> : <RegistrationList items={past} caption="Vergangene Termine" />}
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
