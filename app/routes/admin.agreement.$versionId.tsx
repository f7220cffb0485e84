import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { scheduleAgreementVersion } from "~/agreement/agreement-admin.server";
import { agreementScheduleSchema } from "~/agreement/agreement.schema";
import { getAgreementVersionForAdmin } from "~/agreement/agreement.server";
import { VERSION_STATUS_LABELS } from "~/agreement/status";
import { requireRole } from "~/auth/current-user.server";
import { FormError, SubmitButton, TextField } from "~/components/forms";
import { formatDate, toBerlinInputValue } from "~/lib/dates";
import { redirectWithFlash } from "~/lib/flash.server";
import { fieldErrors } from "~/lib/forms";
import { badRequest, forbidden, notFound, parseId } from "~/lib/http";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? "Fassung"} – Verwaltung` }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  await requireRole(context, request, "admin");
  const version = getAgreementVersionForAdmin(context.db, parseId(params.versionId), new Date()) ?? notFound();
  return {
    id: version.id,
    title: version.title,
    status: version.status,
    inForceFrom: version.inForceFrom ? formatDate(version.inForceFrom) : null,
    inForceDateValue: version.inForceFrom ? toBerlinInputValue(version.inForceFrom).slice(0, 10) : "",
    supersededAt: version.supersededAt ? formatDate(version.supersededAt) : null,
    sections: version.sections,
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const actor = await requireRole(context, request, "admin");
  const versionId = parseId(params.versionId);
  const form = await request.formData();
  if (form.get("intent") !== "schedule") badRequest();
  const values = { inForceDate: String(form.get("inForceDate") ?? "") };
  const parsed = agreementScheduleSchema.safeParse(values);
  if (!parsed.success) return data({ errors: fieldErrors(parsed.error), values, formError: null }, { status: 400 });
  const now = new Date();
  const result = scheduleAgreementVersion(context.db, actor, versionId, parsed.data.inForceFrom, now);
  if (!result.ok) {
    if (result.reason === "not_found") notFound();
    if (result.reason === "forbidden") forbidden();
    if (result.reason === "date_refused")
      return data({ errors: { inForceDate: result.message }, values, formError: null }, { status: 400 });
    return data(
      { errors: {}, values, formError: "Diese Fassung ist schon in Kraft oder abgelöst; ihr Datum lässt sich nicht mehr ändern." },
      { status: 400 },
    );
  }
  const takesOverNow = parsed.data.inForceFrom.getTime() <= now.getTime();
  return redirectWithFlash(context, `/admin/agreement/${versionId}`, {
    kind: "success",
    text: takesOverNow ? "Die Fassung ist jetzt in Kraft." : `Die Fassung tritt am ${formatDate(parsed.data.inForceFrom)} in Kraft.`,
  });
}

export default function AdminAgreementVersion() {
  const version = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const schedulable = version.status === "draft" || version.status === "scheduled";
  const editable = version.status !== "superseded";
  return (
    <div>
      <p>
        <Link to="/admin/agreement">← Dienstvereinbarung</Link>
      </p>
      <h1>{version.title}</h1>
      <dl className="facts">
        <dt>Status</dt>
        <dd>{VERSION_STATUS_LABELS[version.status]}</dd>
        <dt>In Kraft ab</dt>
        <dd>{version.inForceFrom ?? "noch nicht festgelegt"}</dd>
        {version.supersededAt ? (
          <>
            <dt>Abgelöst am</dt>
            <dd>{version.supersededAt}</dd>
          </>
        ) : null}
      </dl>
      <p className="actions">
        <a className="button button--quiet" href={`/admin/agreement/${version.id}/markdown`} download>
          Als Markdown herunterladen
        </a>
        {version.status === "in_force" ? <Link to="/agreement">Öffentliche Seite ansehen</Link> : null}
      </p>
      {schedulable ? (
        <section aria-labelledby="schedule">
          <h2 id="schedule">Inkrafttreten festlegen</h2>
          <p>An diesem Tag (0:00 Uhr) löst die Fassung die geltende ab. Ein Datum in der Vergangenheit setzt sie sofort in Kraft.</p>
          <FormError message={result?.formError} />
          <Form method="post" className="stack">
            <TextField
              name="inForceDate"
              type="date"
              label="Tritt in Kraft am"
              defaultValue={result?.values.inForceDate ?? version.inForceDateValue}
              error={result?.errors.inForceDate}
              required
            />
            <SubmitButton name="intent" value="schedule" pendingText="Wird gespeichert …">
              Datum festlegen
            </SubmitButton>
          </Form>
        </section>
      ) : null}
      <section aria-labelledby="sections">
        <h2 id="sections">Abschnitte</h2>
        {editable ? null : <p>Eine abgelöste Fassung bleibt, wie sie war; ihre Abschnitte lassen sich nicht mehr bearbeiten.</p>}
        <ol className="agreement-admin-sections">
          {version.sections.map((section) => (
            <li key={section.id}>
              {editable ? (
                <Link to={`/admin/agreement/${version.id}/sections/${section.id}`}>{section.heading} bearbeiten</Link>
              ) : (
                section.heading
              )}{" "}
              <span className="muted">
                (Sprungmarke <code>#{section.anchor}</code>
                {section.paragraphCount > 0 ? `, ${section.paragraphCount} Absätze` : ""})
              </span>
            </li>
          ))}
        </ol>
      </section>
    </div>
  );
}
