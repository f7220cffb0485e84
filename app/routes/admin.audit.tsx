import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { auditPage } from "~/audit/audit-view.server";
import { requireRole } from "~/auth/current-user.server";
import { AuditLogView } from "~/components/AuditLogView";
import { forbidden } from "~/lib/http";

export const meta: MetaFunction = () => [{ title: "Protokoll – Verwaltung – KI-Infoveranstaltungen" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireRole(context, request, "admin");
  const result = auditPage(context.db, actor, new URL(request.url), new Date());
  if (!result.ok) forbidden();
  return result.page;
}

export default function AdminAudit() {
  const page = useLoaderData<typeof loader>();
  return (
    <>
      <p>
        <Link to="/admin">← Zur Verwaltung</Link>
      </p>
      <AuditLogView page={page} />
    </>
  );
}
