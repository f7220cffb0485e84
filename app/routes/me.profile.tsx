import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { FieldShell, SubmitButton, TextField } from "~/components/forms";
import { requireUser } from "~/auth/current-user.server";
import { logOutEverywhere } from "~/auth/login-session.server";
import { departmentError, profileDepartments, updateProfile } from "~/auth/profile.server";
import { safeRedirectPath } from "~/auth/redirect";
import { profileSchema } from "~/auth/sign-in.schema";
import { redirectWithFlash } from "~/lib/flash.server";
import { fieldErrors, formValues } from "~/lib/forms";
import { isDepartmentChoice, OTHER_DEPARTMENT } from "~/people/departments";

export const meta: MetaFunction = () => [{ title: "Profil – KI-Infoveranstaltungen" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(context, request);
  const redirectTo = new URL(request.url).searchParams.get("redirectTo");
  return {
    user: { email: user.email, displayName: user.displayName, department: user.department ?? "" },
    departments: profileDepartments(context.db),
    welcome: !user.profileComplete,
    redirectTo: redirectTo ? safeRedirectPath(redirectTo) : "",
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(context, request);
  const form = await request.formData();
  switch (form.get("intent")) {
    case "save": {
      const parsed = profileSchema.safeParse({
        displayName: form.get("displayName"),
        department: form.get("department") ?? undefined,
      });
      const refusedDepartment = parsed.success ? departmentError(context.db, parsed.data.department) : null;
      if (!parsed.success || refusedDepartment) {
        const errors = parsed.success ? { department: refusedDepartment ?? undefined } : fieldErrors(parsed.error);
        return data({ errors, values: formValues(form, ["displayName", "department"]) }, { status: 400 });
      }
      updateProfile(context.db, user.id, parsed.data);
      const redirectTo = form.get("redirectTo");
      return redirectWithFlash(context, redirectTo ? safeRedirectPath(redirectTo) : "/me/profile", {
        kind: "success",
        text: "Ihre Angaben sind gespeichert.",
      });
    }
    case "logout-everywhere": {
      const resetCalendarFeed = form.get("resetCalendarFeed") === "1";
      logOutEverywhere(context.db, user.id, { resetCalendarFeed });
      return redirectWithFlash(context, "/login", {
        kind: "info",
        text: resetCalendarFeed
          ? "Sie sind jetzt in allen Browsern ausgeloggt. Ihr Kalender-Link ist neu erzeugt; bitte tragen Sie den neuen Link nach dem Einloggen in Ihrem Kalender ein."
          : "Sie sind jetzt in allen Browsern ausgeloggt.",
      });
    }
    default:
      return data({ errors: { form: "Unbekannte Aktion." }, values: {} as Record<string, string> }, { status: 400 });
  }
}

export default function Profile() {
  const { user, departments, welcome, redirectTo } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors: Partial<Record<string, string>> = result?.errors ?? {};
  return (
    <div className="narrow">
      <h1>{welcome ? "Willkommen! Wie dürfen wir Sie nennen?" : "Ihr Profil"}</h1>
      <p>
        Eingeloggt als <strong>{user.email}</strong>. Ihr Name erscheint auf Teilnahmelisten und in Ihrer Teilnahmebestätigung.
      </p>
      <Form method="post" noValidate>
        {redirectTo ? <input type="hidden" name="redirectTo" value={redirectTo} /> : null}
        <TextField
          name="displayName"
          label="Name"
          autoComplete="name"
          required
          defaultValue={result?.values.displayName ?? user.displayName}
          error={errors.displayName}
        />
        {departments.length > 0 ? (
          <DepartmentSelect departments={departments} current={result?.values.department ?? user.department} error={errors.department} />
        ) : (
          <TextField
            name="department"
            label="Fachbereich oder Amt (freiwillig)"
            autoComplete="organization"
            defaultValue={result?.values.department ?? user.department}
            error={errors.department}
          />
        )}
        <SubmitButton name="intent" value="save" pendingText="Wird gespeichert …">
          Speichern
        </SubmitButton>
      </Form>
      <section aria-labelledby="everywhere">
        <h2 id="everywhere">Überall ausloggen</h2>
        <p>Beendet Ihre Logins in allen Browsern und auf allen Geräten, auch in diesem.</p>
        <Form method="post">
          <div className="checkbox field">
            <input id="field-resetCalendarFeed" type="checkbox" name="resetCalendarFeed" value="1" />
            <label htmlFor="field-resetCalendarFeed">
              Auch den Link zu meinem persönlichen Kalender neu erzeugen (der bisherige Link funktioniert dann nicht mehr)
            </label>
          </div>
          <SubmitButton name="intent" value="logout-everywhere" className="button button--quiet" pendingText="Wird ausgeloggt …">
            Überall ausloggen
          </SubmitButton>
        </Form>
      </section>
    </div>
  );
}

/** The organisers' list plus "Sonstige"; a department stored before the list (not on it) shows as "Sonstige". */
function DepartmentSelect({ departments, current, error }: { departments: string[]; current: string; error?: string }) {
  const selected = current === "" || isDepartmentChoice(departments, current) ? current : OTHER_DEPARTMENT;
  return (
    <FieldShell id="field-department" label="Fachbereich oder Amt (freiwillig)" error={error}>
      {(describedBy) => (
        <select
          id="field-department"
          name="department"
          defaultValue={selected}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
        >
          <option value="">keine Angabe</option>
          {departments.map((d) => (
            <option key={d} value={d}>
              {d}
            </option>
          ))}
          <option value={OTHER_DEPARTMENT}>{OTHER_DEPARTMENT}</option>
        </select>
      )}
    </FieldShell>
  );
}
