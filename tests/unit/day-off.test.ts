import { describe, expect, it } from "vitest";
import { berlinWallTimeToInstant } from "~/lib/dates";
import { dayOffWarning } from "~/sessions/day-off";

const at = (wall: string) => {
  const result = berlinWallTimeToInstant(wall);
  if (!result.ok) throw new Error(wall);
  return result.instant;
};

describe("day-off warning for organisers", () => {
  it("names an NRW holiday, on the Berlin calendar", () => {
    expect(dayOffWarning(at("2026-06-04T10:00"))).toBe("Der Termin fällt auf einen gesetzlichen Feiertag in NRW (Fronleichnam).");
    // 00:30 Berlin on 1 November is still 31 October in UTC: the Berlin date counts.
    expect(dayOffWarning(at("2026-11-01T00:30"))).toContain("Allerheiligen");
  });

  it("names weekends and stays silent on working days", () => {
    expect(dayOffWarning(at("2026-11-28T10:00"))).toBe("Der Termin fällt auf einen Samstag.");
    expect(dayOffWarning(at("2026-11-29T10:00"))).toBe("Der Termin fällt auf einen Sonntag.");
    expect(dayOffWarning(at("2026-11-30T10:00"))).toBeNull();
  });
});
