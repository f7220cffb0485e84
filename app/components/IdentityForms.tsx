import { Form } from "@remix-run/react";
import { useState } from "react";
import { FieldShell, SubmitButton, TextField } from "~/components/forms";

export type IdentityValues = { organisationName: string; footerAddress: string; primaryColour: string };
export type IdentityErrors = Partial<Record<keyof IdentityValues | "logo", string>>;

/** Name, address and colour of the city (decision 017); presentational, the route saves. */
export function IdentityForm({ values, errors, contrast }: { values: IdentityValues; errors: IdentityErrors; contrast: string }) {
  return (
    <Form method="post" className="stack" noValidate>
      <input type="hidden" name="intent" value="save-identity" />
      <TextField
        name="organisationName"
        label="Name der Organisation"
        hint="Erscheint in der Kopfzeile, in E-Mails und auf Druckansichten."
        defaultValue={values.organisationName}
        error={errors.organisationName}
        autoComplete="organization"
      />
      <TextField
        name="primaryColour"
        label="Hauptfarbe (Hex-Wert)"
        hint={`Zum Beispiel #0b4f8a. Weiße Schrift auf der Farbe braucht einen Kontrast von mindestens 4,5:1; derzeit ${contrast}.`}
        defaultValue={values.primaryColour}
        error={errors.primaryColour}
        spellCheck={false}
        autoCapitalize="off"
        inputMode="text"
      />
      <FieldShell
        id="field-footerAddress"
        label="Anschrift in der Fußzeile"
        hint="Mehrere Zeilen möglich, zum Beispiel Dienststelle, Straße, Ort."
        error={errors.footerAddress}
      >
        {(describedBy) => (
          <textarea
            id="field-footerAddress"
            name="footerAddress"
            rows={4}
            defaultValue={values.footerAddress}
            aria-invalid={errors.footerAddress ? true : undefined}
            aria-describedby={describedBy}
          />
        )}
      </FieldShell>
      <SubmitButton pendingText="Wird gespeichert …" name="intent" value="save-identity">
        Erscheinungsbild speichern
      </SubmitButton>
    </Form>
  );
}

/** The logo: upload (PNG or JPEG, ≤ 1 MB) and "Logo entfernen". */
/** The logo's limit (1 MB), checked in the browser too: a larger body would get the server's bare 413 page. */
const MAX_LOGO_BYTES = 1_000_000;
const TOO_LARGE = "Die Datei ist zu groß (höchstens 1 MB).";

export function LogoForm({ logoUrl, organisationName, error }: { logoUrl: string | null; organisationName: string; error?: string }) {
  // With JavaScript a too-large file is refused before it is sent; without, the server says it.
  const [tooLarge, setTooLarge] = useState(false);
  const shownError = tooLarge ? TOO_LARGE : error;
  return (
    <>
      {logoUrl ? (
        <p>
          Aktuelles Logo:
          <br />
          <img className="identity-logo-preview" src={logoUrl} alt={`Logo: ${organisationName}`} />
        </p>
      ) : (
        <p>Derzeit ist kein Logo hinterlegt; die Kopfzeile zeigt nur den Namen.</p>
      )}
      <Form
        method="post"
        encType="multipart/form-data"
        className="stack"
        onSubmit={(event) => {
          if (tooLarge) {
            event.preventDefault();
            document.getElementById("field-logo")?.focus();
          }
        }}
      >
        <FieldShell
          id="field-logo"
          label="Bilddatei für das Logo"
          hint="PNG oder JPG, höchstens 1 MB. SVG ist nicht möglich."
          error={shownError}
        >
          {(describedBy) => (
            <input
              id="field-logo"
              type="file"
              name="logo"
              accept="image/png,image/jpeg"
              aria-invalid={shownError ? true : undefined}
              aria-describedby={describedBy}
              onChange={(event) => setTooLarge((event.currentTarget.files?.[0]?.size ?? 0) > MAX_LOGO_BYTES)}
            />
          )}
        </FieldShell>
        <SubmitButton pendingText="Wird hochgeladen …" name="intent" value="upload-logo">
          Logo hochladen
        </SubmitButton>
      </Form>
      {logoUrl ? (
        <Form method="post" className="identity-remove-logo">
          <SubmitButton pendingText="Wird entfernt …" name="intent" value="remove-logo" className="button button--quiet">
            Logo entfernen
          </SubmitButton>
        </Form>
      ) : null}
    </>
  );
}
