import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { SeriesGroups } from "~/components/SeriesGroups";
import { berlinMonthKey, formatMonth } from "~/lib/dates";
import { parseSessionFilters } from "~/sessions/filters.schema";
import type { SessionFormat } from "~db/schema";

// Hybrid dates are found under "Präsenz" and "Online" too (matchesFormatFilter); the labels say so.
const FORMAT_FILTER_LABELS: Record<SessionFormat, string> = {
  in_person: "Präsenz (auch hybrid)",
  online: "Online (auch hybrid)",
  hybrid: "Nur hybrid",
};
import { NewSessionAlert } from "~/components/NewSessionAlert";
import { getCurrentUser } from "~/auth/current-user.server";
import { hasOpenNewSessionAlert } from "~/sessions/new-session-alerts.server";
import { ownStatesForSessions } from "~/registrations/my-registrations.server";
import { filterSessions, groupBySeries, listSeriesWithoutFreeSessions, listUpcomingSessions } from "~/sessions/sessions.server";
import { SESSION_FORMATS } from "~db/schema";

export const meta: MetaFunction = () => [{ title: "Veranstaltungen – KI-Infoveranstaltungen" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const now = new Date();
  const user = await getCurrentUser(context, request);
  const filters = parseSessionFilters(new URL(request.url).searchParams);
  const all = listUpcomingSessions(context.db, now);
  const months = [...new Map(all.map((s) => [berlinMonthKey(s.startsAt), formatMonth(s.startsAt)])).entries()].sort();
  const sessions = filterSessions(all, filters);
  // An empty result offers alerts for every series, not only for those without a free date.
  const withoutFreeSessions = listSeriesWithoutFreeSessions(context.db, now, sessions.length === 0 ? [] : all).map((s) => ({
    ...s,
    requested: user ? hasOpenNewSessionAlert(context.db, user.id, s.seriesId) : false,
  }));
  const own = user
    ? ownStatesForSessions(
        context.db,
        user.id,
        sessions.map((s) => s.id),
      )
    : {};
  return { groups: groupBySeries(sessions), filters, months, count: sessions.length, withoutFreeSessions, signedIn: !!user, own };
}

export default function SessionsIndex() {
  const { groups, filters, months, count, withoutFreeSessions, signedIn, own } = useLoaderData<typeof loader>();
  const navigation = useNavigation();
  const filtering = navigation.state === "loading" && navigation.location.pathname === "/sessions";
  return (
    <>
      <h1>Infoveranstaltungen zur Dienstvereinbarung KI</h1>
      <p>
        Wählen Sie einen Termin, melden Sie sich an und reichen Sie vorab Ihre Fragen aus der Praxis ein.{" "}
        <Link to="/sessions/past">Vergangene Termine</Link>
      </p>
      <Form method="get" action="/sessions" className="filters" aria-label="Termine filtern">
        <div className="field">
          <label htmlFor="filter-format">Format</label>
          <select id="filter-format" name="format" defaultValue={filters.format ?? ""}>
            <option value="">Alle Formate</option>
            {SESSION_FORMATS.map((format) => (
              <option key={format} value={format}>
                {FORMAT_FILTER_LABELS[format]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-month">Monat</label>
          <select id="filter-month" name="month" defaultValue={filters.month ?? ""}>
            <option value="">Alle Monate</option>
            {months.map(([key, label]) => (
              <option key={key} value={key}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <div className="checkbox">
          <input id="filter-free" type="checkbox" name="free" value="1" defaultChecked={filters.onlyWithFreeSeats} />
          <label htmlFor="filter-free">Nur mit freien Plätzen</label>
        </div>
        <button type="submit" className="button" aria-disabled={filtering}>
          {filtering ? "Wird gefiltert …" : "Filtern"}
        </button>
      </Form>
      <p role="status" className="muted">
        {count === 1 ? "1 Termin gefunden." : `${count} Termine gefunden.`}
      </p>
      {groups.length === 0 ? (
        <div className="empty-result">
          <p>Zu Ihrer Auswahl gibt es zurzeit keine Termine.</p>
          <p className="actions">
            <Link to="/sessions" className="button button--quiet">
              Filter zurücksetzen
            </Link>
            {withoutFreeSessions.length > 0 ? (
              <a href="#new-dates" className="button button--quiet">
                Neue Termine melden
              </a>
            ) : null}
          </p>
        </div>
      ) : (
        <SeriesGroups groups={groups} own={own} />
      )}
      {withoutFreeSessions.length > 0 ? (
        <section aria-labelledby="new-dates">
          <h2 id="new-dates">Neue Termine melden</h2>
          {withoutFreeSessions.map((item) => (
            <NewSessionAlert key={item.seriesId} {...item} signedIn={signedIn} returnTo="/sessions" />
          ))}
        </section>
      ) : null}
    </>
  );
}
