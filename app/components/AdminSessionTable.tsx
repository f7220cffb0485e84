import { Link } from "@remix-run/react";
import { DateRange } from "~/components/DateRange";
import { formatDateNumeric } from "~/lib/dates";
import { FORMAT_LABELS } from "~/sessions/rules";
import type { AdminSessionRow } from "~/sessions/admin-overview.server";

export const STATUS_LABELS = { draft: "Entwurf", published: "Veröffentlicht", cancelled: "Abgesagt" } as const;

export function AdminSessionTable({ rows, caption }: { rows: AdminSessionRow[]; caption: string }) {
  return (
    // A wide table scrolls sideways in its own region on a phone instead of widening the page.
    // biome-ignore lint/a11y/useSemanticElements: a focusable scroll region is the WAI pattern for a wide table (axe scrollable-region-focusable)
    // biome-ignore lint/a11y/noNoninteractiveTabindex: keyboard users must be able to scroll the table
    <div className="table-scroll" role="region" aria-label={caption} tabIndex={0}>
      <table className="table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Termin</th>
            <th scope="col">Format und Ort</th>
            <th scope="col">Status</th>
            <th scope="col">Belegt / Plätze</th>
            <th scope="col">Warteliste</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.id}>
              <td>
                <Link to={`/admin/sessions/${row.id}`} aria-label={`Termin vom ${formatDateNumeric(row.startsAt)} bearbeiten`}>
                  <DateRange start={row.startsAt} end={row.endsAt} />
                </Link>
                {row.dayOff ? (
                  <span className="day-off" data-day-off>
                    {row.dayOff}
                  </span>
                ) : null}
              </td>
              <td>
                {FORMAT_LABELS[row.format]}
                {row.place ? `, ${[row.place, row.room].filter(Boolean).join(", ")}` : ""}
              </td>
              <td className="status">{STATUS_LABELS[row.status]}</td>
              <td>
                {row.taken} / {row.capacity}
              </td>
              <td>{row.waitlisted}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
