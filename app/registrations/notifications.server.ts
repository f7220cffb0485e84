// One function per transition mail, each written to the outbox in the caller's transaction.
// Dedupe keys name the registration and the cause, so a key never swallows a second real
// change (each transition happens at most once per registration).
import { renderConditionalEntryEnded } from "~emails/conditional-entry-ended";
import { renderRegistrationCancelled } from "~emails/registration-cancelled";
import { renderRegistrationConfirmed } from "~emails/registration-confirmed";
import { renderRegistrationOfferExpired } from "~emails/registration-offer-expired";
import { renderRegistrationOffered } from "~emails/registration-offered";
import { renderRegistrationPromoted } from "~emails/registration-promoted";
import { renderRegistrationRebooked } from "~emails/registration-rebooked";
import { renderRegistrationReleased } from "~emails/registration-released";
import { renderRegistrationSwitched } from "~emails/registration-switched";
import { renderRegistrationWaitlisted } from "~emails/registration-waitlisted";
import { renderSessionCalledOff } from "~emails/session-called-off";
import { renderSessionCancelled } from "~emails/session-cancelled";
import { inviteForRegistration } from "~/calendar/invites.server";
import { formatDateRange, formatDateTime } from "~/lib/dates";
import type { DbOrTx } from "~/lib/db.server";
import type { Clock } from "./clock";
import { mailPerson, sessionFacts } from "./mail-facts.server";
import { type RegistrationRow, type SessionRow, waitlistPosition } from "./reads.server";

type Registration = Pick<RegistrationRow, "id" | "userId" | "sessionId">;
type When = { startsAt: Date; endsAt: Date };

const facts = (session: SessionRow, clock: Clock) => sessionFacts(session, session.seriesTitle, clock.appUrl);
/** For mails that give or confirm a place: with the meeting link. */
const seatFacts = (session: SessionRow, clock: Clock) => sessionFacts(session, session.seriesTitle, clock.appUrl, { seat: true });
const request = (tx: DbOrTx, registration: Registration, session: SessionRow, clock: Clock) =>
  inviteForRegistration(tx, registration.id, session, "REQUEST", clock);
const cancel = (tx: DbOrTx, registration: Registration, session: SessionRow, clock: Clock, sessionCancelled = false) =>
  inviteForRegistration(tx, registration.id, session, "CANCEL", clock, { sessionCancelled });

export function mailConfirmed(tx: DbOrTx, registration: Registration, session: SessionRow, clock: Clock) {
  mailPerson(
    tx,
    registration.userId,
    {
      dedupeKey: `confirm:r${registration.id}`,
      kind: "confirmation",
      mail: renderRegistrationConfirmed(seatFacts(session, clock)),
      ics: request(tx, registration, session, clock),
    },
    clock.now,
  );
}

/** The waitlist mail names the place in the queue; returns that place. */
export function mailWaitlisted(
  tx: DbOrTx,
  registration: Registration,
  session: SessionRow,
  clock: Clock,
  options: { keepsSeatElsewhere: boolean },
): number {
  const position = waitlistPosition(tx, registration);
  mailPerson(
    tx,
    registration.userId,
    {
      dedupeKey: `waitlist:r${registration.id}`,
      kind: "waitlist",
      mail: renderRegistrationWaitlisted(facts(session, clock), {
        position,
        keepsSeatElsewhere: options.keepsSeatElsewhere,
        mode: session.waitlistMode,
      }),
    },
    clock.now,
  );
  return position;
}

/** "Abmelden" or a declined offer. Only a seat that was confirmed was ever in the calendar. */
export function mailCancelled(tx: DbOrTx, registration: Registration, session: SessionRow, clock: Clock, input: { hadInvite: boolean }) {
  mailPerson(
    tx,
    registration.userId,
    {
      dedupeKey: `cancelled:r${registration.id}`,
      kind: "cancellation",
      mail: renderRegistrationCancelled(facts(session, clock), { wasWaitlisted: !input.hadInvite }),
      ics: input.hadInvite ? cancel(tx, registration, session, clock) : undefined,
    },
    clock.now,
  );
}

export function mailOffered(tx: DbOrTx, registration: Registration, session: SessionRow, deadline: Date, clock: Clock) {
  mailPerson(
    tx,
    registration.userId,
    {
      dedupeKey: `offer:r${registration.id}`,
      kind: "offer",
      mail: renderRegistrationOffered(facts(session, clock), { deadline: formatDateTime(deadline) }),
    },
    clock.now,
  );
}

export function mailOfferExpired(tx: DbOrTx, registration: Registration, session: SessionRow, clock: Clock) {
  mailPerson(
    tx,
    registration.userId,
    {
      dedupeKey: `offer-expired:r${registration.id}`,
      kind: "offer_expired",
      mail: renderRegistrationOfferExpired(facts(session, clock)),
      ics: cancel(tx, registration, session, clock),
    },
    clock.now,
  );
}

/** Moved up from the waitlist (or accepted an offer); names the seat given up for it, if any. */
export function mailPromoted(tx: DbOrTx, registration: Registration, session: SessionRow, clock: Clock, released: When | null) {
  mailPerson(
    tx,
    registration.userId,
    {
      dedupeKey: `promoted:r${registration.id}`,
      kind: "promoted",
      mail: renderRegistrationPromoted(seatFacts(session, clock), {
        releasedElsewhere: released ? formatDateRange(released.startsAt, released.endsAt) : null,
      }),
      ics: request(tx, registration, session, clock),
    },
    clock.now,
  );
}

/** The new seat of a rebooking or of a move by the organisers. */
export function mailRebooked(tx: DbOrTx, registration: Registration, session: SessionRow, clock: Clock, previous: When | null) {
  mailPerson(
    tx,
    registration.userId,
    {
      dedupeKey: `rebooked:r${registration.id}`,
      kind: "rebooked",
      mail: renderRegistrationRebooked(seatFacts(session, clock), {
        previousWhen: previous ? formatDateRange(previous.startsAt, previous.endsAt) : "",
      }),
      ics: request(tx, registration, session, clock),
    },
    clock.now,
  );
}

export function mailSwitched(tx: DbOrTx, registration: Registration, session: SessionRow, clock: Clock, previous: When) {
  mailPerson(
    tx,
    registration.userId,
    {
      dedupeKey: `switched:r${registration.id}`,
      kind: "switched",
      mail: renderRegistrationSwitched(seatFacts(session, clock), { previousWhen: formatDateRange(previous.startsAt, previous.endsAt) }),
      ics: request(tx, registration, session, clock),
    },
    clock.now,
  );
}

/** The old seat of a rebooking: one mail with its CANCEL, so the calendar entry goes away. */
export function mailReleased(tx: DbOrTx, registration: Registration, session: SessionRow, clock: Clock) {
  mailPerson(
    tx,
    registration.userId,
    {
      dedupeKey: `released:r${registration.id}`,
      kind: "released",
      mail: renderRegistrationReleased(facts(session, clock)),
      ics: cancel(tx, registration, session, clock),
    },
    clock.now,
  );
}

export function mailConditionalEntryEnded(tx: DbOrTx, registration: Registration, session: SessionRow, clock: Clock, kept: When) {
  mailPerson(
    tx,
    registration.userId,
    {
      dedupeKey: `conditional-ended:r${registration.id}`,
      kind: "conditional_ended",
      mail: renderConditionalEntryEnded(facts(session, clock), { keptWhen: formatDateRange(kept.startsAt, kept.endsAt) }),
    },
    clock.now,
  );
}

export function mailSessionCancelled(tx: DbOrTx, registration: Registration, session: SessionRow, clock: Clock, reason: string) {
  mailPerson(
    tx,
    registration.userId,
    {
      dedupeKey: `session-cancelled:r${registration.id}`,
      kind: "session_cancelled",
      mail: renderSessionCancelled(facts(session, clock), { reason }),
      ics: cancel(tx, registration, session, clock, true),
    },
    clock.now,
  );
}

export function mailSessionCalledOff(tx: DbOrTx, registration: Registration, session: SessionRow, clock: Clock, reason: string) {
  mailPerson(
    tx,
    registration.userId,
    {
      dedupeKey: `session-called-off:r${registration.id}`,
      kind: "session_called_off",
      mail: renderSessionCalledOff(facts(session, clock), { reason }),
      ics: cancel(tx, registration, session, clock, true),
    },
    clock.now,
  );
}
