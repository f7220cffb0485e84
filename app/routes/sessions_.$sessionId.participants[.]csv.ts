import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/auth/current-user.server";
import { formatDateNumeric, formatTime } from "~/lib/dates";
import { forbidden, notFound, parseId } from "~/lib/http";
import { participantsCsv } from "~/participants/csv";
import { canManageSession, listParticipants, sessionHeader } from "~/participants/participants.server";
import { registrationLabel } from "~/registrations/rules";

// The export never contains support needs: they may be health data.
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireUser(context, request);
  const sessionId = parseId(params.sessionId);
  const session = sessionHeader(context.db, sessionId) ?? notFound();
  if (!canManageSession(context.db, user, sessionId)) forbidden();
  const csv = participantsCsv(
    listParticipants(context.db, sessionId).map((p) => ({
      name: p.name,
      department: p.department ?? "",
      email: p.email ?? "",
      // One word for attendance on the organisers' side: "Anwesend" (the participant reads "Teilgenommen").
      status: p.status === "attended" ? "Anwesend" : registrationLabel(p),
      registeredAt: `${formatDateNumeric(p.registeredAt)} ${formatTime(p.registeredAt)}`,
      attended: p.status === "attended" ? "ja" : "",
    })),
  );
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="teilnehmende-${formatDateNumeric(session.startsAt)}-termin-${sessionId}.csv"`,
    },
  });
}
