import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { SeriesGroups } from "~/components/SeriesGroups";
import { groupBySeries, listPastSessions } from "~/sessions/sessions.server";

export const meta: MetaFunction = () => [{ title: "Vergangene Termine – KI-Infoveranstaltungen" }];

export function loader({ context }: LoaderFunctionArgs) {
  return { groups: groupBySeries(listPastSessions(context.db, new Date())) };
}

export default function PastSessions() {
  const { groups } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Vergangene Termine</h1>
      <p>
        <Link to="/sessions">Zu den kommenden Terminen</Link>
      </p>
      {groups.length === 0 ? <p>Es gibt noch keine vergangenen Termine.</p> : <SeriesGroups groups={groups} />}
    </>
  );
}
