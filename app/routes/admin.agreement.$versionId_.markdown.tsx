import type { LoaderFunctionArgs } from "@remix-run/node";
import { slugify } from "~/agreement/anchors";
import { exportAgreementMarkdown } from "~/agreement/agreement.server";
import { requireRole } from "~/auth/current-user.server";
import { notFound, parseId } from "~/lib/http";

// The whole version as one Markdown file: edit it and import it as the next version.
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  await requireRole(context, request, "admin");
  const versionId = parseId(params.versionId);
  const exported = exportAgreementMarkdown(context.db, versionId) ?? notFound();
  const filename = `${slugify(exported.title) || "dienstvereinbarung"}-fassung-${versionId}.md`;
  return new Response(exported.markdown, {
    headers: {
      "Content-Type": "text/markdown; charset=utf-8",
      "Content-Disposition": `attachment; filename="${filename}"`,
    },
  });
}
