import type { AppLoadContext } from "@remix-run/node";
import type { CalendarContext } from "./ical.server";

export function calendarContext(context: Pick<AppLoadContext, "env">): CalendarContext {
  return { appUrl: context.env.appUrl, mailFrom: context.env.mailFrom, alarmMinutes: context.env.alarmMinutes };
}

export function calendarResponse(text: string, filename: string, { attachment = true } = {}): Response {
  return new Response(text, {
    headers: {
      "Content-Type": "text/calendar; charset=utf-8",
      "Content-Disposition": `${attachment ? "attachment" : "inline"}; filename="${filename}"`,
    },
  });
}
