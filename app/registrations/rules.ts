// Pure rules of registration: which states hold a seat, and what a person can do next.
import type { RegistrationStatus } from "~db/schema";
import type { RegistrationWindow } from "~/sessions/rules";

/** States that occupy one of the session's seats: confirmed + offered (+ attended) ≤ capacity. */
export const HOLDS_SEAT = ["confirmed", "offered", "attended"] as const satisfies readonly RegistrationStatus[];
/** States in which a person is still "in" the session (a seat or a waitlist place). */
export const ACTIVE = ["confirmed", "offered", "waitlisted", "attended"] as const satisfies readonly RegistrationStatus[];

export function holdsSeat(status: RegistrationStatus): boolean {
  return (HOLDS_SEAT as readonly string[]).includes(status);
}

export function isActive(status: RegistrationStatus): boolean {
  return (ACTIVE as readonly string[]).includes(status);
}

export type Intent = "register" | "cancel" | "accept-offer" | "decline-offer" | "rebook" | "switch";

export type ViewerState = {
  window: RegistrationWindow;
  sessionStarted: boolean;
  freeSeats: number;
  own: { status: RegistrationStatus; conditional: boolean } | null;
  /** A confirmed seat this person holds in another upcoming session of the series. */
  seatElsewhere: boolean;
  /** A waitlist entry or an open offer in another upcoming session of the series (and no seat). */
  waitingElsewhere: boolean;
  oneSeatPerPerson: boolean;
};

/** The actions that fit the person's state; the server checks the same rules again. */
export function availableIntents(state: ViewerState): Intent[] {
  const { own } = state;
  if (own && isActive(own.status)) {
    if (own.status === "offered") return ["accept-offer", "decline-offer"];
    if (own.status === "attended" || state.sessionStarted) return [];
    return ["cancel"];
  }
  if (state.window !== "open") return [];
  if (state.oneSeatPerPerson && state.seatElsewhere) return ["rebook"];
  // From a waitlist to a free seat in one click; a full session offers nothing more to wait for.
  if (state.oneSeatPerPerson && state.waitingElsewhere) return state.freeSeats > 0 ? ["switch"] : [];
  return ["register"];
}

/** How a registration reads in the interface. */
export function registrationLabel(input: {
  status: RegistrationStatus;
  endReason?: string | null;
  position?: number | null;
  sessionCancelled?: boolean;
}): string {
  switch (input.status) {
    case "confirmed":
      return "Angemeldet";
    case "waitlisted":
      return input.position ? `Warteliste, Platz ${input.position}` : "Warteliste";
    case "offered":
      return "Platz angeboten – bitte annehmen oder ablehnen";
    case "attended":
      return "Teilgenommen";
    case "cancelled_by_organizer":
      return "Veranstaltung abgesagt";
    case "cancelled":
      if (input.endReason === "rebooked") return "Umgebucht";
      if (input.endReason === "moved") return "Von der Organisation umgebucht";
      if (input.endReason === "offer_expired") return "Angebot abgelaufen";
      if (input.endReason === "offer_declined") return "Angebot abgelehnt";
      if (input.endReason === "kept_earlier") return "Warteliste beendet (früheren Termin behalten)";
      return "Abgemeldet";
  }
}
