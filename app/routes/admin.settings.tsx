import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/current-user.server";
import { DepartmentSettings } from "~/components/DepartmentSettings";
import { SubmitButton } from "~/components/forms";
import { redirectWithFlash } from "~/lib/flash.server";
import { forbidden, readFormData } from "~/lib/http";
import { departmentsAction, loadDepartments } from "~/people/departments.server";
import { councilApprovalOn, setCouncilApproval } from "~/summaries/settings.server";
import {
  RetentionSettings,
  SAVE_RETENTION_INTENT,
  type RetentionFormErrors,
  type RetentionFormValues,
} from "~/components/RetentionSettings";
import { retentionFormValues, saveRetentionFromForm } from "~/privacy/retention-settings.server";

export const meta: MetaFunction = () => [{ title: "Einstellungen – Verwaltung – KI-Infoveranstaltungen" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireRole(context, request, "admin");
  return {
    councilApproval: councilApprovalOn(context.db),
    retention: retentionFormValues(context.db),
    departments: loadDepartments(context.db),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireRole(context, request, "admin");
  const form = await readFormData(request);
  if (form.get("intent") === "departments") return departmentsAction(context, user, form);
  if (form.get("intent") === SAVE_RETENTION_INTENT) {
    const result = saveRetentionFromForm(context.db, user, form, new Date());
    if (!result.ok) {
      if (result.reason === "forbidden") forbidden();
      return data({ retention: { values: result.values, errors: result.errors } }, { status: 400 });
    }
    return redirectWithFlash(context, "/admin/settings", {
      kind: "success",
      text: result.changed.length > 0 ? "Die Aufbewahrungsfristen sind gespeichert." : "Keine Änderung an den Aufbewahrungsfristen.",
    });
  }
  const on = form.get("councilApproval") === "on";
  const result = setCouncilApproval(context.db, user, on, new Date());
  if (!result.ok) forbidden();
  return redirectWithFlash(context, "/admin/settings", {
    kind: "success",
    text: on ? "Abstimmung mit dem Personalrat eingeschaltet." : "Abstimmung mit dem Personalrat ausgeschaltet.",
  });
}

export default function AdminSettings() {
  const { councilApproval, retention, departments } = useLoaderData<typeof loader>();
  const refused = useActionData<typeof action>() as
    | { retention?: { values: RetentionFormValues; errors: RetentionFormErrors }; departmentsError?: string; departmentsTyped?: string }
    | undefined;
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
      <RetentionSettings
        // A refused save shows what was typed; after a save the form starts from the settings.
        key={refused?.retention ? "refused" : JSON.stringify(retention.values)}
        values={refused?.retention?.values ?? retention.values}
        errors={refused?.retention?.errors ?? {}}
        lastRunAt={retention.lastRunAt}
      />
      <DepartmentSettings departments={departments} error={refused?.departmentsError} typed={refused?.departmentsTyped} />
    </div>
  );
}
