import type { LoaderFunctionArgs } from "@remix-run/node";
import { personalFeed, userForFeedToken } from "~/calendar/feeds.server";
import { calendarContext, calendarResponse } from "~/calendar/response.server";
import { notFoundFile } from "~/lib/http";

// A person's private feed, /calendar/<token>.ics. An unknown or reset token is a plain 404.
export function loader({ params, context }: LoaderFunctionArgs) {
  const match = /^(.+)\.ics$/.exec(params.token ?? "");
  const userId = match ? userForFeedToken(context.db, context.env.sessionSecret, match[1]!) : null;
  if (userId === null) notFoundFile();
  return calendarResponse(personalFeed(context.db, userId, calendarContext(context), new Date()), "meine-ki-infoveranstaltungen.ics", {
    attachment: false,
  });
}
