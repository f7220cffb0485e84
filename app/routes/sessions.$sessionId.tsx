import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { DateRange } from "~/components/DateRange";
import { formatDateTime } from "~/lib/dates";
import { notFound, parseId } from "~/lib/http";
import { renderMarkdown } from "~/lib/markdown.server";
import { FORMAT_LABELS, WINDOW_LABELS, seatsLabel } from "~/sessions/rules";
import { NewDateAlert } from "~/components/NewDateAlert";
import { getCurrentUser } from "~/auth/current-user.server";
import { hasOpenNewDateAlert } from "~/sessions/new-date-alerts.server";
import { getPublicSession, listSeriesWithoutFreeDates } from "~/sessions/sessions.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.session.seriesTitle}, ${formatDateTime(data.session.startsAt)} – KI-Infoveranstaltungen` : "Termin" },
];

export async function loader({ params, context, request }: LoaderFunctionArgs) {
  const now = new Date();
  const session = getPublicSession(context.db, parseId(params.sessionId), now) ?? notFound("Diesen Termin gibt es nicht.");
  const user = await getCurrentUser(context, request);
  const seriesFull = listSeriesWithoutFreeDates(context.db, now).some((s) => s.seriesId === session.seriesId);
  return {
    session,
    descriptionHtml: renderMarkdown(session.seriesDescription),
    newDateAlert: seriesFull
      ? { signedIn: !!user, requested: user ? hasOpenNewDateAlert(context.db, user.id, session.seriesId) : false }
      : null,
  };
}

export default function SessionPage() {
  const { session, descriptionHtml, newDateAlert } = useLoaderData<typeof loader>();
  const where = [session.place, session.room].filter(Boolean).join(", ");
  return (
    <article>
      <p>
        <Link to="/sessions">← Alle Veranstaltungen</Link>
      </p>
      <h1>{session.seriesTitle}</h1>
      <p className="lead">
        <DateRange start={session.startsAt} end={session.endsAt} />
      </p>
      {session.status === "cancelled" ? (
        <div className="notice notice--error" role="status">
          <strong>Veranstaltung abgesagt.</strong> {session.cancelReason ?? ""}
        </div>
      ) : null}
      <dl className="facts">
        <dt>Format</dt>
        <dd>{FORMAT_LABELS[session.format]}</dd>
        {session.format !== "online" ? (
          <>
            <dt>Veranstaltungsort</dt>
            <dd>{where || "wird noch bekannt gegeben"}</dd>
          </>
        ) : null}
        {session.format !== "in_person" ? (
          <>
            <dt>Online</dt>
            <dd>Den Link zur Videokonferenz sehen Sie hier, sobald Sie einen Platz haben.</dd>
          </>
        ) : null}
        {session.accessibilityNotes ? (
          <>
            <dt>Barrierefreiheit</dt>
            <dd>{session.accessibilityNotes}</dd>
          </>
        ) : null}
        {session.audience ? (
          <>
            <dt>Zielgruppe</dt>
            <dd>{session.audience}</dd>
          </>
        ) : null}
        {session.facilitators.length > 0 ? (
          <>
            <dt>Moderation</dt>
            <dd>{session.facilitators.join(", ")}</dd>
          </>
        ) : null}
        {session.status !== "cancelled" ? (
          <>
            <dt>Plätze</dt>
            <dd>{seatsLabel(session.seats)}</dd>
            <dt>Anmeldung</dt>
            <dd>{WINDOW_LABELS[session.window]}</dd>
          </>
        ) : null}
      </dl>
      {session.noteForParticipants ? (
        <div className="notice">
          <strong>Hinweis für Teilnehmende:</strong> {session.noteForParticipants}
        </div>
      ) : null}
      {newDateAlert ? (
        <NewDateAlert
          seriesId={session.seriesId}
          title={session.seriesTitle}
          {...newDateAlert}
          returnTo={`/sessions/${session.id}`}
        />
      ) : null}
      <section aria-labelledby="about">
        <h2 id="about">Worum es geht</h2>
        <div className="prose" dangerouslySetInnerHTML={{ __html: descriptionHtml }} />
      </section>
    </article>
  );
}
