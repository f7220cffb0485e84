// When an offered place must be accepted (decision 005). Pure: the clock and the calendar
// come in, so the rule is tested with any date.
import { berlinWallTimeToInstant, toBerlinInputValue } from "~/lib/dates";
import { isDayOff } from "~/lib/holidays";

/** The same Berlin wall-clock time one calendar day later (23 or 25 hours across a DST change). */
function sameTimeNextDay(instant: Date): Date {
  const wall = toBerlinInputValue(instant);
  const next = new Date(`${wall.slice(0, 10)}T12:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  const moved = berlinWallTimeToInstant(`${next.toISOString().slice(0, 10)}T${wall.slice(11)}`);
  // 02:30 does not exist on the spring-forward night: then simply 24 hours later.
  return moved.ok ? moved.instant : new Date(instant.getTime() + 24 * 3600_000);
}

/**
 * The series' offer hours from now. A deadline on a Saturday, Sunday or NRW public holiday
 * moves to the next working day at the same time — people read work mail on working days —
 * but never past the session's start.
 */
export function offerDeadline(now: Date, offerHours: number, startsAt: Date, dayOff: (instant: Date) => boolean = isDayOff): Date {
  let deadline = new Date(now.getTime() + offerHours * 3600_000);
  // At most two weeks of days off in a row (Christmas to New Year is the longest stretch).
  for (let i = 0; i < 14 && dayOff(deadline); i++) deadline = sameTimeNextDay(deadline);
  return deadline.getTime() < startsAt.getTime() ? deadline : new Date(startsAt.getTime());
}
