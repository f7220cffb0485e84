import type { LoaderFunctionArgs } from "@remix-run/node";
import { notFoundFile } from "~/lib/http";
import { liveVersionByCode } from "~/room/live.server";
import { normaliseLiveCode } from "~/room/rules";
import { versionResponse } from "~/room/etag";

// What the phones poll (decision 016): an ETag of the session's change counter; the same tag
// again is an empty 304.
export function loader({ params, request, context }: LoaderFunctionArgs) {
  const code = normaliseLiveCode(params.code ?? "");
  const tag = code ? liveVersionByCode(context.db, code, new Date()) : null;
  if (!tag) notFoundFile();
  return versionResponse(request, tag);
}
