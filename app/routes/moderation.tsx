import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { DateRange } from "~/components/DateRange";
import { formatDateNumeric } from "~/lib/dates";
import { requireRole } from "~/auth/current-user.server";
import { moderationOverview } from "~/questions/review.server";

export const meta: MetaFunction = () => [{ title: "Moderation – KI-Infoveranstaltungen" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireRole(context, request, "facilitator", "admin");
  return moderationOverview(context.db, user, new Date());
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
          {" · "}
          <Link to={`/facilitate/sessions/${row.id}`}>
            Ablauf<span className="visually-hidden"> (Termin vom {formatDateNumeric(row.startsAt)})</span>
          </Link>
          {row.waiting > 0 ? (
            <>
              {" · "}
              <Link to={`/facilitate?session=${row.id}`} data-waiting={row.id}>
                {row.waiting === 1 ? "1 Frage wartet" : `${row.waiting} Fragen warten`}
                <span className="visually-hidden"> auf Prüfung (Termin vom {formatDateNumeric(row.startsAt)})</span>
              </Link>
            </>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

export default function Moderation() {
  const { upcoming, past, waitingTotal } = useLoaderData<typeof loader>();
  return (
    <div>
      <h1>Moderation</h1>
      <p>Ihre Termine: Teilnehmende, Unterschriftenliste, Export und Anwesenheit.</p>
      <p>
        <Link to="/facilitate" className="button">
          Fragen prüfen
        </Link>{" "}
        <span data-waiting-total>
          {waitingTotal === 1 ? "1 eingereichte Frage wartet." : `${waitingTotal} eingereichte Fragen warten.`}
        </span>
      </p>
      <p>
        <Link to="/facilitate/summaries">Zusammenfassungen</Link>: beantwortete Fragen eines Termins oder einer Reihe für alle
        Mitarbeitenden veröffentlichen.
      </p>
      <h2>Kommende Termine</h2>
      {upcoming.length === 0 ? <p>Keine.</p> : <SessionLinks rows={upcoming} />}
      <h2>Vergangene Termine</h2>
      {past.length === 0 ? <p>Keine.</p> : <SessionLinks rows={past} />}
    </div>
  );
}
