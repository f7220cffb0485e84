import { Form, Link } from "@remix-run/react";
import type { AuditPage } from "~/audit/audit-view.server";
import { FieldShell, TextField } from "~/components/forms";

function pageHref(values: AuditPage["values"], page: number): string {
  return `/admin/audit?${new URLSearchParams({ ...values, page: String(page) })}`;
}

/** /admin/audit: the filter (kind and days, never a person) and one page of entries. */
export function AuditLogView({ page }: { page: AuditPage }) {
  const { values, errors, entries, kinds } = page;
  const refused = Object.keys(errors).length > 0;
  return (
    <div>
      <h1>Protokoll</h1>
      <p>
        Was Organisation, Moderation und das System getan haben, und Ereignisse der Sicherheit. Eine Suche nach einzelnen Beschäftigten gibt
        es hier nicht. Namen erscheinen nur, solange das Konto gespeichert ist; wer sich eingeloggt hat, zeigt das Protokoll nie.
      </p>
      <Form method="get" action="/admin/audit" className="filters" noValidate>
        <FieldShell id="audit-kind" label="Art" error={errors.kind}>
          {(describedBy) => (
            <select
              id="audit-kind"
              name="kind"
              defaultValue={values.kind}
              aria-invalid={errors.kind ? true : undefined}
              aria-describedby={describedBy}
            >
              <option value="">Alle Arten</option>
              {kinds.map((k) => (
                <option key={k.value} value={k.value}>
                  {k.label}
                </option>
              ))}
            </select>
          )}
        </FieldShell>
        <TextField id="audit-from" name="from" type="date" label="Vom" defaultValue={values.from} error={errors.from} />
        <TextField id="audit-to" name="to" type="date" label="Bis" defaultValue={values.to} error={errors.to} />
        <button type="submit" className="button">
          Anzeigen
        </button>
      </Form>
      {refused ? (
        <p data-audit-refused>Bitte korrigieren Sie die Angaben oben; dann erscheinen die Einträge.</p>
      ) : entries.length === 0 ? (
        <p data-audit-empty>
          {page.page > 1 ? "Auf dieser Seite gibt es keine Einträge mehr." : "In diesem Zeitraum gibt es keine Einträge dieser Art."}
        </p>
      ) : (
        <table className="table report-table" data-audit="entries">
          <caption className="visually-hidden">Protokolleinträge, neueste zuerst</caption>
          <thead>
            <tr>
              <th scope="col">Zeit</th>
              <th scope="col">Art</th>
              <th scope="col">Was</th>
              <th scope="col">Wer</th>
              <th scope="col">Betrifft</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.id} data-entry={e.id}>
                <td data-label="Zeit">{e.when}</td>
                <td data-label="Art">{e.kind}</td>
                <td data-label="Was">{e.action}</td>
                <td data-label="Wer">{e.actor}</td>
                <td data-label="Betrifft">{e.href ? <Link to={e.href}>{e.subject}</Link> : e.subject}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {page.page > 1 || page.hasMore ? (
        <nav aria-label="Seiten" className="actions">
          {page.page > 1 ? <Link to={pageHref(values, page.page - 1)}>← Neuere Einträge</Link> : null}
          {page.hasMore ? <Link to={pageHref(values, page.page + 1)}>Ältere Einträge →</Link> : null}
        </nav>
      ) : null}
    </div>
  );
}
