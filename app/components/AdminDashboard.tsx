import { Link } from "@remix-run/react";
import { DateRange } from "~/components/DateRange";
import { formatDateNumeric } from "~/lib/dates";
import { plural } from "~/lib/plural";
import type { Dashboard, DashboardLink } from "~/sessions/dashboard.server";

function SessionLinks({ id, title, items }: { id: string; title: string; items: DashboardLink[] }) {
  if (items.length === 0) return null;
  return (
    <section aria-labelledby={id}>
      <h3 id={id}>{title}</h3>
      <ul className="dashboard-links">
        {items.map((item) => (
          <li key={item.id}>
            <Link to={`/admin/sessions/${item.id}`}>
              {item.seriesTitle}: <DateRange start={item.startsAt} end={item.endsAt} />
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** What needs an organiser's attention: the figures first, then the dates behind them. */
export function AdminDashboard({ dashboard, weeks }: { dashboard: Dashboard; weeks: number }) {
  const { upcoming, drafts, withoutFacilitator, undeliveredMails, questionsWaiting } = dashboard;
  return (
    <section aria-labelledby="dashboard" className="dashboard">
      <h2 id="dashboard">Überblick</h2>
      <ul className="dashboard-figures" data-figures="dashboard">
        <li>
          <Link to="/admin/mail" data-figure="undelivered-mails" data-count={undeliveredMails}>
            {plural(undeliveredMails, "E-Mail nicht zugestellt", "E-Mails nicht zugestellt")}
          </Link>
        </li>
        <li>
          <Link to="/facilitate" data-figure="questions-waiting" data-count={questionsWaiting}>
            {plural(questionsWaiting, "Frage wartet auf Prüfung", "Fragen warten auf Prüfung")}
          </Link>
        </li>
        <li>
          {drafts.length > 0 ? (
            <a href="#drafts" data-figure="drafts" data-count={drafts.length}>
              {plural(drafts.length, "Entwurf zu veröffentlichen", "Entwürfe zu veröffentlichen")}
            </a>
          ) : (
            <span data-figure="drafts" data-count={0}>
              Keine Entwürfe zu veröffentlichen
            </span>
          )}
        </li>
        <li>
          {withoutFacilitator.length > 0 ? (
            <a href="#without-facilitator" data-figure="without-facilitator" data-count={withoutFacilitator.length}>
              {plural(withoutFacilitator.length, "Termin ohne Moderation", "Termine ohne Moderation")}
            </a>
          ) : (
            <span data-figure="without-facilitator" data-count={0}>
              Alle Termine haben eine Moderation
            </span>
          )}
        </li>
      </ul>
      <h3 id="dashboard-upcoming">Veröffentlichte Termine der nächsten {weeks} Wochen</h3>
      {upcoming.length === 0 ? (
        <p>In den nächsten {weeks} Wochen ist kein Termin veröffentlicht.</p>
      ) : (
        // biome-ignore lint/a11y/useSemanticElements: a focusable scroll region is the WAI pattern for a wide table (axe scrollable-region-focusable)
        // biome-ignore lint/a11y/noNoninteractiveTabindex: keyboard users must be able to scroll the table
        <div className="table-scroll" role="region" aria-labelledby="dashboard-upcoming" tabIndex={0}>
          <table className="table" data-table="dashboard-upcoming">
            <thead>
              <tr>
                <th scope="col">Termin</th>
                <th scope="col">Belegung</th>
                <th scope="col">Warteliste</th>
                <th scope="col">Offene Fragen</th>
                <th scope="col">Moderation</th>
              </tr>
            </thead>
            <tbody>
              {upcoming.map((row) => (
                <tr key={row.id} data-session-id={row.id}>
                  <td>
                    <Link to={`/admin/sessions/${row.id}`} aria-label={`${row.seriesTitle}, Termin vom ${formatDateNumeric(row.startsAt)}`}>
                      <DateRange start={row.startsAt} end={row.endsAt} />
                    </Link>
                    <br />
                    <span className="muted">{row.seriesTitle}</span>
                    {row.dayOff ? (
                      <span className="day-off" data-day-off>
                        {row.dayOff}
                      </span>
                    ) : null}
                  </td>
                  <td>
                    {/* The meter is the picture; the text says the same for everyone. */}
                    <meter min={0} max={row.capacity} value={Math.min(row.taken, row.capacity)} aria-hidden="true" />{" "}
                    <span data-figure="seats" data-taken={row.taken} data-capacity={row.capacity}>
                      {row.taken} von {plural(row.capacity, "Platz", "Plätzen")}
                    </span>
                  </td>
                  <td data-figure="waitlisted">{row.waitlisted}</td>
                  <td data-figure="questions">{row.questionsWaiting}</td>
                  <td data-figure="facilitators">
                    {row.facilitators === 0 ? <strong>fehlt</strong> : plural(row.facilitators, "Person", "Personen")}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <SessionLinks id="drafts" title="Entwürfe zu veröffentlichen" items={drafts} />
      <SessionLinks id="without-facilitator" title="Termine ohne Moderation" items={withoutFacilitator} />
    </section>
  );
}
