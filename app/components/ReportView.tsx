import { Form } from "@remix-run/react";
import { FieldShell, TextField } from "~/components/forms";
import { plural } from "~/lib/plural";
import type { ReportPage } from "~/reports/report-page.server";
import type { FigureRow } from "~/reports/reports.server";
import { cellText, MIN_CELL } from "~/reports/suppression";

const percent = new Intl.NumberFormat("de-DE", { style: "percent", maximumFractionDigits: 0 });
const number = new Intl.NumberFormat("de-DE");

/** Attendance and no-show rate of a row, over the sessions where attendance was recorded. */
export function rates(row: Pick<FigureRow, "attended" | "noShows">): { attendance: string; noShow: string } {
  const base = row.attended + row.noShows;
  if (base === 0) return { attendance: "–", noShow: "–" };
  return { attendance: percent.format(row.attended / base), noShow: percent.format(row.noShows / base) };
}

function csvHref(action: string, values: ReportPage["values"], table: string): string {
  const query = new URLSearchParams({ table, from: values.from, to: values.to });
  if (values.series) query.set("series", values.series);
  return `${action}?${query}`;
}

/** The report page for organisers and the staff council: the same figures, read-only. */
export function ReportView({ page, action, csvAction }: { page: ReportPage; action: string; csvAction: string }) {
  const { values, errors, report, seriesOptions } = page;
  return (
    <div>
      <h1>Berichte</h1>
      <p>
        Zahlen je Veranstaltungsreihe und Monat der Termine, die stattgefunden haben. Die Berichte zeigen keine einzelnen Personen: Nach
        Abteilung wird nur gezählt, wo mindestens {MIN_CELL} Personen in einem Feld stehen.
      </p>
      <Form method="get" action={action} className="filters" noValidate>
        <TextField id="report-from" name="from" type="month" label="Von (Monat)" defaultValue={values.from} error={errors.from} />
        <TextField id="report-to" name="to" type="month" label="Bis (Monat)" defaultValue={values.to} error={errors.to} />
        <FieldShell id="report-series" label="Veranstaltungsreihe" error={errors.series}>
          {(describedBy) => (
            <select
              id="report-series"
              name="series"
              defaultValue={values.series}
              aria-invalid={errors.series ? true : undefined}
              aria-describedby={describedBy}
            >
              <option value="">Alle Reihen</option>
              {seriesOptions.map((s) => (
                <option key={s.id} value={String(s.id)}>
                  {s.title}
                </option>
              ))}
            </select>
          )}
        </FieldShell>
        <button type="submit" className="button">
          Anzeigen
        </button>
      </Form>
      {report === null ? (
        <p data-report-refused>Bitte korrigieren Sie die Angaben oben; dann erscheint der Bericht.</p>
      ) : report.figures.length === 0 && report.sections.length === 0 ? (
        <p data-report-empty>Im gewählten Zeitraum hat kein Termin stattgefunden und keine Frage ist eingegangen.</p>
      ) : (
        <>
          <section aria-labelledby="figures-heading">
            <h2 id="figures-heading">Termine und Anmeldungen</h2>
            {report.figures.length === 0 ? (
              <p data-report-empty="figures">Im gewählten Zeitraum hat kein Termin stattgefunden.</p>
            ) : (
              <>
                <table className="table report-table" data-report="figures">
                  <caption className="visually-hidden">Termine und Anmeldungen je Veranstaltungsreihe und Monat</caption>
                  <thead>
                    <tr>
                      <th scope="col">Veranstaltungsreihe</th>
                      <th scope="col">Monat</th>
                      <th scope="col">Ter­mine</th>
                      <th scope="col">Plät­ze</th>
                      <th scope="col">An­mel­dun­gen</th>
                      <th scope="col">Ab­mel­dun­gen</th>
                      <th scope="col">Warte­liste (höchs­tens)</th>
                      <th scope="col">Nach­ge­rückt</th>
                      <th scope="col">An­we­sen­heit</th>
                      <th scope="col">Nicht er­schie­nen</th>
                    </tr>
                  </thead>
                  <tbody>
                    {report.figures.map((row) => {
                      const r = rates(row);
                      return (
                        <tr key={`${row.seriesId}:${row.month}`} data-row={`${row.seriesId}:${row.month}`}>
                          <th scope="row">{row.seriesTitle}</th>
                          <td data-label="Monat">{row.monthLabel}</td>
                          <td data-label="Termine" data-figure="sessionsHeld">
                            {number.format(row.sessionsHeld)}
                          </td>
                          <td data-label="Plätze" data-figure="placesOffered">
                            {number.format(row.placesOffered)}
                          </td>
                          <td data-label="Anmeldungen" data-figure="registrations">
                            {number.format(row.registrations)}
                          </td>
                          <td data-label="Abmeldungen" data-figure="cancellations">
                            {number.format(row.cancellations)}
                          </td>
                          <td data-label="Warteliste (höchstens)" data-figure="waitlistPeak">
                            {number.format(row.waitlistPeak)}
                          </td>
                          <td data-label="Nachgerückt" data-figure="promotions">
                            {number.format(row.promotions)}
                          </td>
                          <td data-label="Anwesenheit" data-figure="attendanceRate">
                            {r.attendance}
                          </td>
                          <td data-label="Nicht erschienen" data-figure="noShowRate">
                            {r.noShow}
                          </td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
                <p className="muted">
                  Anwesenheit und „Nicht erschienen“ beziehen sich auf die Termine, bei denen die Anwesenheit erfasst wurde (
                  {plural(
                    report.figures.reduce((n, r) => n + r.sessionsWithAttendance, 0),
                    "Termin",
                    "Termine",
                  )}{" "}
                  von{" "}
                  {plural(
                    report.figures.reduce((n, r) => n + r.sessionsHeld, 0),
                    "Termin",
                    "Terminen",
                  )}
                  ).{" "}
                  <a href={csvHref(csvAction, values, "termine")} download>
                    Als CSV herunterladen
                  </a>
                </p>
              </>
            )}
          </section>
          {report.figures.length > 0 ? (
            <section aria-labelledby="departments-heading">
              <h2 id="departments-heading">Angemeldete Personen nach Abteilung</h2>
              <p>
                „&lt; {MIN_CELL}“: weniger als {MIN_CELL} Personen. „•“: {MIN_CELL} oder mehr, ausgeblendet, damit sich eine kleine Zahl
                nicht aus der Summe errechnen lässt. „–“: ausgeblendet, weil sich hier jede Zahl aus der Summe ergäbe. Die Summe ist immer
                zu sehen.{" "}
                <a href={csvHref(csvAction, values, "abteilungen")} download>
                  Als CSV herunterladen
                </a>
              </p>
              {report.departmentRows.map((row, index) => (
                <table
                  key={`${row.seriesTitle}:${row.month}`}
                  className="table report-table report-table--departments"
                  data-report="departments"
                  data-row={index}
                >
                  <caption>
                    {row.seriesTitle}, {row.monthLabel}
                  </caption>
                  <thead>
                    <tr>
                      <th scope="col">Abteilung</th>
                      <th scope="col">Personen</th>
                    </tr>
                  </thead>
                  <tbody>
                    {row.cells.map((cell, i) => (
                      <tr key={report.departments[i]}>
                        <th scope="row">{report.departments[i]}</th>
                        <td data-label="Personen" data-cell={cell.mark}>
                          {cellText(cell)}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                  <tfoot>
                    <tr>
                      <th scope="row">Zusammen</th>
                      <td data-label="Personen" data-total>
                        {number.format(row.total)}
                      </td>
                    </tr>
                  </tfoot>
                </table>
              ))}
            </section>
          ) : null}
          <section aria-labelledby="sections-heading">
            <h2 id="sections-heading">Fragen nach Abschnitt der Dienstvereinbarung</h2>
            {report.sections.length === 0 ? (
              <p data-report-empty="sections">Im gewählten Zeitraum ist keine Frage eingegangen.</p>
            ) : (
              <>
                <table className="table report-table" data-report="sections">
                  <caption className="visually-hidden">Eingereichte und beantwortete Fragen nach Abschnitt</caption>
                  <thead>
                    <tr>
                      <th scope="col">Abschnitt</th>
                      <th scope="col">Eingereicht</th>
                      <th scope="col">Beantwortet</th>
                    </tr>
                  </thead>
                  <tbody>
                    {report.sections.map((row) => (
                      <tr key={row.label}>
                        <th scope="row">{row.label}</th>
                        <td data-label="Eingereicht" data-figure="submitted">
                          {number.format(row.submitted)}
                        </td>
                        <td data-label="Beantwortet" data-figure="answered">
                          {number.format(row.answered)}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
                <p className="muted">
                  Gezählt nach dem Monat, in dem die Frage einging; zurückgezogene Fragen zählen nicht.{" "}
                  <a href={csvHref(csvAction, values, "fragen")} download>
                    Als CSV herunterladen
                  </a>
                </p>
              </>
            )}
          </section>
        </>
      )}
    </div>
  );
}
