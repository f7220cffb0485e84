// "Wurde das schon beantwortet?": published answers and accepted questions like the one being
// written, as JSON for the question form's fetcher (the form without JavaScript has its own
// "Prüfen" step). Accepted questions only for signed-in people, as everywhere.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { getCurrentUser } from "~/auth/current-user.server";
import { findSimilar } from "~/search/search.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await getCurrentUser(context, request);
  const text = new URL(request.url).searchParams.get("text") ?? "";
  return Response.json(
    { items: findSimilar(context.db, { text, signedIn: user !== null }) },
    { headers: { "Cache-Control": "private, no-store" } },
  );
}
