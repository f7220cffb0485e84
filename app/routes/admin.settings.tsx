import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/current-user.server";
import { SubmitButton } from "~/components/forms";
import { redirectWithFlash } from "~/lib/flash.server";
import { forbidden, readFormData } from "~/lib/http";
import { councilApprovalOn, setCouncilApproval } from "~/summaries/settings.server";

export const meta: MetaFunction = () => [{ title: "Einstellungen – Verwaltung – KI-Infoveranstaltungen" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireRole(context, request, "admin");
  return { councilApproval: councilApprovalOn(context.db) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireRole(context, request, "admin");
  const form = await readFormData(request);
  const on = form.get("councilApproval") === "on";
  const result = setCouncilApproval(context.db, user, on, new Date());
  if (!result.ok) forbidden();
  return redirectWithFlash(context, "/admin/settings", {
    kind: "success",
    text: on ? "Abstimmung mit dem Personalrat eingeschaltet." : "Abstimmung mit dem Personalrat ausgeschaltet.",
  });
}

export default function AdminSettings() {
  const { councilApproval } = useLoaderData<typeof loader>();
  return (
    <div className="narrow">
      <p>
        <Link to="/admin">← Zur Verwaltung</Link>
      </p>
      <h1>Einstellungen</h1>
      <h2>Erscheinungsbild</h2>
      <p>
        Name, Hauptfarbe, Anschrift und Logo der Organisation: <Link to="/admin/identity">Erscheinungsbild bearbeiten</Link>
      </p>
      <h2>Zusammenfassungen</h2>
      <Form method="post">
        <fieldset>
          <legend>Abstimmung mit dem Personalrat</legend>
          <p>
            Veröffentlichte Antworten legen die Dienstvereinbarung aus, die der Personalrat mitunterzeichnet hat. Eingeschaltet geht jede
            Zusammenfassung und jede Aktualisierung vor der Veröffentlichung zur Freigabe an den Personalrat (Rolle „Personalrat“ unter{" "}
            <Link to="/admin/people">Personen und Rollen</Link>). Zurückziehen braucht keine Freigabe.
          </p>
          <div className="checkbox">
            <input type="radio" id="councilApproval-on" name="councilApproval" value="on" defaultChecked={councilApproval} />
            <label htmlFor="councilApproval-on">Eingeschaltet: erst nach Freigabe durch den Personalrat veröffentlichen</label>
          </div>
          <div className="checkbox">
            <input type="radio" id="councilApproval-off" name="councilApproval" value="off" defaultChecked={!councilApproval} />
            <label htmlFor="councilApproval-off">Ausgeschaltet: die Moderation veröffentlicht direkt</label>
          </div>
        </fieldset>
        <SubmitButton pendingText="Wird gespeichert …">Speichern</SubmitButton>
      </Form>
    </div>
  );
}
