import { Link } from "@remix-run/react";
import { DateRange } from "~/components/DateRange";
import { formatDateRange, formatDateTime } from "~/lib/dates";
import { FORMAT_LABELS, WINDOW_SHORT_LABELS, freeSeats, seatsShortLabel, type RegistrationWindow, type Seats } from "~/sessions/rules";
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

/** The signed-in person's own registration for the card's session. */
export type OwnCardState = { status: "confirmed" | "waitlisted" | "offered"; position: number | null; offerExpiresAt: Date | null };

/** What the person sees first on the card about themselves, and the one action that fits. */
function ownLine(own: OwnCardState | undefined, session: SessionCardData): { state: string | null; action: string | null } {
  if (own?.status === "confirmed") return { state: "Sie sind angemeldet.", action: "Details und Abmeldung" };
  if (own?.status === "waitlisted") {
    return {
      state: own.position ? `Sie stehen auf der Warteliste, Platz ${own.position}.` : "Sie stehen auf der Warteliste.",
      action: "Details",
    };
  }
  if (own?.status === "offered") {
    return {
      state: own.offerExpiresAt
        ? `Ein Platz ist für Sie frei – bitte bis ${formatDateTime(own.offerExpiresAt)} annehmen.`
        : "Ein Platz ist für Sie frei.",
      action: "Platz annehmen oder ablehnen",
    };
  }
  if (session.status !== "published" || session.window !== "open") return { state: null, action: null };
  return { state: null, action: freeSeats(session.seats) > 0 ? "Anmelden" : "Auf die Warteliste" };
}

export function SessionCard({ session, own, headingLevel = 3 }: { session: SessionCardData; own?: OwnCardState; headingLevel?: 2 | 3 }) {
  const Heading = headingLevel === 2 ? "h2" : "h3";
  const full = freeSeats(session.seats) === 0;
  const where = [session.place, session.room].filter(Boolean).join(", ");
  const { state, action } = ownLine(own, session);
  const headingId = `session-${session.id}-heading`;
  return (
    <li className="session-card" data-session={session.id}>
      <Heading id={headingId}>
        <Link to={`/sessions/${session.id}`}>
          <DateRange start={session.startsAt} end={session.endsAt} />
        </Link>
      </Heading>
      {state ? (
        <p className={`session-card__own session-card__own--${own?.status}`} data-own-state={own?.status}>
          {state}
        </p>
      ) : null}
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
            <span className={`badge ${full ? "badge--full" : "badge--free"}`}>{seatsShortLabel(session.seats)}</span>
          )}
        </dd>
        {session.status !== "cancelled" ? (
          <>
            <dt>Anmeldung</dt>
            <dd>{WINDOW_SHORT_LABELS[session.window]}</dd>
          </>
        ) : null}
      </dl>
      {action ? (
        <p className="session-card__action">
          <Link to={`/sessions/${session.id}`} className={own?.status === "offered" || !own ? "button" : "button button--quiet"}>
            {action}
            <span className="visually-hidden">: Termin am {formatDateRange(session.startsAt, session.endsAt)}</span>
          </Link>
        </p>
      ) : null}
    </li>
  );
}
