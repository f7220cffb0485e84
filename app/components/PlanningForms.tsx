import { Form } from "@remix-run/react";
import type { ReactNode } from "react";
import { ErrorSummary } from "~/components/ErrorSummary";
import { FieldShell, SubmitButton, TextField } from "~/components/forms";
import { FORMAT_LABELS } from "~/sessions/rules";

type Errors = Partial<Record<string, string>>;
type Values = Partial<Record<string, string | string[]>>;

const str = (values: Values, key: string) => {
  const value = values[key];
  return typeof value === "string" ? value : "";
};

function TextArea({
  name,
  label,
  error,
  defaultValue,
  hint,
  rows = 4,
}: {
  name: string;
  label: string;
  error?: string;
  defaultValue: string;
  hint?: string;
  rows?: number;
}) {
  const id = `field-${name}`;
  return (
    <FieldShell id={id} label={label} hint={hint} error={error}>
      {(describedBy) => (
        <textarea
          id={id}
          name={name}
          rows={rows}
          defaultValue={defaultValue}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
        />
      )}
    </FieldShell>
  );
}

function Select({
  name,
  label,
  options,
  defaultValue,
  error,
}: {
  name: string;
  label: string;
  options: [string, string][];
  defaultValue: string;
  error?: string;
}) {
  const id = `field-${name}`;
  return (
    <FieldShell id={id} label={label} error={error}>
      {(describedBy) => (
        <select id={id} name={name} defaultValue={defaultValue} aria-invalid={error ? true : undefined} aria-describedby={describedBy}>
          {options.map(([value, text]) => (
            <option key={value} value={value}>
              {text}
            </option>
          ))}
        </select>
      )}
    </FieldShell>
  );
}

const SERIES_LABELS = {
  title: "Titel",
  description: "Beschreibung",
  audience: "Zielgruppe",
  defaultDurationMinutes: "Übliche Dauer (Minuten)",
  defaultCapacity: "Übliche Platzzahl",
  waitlistMode: "Warteliste",
  offerHours: "Frist für angebotene Plätze (Stunden)",
  oneSeatPerPerson: "Pro Person nur eine Anmeldung",
  contactName: "Name der Ansprechperson",
  contactEmail: "E-Mail-Adresse der Ansprechperson",
};

const SESSION_LABELS = {
  startsAt: "Beginn",
  endsAt: "Ende",
  format: "Format",
  place: "Veranstaltungsort",
  room: "Raum",
  accessibilityNotes: "Hinweise zur Barrierefreiheit",
  directionsUrl: "Link zu Anfahrt und Lageplan",
  onlineTool: "Videokonferenz-Werkzeug",
  onlineUrl: "Link zur Videokonferenz",
  testRoomUrl: "Link für den Technik-Test",
  capacity: "Plätze",
  registrationOpensAt: "Anmeldung ab",
  registrationClosesAt: "Anmeldeschluss",
  facilitatorIds: "Moderation",
  noteForParticipants: "Hinweis für Teilnehmende",
};

export function SeriesForm({
  values,
  errors,
  submitLabel,
  mailbox,
}: {
  values: Values;
  errors: Errors;
  submitLabel: string;
  /** The functional mailbox the session pages name when the series has no contact of its own. */
  mailbox: string;
}) {
  return (
    <Form method="post" noValidate className="stack">
      <ErrorSummary errors={errors} labels={SERIES_LABELS} />
      <TextField name="title" label="Titel" required defaultValue={str(values, "title")} error={errors.title} />
      <TextArea
        name="description"
        label="Beschreibung"
        hint="Markdown: **fett**, *kursiv*, Listen mit „-“, Links"
        rows={8}
        defaultValue={str(values, "description")}
        error={errors.description}
      />
      <TextField name="audience" label="Zielgruppe" defaultValue={str(values, "audience")} error={errors.audience} />
      <TextField
        name="defaultDurationMinutes"
        label="Übliche Dauer (Minuten)"
        inputMode="numeric"
        required
        defaultValue={str(values, "defaultDurationMinutes")}
        error={errors.defaultDurationMinutes}
      />
      <TextField
        name="defaultCapacity"
        label="Übliche Platzzahl"
        inputMode="numeric"
        required
        defaultValue={str(values, "defaultCapacity")}
        error={errors.defaultCapacity}
      />
      <Select
        name="waitlistMode"
        label="Warteliste"
        defaultValue={str(values, "waitlistMode") || "auto"}
        options={[
          ["auto", "Automatisch nachrücken, sobald ein Platz frei wird"],
          ["offer", "Platz anbieten, mit Frist zum Annehmen"],
        ]}
        error={errors.waitlistMode}
      />
      <TextField
        name="offerHours"
        label="Frist für angebotene Plätze (Stunden)"
        inputMode="numeric"
        defaultValue={str(values, "offerHours") || "24"}
        error={errors.offerHours}
      />
      <div className="checkbox field">
        <input id="field-oneSeatPerPerson" type="checkbox" name="oneSeatPerPerson" defaultChecked={values.oneSeatPerPerson === "on"} />
        <label htmlFor="field-oneSeatPerPerson">Pro Person nur eine Anmeldung in dieser Reihe</label>
      </div>
      <fieldset aria-describedby="contact-hint">
        <legend>Ansprechperson (freiwillig)</legend>
        <p className="field__hint" id="contact-hint">
          Steht auf jeder Terminseite der Reihe. Ohne Angabe nennt die Seite das Funktionspostfach {mailbox}.
        </p>
        <TextField
          name="contactName"
          label="Name der Ansprechperson"
          autoComplete="off"
          defaultValue={str(values, "contactName")}
          error={errors.contactName}
        />
        <TextField
          name="contactEmail"
          type="email"
          label="E-Mail-Adresse der Ansprechperson"
          autoComplete="off"
          spellCheck={false}
          defaultValue={str(values, "contactEmail")}
          error={errors.contactEmail}
        />
      </fieldset>
      <SubmitButton pendingText="Wird gespeichert …">{submitLabel}</SubmitButton>
    </Form>
  );
}

export type FacilitatorOption = { id: number; displayName: string; email: string | null };

export function SessionForm({
  values,
  errors,
  facilitators,
  submitLabel,
  children,
}: {
  values: Values;
  errors: Errors;
  facilitators: FacilitatorOption[];
  submitLabel: string;
  children?: ReactNode;
}) {
  const chosen = new Set(Array.isArray(values.facilitatorIds) ? values.facilitatorIds : []);
  return (
    <Form method="post" noValidate className="stack">
      <ErrorSummary
        errors={errors}
        labels={SESSION_LABELS}
        targets={{ facilitatorIds: facilitators[0] ? `facilitator-${facilitators[0].id}` : undefined }}
      />
      {children}
      <fieldset>
        <legend>Zeit (deutsche Zeit, Europe/Berlin)</legend>
        <TextField
          name="startsAt"
          type="datetime-local"
          label="Beginn"
          required
          defaultValue={str(values, "startsAt")}
          error={errors.startsAt}
        />
        <TextField name="endsAt" type="datetime-local" label="Ende" required defaultValue={str(values, "endsAt")} error={errors.endsAt} />
      </fieldset>
      <fieldset>
        <legend>Ort</legend>
        <Select
          name="format"
          label="Format"
          defaultValue={str(values, "format") || "in_person"}
          options={Object.entries(FORMAT_LABELS)}
          error={errors.format}
        />
        <TextField name="place" label="Veranstaltungsort (Gebäude, Adresse)" defaultValue={str(values, "place")} error={errors.place} />
        <TextField name="room" label="Raum" defaultValue={str(values, "room")} error={errors.room} />
        <TextField
          name="directionsUrl"
          type="url"
          label="Link zu Anfahrt und Lageplan (freiwillig)"
          hint="z. B. ein Link zum Stadtplan; beginnt mit https://. Sehen alle."
          defaultValue={str(values, "directionsUrl")}
          error={errors.directionsUrl}
        />
        <TextArea
          name="accessibilityNotes"
          label="Hinweise zur Barrierefreiheit des Ortes"
          hint="z. B. stufenloser Zugang, Aufzug, induktive Höranlage"
          rows={2}
          defaultValue={str(values, "accessibilityNotes")}
          error={errors.accessibilityNotes}
        />
      </fieldset>
      <fieldset>
        <legend>Online (für Online- und Hybrid-Termine)</legend>
        <TextField
          name="onlineTool"
          label="Videokonferenz-Werkzeug (freiwillig)"
          hint="z. B. Webex oder MS Teams. Sehen alle."
          defaultValue={str(values, "onlineTool")}
          error={errors.onlineTool}
        />
        <TextField
          name="onlineUrl"
          type="url"
          label="Link zur Videokonferenz"
          hint="Sehen nur Personen mit Platz"
          defaultValue={str(values, "onlineUrl")}
          error={errors.onlineUrl}
        />
        <TextField
          name="testRoomUrl"
          type="url"
          label="Link für den Technik-Test (freiwillig)"
          hint="Ein Testraum des Werkzeugs, um Ton und Kamera vorab auszuprobieren. Sehen alle."
          defaultValue={str(values, "testRoomUrl")}
          error={errors.testRoomUrl}
        />
      </fieldset>
      <fieldset>
        <legend>Plätze und Anmeldung</legend>
        <TextField
          name="capacity"
          label="Plätze"
          inputMode="numeric"
          required
          defaultValue={str(values, "capacity")}
          error={errors.capacity}
        />
        <TextField
          name="registrationOpensAt"
          type="datetime-local"
          label="Anmeldung ab (freiwillig)"
          hint="Leer: ab Veröffentlichung"
          defaultValue={str(values, "registrationOpensAt")}
          error={errors.registrationOpensAt}
        />
        <TextField
          name="registrationClosesAt"
          type="datetime-local"
          label="Anmeldeschluss (freiwillig)"
          hint="Leer: bis zum Beginn"
          defaultValue={str(values, "registrationClosesAt")}
          error={errors.registrationClosesAt}
        />
      </fieldset>
      <fieldset>
        <legend>Moderation</legend>
        {facilitators.length === 0 ? <p className="muted">Noch niemand hat die Rolle Moderation.</p> : null}
        {facilitators.map((person) => (
          <div className="checkbox" key={person.id}>
            <input
              id={`facilitator-${person.id}`}
              type="checkbox"
              name="facilitatorIds"
              value={person.id}
              defaultChecked={chosen.has(String(person.id))}
            />
            <label htmlFor={`facilitator-${person.id}`}>
              {person.displayName || person.email} {person.email ? <span className="muted">({person.email})</span> : null}
            </label>
          </div>
        ))}
        {errors.facilitatorIds ? (
          <p className="field__error" id="field-facilitatorIds-error">
            {errors.facilitatorIds}
          </p>
        ) : null}
      </fieldset>
      <TextArea
        name="noteForParticipants"
        label="Hinweis für Teilnehmende (freiwillig)"
        rows={3}
        defaultValue={str(values, "noteForParticipants")}
        error={errors.noteForParticipants}
      />
      <SubmitButton name="intent" value="save" pendingText="Wird gespeichert …">
        {submitLabel}
      </SubmitButton>
    </Form>
  );
}
