import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireRole } from "~/auth/current-user.server";
import { notFound, parseId } from "~/lib/http";
import { getPersonWithoutAddress } from "~/people/people.server";
import { auditDataExportByAdmin } from "~/privacy/delete-account.server";
import { exportFileName } from "~/privacy/labels";
import { collectMyData } from "~/privacy/my-data.server";
import { questionKeyFrom } from "~/questions/question-key.server";

// The download for a person registered by hand (no address, no sign-in); audited like the page.
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const actor = await requireRole(context, request, "admin");
  const person = getPersonWithoutAddress(context.db, actor, parseId(params.userId)) ?? notFound();
  const now = new Date();
  const data = collectMyData(context.db, questionKeyFrom(context.env), person.id, now) ?? notFound();
  auditDataExportByAdmin(context.db, actor, person.id, now, "json");
  return new Response(JSON.stringify(data, null, 2), {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="${exportFileName(now)}"`,
      "Cache-Control": "no-store",
    },
  });
}
