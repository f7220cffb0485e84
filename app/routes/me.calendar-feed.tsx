import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/auth/current-user.server";
import { resetFeedToken } from "~/calendar/feeds.server";
import { redirectWithFlash } from "~/lib/flash.server";

// "Neuen Link erzeugen": the old feed link stops working at once.
export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(context, request);
  resetFeedToken(context.db, user.id);
  return redirectWithFlash(context, "/me", {
    kind: "success",
    text: "Ihr Kalender-Link ist neu erzeugt. Der bisherige Link funktioniert nicht mehr; bitte tragen Sie den neuen in Ihrem Kalender ein.",
  });
}

export function loader() {
  return redirect("/me");
}
