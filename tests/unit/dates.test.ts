import { describe, expect, it } from "vitest";
import {
  berlinWallTimeToInstant,
  formatDateNumeric,
  formatDateRange,
  formatDateRangeSpoken,
  formatDateTime,
  toBerlinInputValue,
} from "~/lib/dates";

const NBSP = "\u00a0";

describe("German date formatting in Europe/Berlin", () => {
  // CI runs with TZ=America/New_York: these only pass if nothing uses host-local time.
  it("formats a range like DIN 5008 text, in winter time", () => {
    const start = new Date("2026-03-03T09:00:00Z");
    const end = new Date("2026-03-03T10:30:00Z");
    expect(formatDateRange(start, end)).toBe(`Di., 3. März 2026, 10:00–11:30${NBSP}Uhr`);
    expect(formatDateRangeSpoken(start, end)).toBe(`Di., 3. März 2026, 10:00 bis 11:30${NBSP}Uhr`);
  });

  it("formats summer time with the +2 offset", () => {
    expect(formatDateTime(new Date("2026-07-01T06:00:00Z"))).toBe(`Mi., 1. Juli 2026, 08:00${NBSP}Uhr`);
  });

  it("names both dates when a range crosses midnight", () => {
    const text = formatDateRange(new Date("2026-03-03T22:30:00Z"), new Date("2026-03-04T00:30:00Z"));
    expect(text).toBe(`Di., 3. März 2026, 23:30${NBSP}Uhr–Mi., 4. März 2026, 01:30${NBSP}Uhr`);
  });

  it("formats table dates with two digits", () => {
    expect(formatDateNumeric(new Date("2026-03-02T23:30:00Z"))).toBe("03.03.2026");
  });
});

describe("Berlin wall time to instant", () => {
  it("reads winter and summer times with the right offset", () => {
    expect(berlinWallTimeToInstant("2026-03-03T10:00")).toEqual({
      ok: true,
      instant: new Date("2026-03-03T09:00:00Z"),
      ambiguous: false,
    });
    expect(berlinWallTimeToInstant("2026-07-01 08:00")).toEqual({
      ok: true,
      instant: new Date("2026-07-01T06:00:00Z"),
      ambiguous: false,
    });
  });

  it("refuses a time skipped on the spring-forward night", () => {
    expect(berlinWallTimeToInstant("2026-03-29T02:30")).toEqual({ ok: false, reason: "nonexistent" });
  });

  it("resolves a time that occurs twice on the fall-back night to its first occurrence", () => {
    expect(berlinWallTimeToInstant("2026-10-25T02:30")).toEqual({
      ok: true,
      instant: new Date("2026-10-25T00:30:00Z"),
      ambiguous: true,
    });
  });

  it("refuses malformed and impossible dates", () => {
    for (const value of ["", "2026-02-30T10:00", "2026-13-01T10:00", "2026-01-01T24:00", "3.3.2026 10:00"]) {
      expect(berlinWallTimeToInstant(value)).toEqual({ ok: false, reason: "invalid" });
    }
  });

  it("round-trips through the datetime-local value", () => {
    const instant = new Date("2026-11-29T12:15:00Z");
    const back = berlinWallTimeToInstant(toBerlinInputValue(instant));
    expect(back.ok && back.instant).toEqual(instant);
  });
});
