/** A poll's answer: the tag, or an empty 304 when the client has it already ("nothing new"). */
export function versionResponse(request: Request, tag: string): Response {
  const headers = { ETag: tag, "Content-Type": "text/plain; charset=utf-8" };
  if (request.headers.get("If-None-Match") === tag) return new Response(null, { status: 304, headers });
  return new Response(`${tag}\n`, { headers });
}
