import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { DateRange } from "~/components/DateRange";
import { requireUser } from "~/auth/current-user.server";
import { formatDateTime } from "~/lib/dates";
import { listMyRegistrations, type MyRegistration } from "~/registrations/my-registrations.server";
import { registrationLabel } from "~/registrations/rules";
import { FORMAT_LABELS } from "~/sessions/rules";

export const meta: MetaFunction = () => [{ title: "Meine Anmeldungen – KI-Infoveranstaltungen" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(context, request);
  return listMyRegistrations(context.db, user.id, new Date());
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
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export default function MyRegistrations() {
  const { upcoming, past } = useLoaderData<typeof loader>();
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
    </div>
  );
}
