import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/current-user.server";
import { SubmitButton } from "~/components/forms";
import { readFormData, forbidden, notFound } from "~/lib/http";
import { describeTarget, startSummary } from "~/summaries/compose.server";
import { parseTarget } from "~/summaries/summaries.schema";

export const meta: MetaFunction = () => [{ title: "Neue Zusammenfassung – Moderation – KI-Infoveranstaltungen" }];

function refuse(reason: "forbidden" | "not_found"): never {
  if (reason === "forbidden") forbidden();
  notFound();
}

// A GET never creates anything (a link from the running order may be prefetched): it shows
// what will be created, or the summary that already exists.
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireRole(context, request, "facilitator", "admin");
  const target = parseTarget(new URL(request.url).searchParams);
  if (!target) throw redirect("/facilitate/summaries");
  const described = describeTarget(context.db, user, target);
  if (!described.ok) refuse(described.reason);
  return { title: described.title, existingId: described.existingId, target };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireRole(context, request, "facilitator", "admin");
  const form = await readFormData(request);
  const target = parseTarget(new URLSearchParams({ session: String(form.get("session") ?? ""), series: String(form.get("series") ?? "") }));
  if (!target) notFound();
  const started = startSummary(context.db, user, target, new Date());
  if (!started.ok) refuse(started.reason);
  return redirect(`/facilitate/summaries/${started.id}`);
}

export default function NewSummary() {
  const { title, existingId, target } = useLoaderData<typeof loader>();
  return (
    <div className="narrow">
      <p>
        <Link to="/facilitate/summaries">← Zu den Zusammenfassungen</Link>
      </p>
      <h1>Neue Zusammenfassung</h1>
      <p>
        Für: <strong>{title}</strong>
      </p>
      {existingId ? (
        <p>
          Dafür gibt es bereits eine Zusammenfassung: <Link to={`/facilitate/summaries/${existingId}`}>Zusammenfassung bearbeiten</Link>
        </p>
      ) : (
        <Form method="post">
          {target.sessionId ? <input type="hidden" name="session" value={target.sessionId} /> : null}
          {target.seriesId ? <input type="hidden" name="series" value={target.seriesId} /> : null}
          <p>Sie wählen danach die beantworteten Fragen aus, bearbeiten sie für die Veröffentlichung und sehen eine Vorschau.</p>
          <SubmitButton pendingText="Wird angelegt …">Zusammenfassung anlegen</SubmitButton>
        </Form>
      )}
    </div>
  );
}
