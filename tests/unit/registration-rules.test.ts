import { describe, expect, it } from "vitest";
import { availableIntents, registrationLabel, type ViewerState } from "~/registrations/rules";

const base: ViewerState = {
  window: "open",
  sessionStarted: false,
  freeSeats: 3,
  own: null,
  seatElsewhere: false,
  waitingElsewhere: false,
  oneSeatPerPerson: true,
};

describe("what a person can do on a session page", () => {
  it("registers when nothing stands in the way, or waits when closed", () => {
    expect(availableIntents(base)).toEqual(["register"]);
    expect(availableIntents({ ...base, freeSeats: 0 })).toEqual(["register"]);
    expect(availableIntents({ ...base, window: "closed" })).toEqual([]);
    expect(availableIntents({ ...base, window: "not_yet_open" })).toEqual([]);
  });

  it("offers rebooking to someone with a seat in another session, switching to someone waiting elsewhere when a seat is free", () => {
    expect(availableIntents({ ...base, seatElsewhere: true })).toEqual(["rebook"]);
    expect(availableIntents({ ...base, seatElsewhere: true, freeSeats: 0 })).toEqual(["rebook"]);
    expect(availableIntents({ ...base, waitingElsewhere: true })).toEqual(["switch"]);
    expect(availableIntents({ ...base, waitingElsewhere: true, freeSeats: 0 })).toEqual([]);
    expect(availableIntents({ ...base, oneSeatPerPerson: false, seatElsewhere: true })).toEqual(["register"]);
  });

  it("lets holders cancel until the start, and offered people accept or decline", () => {
    expect(availableIntents({ ...base, own: { status: "confirmed", conditional: false } })).toEqual(["cancel"]);
    expect(availableIntents({ ...base, own: { status: "waitlisted", conditional: true } })).toEqual(["cancel"]);
    expect(availableIntents({ ...base, sessionStarted: true, own: { status: "confirmed", conditional: false } })).toEqual([]);
    expect(availableIntents({ ...base, own: { status: "offered", conditional: false } })).toEqual(["accept-offer", "decline-offer"]);
  });

  it("labels states in German", () => {
    expect(registrationLabel({ status: "waitlisted", position: 3 })).toBe("Warteliste, Platz 3");
    expect(registrationLabel({ status: "cancelled", endReason: "rebooked" })).toBe("Umgebucht");
    expect(registrationLabel({ status: "cancelled_by_organizer" })).toBe("Veranstaltung abgesagt");
  });
});
