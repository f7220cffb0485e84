import type { Refusal } from "./transitions.server";

// What a person reads after an action that could not be done, and why.
export const REFUSAL_MESSAGES: Record<Refusal, string> = {
  not_found: "Diesen Termin gibt es nicht.",
  cancelled: "Dieser Termin ist abgesagt; eine Anmeldung ist nicht möglich.",
  past: "Dieser Termin ist vorbei.",
  not_yet_open: "Die Anmeldung für diesen Termin ist noch nicht geöffnet.",
  closed: "Der Anmeldeschluss für diesen Termin ist erreicht.",
  has_seat_in_series:
    "Sie sind bereits für einen anderen Termin dieser Reihe angemeldet. Pro Person ist eine Anmeldung möglich – Sie können stattdessen umbuchen.",
  waitlisted_in_series:
    "Sie stehen bereits für einen anderen Termin dieser Reihe auf der Warteliste. Pro Person ist eine Anmeldung möglich – bei einem freien Platz können Sie hierher wechseln.",
  no_free_seat: "Dieser Termin ist inzwischen ausgebucht. Ihr Eintrag auf der anderen Warteliste bleibt bestehen.",
  seat_rules:
    "Diese Änderung ist nicht möglich: Pro Person ist in dieser Reihe ein Platz und ein Wartelistenplatz erlaubt. Es wurde nichts geändert.",
  not_registered: "Sie sind für diesen Termin nicht angemeldet.",
  started: "Der Termin hat bereits begonnen; eine Abmeldung ist nicht mehr möglich.",
  no_offer: "Für Sie liegt zu diesem Termin kein Platzangebot vor.",
  offer_expired: "Die Frist für den angebotenen Platz ist leider abgelaufen; er ist an die nächste Person gegangen.",
  nothing_to_rebook:
    "Sie haben keinen Platz und keinen Wartelistenplatz in einem anderen Termin dieser Reihe, der umgebucht werden könnte.",
};
