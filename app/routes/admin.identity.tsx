import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/current-user.server";
import { IdentityForm, LogoForm, type IdentityErrors, type IdentityValues } from "~/components/IdentityForms";
import { MAX_LOGO_BYTES, readIdentity, removeLogo, saveIdentity, setLogo } from "~/identity/identity.server";
import { contrastWithWhite } from "~/identity/rules";
import { WorkingTimeNoteForm } from "~/components/WorkingTimeNoteForm";
import { readWorkingTimeNote, saveWorkingTimeNote } from "~/sessions/working-time-note.server";
import { redirectWithFlash } from "~/lib/flash.server";
import { forbidden, readFormData } from "~/lib/http";
import { readUploadedFile } from "~/uploads/files.server";

export const meta: MetaFunction = () => [{ title: "Erscheinungsbild – Verwaltung – KI-Infoveranstaltungen" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireRole(context, request, "admin");
  const identity = readIdentity(context.db);
  return {
    values: { organisationName: identity.organisationName, footerAddress: identity.footerAddress, primaryColour: identity.primaryColour },
    contrast: `${contrastWithWhite(identity.primaryColour).toLocaleString("de-DE", { maximumFractionDigits: 1 })}:1`,
    logoUrl: identity.logo ? `/branding/logo?v=${identity.logo.version}` : null,
    workingTimeNote: readWorkingTimeNote(context.db),
  };
}

type Refused =
  | { form: "identity" | "logo"; values?: IdentityValues; errors: IdentityErrors }
  | { form: "working-time-note"; value: string; error: string };

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requireRole(context, request, "admin");
  const form = await readFormData(request);
  const now = new Date();
  const back = (text: string) => redirectWithFlash(context, "/admin/identity", { kind: "success", text });
  switch (form.get("intent")) {
    case "save-identity": {
      const values = {
        organisationName: String(form.get("organisationName") ?? ""),
        footerAddress: String(form.get("footerAddress") ?? ""),
        primaryColour: String(form.get("primaryColour") ?? ""),
      };
      const result = saveIdentity(context.db, actor, values, now);
      if (!result.ok) {
        if (result.reason === "forbidden") forbidden();
        return data<Refused>({ form: "identity", values, errors: result.errors }, { status: 400 });
      }
      return back(result.changed ? "Das Erscheinungsbild ist gespeichert." : "Keine Änderung.");
    }
    case "upload-logo": {
      const upload = await readUploadedFile(form, "logo", MAX_LOGO_BYTES);
      if (!upload.ok) {
        const logo = upload.reason === "missing" ? "Bitte wählen Sie eine Datei aus." : "Die Datei ist zu groß (höchstens 1 MB).";
        return data<Refused>({ form: "logo", errors: { logo } }, { status: 400 });
      }
      const result = setLogo(context.db, context.env.dataDir, actor, upload.bytes, now);
      if (!result.ok) {
        if (result.reason === "forbidden") forbidden();
        return data<Refused>(
          {
            form: "logo",
            errors: { logo: "Diese Datei ist kein PNG- oder JPG-Bild. Bitte wählen Sie eine PNG- oder JPG-Datei (kein SVG)." },
          },
          { status: 400 },
        );
      }
      return back("Das Logo ist gespeichert.");
    }
    case "remove-logo": {
      const result = removeLogo(context.db, context.env.dataDir, actor, now);
      if (!result.ok) forbidden();
      return back(result.removed ? "Das Logo ist entfernt; die Kopfzeile zeigt nur den Namen." : "Es war kein Logo hinterlegt.");
    }
    case "save-working-time-note": {
      const value = String(form.get("workingTimeNote") ?? "");
      const result = saveWorkingTimeNote(context.db, actor, value, now);
      if (!result.ok) {
        if (result.reason === "forbidden") forbidden();
        return data<Refused>({ form: "working-time-note", value, error: result.message }, { status: 400 });
      }
      return back(
        !result.changed
          ? "Keine Änderung."
          : value.trim()
            ? "Der Hinweis zur Arbeitszeit ist gespeichert."
            : "Der Hinweis zur Arbeitszeit ist entfernt.",
      );
    }
    default:
      return data<Refused>({ form: "identity", errors: {} }, { status: 400 });
  }
}

export default function AdminIdentity() {
  const { values, contrast, logoUrl, workingTimeNote } = useLoaderData<typeof loader>();
  const refused = useActionData<typeof action>() as Refused | undefined;
  const identityRefused = refused?.form === "identity" ? refused : undefined;
  const logoRefused = refused?.form === "logo" ? refused : undefined;
  const noteRefused = refused?.form === "working-time-note" ? refused : undefined;
  return (
    <div className="narrow">
      <p>
        <Link to="/admin/settings">← Einstellungen</Link>
      </p>
      <h1>Erscheinungsbild</h1>
      <p>
        Name, Hauptfarbe, Anschrift und Logo der Organisation, wie sie auf allen Seiten, in E-Mails und auf Druckansichten erscheinen, und
        der Hinweis zur Arbeitszeit auf den Terminseiten.
      </p>
      <h2>Name, Farbe und Anschrift</h2>
      <IdentityForm
        // A refused save shows what was typed; after a save the form starts from the settings.
        key={identityRefused ? "refused" : `${values.organisationName}|${values.primaryColour}|${values.footerAddress}`}
        values={identityRefused?.values ?? values}
        errors={identityRefused?.errors ?? {}}
        contrast={contrast}
      />
      <h2>Logo</h2>
      <LogoForm logoUrl={logoUrl} organisationName={values.organisationName} error={logoRefused?.errors.logo} />
      <h2>Hinweis zur Arbeitszeit</h2>
      <WorkingTimeNoteForm
        // A refused save shows what was typed; after a save the form starts from the setting.
        key={noteRefused ? "refused" : workingTimeNote}
        value={noteRefused?.value ?? workingTimeNote}
        error={noteRefused?.error}
      />
    </div>
  );
}
