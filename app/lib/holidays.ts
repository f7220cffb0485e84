// Public holidays in North Rhine-Westphalia (NW), from feiertagejs: a small, maintained list
// of German holidays per state (Easter-based dates included), so we do not keep our own.
// Pure: used by the offer deadline and by the organiser's warnings.
import { getHolidays } from "feiertagejs";
import { toBerlinInputValue } from "./dates";

const STATE = "NW";
const byYear = new Map<number, Map<string, string>>();

function holidaysOf(year: number): Map<string, string> {
  let days = byYear.get(year);
  if (!days) {
    days = new Map(getHolidays(year, STATE).map((h) => [h.dateString, h.translate("de") ?? h.name]));
    byYear.set(year, days);
  }
  return days;
}

/** "2026-10-03" → "Tag der Deutschen Einheit"; null on other days. The key is a Berlin calendar date. */
export function holidayName(dateKey: string): string | null {
  return holidaysOf(Number(dateKey.slice(0, 4))).get(dateKey) ?? null;
}

/** Saturday, Sunday or a public holiday in NRW, on the Berlin calendar. */
export function isDayOff(instant: Date): boolean {
  const key = toBerlinInputValue(instant).slice(0, 10);
  const weekday = new Date(`${key}T12:00:00Z`).getUTCDay();
  return weekday === 0 || weekday === 6 || holidayName(key) !== null;
}
