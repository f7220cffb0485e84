// The form for a material (decision 022): new and edit. A plain multipart form: without
// JavaScript the server checks it and answers with the messages next to the fields and what
// was typed (a chosen file cannot be kept by a browser: the message says to choose it again).
import { Form } from "@remix-run/react";
import { useState } from "react";
import { ErrorSummary } from "./ErrorSummary";
import { FieldShell, SubmitButton, TextField } from "./forms";

export type MaterialFormValues = {
  title: string;
  description: string;
  kind: string;
  link: string;
  anchors: string[];
  seriesId: number | null;
  sessionId: number | null;
  visibility: string;
  afterRetention: string;
  notifyParticipants: boolean;
};
export type MaterialFormErrors = Partial<Record<keyof typeof LABELS, string>>;
type Option = { value: string; label: string };

export type MaterialFormChoices = {
  sections: { anchor: string; heading: string }[];
  series: Option[];
  sessions: Option[];
  kinds: Option[];
};

const LABELS = {
  title: "Titel",
  description: "Kurze Beschreibung",
  kind: "Art",
  file: "Datei",
  link: "Link",
  anchors: "Abschnitte der Dienstvereinbarung",
  target: "Veranstaltungsreihe oder Termin",
  visibility: "Wer darf es sehen?",
  afterRetention: "Nach der Löschfrist",
};
const TARGETS = {
  anchors: "anchors-legend",
  visibility: "visibility-legend",
  afterRetention: "after-retention-legend",
  target: "field-sessionId",
};

/** 20 MB, the same limit as the server's (rules.ts). */
const MAX_BYTES = 20_000_000;
const ACCEPT =
  ".pdf,.pptx,.docx,.xlsx,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg,application/vnd.openxmlformats-officedocument.presentationml.presentation,application/vnd.openxmlformats-officedocument.wordprocessingml.document,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

export function MaterialForm({
  mode,
  values,
  errors,
  choices,
  submitLabel,
}: {
  /** new: file or link; file: replace the file; link: edit the link; page: neither (a demo page). */
  mode: "new" | "file" | "link" | "page";
  values: MaterialFormValues;
  errors: MaterialFormErrors;
  choices: MaterialFormChoices;
  submitLabel: string;
}) {
  // With JavaScript a file over the limit is refused next to the field before 20 MB travel.
  const [fileError, setFileError] = useState<string | undefined>();
  const chosen = new Set(values.anchors);
  const shownErrors = { ...errors, file: fileError ?? errors.file };
  return (
    <Form
      method="post"
      encType="multipart/form-data"
      className="stack material-form"
      noValidate
      onSubmit={(event) => {
        if (fileError) event.preventDefault();
      }}
    >
      <ErrorSummary errors={shownErrors} labels={LABELS} targets={TARGETS} />
      <TextField name="title" label={LABELS.title} defaultValue={values.title} error={errors.title} required maxLength={200} />
      <FieldShell
        id="field-description"
        label={LABELS.description}
        hint="Ein bis zwei Sätze: worum es geht und für wen."
        error={errors.description}
      >
        {(describedBy) => (
          <textarea
            id="field-description"
            name="description"
            rows={3}
            maxLength={2000}
            defaultValue={values.description}
            aria-invalid={errors.description ? true : undefined}
            aria-describedby={describedBy}
          />
        )}
      </FieldShell>
      <FieldShell id="field-kind" label={LABELS.kind} error={errors.kind}>
        {(describedBy) => (
          <select
            id="field-kind"
            name="kind"
            defaultValue={values.kind}
            aria-invalid={errors.kind ? true : undefined}
            aria-describedby={describedBy}
          >
            <option value="">Bitte wählen</option>
            {choices.kinds.map((kind) => (
              <option key={kind.value} value={kind.value}>
                {kind.label}
              </option>
            ))}
          </select>
        )}
      </FieldShell>
      {mode === "new" || mode === "file" ? (
        <FieldShell
          id="field-file"
          label={mode === "file" ? "Neue Fassung der Datei (freiwillig)" : LABELS.file}
          hint={
            mode === "file"
              ? "Die bisherige Datei bleibt als frühere Fassung gespeichert. PDF, PowerPoint, Word, Excel, PNG oder JPG, höchstens 20 MB."
              : "PDF, PowerPoint (PPTX), Word (DOCX), Excel (XLSX), PNG oder JPG, höchstens 20 MB. Oder unten einen Link angeben."
          }
          error={shownErrors.file}
        >
          {(describedBy) => (
            <input
              id="field-file"
              type="file"
              name="file"
              accept={ACCEPT}
              aria-invalid={shownErrors.file ? true : undefined}
              aria-describedby={describedBy}
              onChange={(event) => {
                const file = event.currentTarget.files?.[0];
                setFileError(file && file.size > MAX_BYTES ? "Die Datei ist zu groß (höchstens 20 MB)." : undefined);
              }}
            />
          )}
        </FieldShell>
      ) : null}
      {mode === "new" || mode === "link" ? (
        <TextField
          name="link"
          type="url"
          label={mode === "new" ? "Oder: Link (freiwillig)" : LABELS.link}
          hint="Nur Adressen mit https:// oder http://, z. B. zu einem E-Learning-Kurs."
          defaultValue={values.link}
          error={errors.link}
          maxLength={2000}
        />
      ) : null}
      <fieldset aria-describedby={errors.anchors ? "anchors-error" : undefined}>
        <legend id="anchors-legend" tabIndex={-1}>
          {LABELS.anchors}
        </legend>
        <p className="field__hint">Das Material erscheint bei jedem gewählten Abschnitt auf der Seite der Dienstvereinbarung.</p>
        <div className="material-form__sections">
          {choices.sections.map((section) => (
            <div className="checkbox" key={section.anchor}>
              <input
                id={`anchor-${section.anchor}`}
                type="checkbox"
                name="anchors"
                value={section.anchor}
                defaultChecked={chosen.has(section.anchor)}
              />
              <label htmlFor={`anchor-${section.anchor}`}>{section.heading}</label>
            </div>
          ))}
        </div>
        {errors.anchors ? (
          <p className="field__error" id="anchors-error">
            {errors.anchors}
          </p>
        ) : null}
      </fieldset>
      <fieldset>
        <legend>{LABELS.target} (freiwillig)</legend>
        <FieldShell id="field-seriesId" label="Veranstaltungsreihe" error={undefined}>
          {() => (
            <select id="field-seriesId" name="seriesId" defaultValue={values.seriesId === null ? "" : String(values.seriesId)}>
              <option value="">Keine</option>
              {choices.series.map((option) => (
                <option key={option.value} value={option.value}>
                  {option.label}
                </option>
              ))}
            </select>
          )}
        </FieldShell>
        <FieldShell
          id="field-sessionId"
          label="Termin"
          hint="Z. B. die Folien eines Termins. Mit einem Termin erscheint das Material auf seiner Seite."
          error={errors.target}
        >
          {(describedBy) => (
            <select
              id="field-sessionId"
              name="sessionId"
              defaultValue={values.sessionId === null ? "" : String(values.sessionId)}
              aria-invalid={errors.target ? true : undefined}
              aria-describedby={describedBy}
            >
              <option value="">Kein Termin</option>
              {choices.sessions.map((option) => (
                <option key={option.value} value={option.value}>
                  {option.label}
                </option>
              ))}
            </select>
          )}
        </FieldShell>
        <div className="checkbox">
          <input
            id="field-notifyParticipants"
            type="checkbox"
            name="notifyParticipants"
            value="1"
            defaultChecked={values.notifyParticipants}
          />
          <label htmlFor="field-notifyParticipants">
            Teilnehmende informieren (eine E-Mail am nächsten Morgen an alle mit Platz im Termin)
          </label>
        </div>
      </fieldset>
      <fieldset aria-describedby={errors.visibility ? "visibility-error" : undefined}>
        <legend id="visibility-legend" tabIndex={-1}>
          {LABELS.visibility}
        </legend>
        <div className="checkbox">
          <input id="visibility-staff" type="radio" name="visibility" value="staff" defaultChecked={values.visibility !== "seat_holders"} />
          <label htmlFor="visibility-staff">Alle eingeloggten Mitarbeitenden</label>
        </div>
        <div className="checkbox">
          <input
            id="visibility-seat-holders"
            type="radio"
            name="visibility"
            value="seat_holders"
            defaultChecked={values.visibility === "seat_holders"}
          />
          <label htmlFor="visibility-seat-holders">Nur Teilnehmende des gewählten Termins (angemeldet oder anwesend)</label>
        </div>
        {errors.visibility ? (
          <p className="field__error" id="visibility-error">
            {errors.visibility}
          </p>
        ) : null}
      </fieldset>
      <fieldset aria-describedby="after-retention-hint">
        <legend id="after-retention-legend" tabIndex={-1}>
          {LABELS.afterRetention}
        </legend>
        <p className="field__hint" id="after-retention-hint">
          Nur für „Nur Teilnehmende“: Sobald die Anmeldungen des Termins nach der Löschfrist anonymisiert sind, weiß niemand mehr, wer
          teilgenommen hat.
        </p>
        <div className="checkbox">
          <input
            id="after-retention-open"
            type="radio"
            name="afterRetention"
            value="open_to_staff"
            defaultChecked={values.afterRetention !== "remove"}
          />
          <label htmlFor="after-retention-open">Dann für alle eingeloggten Mitarbeitenden sichtbar</label>
        </div>
        <div className="checkbox">
          <input
            id="after-retention-remove"
            type="radio"
            name="afterRetention"
            value="remove"
            defaultChecked={values.afterRetention === "remove"}
          />
          <label htmlFor="after-retention-remove">Dann entfernen (die Datei wird gelöscht)</label>
        </div>
        {errors.afterRetention ? <p className="field__error">{errors.afterRetention}</p> : null}
      </fieldset>
      <div className="actions">
        <SubmitButton name="intent" value="save" pendingText="Wird gespeichert …">
          {submitLabel}
        </SubmitButton>
      </div>
    </Form>
  );
}
