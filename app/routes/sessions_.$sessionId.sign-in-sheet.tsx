import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { DateRange } from "~/components/DateRange";
import { Letterhead } from "~/components/Letterhead";
import { requireUser } from "~/auth/current-user.server";
import { forbidden, notFound, parseId } from "~/lib/http";
import { canManageSession, listParticipants, sessionHeader } from "~/participants/participants.server";
import { PrintButton } from "~/components/PrintButton";

export const meta: MetaFunction = () => [{ title: "Unterschriftenliste – KI-Infoveranstaltungen" }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireUser(context, request);
  const sessionId = parseId(params.sessionId);
  const session = sessionHeader(context.db, sessionId) ?? notFound();
  if (!canManageSession(context.db, user, sessionId)) forbidden();
  // Only what the sheet prints: loader data reaches the browser, support needs must not.
  const people = listParticipants(context.db, sessionId)
    .filter((p) => p.status === "confirmed" || p.status === "attended")
    .sort((a, b) => a.name.localeCompare(b.name, "de"))
    .map((p) => ({ registrationId: p.registrationId, name: p.name, department: p.department }));
  return { session, people };
}

// A4 sign-in sheet for the door: names sorted, a column to sign, blank rows for walk-ins.
export default function SignInSheet() {
  const { session, people } = useLoaderData<typeof loader>();
  return (
    <div className="sign-in-sheet">
      <p className="no-print">
        <Link to={`/sessions/${session.id}/participants`}>← Teilnehmende</Link> · <PrintButton />
      </p>
      <Letterhead />
      <h1>Unterschriftenliste</h1>
      <p>
        {session.seriesTitle}
        <br />
        <DateRange start={session.startsAt} end={session.endsAt} />
        {session.place ? ` · ${[session.place, session.room].filter(Boolean).join(", ")}` : ""}
      </p>
      <table className="table sheet">
        <thead>
          <tr>
            <th scope="col">Nr.</th>
            <th scope="col">Name</th>
            <th scope="col">Fachbereich/Amt</th>
            <th scope="col">Unterschrift</th>
          </tr>
        </thead>
        <tbody>
          {people.map((p, i) => (
            <tr key={p.registrationId}>
              <td>{i + 1}</td>
              <td>{p.name}</td>
              <td>{p.department ?? ""}</td>
              <td className="sheet__sign" />
            </tr>
          ))}
          {Array.from({ length: 5 }, (_, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: blank rows have nothing but their number
            <tr key={`blank-${i}`}>
              <td>{people.length + i + 1}</td>
              <td />
              <td />
              <td className="sheet__sign" />
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
