import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/auth/current-user.server";
import { notFound } from "~/lib/http";
import { exportFileName } from "~/privacy/labels";
import { collectMyData } from "~/privacy/my-data.server";
import { questionKeyFrom } from "~/questions/question-key.server";

// Art. 20 DSGVO: the same data as /me/data, machine-readable, as a download.
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(context, request);
  const now = new Date();
  const data = collectMyData(context.db, questionKeyFrom(context.env), user.id, now) ?? notFound();
  return new Response(JSON.stringify(data, null, 2), {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="${exportFileName(now)}"`,
      "Cache-Control": "no-store",
    },
  });
}
