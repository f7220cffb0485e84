import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/current-user.server";
import { MaterialForm, type MaterialFormErrors, type MaterialFormValues } from "~/components/MaterialForm";
import { redirectWithFlash } from "~/lib/flash.server";
import { forbidden, readFormData } from "~/lib/http";
import { EMPTY_MATERIAL, materialFieldsFrom } from "~/materials/form";
import { createMaterial, materialFormChoices } from "~/materials/materials.server";
import { readMaterialUpload } from "~/materials/upload.server";

export const meta: MetaFunction = () => [{ title: "Neues Material – Moderation – KI-Infoveranstaltungen" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireRole(context, request, "facilitator", "admin");
  const url = new URL(request.url);
  // "Material hinzufügen" on a session's or a section's place may preselect it.
  const session = Number(url.searchParams.get("session"));
  const section = url.searchParams.get("section");
  return {
    choices: materialFormChoices(context.db, user, new Date()),
    values: {
      ...EMPTY_MATERIAL,
      sessionId: Number.isSafeInteger(session) && session > 0 ? session : null,
      anchors: section ? [section] : [],
    } satisfies MaterialFormValues,
  };
}

type Refused = { values: MaterialFormValues; errors: MaterialFormErrors };

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireRole(context, request, "facilitator", "admin");
  const form = await readFormData(request);
  const fields = materialFieldsFrom(form);
  const upload = await readMaterialUpload(form);
  if (!upload.ok) return data<Refused>({ values: fields, errors: { file: upload.message } }, { status: 400 });
  const result = createMaterial(context.db, context.env.dataDir, user, { fields, file: upload.file }, new Date());
  if (!result.ok) {
    if (result.reason !== "invalid") forbidden();
    return data<Refused>({ values: fields, errors: refusedWithFileHint(result.errors, upload.file !== null) }, { status: 400 });
  }
  return redirectWithFlash(context, `/materials/${result.id}`, { kind: "success", text: "Das Material ist gespeichert." });
}

/** A browser cannot keep a chosen file across a refused form: say so when one was sent. */
function refusedWithFileHint(errors: MaterialFormErrors, hadFile: boolean): MaterialFormErrors {
  if (!hadFile || errors.file) return errors;
  return { ...errors, file: "Bitte wählen Sie die Datei noch einmal aus: Sie wurde nicht gespeichert, weil andere Angaben fehlen." };
}

export default function NewMaterial() {
  const { choices, values } = useLoaderData<typeof loader>();
  const refused = useActionData<typeof action>() as Refused | undefined;
  return (
    <div className="narrow">
      <p>
        <Link to="/facilitate/materials">← Materialien verwalten</Link>
      </p>
      <h1>Neues Material</h1>
      <p>
        Anwendungsbeispiele, Leitfäden, Vorlagen oder die Folien eines Termins – als Datei oder Link, bei den passenden Abschnitten der
        Dienstvereinbarung.
      </p>
      <MaterialForm
        key={refused ? "refused" : "new"}
        mode="new"
        values={refused?.values ?? values}
        errors={refused?.errors ?? {}}
        choices={choices}
        submitLabel="Material speichern"
      />
    </div>
  );
}
