import type { LoaderFunctionArgs } from "@remix-run/node";
import { notFoundFile, parseId } from "~/lib/http";
import { exportSummaryMarkdown } from "~/summaries/published.server";

// The summary as a Markdown file for the intranet editors; only what staff can see on /qa.
export async function loader({ params, context }: LoaderFunctionArgs) {
  const summaryId = parseId(params.summaryId);
  const exported = exportSummaryMarkdown(context.db, summaryId, new Date(), context.env.appUrl) ?? notFoundFile();
  return new Response(exported.markdown, {
    headers: {
      "Content-Type": "text/markdown; charset=utf-8",
      "Content-Disposition": `attachment; filename="${exported.filename}"`,
    },
  });
}
