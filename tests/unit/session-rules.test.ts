import { describe, expect, it } from "vitest";
import { registrationWindow, seatsLabel } from "~/sessions/rules";

const H = 3600_000;
const now = new Date("2026-05-01T10:00:00Z");
const base = {
  status: "published" as const,
  startsAt: new Date(now.getTime() + 48 * H),
  endsAt: new Date(now.getTime() + 50 * H),
  publishedAt: new Date(now.getTime() - H),
  registrationOpensAt: null,
  registrationClosesAt: null,
};

describe("registration window", () => {
  it("opens at publication and closes at the start by default", () => {
    expect(registrationWindow(base, now)).toBe("open");
    expect(registrationWindow(base, new Date(base.startsAt.getTime()))).toBe("closed");
    expect(registrationWindow(base, new Date(base.endsAt.getTime()))).toBe("past");
  });

  it("honours explicit opening and closing times", () => {
    expect(registrationWindow({ ...base, registrationOpensAt: new Date(now.getTime() + H) }, now)).toBe("not_yet_open");
    expect(registrationWindow({ ...base, registrationClosesAt: new Date(now.getTime() - 1) }, now)).toBe("closed");
  });

  it("knows drafts and cancelled sessions", () => {
    expect(registrationWindow({ ...base, status: "draft" }, now)).toBe("draft");
    expect(registrationWindow({ ...base, status: "cancelled" }, now)).toBe("cancelled");
  });
});

describe("seat labels", () => {
  it("says how many seats are free, or that the waitlist is open", () => {
    expect(seatsLabel({ capacity: 20, taken: 17, waitlisted: 0 })).toBe("3 von 20 Plätzen frei");
    expect(seatsLabel({ capacity: 1, taken: 0, waitlisted: 0 })).toBe("1 von 1 Platz frei");
    expect(seatsLabel({ capacity: 2, taken: 2, waitlisted: 0 })).toBe("Ausgebucht – Warteliste");
    expect(seatsLabel({ capacity: 2, taken: 3, waitlisted: 1 })).toBe("Ausgebucht – Warteliste (1 Person)");
  });
});
