import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/auth/current-user.server";
import { forbidden, notFoundFile, parseId } from "~/lib/http";
import { facilitatorLiveVersion } from "~/room/room.server";
import { versionResponse } from "~/room/etag";

// What the running order and the presenter view poll: the session's change counter as an ETag.
export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const user = await requireUser(context, request);
  const result = facilitatorLiveVersion(context.db, user, parseId(params.sessionId), new Date());
  if (!result.ok && result.reason === "forbidden") forbidden();
  if (!result.ok) notFoundFile();
  return versionResponse(request, result.tag);
}
