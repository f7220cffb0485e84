import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/current-user.server";
import { ConfirmedAction } from "~/components/ConfirmedAction";
import { MaterialForm, type MaterialFormErrors, type MaterialFormValues } from "~/components/MaterialForm";
import { MaterialVersions } from "~/components/MaterialView";
import { redirectWithFlash } from "~/lib/flash.server";
import { forbidden, notFound, parseId, readFormData } from "~/lib/http";
import { materialFieldsFrom } from "~/materials/form";
import { deleteMaterial, getMaterialForEdit, materialFormChoices, updateMaterial } from "~/materials/materials.server";
import { readMaterialUpload } from "~/materials/upload.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.values.title ?? "Material"} bearbeiten – Moderation – KI-Infoveranstaltungen` },
];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireRole(context, request, "facilitator", "admin");
  const id = parseId(params.materialId);
  const found = getMaterialForEdit(context.db, user, id);
  if (!found.ok) return found.reason === "forbidden" ? forbidden() : notFound("Dieses Material gibt es nicht.");
  return {
    id,
    mode: found.isPage ? ("page" as const) : found.isFile ? ("file" as const) : ("link" as const),
    values: found.values,
    versions: found.versions,
    choices: materialFormChoices(context.db, user, new Date()),
    // Without JavaScript, "Löschen" leads here first (?loeschen=1): the confirmation step.
    confirmDelete: new URL(request.url).searchParams.get("loeschen") === "1",
  };
}

type Refused = { values: MaterialFormValues; errors: MaterialFormErrors };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireRole(context, request, "facilitator", "admin");
  const id = parseId(params.materialId);
  const form = await readFormData(request);
  const now = new Date();
  if (form.get("intent") === "delete") {
    if (form.get("confirmed") !== "1") return redirect(`/facilitate/materials/${id}?loeschen=1#loeschen`);
    const result = deleteMaterial(context.db, context.env.dataDir, user, id, now);
    if (!result.ok) return result.reason === "forbidden" ? forbidden() : notFound("Dieses Material gibt es nicht.");
    return redirectWithFlash(context, "/facilitate/materials", {
      kind: "success",
      text: "Das Material ist gelöscht, mit allen Fassungen der Datei.",
    });
  }
  const fields = materialFieldsFrom(form);
  const upload = await readMaterialUpload(form);
  if (!upload.ok) return data<Refused>({ values: fields, errors: { file: upload.message } }, { status: 400 });
  const result = updateMaterial(context.db, context.env.dataDir, user, id, { fields, file: upload.file }, now);
  if (!result.ok) {
    if (result.reason !== "invalid") return result.reason === "forbidden" ? forbidden() : notFound("Dieses Material gibt es nicht.");
    return data<Refused>({ values: fields, errors: result.errors }, { status: 400 });
  }
  return redirectWithFlash(context, `/materials/${id}`, {
    kind: "success",
    text: upload.file ? "Die neue Fassung der Datei ist gespeichert; die bisherige bleibt erhalten." : "Das Material ist gespeichert.",
  });
}

export default function EditMaterial() {
  const { id, mode, values, versions, choices, confirmDelete } = useLoaderData<typeof loader>();
  const refused = useActionData<typeof action>() as Refused | undefined;
  return (
    <div className="narrow">
      <p>
        <Link to="/facilitate/materials">← Materialien verwalten</Link> · <Link to={`/materials/${id}`}>Ansehen</Link>
      </p>
      <h1>Material bearbeiten</h1>
      <MaterialForm
        key={refused ? "refused" : `${values.title}|${versions.length}`}
        mode={mode}
        values={refused?.values ?? values}
        errors={refused?.errors ?? {}}
        choices={choices}
        submitLabel="Änderungen speichern"
      />
      {versions.length > 0 ? <MaterialVersions versions={versions} /> : null}
      <h2>Löschen</h2>
      <ConfirmedAction
        intent="delete"
        label="Material löschen"
        pendingText="Wird gelöscht …"
        question="Material wirklich löschen?"
        consequence="Das Material verschwindet für alle, und alle Fassungen der Datei werden gelöscht. Das lässt sich nicht rückgängig machen."
        confirmLabel="Ja, löschen"
        keepLabel="Nein, behalten"
        ask
        showStep={confirmDelete}
        stepId="loeschen"
        keepHref={`/facilitate/materials/${id}`}
        buttonClassName="button button--quiet"
      />
    </div>
  );
}
