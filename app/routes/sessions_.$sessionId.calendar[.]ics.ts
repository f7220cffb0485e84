import type { LoaderFunctionArgs } from "@remix-run/node";
import { getCurrentUser } from "~/auth/current-user.server";
import { sessionCalendarFile } from "~/calendar/feeds.server";
import { calendarContext, calendarResponse } from "~/calendar/response.server";
import { notFoundFile, parseId } from "~/lib/http";
import { personalSessionState } from "~/registrations/my-registrations.server";
import { schema } from "~/lib/db.server";
import { eq } from "drizzle-orm";
import { canManageSession } from "~/participants/participants.server";
import { mayReadParticipantDetails } from "~/sessions/participant-details";

// "Zum Kalender hinzufügen (.ics)": METHOD:PUBLISH, the online link only for those who may read it.
export async function loader({ params, context, request }: LoaderFunctionArgs) {
  const sessionId = parseId(params.sessionId);
  const user = await getCurrentUser(context, request);
  const session = context.db
    .select({ seriesId: schema.sessions.seriesId })
    .from(schema.sessions)
    .where(eq(schema.sessions.id, sessionId))
    .get();
  const status =
    user && session
      ? personalSessionState(context.db, user.id, { id: sessionId, seriesId: session.seriesId }, new Date()).own?.status
      : undefined;
  const managesSession = user ? canManageSession(context.db, user, sessionId) : false;
  const text = sessionCalendarFile(
    context.db,
    sessionId,
    calendarContext(context),
    mayReadParticipantDetails({ registrationStatus: status, managesSession }),
  );
  if (!text) notFoundFile();
  return calendarResponse(text, `infoveranstaltung-${sessionId}.ics`);
}
