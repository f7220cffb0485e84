// A warning for organisers: a date on a public holiday in NRW (or a weekend) is usually a
// slip — a copied date "eine Woche später" landing on Fronleichnam, a CSV row with the wrong
// year. Pure; the page shows it, nothing is refused (a weekend session can be intended).
import { toBerlinInputValue } from "~/lib/dates";
import { holidayName } from "~/lib/holidays";

export function dayOffWarning(startsAt: Date): string | null {
  const key = toBerlinInputValue(startsAt).slice(0, 10);
  const holiday = holidayName(key);
  if (holiday) return `Der Termin fällt auf einen gesetzlichen Feiertag in NRW (${holiday}).`;
  const weekday = new Date(`${key}T12:00:00Z`).getUTCDay();
  if (weekday === 6) return "Der Termin fällt auf einen Samstag.";
  if (weekday === 0) return "Der Termin fällt auf einen Sonntag.";
  return null;
}
