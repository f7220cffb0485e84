import { describe, expect, it } from "vitest";
import { renderConditionalEntryEnded } from "~emails/conditional-entry-ended";
import { renderNewSessionMail } from "~emails/new-session";
import { renderParticipantMessage } from "~emails/participant-message";
import { renderRegistrationCancelled } from "~emails/registration-cancelled";
import { renderRegistrationConfirmed } from "~emails/registration-confirmed";
import { renderRegistrationOfferExpired } from "~emails/registration-offer-expired";
import { renderRegistrationOffered } from "~emails/registration-offered";
import { renderRegistrationPromoted } from "~emails/registration-promoted";
import { renderRegistrationRebooked } from "~emails/registration-rebooked";
import { renderRegistrationReleased } from "~emails/registration-released";
import { renderRegistrationSwitched } from "~emails/registration-switched";
import { renderRegistrationWaitlisted } from "~emails/registration-waitlisted";
import { renderReminder } from "~emails/reminder";
import { renderSessionCalledOff } from "~emails/session-called-off";
import { renderSessionCancelled } from "~emails/session-cancelled";
import { renderSessionChanged } from "~emails/session-changed";
import type { SessionFacts } from "~emails/session-facts";

// Every mail about a session names its date in the subject, so that a person with two dates
// of the same series can tell the mails apart in the inbox.
const facts: SessionFacts = {
  seriesTitle: "Dienstvereinbarung KI",
  when: "Di., 3. März 2026, 10:00–11:30 Uhr",
  where: "Präsenz: Rathaus, Ratssaal",
  url: "http://localhost:3000/sessions/1",
};

describe("subjects of session mails", () => {
  const mails = {
    confirmed: renderRegistrationConfirmed(facts),
    cancelled: renderRegistrationCancelled(facts, { wasWaitlisted: false }),
    waitlisted: renderRegistrationWaitlisted(facts, { position: 2, keepsSeatElsewhere: false, mode: "auto" }),
    offered: renderRegistrationOffered(facts, { deadline: "Mo., 2. März 2026, 12:00 Uhr" }),
    offerExpired: renderRegistrationOfferExpired(facts),
    promoted: renderRegistrationPromoted(facts, { releasedElsewhere: null }),
    rebooked: renderRegistrationRebooked(facts, { previousWhen: "Do., 5. März 2026" }),
    switched: renderRegistrationSwitched(facts, { previousWhen: "Do., 5. März 2026" }),
    released: renderRegistrationReleased(facts),
    conditionalEnded: renderConditionalEntryEnded(facts, { keptWhen: "Do., 5. März 2026" }),
    reminder: renderReminder(facts),
    changed: renderSessionChanged(facts, { changes: [], holdsSeat: true }),
    cancelledSession: renderSessionCancelled(facts, { reason: "Krankheit" }),
    calledOff: renderSessionCalledOff(facts, { reason: "Stromausfall" }),
    message: renderParticipantMessage(facts, { text: "Bitte Ausweis mitbringen.", sender: "Moderation" }),
    newSession: renderNewSessionMail({ seriesTitle: facts.seriesTitle, when: facts.when, where: facts.where, url: facts.url }),
  };
  for (const [name, mail] of Object.entries(mails)) {
    it(`${name}: the date is in the subject`, () => {
      expect(mail.subject).toContain("3. März 2026");
    });
  }

  it("the meeting link is in the text when the facts carry it, and only then", () => {
    expect(renderRegistrationConfirmed(facts).text).not.toContain("Videokonferenz");
    const online = { ...facts, where: "Online", onlineUrl: "https://konferenz.stadt.example/r/1" };
    expect(renderRegistrationConfirmed(online).text).toContain("Link zur Videokonferenz: https://konferenz.stadt.example/r/1");
  });
});
