import type { LoaderFunctionArgs } from "@remix-run/node";
import { getCurrentUser } from "~/auth/current-user.server";
import { sessionCalendarFileFor } from "~/calendar/feeds.server";
import { calendarContext, calendarResponse } from "~/calendar/response.server";
import { notFoundFile, parseId } from "~/lib/http";

// "Zum Kalender hinzufügen (.ics)": METHOD:PUBLISH, the online link only for those who may read it.
export async function loader({ params, context, request }: LoaderFunctionArgs) {
  const sessionId = parseId(params.sessionId);
  const user = await getCurrentUser(context, request);
  const text = sessionCalendarFileFor(context.db, sessionId, user, calendarContext(context));
  if (!text) notFoundFile();
  return calendarResponse(text, `infoveranstaltung-${sessionId}.ics`);
}
