import { Form } from "@remix-run/react";
import { ErrorSummary } from "~/components/ErrorSummary";
import { SubmitButton, TextField } from "~/components/forms";
import { formatDateTime } from "~/lib/dates";
import { plural } from "~/lib/plural";
import { FIXED_RETENTION, MAX_RETENTION_DAYS, MIN_RETENTION_DAYS, RETENTION_DEFAULTS, RETENTION_FIELDS } from "~/privacy/retention-rules";

export const SAVE_RETENTION_INTENT = "save-retention";

export type RetentionFormValues = Record<(typeof RETENTION_FIELDS)[number]["name"], string>;
export type RetentionFormErrors = Partial<RetentionFormValues>;

const labels = Object.fromEntries(RETENTION_FIELDS.map((field) => [field.name, field.label]));

/** "Aufbewahrung" on /admin/settings (decision 020): the periods the daily run works with. */
export function RetentionSettings({
  values,
  errors,
  lastRunAt,
}: {
  values: RetentionFormValues;
  errors: RetentionFormErrors;
  lastRunAt: string | null;
}) {
  return (
    <section aria-labelledby="aufbewahrung">
      <h2 id="aufbewahrung">Aufbewahrung</h2>
      <p>
        Einmal täglich werden Daten gelöscht oder anonymisiert, deren Frist abgelaufen ist. Die Datenschutzerklärung nennt diese Fristen
        automatisch. Jede Frist liegt zwischen {MIN_RETENTION_DAYS} und {MAX_RETENTION_DAYS.toLocaleString("de-DE")} Tagen.
      </p>
      <p data-last-run>{lastRunAt ? `Letzter Lauf: ${formatDateTime(new Date(lastRunAt))}.` : "Die Löschung ist noch nicht gelaufen."}</p>
      <ErrorSummary errors={errors} labels={labels} />
      <Form method="post" className="stack" noValidate>
        <input type="hidden" name="intent" value={SAVE_RETENTION_INTENT} />
        {RETENTION_FIELDS.map((field) => (
          <TextField
            key={field.name}
            name={field.name}
            label={field.label}
            hint={`${field.hint} Voreinstellung: ${plural(RETENTION_DEFAULTS[field.name], "Tag", "Tage")}.`}
            defaultValue={values[field.name]}
            error={errors[field.name]}
            inputMode="numeric"
            autoComplete="off"
          />
        ))}
        <SubmitButton pendingText="Wird übernommen …" name="intent" value={SAVE_RETENTION_INTENT}>
          Fristen übernehmen
        </SubmitButton>
      </Form>
      <p>
        Fest eingestellt: Unterstützungsbedarf bis zum Ende des Termins, Einlog-Anfragen und Zählungen gegen zu viele Versuche{" "}
        {plural(FIXED_RETENTION.loginTokenDays, "Tag", "Tage")}, Empfänger und Betreff verschickter E-Mails{" "}
        {plural(FIXED_RETENTION.mailAddressDays, "Tag", "Tage")}.
      </p>
    </section>
  );
}
