import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { DateRange } from "~/components/DateRange";
import { requireRole } from "~/auth/current-user.server";
import { listManagedSessions } from "~/participants/participants.server";

export const meta: MetaFunction = () => [{ title: "Moderation – KI-Infoveranstaltungen" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireRole(context, request, "facilitator", "admin");
  return listManagedSessions(context.db, user, new Date());
}

function SessionLinks({ rows }: { rows: ReturnType<typeof useLoaderData<typeof loader>>["upcoming"] }) {
  return (
    <ul>
      {rows.map((row) => (
        <li key={row.id}>
          <Link to={`/sessions/${row.id}/participants`}>
            {row.seriesTitle}, <DateRange start={row.startsAt} end={row.endsAt} />
          </Link>
          {row.status === "cancelled" ? " (abgesagt)" : ""}
        </li>
      ))}
    </ul>
  );
}

export default function Moderation() {
  const { upcoming, past } = useLoaderData<typeof loader>();
  return (
    <div>
      <h1>Moderation</h1>
      <p>Ihre Termine: Teilnehmende, Unterschriftenliste, Export und Anwesenheit.</p>
      <h2>Kommende Termine</h2>
      {upcoming.length === 0 ? <p>Keine.</p> : <SessionLinks rows={upcoming} />}
      <h2>Vergangene Termine</h2>
      {past.length === 0 ? <p>Keine.</p> : <SessionLinks rows={past} />}
      <p className="notice">In Vorbereitung: eingereichte Fragen prüfen und beantworten.</p>
    </div>
  );
}
