import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { DateRange } from "~/components/DateRange";
import { formatDateNumeric } from "~/lib/dates";
import { requireRole } from "~/auth/current-user.server";
import { moderationOverview } from "~/questions/review.server";
import { FORMAT_LABELS } from "~/sessions/rules";

export const meta: MetaFunction = () => [{ title: "Moderation – KI-Infoveranstaltungen" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireRole(context, request, "facilitator", "admin");
  return moderationOverview(context.db, user, new Date());
}

type Row = ReturnType<typeof useLoaderData<typeof loader>>["upcoming"][number];

/** One of the facilitator's sessions: its figures and every page they need for it, in one card. */
function SessionCard({ row }: { row: Row }) {
  const on = <span className="visually-hidden"> (Termin vom {formatDateNumeric(row.startsAt)})</span>;
  const where = row.format === "online" ? FORMAT_LABELS.online : [row.place, row.room].filter(Boolean).join(", ");
  return (
    <li className="session-card" data-moderation-session={row.id}>
      <h3>
        {row.today ? <span className="badge badge--today">Heute</span> : null}{" "}
        <Link to={`/sessions/${row.id}`}>
          <DateRange start={row.startsAt} end={row.endsAt} />
        </Link>
      </h3>
      <p className="muted">
        {row.seriesTitle} · {where || "Ort wird noch bekannt gegeben"}
        {row.status === "cancelled" ? " · abgesagt" : ""}
        {row.calledOffAt ? " · ausgefallen" : ""}
      </p>
      <dl>
        <dt>Plätze</dt>
        <dd>
          <meter min={0} max={Math.max(row.capacity, row.seatsHeld)} value={row.seatsHeld} aria-hidden="true" />{" "}
          <span data-figure="seats-held">{row.seatsHeld}</span> von {row.capacity} vergeben
        </dd>
        <dt>Warteliste</dt>
        <dd data-figure="waitlisted">{row.waitlisted}</dd>
        <dt>Fragen</dt>
        <dd>
          {row.waiting > 0 ? (
            <Link to={`/facilitate?session=${row.id}`} data-waiting={row.id}>
              {row.waiting === 1 ? "1 Frage wartet" : `${row.waiting} Fragen warten`}
              <span className="visually-hidden"> auf Prüfung (Termin vom {formatDateNumeric(row.startsAt)})</span>
            </Link>
          ) : (
            "keine wartet"
          )}
        </dd>
      </dl>
      <p className="actions">
        <Link className="button" to={`/sessions/${row.id}/participants`}>
          Teilnehmende und Anwesenheit{on}
        </Link>
        <Link className="button button--quiet" to={`/facilitate/sessions/${row.id}`}>
          Ablauf{on}
        </Link>
        <Link className="button button--quiet" to={`/sessions/${row.id}/sign-in-sheet`}>
          Unterschriftenliste{on}
        </Link>
        <a className="button button--quiet" href={`/sessions/${row.id}/participants.csv`} download>
          CSV{on}
        </a>
      </p>
    </li>
  );
}

export default function Moderation() {
  const { upcoming, past, waitingTotal } = useLoaderData<typeof loader>();
  return (
    <div>
      <h1>Moderation</h1>
      <p>Ihre Termine mit Plätzen, Warteliste und Fragen, und alles für die Anwesenheit an der Tür.</p>
      <p className="actions">
        <Link to="/facilitate" className="button">
          Fragen prüfen
        </Link>
        <span data-waiting-total>
          {waitingTotal === 1 ? "1 eingereichte Frage wartet." : `${waitingTotal} eingereichte Fragen warten.`}
        </span>
      </p>
      <p>
        <Link to="/facilitate/summaries">Zusammenfassungen</Link>: beantwortete Fragen eines Termins oder einer Reihe für alle
        Mitarbeitenden veröffentlichen.
      </p>
      <p>
        <Link to="/facilitate/materials">Materialien</Link>: Folien, Beispiele und Leitfäden für Ihre Termine und die Abschnitte der
        Dienstvereinbarung bereitstellen.
      </p>
      <section aria-labelledby="kommende">
        <h2 id="kommende">Kommende Termine</h2>
        {upcoming.length === 0 ? (
          <p>Keine.</p>
        ) : (
          <ul className="session-list">
            {upcoming.map((row) => (
              <SessionCard key={row.id} row={row} />
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="vergangene">
        <h2 id="vergangene">Vergangene Termine</h2>
        {past.length === 0 ? (
          <p>Keine.</p>
        ) : (
          <ul className="session-list">
            {past.map((row) => (
              <SessionCard key={row.id} row={row} />
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
