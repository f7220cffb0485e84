// Who may read what a session tells only its participants: the link to the video conference
// and the "Hinweis für Teilnehmende". One rule for the session page, the .ics download and
// the personal feed (issue 11): people with a seat that is theirs (confirmed, or attended),
// the session's facilitators and admins. An open offer is not yet a seat of one's own.
import type { RegistrationStatus } from "~db/schema";

export function mayReadParticipantDetails(viewer: {
  registrationStatus: RegistrationStatus | null | undefined;
  managesSession: boolean;
}): boolean {
  return viewer.managesSession || viewer.registrationStatus === "confirmed" || viewer.registrationStatus === "attended";
}
