import type { LoaderFunctionArgs } from "@remix-run/node";
import { publicFeed } from "~/calendar/feeds.server";
import { calendarContext, calendarResponse } from "~/calendar/response.server";

// All published upcoming sessions, for the intranet to subscribe to. No online links.
export function loader({ context }: LoaderFunctionArgs) {
  return calendarResponse(publicFeed(context.db, calendarContext(context), new Date()), "ki-infoveranstaltungen.ics", {
    attachment: false,
  });
}
