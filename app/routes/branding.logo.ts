import type { LoaderFunctionArgs } from "@remix-run/node";
import { readLogo } from "~/identity/identity.server";
import { notFoundFile } from "~/lib/http";

// The uploaded logo, with the type its bytes were checked for; 404 while none is set (the
// header then shows the name alone). ?v=<version> addresses one logo, so it may be cached.
export function loader({ request, context }: LoaderFunctionArgs) {
  const logo = readLogo(context.db, context.env.dataDir) ?? notFoundFile();
  const current = new URL(request.url).searchParams.get("v") === logo.version;
  return new Response(new Uint8Array(logo.content), {
    headers: {
      "Content-Type": logo.contentType,
      "Content-Length": String(logo.content.length),
      "X-Content-Type-Options": "nosniff",
      "Content-Security-Policy": "default-src 'none'",
      "Cache-Control": current ? "public, max-age=31536000, immutable" : "no-cache",
    },
  });
}
