import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { updateAgreementSection } from "~/agreement/agreement-admin.server";
import { agreementSectionSchema } from "~/agreement/agreement.schema";
import { getAgreementSectionForAdmin } from "~/agreement/agreement.server";
import { requireRole } from "~/auth/current-user.server";
import { FieldShell, FormError, SubmitButton, TextField } from "~/components/forms";
import { redirectWithFlash } from "~/lib/flash.server";
import { fieldErrors, formValues } from "~/lib/forms";
import { forbidden, notFound, parseId } from "~/lib/http";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.heading ?? "Abschnitt"} bearbeiten – Verwaltung` }];

const FIELDS = ["number", "title", "anchor", "text"];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  await requireRole(context, request, "admin");
  return getAgreementSectionForAdmin(context.db, parseId(params.versionId), parseId(params.sectionId)) ?? notFound();
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const actor = await requireRole(context, request, "admin");
  const versionId = parseId(params.versionId);
  const sectionId = parseId(params.sectionId);
  const form = await request.formData();
  const values = formValues(form, FIELDS);
  const parsed = agreementSectionSchema.safeParse(values);
  if (!parsed.success) return data({ errors: fieldErrors(parsed.error), values, formError: null }, { status: 400 });
  const result = updateAgreementSection(context.db, actor, versionId, sectionId, parsed.data, new Date());
  if (!result.ok) {
    switch (result.reason) {
      case "not_found":
        notFound();
        break;
      case "forbidden":
        forbidden();
        break;
      case "superseded":
        return data(
          { errors: {}, values, formError: "Diese Fassung ist abgelöst; ihre Abschnitte bleiben, wie sie waren." },
          { status: 400 },
        );
      case "invalid_text":
        return data({ errors: { text: result.errors.map((e) => e.message).join(" ") }, values, formError: null }, { status: 400 });
      case "duplicate_anchor":
        return data(
          {
            errors: {
              anchor: `Die Sprungmarke „${result.anchor}“ gehört in dieser Fassung schon zu „${result.heading}“. Bitte wählen Sie eine andere.`,
            },
            values,
            formError: null,
          },
          { status: 400 },
        );
    }
  }
  return redirectWithFlash(context, `/admin/agreement/${versionId}`, {
    kind: "success",
    text: `„${[parsed.data.number, parsed.data.title].filter(Boolean).join(" ")}“ ist gespeichert.`,
  });
}

export default function EditAgreementSection() {
  const section = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const values = result?.values ?? section.values;
  const errors: Partial<Record<string, string>> = result?.errors ?? {};
  return (
    <div className="narrow">
      <p>
        <Link to={`/admin/agreement/${section.versionId}`}>← {section.versionTitle}</Link>
      </p>
      <h1>{section.heading} bearbeiten</h1>
      {section.editable ? (
        <>
          <FormError message={result?.formError} />
          <Form method="post" className="stack">
            <TextField
              name="number"
              label="Nummer"
              hint="Zum Beispiel „§ 6“ oder „Anlage 1“; leer für die Präambel."
              defaultValue={values.number}
              error={errors.number}
            />
            <TextField name="title" label="Titel" defaultValue={values.title} error={errors.title} />
            <TextField
              name="anchor"
              label="Sprungmarke"
              hint="Der Teil des Links nach dem #. Er bleibt gleich, wenn sich Nummer oder Titel ändern, damit Links auf diesen Abschnitt gültig bleiben."
              defaultValue={values.anchor}
              error={errors.anchor}
              autoComplete="off"
              spellCheck={false}
            />
            <FieldShell
              id="field-text"
              label="Text (Markdown)"
              hint="Absätze beginnen mit (1), (2) … oder 1., 2. … am Zeilenanfang; sie erhalten die Sprungmarken #Sprungmarke-1, -2 …"
              error={errors.text}
            >
              {(describedBy) => (
                <textarea
                  id="field-text"
                  name="text"
                  rows={16}
                  defaultValue={values.text}
                  aria-invalid={errors.text ? true : undefined}
                  aria-describedby={describedBy}
                />
              )}
            </FieldShell>
            <SubmitButton pendingText="Wird gespeichert …">Speichern</SubmitButton>
          </Form>
        </>
      ) : (
        <p className="notice">Diese Fassung ist abgelöst; ihre Abschnitte bleiben, wie sie waren.</p>
      )}
    </div>
  );
}
