import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { endLoginSession } from "~/auth/login-session.server";
import { redirectWithFlash } from "~/lib/flash.server";

export async function action({ request, context }: ActionFunctionArgs) {
  const cookie = await endLoginSession(context.db, context.env, request);
  return redirectWithFlash(context, "/sessions", { kind: "info", text: "Sie sind ausgeloggt." }, cookie);
}

// Signing out changes state: only by POST (a GET from a link or a scanner does nothing).
export function loader() {
  return redirect("/sessions");
}
