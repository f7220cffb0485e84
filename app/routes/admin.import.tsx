import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import { FormError, SubmitButton } from "~/components/forms";
import { requireRole } from "~/auth/current-user.server";
import { formatDateRange } from "~/lib/dates";
import { redirectWithFlash } from "~/lib/flash.server";
import { forbidden, readFormData } from "~/lib/http";
import { plural } from "~/lib/plural";
import { CSV_COLUMNS, CSV_OPTIONAL_COLUMN, GERMAN_HEADER } from "~/sessions/csv-format";
import { checkSessionsCsv, importSessionsCsv, type CsvError } from "~/sessions/csv-import.server";
import { FORMAT_LABELS } from "~/sessions/rules";

export const meta: MetaFunction = () => [{ title: "Termine importieren – Verwaltung" }];

const MAX_BYTES = 1_000_000;

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireRole(context, request, "admin");
  return null;
}

type Preview = {
  csv: string;
  publish: boolean;
  rows: {
    line: number;
    seriesTitle: string;
    when: string;
    format: string;
    where: string;
    capacity: number;
    facilitators: string;
    status: string;
    dayOff: string | null;
  }[];
  errors: CsvError[];
  formError: string | null;
};

async function readCsv(form: FormData): Promise<string> {
  const file = form.get("file");
  if (file && typeof file !== "string" && file.size > 0) return file.size > MAX_BYTES ? "" : await file.text();
  return String(form.get("csv") ?? "");
}

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requireRole(context, request, "admin");
  const form = await readFormData(request);
  const csv = await readCsv(form);
  const publish = form.get("publish") === "on";
  if (!csv.trim()) {
    return data(
      {
        csv,
        publish,
        rows: [],
        errors: [],
        formError: "Bitte wählen Sie eine CSV-Datei (höchstens 1 MB) oder fügen Sie den Inhalt ein.",
      } satisfies Preview,
      { status: 400 },
    );
  }
  if (form.get("intent") === "import") {
    const result = importSessionsCsv(context.db, actor, csv, { publish, appUrl: context.env.appUrl });
    if (!result.ok && result.reason === "forbidden") forbidden();
    if (result.ok) {
      if (result.published > 0) context.sendMailSoon();
      return redirectWithFlash(context, "/admin", {
        kind: "success",
        text: `${plural(result.imported, "Termin", "Termine")} importiert, davon ${result.published} veröffentlicht.`,
      });
    }
  }
  const check = checkSessionsCsv(context.db, csv);
  const preview: Preview = {
    csv,
    publish,
    rows: check.rows.map((row) => ({
      line: row.line,
      seriesTitle: row.seriesTitle,
      when: formatDateRange(row.startsAt, row.endsAt),
      format: FORMAT_LABELS[row.format],
      where: [row.place, row.room].filter(Boolean).join(", "),
      capacity: row.capacity,
      facilitators: row.facilitatorEmails.join(", "),
      status: publish || row.status === "published" ? "veröffentlicht" : "Entwurf",
      dayOff: row.dayOff,
    })),
    errors: check.errors,
    formError:
      check.errors.length > 0 ? "Die Datei enthält Fehler. Es wurde nichts importiert. Bitte korrigieren Sie die genannten Zeilen." : null,
  };
  return data(preview, { status: check.errors.length > 0 ? 400 : 200 });
}

export default function ImportSessions() {
  // The only data this action returns is a preview; success redirects.
  const preview = useActionData<typeof action>() as Preview | undefined;
  const columns = [...CSV_COLUMNS, CSV_OPTIONAL_COLUMN].map((column) => GERMAN_HEADER[column]);
  return (
    <div>
      <p>
        <Link to="/admin">← Verwaltung</Link>
      </p>
      <h1>Termine aus CSV importieren</h1>
      <p>
        Eine Zeile pro Termin, Trennzeichen Semikolon oder Komma, Kopfzeile{" "}
        <code>
          {/* One long word: a break opportunity after each separator keeps it on a phone screen. */}
          {columns.map((column, i) => (
            <span key={column}>
              {i > 0 ? ";" : null}
              <wbr />
              {column}
            </span>
          ))}
        </code>{" "}
        (Status freiwillig: <code>Entwurf</code> oder <code>veröffentlicht</code>). Die englischen Spaltennamen der bisherigen Dateien
        gelten weiter. Zeiten in deutscher Zeit wie <code>15.01.2027 14:00</code>, Format <code>Präsenz</code>, <code>Online</code> oder{" "}
        <code>Hybrid</code>, mehrere Moderations-Adressen mit <code>|</code> getrennt. Es werden entweder alle Zeilen importiert oder keine.
      </p>
      <p>
        <a href="/admin/import/vorlage.csv" download="termine-vorlage.csv">
          Vorlage herunterladen (CSV, eine Beispielzeile)
        </a>
      </p>
      <FormError message={preview?.formError} />
      {preview && preview.errors.length > 0 ? (
        <section aria-labelledby="csv-errors">
          <h2 id="csv-errors">Fehler</h2>
          <ul className="notice notice--error">
            {preview.errors.map((error) => (
              <li key={`${error.line}-${error.message}`}>
                Zeile {error.line}: {error.message}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {preview && preview.rows.length > 0 ? (
        <section aria-labelledby="csv-preview">
          <h2 id="csv-preview">Vorschau: {plural(preview.rows.length, "gültige Zeile", "gültige Zeilen")}</h2>
          {/* A wide table scrolls sideways in its own region on a phone instead of widening the page. */}
          {/* biome-ignore lint/a11y/useSemanticElements: a focusable scroll region is the WAI pattern for a wide table (axe scrollable-region-focusable) */}
          {/* biome-ignore lint/a11y/noNoninteractiveTabindex: keyboard users must be able to scroll the table */}
          <div className="table-scroll" role="region" aria-labelledby="csv-preview" tabIndex={0}>
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Zeile</th>
                  <th scope="col">Reihe</th>
                  <th scope="col">Termin</th>
                  <th scope="col">Format und Ort</th>
                  <th scope="col">Plätze</th>
                  <th scope="col">Moderation</th>
                  <th scope="col">Status</th>
                </tr>
              </thead>
              <tbody>
                {preview.rows.map((row) => (
                  <tr key={row.line}>
                    <td>{row.line}</td>
                    <td>{row.seriesTitle}</td>
                    <td>
                      {row.when}
                      {row.dayOff ? (
                        <span className="day-off" data-day-off>
                          {row.dayOff}
                        </span>
                      ) : null}
                    </td>
                    <td>
                      {row.format}
                      {row.where ? `, ${row.where}` : ""}
                    </td>
                    <td>{row.capacity}</td>
                    <td>{row.facilitators || "–"}</td>
                    <td>{row.status}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {preview.errors.length === 0 ? (
            <Form method="post">
              <input type="hidden" name="csv" value={preview.csv} />
              {preview.publish ? <input type="hidden" name="publish" value="on" /> : null}
              <SubmitButton name="intent" value="import" pendingText="Wird importiert …">
                {`Jetzt ${plural(preview.rows.length, "Termin", "Termine")} importieren`}
              </SubmitButton>
            </Form>
          ) : null}
        </section>
      ) : null}
      <h2>Datei prüfen</h2>
      <Form method="post" encType="multipart/form-data" className="stack">
        <div className="field">
          <label htmlFor="field-file">CSV-Datei</label>
          <input id="field-file" type="file" name="file" accept=".csv,text/csv" />
        </div>
        <div className="field">
          <label htmlFor="field-csv">oder Inhalt einfügen</label>
          <textarea id="field-csv" name="csv" rows={8} defaultValue={preview?.csv ?? ""} />
        </div>
        <div className="checkbox field">
          <input id="field-publish" type="checkbox" name="publish" defaultChecked={preview?.publish ?? false} />
          <label htmlFor="field-publish">Alle Termine sofort veröffentlichen</label>
        </div>
        <SubmitButton name="intent" value="preview" pendingText="Wird geprüft …">
          Prüfen
        </SubmitButton>
      </Form>
    </div>
  );
}
