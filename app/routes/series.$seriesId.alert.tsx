import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/auth/current-user.server";
import { safeRedirectPath } from "~/auth/redirect";
import { redirectWithFlash } from "~/lib/flash.server";
import { notFound, parseId } from "~/lib/http";
import { requestNewSessionAlert } from "~/sessions/new-session-alerts.server";

// "Neue Termine melden": POST only; the form sits on the sessions list and session pages.
export async function action({ request, context, params }: ActionFunctionArgs) {
  const user = await requireUser(context, request);
  const form = await request.formData();
  const back = safeRedirectPath(form.get("redirectTo"));
  const result = requestNewSessionAlert(context.db, user.id, parseId(params.seriesId));
  if (!result.ok) notFound();
  return redirectWithFlash(context, back, {
    kind: "success",
    text: result.alreadyRequested
      ? "Sie werden bereits benachrichtigt, sobald es einen neuen Termin gibt."
      : "Wir schicken Ihnen eine E-Mail, sobald es einen neuen Termin dieser Reihe gibt.",
  });
}

export function loader() {
  return redirect("/sessions");
}
