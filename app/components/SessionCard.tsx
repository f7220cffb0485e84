import { Link } from "@remix-run/react";
import { DateRange } from "~/components/DateRange";
import { FORMAT_LABELS, WINDOW_LABELS, freeSeats, seatsLabel, type RegistrationWindow, type Seats } from "~/sessions/rules";
import type { SessionFormat } from "~db/schema";

export type SessionCardData = {
  id: number;
  startsAt: Date;
  endsAt: Date;
  format: SessionFormat;
  place: string;
  room: string;
  status: "draft" | "published" | "cancelled";
  seats: Seats;
  window: RegistrationWindow;
};

export function SessionCard({ session, headingLevel = 3 }: { session: SessionCardData; headingLevel?: 2 | 3 }) {
  const Heading = headingLevel === 2 ? "h2" : "h3";
  const full = freeSeats(session.seats) === 0;
  const where = [session.place, session.room].filter(Boolean).join(", ");
  return (
    <li className="session-card">
      <Heading>
        <Link to={`/sessions/${session.id}`}>
          <DateRange start={session.startsAt} end={session.endsAt} />
        </Link>
      </Heading>
      <dl>
        <dt>Format</dt>
        <dd>{FORMAT_LABELS[session.format]}</dd>
        {session.format !== "online" ? (
          <>
            <dt>Ort</dt>
            <dd>{where || "wird noch bekannt gegeben"}</dd>
          </>
        ) : null}
        <dt>Plätze</dt>
        <dd>
          {session.status === "cancelled" ? (
            <span className="badge badge--full">Abgesagt</span>
          ) : (
            <span className={`badge ${full ? "badge--full" : "badge--free"}`}>{seatsLabel(session.seats)}</span>
          )}
        </dd>
        {session.status !== "cancelled" ? (
          <>
            <dt>Anmeldung</dt>
            <dd>{WINDOW_LABELS[session.window]}</dd>
          </>
        ) : null}
      </dl>
    </li>
  );
}
