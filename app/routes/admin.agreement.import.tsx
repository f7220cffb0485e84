import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import { importAgreementVersion, previewAgreementImport, type ImportPreview } from "~/agreement/agreement-admin.server";
import { agreementImportSchema, MAX_MARKDOWN_CHARS } from "~/agreement/agreement.schema";
import { requireRole } from "~/auth/current-user.server";
import { SubmitButton, TextField } from "~/components/forms";
import { redirectWithFlash } from "~/lib/flash.server";
import { fieldErrors } from "~/lib/forms";
import { forbidden } from "~/lib/http";

export const meta: MetaFunction = () => [{ title: "Fassung importieren – Verwaltung" }];

const MAX_FILE_BYTES = 500_000;

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireRole(context, request, "admin");
  return null;
}

type Source = "file" | "markdown";
type Result = {
  values: { title: string; inForceDate: string };
  markdown: string;
  /** Where the text came from: its problems are shown next to that field. */
  source: Source;
  errors: Partial<Record<"title" | "inForceDate", string>>;
  markdownErrors: string[];
  preview: Omit<ImportPreview, "ok"> | null;
};

async function readMarkdown(form: FormData): Promise<{ markdown: string; source: Source; tooLarge: boolean }> {
  const file = form.get("file");
  if (file && typeof file !== "string" && file.size > 0) {
    if (file.size > MAX_FILE_BYTES) return { markdown: "", source: "file", tooLarge: true };
    return { markdown: await file.text(), source: "file", tooLarge: false };
  }
  const markdown = String(form.get("markdown") ?? "");
  return { markdown, source: "markdown", tooLarge: markdown.length > MAX_MARKDOWN_CHARS };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requireRole(context, request, "admin");
  const form = await request.formData();
  const { markdown, source, tooLarge } = await readMarkdown(form);
  const values = { title: String(form.get("title") ?? ""), inForceDate: String(form.get("inForceDate") ?? "") };
  const result: Result = { values, markdown, source, errors: {}, markdownErrors: [], preview: null };
  const refuse = () => data(result, { status: 400 });

  const parsed = agreementImportSchema.safeParse(values);
  if (!parsed.success) result.errors = fieldErrors(parsed.error);
  if (tooLarge) result.markdownErrors = ["Die Datei ist zu groß (höchstens 500 KB)."];
  else if (!markdown.trim()) result.markdownErrors = ["Bitte wählen Sie eine Markdown-Datei oder fügen Sie den Text ein."];
  if (!parsed.success || result.markdownErrors.length > 0) return refuse();

  const input = { ...parsed.data, markdown };
  const now = new Date();
  const outcome =
    form.get("intent") === "save"
      ? importAgreementVersion(context.db, actor, input, now)
      : previewAgreementImport(context.db, actor, input, now);
  if (!outcome.ok) {
    switch (outcome.reason) {
      case "forbidden":
        forbidden();
        break;
      case "invalid_markdown":
        result.markdownErrors = outcome.errors.map((error) => error.message);
        break;
      case "missing_title":
        result.errors.title = "Bitte geben Sie einen Titel ein oder beginnen Sie die Datei mit einer Überschrift „# Titel“.";
        break;
      case "date_refused":
        result.errors.inForceDate = outcome.message;
        break;
    }
    return refuse();
  }
  if ("versionId" in outcome) {
    return redirectWithFlash(context, `/admin/agreement/${outcome.versionId}`, { kind: "success", text: "Die Fassung ist gespeichert." });
  }
  const { ok: _ok, ...preview } = outcome;
  result.preview = preview;
  return data(result);
}

/** A field's messages, one per line, wired to the field for screen readers. */
function FieldErrors({ id, messages }: { id: string; messages: string[] }) {
  if (messages.length === 0) return null;
  return (
    <ul id={id} className="field__error agreement-import__errors">
      {messages.map((message) => (
        <li key={message}>{message}</li>
      ))}
    </ul>
  );
}

export default function ImportAgreement() {
  const result = useActionData<typeof action>() as Result | undefined;
  const preview = result?.preview ?? null;
  const fileErrors = result?.source === "file" ? result.markdownErrors : [];
  const textErrors = result?.source === "markdown" ? result.markdownErrors : [];
  const paragraphCount = preview?.sections.reduce((sum, section) => sum + section.paragraphAnchors.length, 0) ?? 0;
  return (
    <div>
      <p>
        <Link to="/admin/agreement">← Dienstvereinbarung</Link>
      </p>
      <h1>Fassung aus Markdown importieren</h1>
      <p>
        Eine Datei enthält eine ganze Fassung. Jeder Abschnitt beginnt mit einer Überschrift der zweiten Ebene wie{" "}
        <code>## § 6 Datenschutz</code>; Abschnitte ohne Nummer wie <code>## Präambel</code> oder <code>## Anlage 1</code> sind ebenso
        möglich. Absätze beginnen am Zeilenanfang mit <code>(1)</code>, <code>(2)</code> … oder <code>1.</code>, <code>2.</code> …. Eine
        erste Zeile <code># Titel</code> ergibt den Titel der Fassung. Erst nach der Vorschau wird gespeichert.
      </p>
      {preview && result ? (
        <section aria-labelledby="preview">
          <h2 id="preview">Vorschau: {preview.title}</h2>
          <p>
            {preview.sections.length} Abschnitte, {paragraphCount} Absätze.
          </p>
          <p className="notice" role="status">
            {preview.effect}
          </p>
          <table className="table">
            <caption className="visually-hidden">Abschnitte der Fassung</caption>
            <thead>
              <tr>
                <th scope="col">Abschnitt</th>
                <th scope="col">Sprungmarke</th>
                <th scope="col">Absätze</th>
              </tr>
            </thead>
            <tbody>
              {preview.sections.map((section) => (
                <tr key={section.anchor}>
                  <td>{section.heading}</td>
                  <td data-label="Sprungmarke">
                    <code>#{section.anchor}</code>
                  </td>
                  <td data-label="Absätze">
                    {section.paragraphAnchors.length > 0 ? section.paragraphAnchors.map((a) => `#${a}`).join(", ") : "–"}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <Form method="post">
            <input type="hidden" name="title" value={result.values.title} />
            <input type="hidden" name="inForceDate" value={result.values.inForceDate} />
            <input type="hidden" name="markdown" value={result.markdown} />
            <SubmitButton name="intent" value="save" pendingText="Wird gespeichert …">
              Fassung speichern
            </SubmitButton>
          </Form>
        </section>
      ) : null}
      <h2>Datei prüfen</h2>
      <Form method="post" encType="multipart/form-data" className="stack">
        <TextField
          name="title"
          label="Titel der Fassung"
          hint="Leer lassen, um die Überschrift „# …“ aus der Datei zu übernehmen."
          defaultValue={result?.values.title ?? ""}
          error={result?.errors.title}
        />
        <TextField
          name="inForceDate"
          type="date"
          label="Tritt in Kraft am (freiwillig)"
          hint="Leer lassen, um die Fassung als Entwurf zu speichern. An diesem Tag löst sie die geltende Fassung ab."
          defaultValue={result?.values.inForceDate ?? ""}
          error={result?.errors.inForceDate}
        />
        <div className="field">
          <label htmlFor="field-file">Markdown-Datei</label>
          <input
            id="field-file"
            type="file"
            name="file"
            accept=".md,.markdown,.txt,text/markdown,text/plain"
            aria-invalid={fileErrors.length > 0 ? true : undefined}
            aria-describedby={fileErrors.length > 0 ? "field-file-error" : undefined}
          />
          <FieldErrors id="field-file-error" messages={fileErrors} />
        </div>
        <div className="field">
          <label htmlFor="field-markdown">oder Text einfügen</label>
          <textarea
            id="field-markdown"
            name="markdown"
            rows={10}
            defaultValue={result?.markdown ?? ""}
            aria-invalid={textErrors.length > 0 ? true : undefined}
            aria-describedby={textErrors.length > 0 ? "field-markdown-error" : undefined}
          />
          <FieldErrors id="field-markdown-error" messages={textErrors} />
        </div>
        <SubmitButton name="intent" value="preview" pendingText="Wird geprüft …">
          Prüfen
        </SubmitButton>
      </Form>
    </div>
  );
}
