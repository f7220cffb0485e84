import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { DateRange } from "~/components/DateRange";
import { requireUser } from "~/auth/current-user.server";
import { forbidden, notFound, parseId } from "~/lib/http";
import { canManageSession, listParticipants, sessionHeader } from "~/participants/participants.server";
import { registrationLabel } from "~/registrations/rules";
import { FORMAT_LABELS } from "~/sessions/rules";
import { PrintButton } from "~/components/PrintButton";

export const meta: MetaFunction = () => [{ title: "Anmeldebestätigung – KI-Infoveranstaltungen" }];

// A printable confirmation for someone registered by hand, who gets no mail.
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireUser(context, request);
  const sessionId = parseId(params.sessionId);
  const session = sessionHeader(context.db, sessionId) ?? notFound();
  if (!canManageSession(context.db, user, sessionId)) forbidden();
  const registrationId = parseId(params.registrationId);
  const person = listParticipants(context.db, sessionId).find((p) => p.registrationId === registrationId) ?? notFound();
  return { session, person: { name: person.name, department: person.department, label: registrationLabel(person) } };
}

export default function PrintedConfirmation() {
  const { session, person } = useLoaderData<typeof loader>();
  return (
    <article className="certificate">
      <p className="no-print">
        <Link to={`/sessions/${session.id}/participants`}>← Teilnehmende</Link> · <PrintButton />
      </p>
      <h1>Anmeldebestätigung</h1>
      <p className="certificate__name">{person.name}</p>
      {person.department ? <p>{person.department}</p> : null}
      <p>Status: {person.label}</p>
      <p className="certificate__title">{session.seriesTitle}</p>
      <p>
        <DateRange start={session.startsAt} end={session.endsAt} />
        <br />
        {FORMAT_LABELS[session.format]}
        {session.place ? `: ${[session.place, session.room].filter(Boolean).join(", ")}` : ""}
      </p>
      <p>Wenn Sie nicht teilnehmen können, sagen Sie bitte der Organisation Bescheid, damit jemand nachrücken kann.</p>
    </article>
  );
}
