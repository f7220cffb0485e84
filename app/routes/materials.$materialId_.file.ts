import type { LoaderFunctionArgs } from "@remix-run/node";
import { getCurrentUser } from "~/auth/current-user.server";
import { parseId } from "~/lib/http";
import { materialViewerFor } from "~/materials/access.server";
import { readMaterialFile } from "~/materials/materials.server";
import { dispositionFor } from "~/materials/rules";
import { contentDisposition } from "~/uploads/names";

// A material's file with the type its bytes were checked for. Never rendered as a page of our
// origin: `nosniff`, a CSP that allows nothing (and `sandbox`, so a PDF shown inline runs no
// script with our origin), inline only for PDF and images, a download for everything else.
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await getCurrentUser(context, request);
  if (!user) return plain(403, "Bitte loggen Sie sich ein, um dieses Material zu öffnen.\n");
  const id = parseId(params.materialId);
  const version = new URL(request.url).searchParams.get("version");
  const versionId = version && /^[1-9]\d{0,15}$/.test(version) ? Number(version) : null;
  if (version !== null && versionId === null) return plain(404, "Nicht gefunden\n");
  const result = readMaterialFile(context.db, context.env.dataDir, materialViewerFor(context.db, user), user, id, versionId);
  if (!result.ok) {
    return result.reason === "forbidden"
      ? plain(403, "Dieses Material ist nur für die Teilnehmenden des Termins.\n")
      : plain(404, "Nicht gefunden\n");
  }
  const { file } = result;
  return new Response(new Uint8Array(file.content), {
    headers: {
      "Content-Type": file.contentType,
      "Content-Length": String(file.content.length),
      "Content-Disposition": contentDisposition(dispositionFor(file.contentType), file.fileName),
      "X-Content-Type-Options": "nosniff",
      "Content-Security-Policy": "default-src 'none'; sandbox",
      // Material can be restricted to seat holders: no shared caches.
      "Cache-Control": "private, no-cache",
    },
  });
}

function plain(status: number, text: string): Response {
  return new Response(text, { status, headers: { "Content-Type": "text/plain; charset=utf-8", "X-Content-Type-Options": "nosniff" } });
}
