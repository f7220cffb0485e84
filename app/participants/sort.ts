// How the participants list can be ordered (a plain GET parameter, so it works without JavaScript).
// Pure: the page imports the labels.
import type { RegistrationStatus } from "~db/schema";

export const PARTICIPANT_SORTS = ["name", "offen", "angemeldet"] as const;
export type ParticipantSort = (typeof PARTICIPANT_SORTS)[number];

export const PARTICIPANT_SORT_LABELS: Record<ParticipantSort, string> = {
  name: "Name",
  offen: "Noch nicht anwesend zuerst",
  angemeldet: "Anmeldezeitpunkt",
};

export function parseParticipantSort(value: string | null): ParticipantSort {
  return (PARTICIPANT_SORTS as readonly string[]).includes(value ?? "") ? (value as ParticipantSort) : "name";
}

type Sortable = { name: string; status: RegistrationStatus; registeredAt: Date; position: number | null };

const groupRank = (status: RegistrationStatus) => (status === "confirmed" || status === "attended" ? 0 : status === "offered" ? 1 : 2);

/**
 * "name": places by name, then open offers, then the waitlist in its order (the default).
 * "offen": at the door, people with a place not yet marked present first, by name.
 * "angemeldet": everyone by the time they registered.
 */
export function sortParticipants<T extends Sortable>(rows: T[], sort: ParticipantSort): T[] {
  const byName = (a: T, b: T) => a.name.localeCompare(b.name, "de");
  const list = [...rows];
  if (sort === "angemeldet") return list.sort((a, b) => a.registeredAt.getTime() - b.registeredAt.getTime() || byName(a, b));
  if (sort === "offen") {
    const rank = (s: RegistrationStatus) => (s === "confirmed" ? 0 : s === "attended" ? 1 : 2 + groupRank(s));
    return list.sort((a, b) => rank(a.status) - rank(b.status) || (a.position ?? 0) - (b.position ?? 0) || byName(a, b));
  }
  return list.sort(
    (a, b) =>
      groupRank(a.status) - groupRank(b.status) || (groupRank(a.status) === 0 ? byName(a, b) : (a.position ?? 0) - (b.position ?? 0)),
  );
}
