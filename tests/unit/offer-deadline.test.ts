import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { berlinWallTimeToInstant, toBerlinInputValue } from "~/lib/dates";
import { holidayName, isDayOff } from "~/lib/holidays";
import { offerDeadline } from "~/registrations/offer-deadline";

const berlin = (wall: string) => {
  const result = berlinWallTimeToInstant(wall);
  if (!result.ok) throw new Error(wall);
  return result.instant;
};
const FAR = berlin("2030-01-01T10:00");

describe("offer deadline", () => {
  it("knows the NRW holidays, Easter-based ones included", () => {
    expect(holidayName("2026-10-03")).toBe("Tag der Deutschen Einheit");
    expect(holidayName("2026-06-04")).toBe("Fronleichnam");
    expect(holidayName("2026-11-01")).toBe("Allerheiligen");
    expect(holidayName("2027-03-29")).toBe("Ostermontag");
    expect(holidayName("2026-11-02")).toBeNull();
    // Buß- und Bettag is a holiday in Saxony only.
    expect(holidayName("2026-11-18")).toBeNull();
  });

  it("keeps a deadline on a working day", () => {
    expect(toBerlinInputValue(offerDeadline(berlin("2026-11-23T09:15"), 48, FAR))).toBe("2026-11-25T09:15");
  });

  it("moves a weekend deadline to Monday at the same time", () => {
    // Friday 15:00 + 48 h = Sunday 15:00 → Monday 15:00.
    expect(toBerlinInputValue(offerDeadline(berlin("2026-11-27T15:00"), 48, FAR))).toBe("2026-11-30T15:00");
  });

  it("moves past a holiday that touches a weekend: 3 October 2026 is a Saturday", () => {
    expect(toBerlinInputValue(offerDeadline(berlin("2026-10-01T11:00"), 48, FAR))).toBe("2026-10-05T11:00");
  });

  it("moves across Christmas to the next working day", () => {
    // Thu 24 Dec + 24 h = Fri 25 Dec (holiday), Sat 26 (holiday), Sun 27 → Mon 28 Dec.
    expect(toBerlinInputValue(offerDeadline(berlin("2026-12-24T10:00"), 24, FAR))).toBe("2026-12-28T10:00");
  });

  it("keeps the wall-clock time across the change from summer time", () => {
    // Sat 24 Oct 2026 10:00 + 24 h = Sun 25 Oct 09:00 (the clocks went back an hour that night)
    // → Mon 26 Oct 09:00: the same wall-clock time as the plain deadline, one calendar day on.
    const deadline = offerDeadline(berlin("2026-10-24T10:00"), 24, FAR);
    expect(toBerlinInputValue(deadline)).toBe("2026-10-26T09:00");
  });

  it("never lies past the session's start", () => {
    const start = berlin("2026-11-30T09:00");
    expect(offerDeadline(berlin("2026-11-27T15:00"), 48, start).getTime()).toBe(start.getTime());
  });

  it("property: within the start, never earlier than the offer hours, on a working day at the same time, unless capped", () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date("2026-01-01T00:00:00Z"), max: new Date("2029-12-31T00:00:00Z"), noInvalidDate: true }),
        fc.integer({ min: 1, max: 168 }),
        fc.integer({ min: 1, max: 60 * 24 }),
        (now, hours, startInHours) => {
          const start = new Date(now.getTime() + startInHours * 3600_000);
          const deadline = offerDeadline(now, hours, start);
          const raw = new Date(now.getTime() + hours * 3600_000);
          expect(deadline.getTime()).toBeLessThanOrEqual(start.getTime());
          if (deadline.getTime() === start.getTime()) return;
          expect(deadline.getTime()).toBeGreaterThanOrEqual(raw.getTime() - 3600_000);
          expect(isDayOff(deadline)).toBe(false);
          // Same wall-clock minute as the plain deadline (DST gaps aside, where it can move an hour).
          expect(toBerlinInputValue(deadline).slice(14)).toBe(toBerlinInputValue(raw).slice(14));
        },
      ),
      { numRuns: 500 },
    );
  });
});
