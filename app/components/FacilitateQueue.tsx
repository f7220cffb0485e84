import { Form, Link } from "@remix-run/react";
import type { QuestionStatus } from "~db/schema";
import type { SectionOption } from "~/questions/review.server";
import {
  LISTED_STATUSES,
  QUEUE_SORT_LABELS,
  QUEUE_SORTS,
  REVIEW_STATUS_LABELS,
  queueSearch,
  type QueueFilters,
} from "~/questions/review.schema";
import { SubmitButton } from "./forms";
import { TextArea, type ReviewFormError } from "./FacilitateQuestion";

/** The queue's filters: a plain GET form, so every view has a URL and works without JavaScript. */
export function QueueFilterForm({
  filters,
  options,
}: {
  filters: QueueFilters;
  options: { sessions: SectionOption[]; series: SectionOption[]; sections: SectionOption[] };
}) {
  return (
    <Form method="get" action="/facilitate" className="filters" aria-label="Fragen filtern">
      <div className="field">
        <label htmlFor="filter-session">Termin</label>
        <select id="filter-session" name="session" defaultValue={filters.session ? String(filters.session) : ""}>
          <option value="">Alle Termine</option>
          {options.sessions.map((o) => (
            <option key={o.id} value={o.id}>
              {o.label}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="filter-series">Veranstaltungsreihe</label>
        <select id="filter-series" name="series" defaultValue={filters.series ? String(filters.series) : ""}>
          <option value="">Alle Reihen</option>
          {options.series.map((o) => (
            <option key={o.id} value={o.id}>
              {o.label}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="filter-section">Abschnitt</label>
        <select id="filter-section" name="section" defaultValue={filters.section ? String(filters.section) : ""}>
          <option value="">Alle Abschnitte</option>
          <option value="none">Ohne Abschnitt</option>
          {options.sections.map((o) => (
            <option key={o.id} value={o.id}>
              {o.label}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="filter-status">Status</label>
        <select id="filter-status" name="status" defaultValue={filters.status}>
          {LISTED_STATUSES.map((status) => (
            <option key={status} value={status}>
              {REVIEW_STATUS_LABELS[status]}
            </option>
          ))}
          <option value="all">Alle</option>
        </select>
      </div>
      <div className="field">
        <label htmlFor="filter-q">Suche im Text</label>
        <input id="filter-q" name="q" type="search" defaultValue={filters.q ?? ""} />
      </div>
      <div className="field">
        <label htmlFor="filter-sort">Sortierung</label>
        <select id="filter-sort" name="sort" defaultValue={filters.sort}>
          {QUEUE_SORTS.map((sort) => (
            <option key={sort} value={sort}>
              {QUEUE_SORT_LABELS[sort]}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" className="button">
        Filtern
      </button>
      <Link to="/facilitate">Filter zurücksetzen</Link>
    </Form>
  );
}

/** How many questions are in each state (within the other filters); each number links to its list. */
export function StateCounts({ counts, filters }: { counts: Record<QuestionStatus, number>; filters: QueueFilters }) {
  return (
    <nav aria-label="Fragen nach Status">
      <p className="actions" data-counts>
        {LISTED_STATUSES.map((status) => (
          <Link
            key={status}
            to={`/facilitate${queueSearch({ ...filters, status, page: 1 })}`}
            aria-current={filters.status === status ? "page" : undefined}
            data-count={status}
          >
            {REVIEW_STATUS_LABELS[status]}: <span data-count-value>{counts[status]}</span>
          </Link>
        ))}
        <span className="muted">
          {REVIEW_STATUS_LABELS.withdrawn}: {counts.withdrawn}
        </span>
      </p>
    </nav>
  );
}

export function Pagination({ filters, page, pageCount }: { filters: QueueFilters; page: number; pageCount: number }) {
  if (pageCount <= 1) return null;
  return (
    <nav aria-label="Seiten der Liste">
      <p className="actions">
        {page > 1 ? <Link to={`/facilitate${queueSearch({ ...filters, page: page - 1 })}`}>← Vorherige Seite</Link> : null}
        <span>
          Seite {page} von {pageCount}
        </span>
        {page < pageCount ? <Link to={`/facilitate${queueSearch({ ...filters, page: page + 1 })}`}>Nächste Seite →</Link> : null}
      </p>
    </nav>
  );
}

/**
 * Several questions at once: the checkboxes in the cards belong to this form (form="bulk"),
 * so it works without JavaScript; one reason for all rejections, one section for all.
 */
export function BulkActions({ sections, returnTo, error }: { sections: SectionOption[]; returnTo: string; error: ReviewFormError | null }) {
  const own = error?.questionId === "bulk" ? error : null;
  return (
    <section aria-labelledby="bulk-heading">
      <h2 id="bulk-heading" tabIndex={-1}>
        Ausgewählte Fragen bearbeiten
      </h2>
      <Form method="post" id="bulk" className="stack" noValidate>
        <input type="hidden" name="returnTo" value={returnTo} />
        <input type="hidden" name="focus" value="bulk-heading" />
        {own?.errors.questionId ? (
          <p id="bulk-selection-error" className="field__error" role="alert" tabIndex={-1}>
            {own.errors.questionId}
          </p>
        ) : (
          <p className="muted">Wählen Sie die Fragen oben mit dem Kästchen „… für die Sammelaktion auswählen“ aus.</p>
        )}
        <div className="actions">
          <SubmitButton name="intent" value="bulk-accept" pendingText="Wird angenommen …">
            Ausgewählte annehmen
          </SubmitButton>
        </div>
        <div className="field">
          <label htmlFor="bulk-section">Abschnitt für die ausgewählten Fragen</label>
          <select id="bulk-section" name="sectionId" defaultValue={own?.values.sectionId || "none"}>
            <option value="none">Kein Abschnitt</option>
            {sections.map((section) => (
              <option key={section.id} value={section.id}>
                {section.label}
              </option>
            ))}
          </select>
        </div>
        <div className="actions">
          <SubmitButton name="intent" value="bulk-section" pendingText="Wird gespeichert …">
            Abschnitt den ausgewählten zuordnen
          </SubmitButton>
        </div>
        <TextArea
          id="bulk-reason"
          name="reason"
          label="Grund für die Ablehnung der ausgewählten Fragen"
          hint="Nur für „Ausgewählte ablehnen“. Wer namentlich gefragt hat, erhält den Grund per E-Mail."
          rows={2}
          defaultValue={own?.values.reason}
          error={own?.errors.reason}
        />
        <div className="actions">
          <SubmitButton name="intent" value="bulk-reject" pendingText="Wird gespeichert …">
            Ausgewählte ablehnen
          </SubmitButton>
        </div>
      </Form>
    </section>
  );
}
