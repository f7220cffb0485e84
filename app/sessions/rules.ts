// Pure rules about sessions: no I/O, the same answer on server and in tests.
import type { SessionFormat, SessionStatus } from "~db/schema";

export const FORMAT_LABELS: Record<SessionFormat, string> = {
  in_person: "Präsenz",
  online: "Online",
  hybrid: "Hybrid (Präsenz und online)",
};

/**
 * The list's format filter: a hybrid date can be attended in the room and online, so it is
 * found under "Präsenz" and under "Online" too; "Hybrid" finds only hybrid dates.
 */
export function matchesFormatFilter(format: SessionFormat, filter: SessionFormat | undefined): boolean {
  if (!filter || format === filter) return true;
  return format === "hybrid" && filter !== "hybrid";
}

/** The seats on a card, without repeating the label "Plätze": "3 von 20 frei". */
export function seatsShortLabel(seats: Seats): string {
  const free = freeSeats(seats);
  if (free === 0) {
    return seats.waitlisted > 0
      ? `ausgebucht, ${seats.waitlisted} ${seats.waitlisted === 1 ? "Person" : "Personen"} auf der Warteliste`
      : "ausgebucht, Warteliste offen";
  }
  return `${free} von ${seats.capacity} frei`;
}

/** The registration window on a card, under the label "Anmeldung". */
export const WINDOW_SHORT_LABELS: Record<RegistrationWindow, string> = {
  draft: "noch nicht veröffentlicht",
  cancelled: "abgesagt",
  past: "vorbei",
  not_yet_open: "noch nicht geöffnet",
  open: "geöffnet",
  closed: "geschlossen (Anmeldeschluss erreicht)",
};

export type RegistrationWindow = "draft" | "cancelled" | "past" | "not_yet_open" | "open" | "closed";

export type WindowInput = {
  status: SessionStatus;
  startsAt: Date;
  endsAt: Date;
  publishedAt: Date | null;
  registrationOpensAt: Date | null;
  registrationClosesAt: Date | null;
};

/** Registration opens when the session is published and closes at its start, unless set. */
export function registrationWindow(session: WindowInput, now: Date): RegistrationWindow {
  if (session.status === "draft") return "draft";
  if (session.status === "cancelled") return "cancelled";
  if (session.endsAt <= now) return "past";
  const opensAt = session.registrationOpensAt ?? session.publishedAt;
  if (opensAt && now < opensAt) return "not_yet_open";
  const closesAt = session.registrationClosesAt ?? session.startsAt;
  if (now >= closesAt) return "closed";
  return "open";
}

export type Seats = { capacity: number; taken: number; waitlisted: number };

export function freeSeats(seats: Seats): number {
  return Math.max(0, seats.capacity - seats.taken);
}

/** "3 von 20 Plätzen frei" / "Ausgebucht – Warteliste (2)" */
export function seatsLabel(seats: Seats): string {
  const free = freeSeats(seats);
  if (free === 0) {
    return seats.waitlisted > 0
      ? `Ausgebucht – Warteliste (${seats.waitlisted} ${seats.waitlisted === 1 ? "Person" : "Personen"})`
      : "Ausgebucht – Warteliste";
  }
  return `${free} von ${seats.capacity} ${seats.capacity === 1 ? "Platz" : "Plätzen"} frei`;
}

export const WINDOW_LABELS: Record<RegistrationWindow, string> = {
  draft: "Entwurf – noch nicht veröffentlicht",
  cancelled: "Abgesagt",
  past: "Vergangen",
  not_yet_open: "Anmeldung noch nicht geöffnet",
  open: "Anmeldung geöffnet",
  closed: "Anmeldeschluss erreicht",
};
