import type { LoaderFunctionArgs } from "@remix-run/node";
import { themeStylesheet } from "~/identity/identity.server";

// The colours from the settings as a stylesheet of our own origin (the CSP allows no inline
// styles). root.tsx links it with ?v=<version>: that address never changes its answer, so it
// may be cached for a year; any other address is revalidated every time.
export function loader({ request, context }: LoaderFunctionArgs) {
  const { css, version } = themeStylesheet(context.db);
  const current = new URL(request.url).searchParams.get("v") === version;
  return new Response(css, {
    headers: {
      "Content-Type": "text/css; charset=utf-8",
      "Cache-Control": current ? "public, max-age=31536000, immutable" : "no-cache",
    },
  });
}
