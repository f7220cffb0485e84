import { formatDateRange, formatDateRangeSpoken } from "~/lib/dates";

// Shows "Di., 3. März 2026, 10:00–11:30 Uhr"; screen readers hear "10:00 bis 11:30 Uhr".
export function DateRange({ start, end }: { start: Date; end: Date }) {
  return (
    <time dateTime={start.toISOString()}>
      <span aria-hidden="true">{formatDateRange(start, end)}</span>
      <span className="visually-hidden">{formatDateRangeSpoken(start, end)}</span>
    </time>
  );
}
