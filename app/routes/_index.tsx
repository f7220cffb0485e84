import { redirect } from "@remix-run/node";

// The staff's entry point is the list of sessions; the intranet links either URL.
export function loader() {
  return redirect("/sessions");
}
