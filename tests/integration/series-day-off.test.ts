// The series page marks each coming date on a public holiday in NRW or a weekend (decision
// 018), so a copied "eine Woche später" or an imported row with the wrong day stands out.
import { describe, expect, it } from "vitest";
import { listSessionsOfSeries } from "~/sessions/admin-overview.server";
import { createTestDb } from "../support/db";
import { createSeries, createSession } from "../support/factories";

describe("holiday markers on the series page", () => {
  const { db } = createTestDb();
  const now = new Date("2027-05-01T08:00:00Z");
  const series = createSeries(db);
  const at = (iso: string, status: "draft" | "published" | "cancelled" = "published") =>
    createSession(db, { seriesId: series.id, startsAt: new Date(iso), status }).id;
  const ids = {
    // 08:00 UTC = 10:00 Berlin (summer time).
    fronleichnam: at("2027-05-27T08:00:00Z"),
    weekday: at("2027-05-26T08:00:00Z"),
    saturday: at("2027-05-29T08:00:00Z", "draft"),
    cancelledOnHoliday: at("2027-05-17T08:00:00Z", "cancelled"), // Pfingstmontag, but called off: nothing to check
    christmas: at("2027-12-25T09:00:00Z"),
    // Late on a Sunday evening in Berlin is still Sunday, though UTC says the same day.
    sundayEvening: at("2027-05-30T20:30:00Z"),
    past: at("2027-04-18T08:00:00Z"), // a Sunday, but over
  };

  it("marks holidays and weekends of coming dates, not weekdays, cancelled or past dates", () => {
    const { upcoming, past } = listSessionsOfSeries(db, series.id, now);
    const marks = Object.fromEntries(upcoming.map((row) => [row.id, row.dayOff]));
    expect(marks[ids.fronleichnam]).toBe("Der Termin fällt auf einen gesetzlichen Feiertag in NRW (Fronleichnam).");
    expect(marks[ids.weekday]).toBeNull();
    expect(marks[ids.saturday]).toBe("Der Termin fällt auf einen Samstag.");
    expect(marks[ids.cancelledOnHoliday]).toBeNull();
    expect(marks[ids.christmas]).toContain("Weihnachtstag");
    expect(marks[ids.sundayEvening]).toBe("Der Termin fällt auf einen Sonntag.");
    expect(past.map((row) => [row.id, row.dayOff])).toEqual([[ids.past, null]]);
  });
});
