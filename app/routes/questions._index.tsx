import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { ColleagueQuestionList } from "~/components/QuestionList";
import { requireUser } from "~/auth/current-user.server";
import { redirectWithFlash } from "~/lib/flash.server";
import { questionKeyFrom } from "~/questions/question-key.server";
import { colleagueFiltersSchema, type ColleagueFilters, questionIdSchema } from "~/questions/questions.schema";
import { listColleagueQuestions, sectionChoices, visibleSeries } from "~/questions/reads.server";
import { QUESTION_REFUSALS, QUESTION_SORT_LABELS, QUESTION_SORTS } from "~/questions/rules";
import { takeBackVote, voteForQuestion } from "~/questions/votes.server";

export const meta: MetaFunction = () => [{ title: "Fragen aus der Praxis – KI-Infoveranstaltungen" }];

function readFilters(url: URL): ColleagueFilters {
  return colleagueFiltersSchema.parse(Object.fromEntries(url.searchParams));
}

/** The list's address for these filters (defaults left out), so a vote returns to the same view. */
function listHref(filters: Partial<ColleagueFilters>): string {
  const params = new URLSearchParams();
  if (filters.section) params.set("section", filters.section);
  if (filters.series !== undefined) params.set("series", String(filters.series));
  if (filters.sort && filters.sort !== "votes") params.set("sort", filters.sort);
  if (filters.page && filters.page > 1) params.set("page", String(filters.page));
  const query = params.toString();
  return query ? `/questions?${query}` : "/questions";
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(context, request);
  const filters = readFilters(new URL(request.url));
  const list = listColleagueQuestions(context.db, user, questionKeyFrom(context.env), filters);
  return {
    ...list,
    filters,
    sections: sectionChoices(context.db, new Date()).map(({ anchor, heading }) => ({ anchor, heading })),
    series: visibleSeries(context.db),
    formAction: listHref({ ...filters, page: list.page }),
    previousHref: list.page > 1 ? listHref({ ...filters, page: list.page - 1 }) : null,
    nextHref: list.page < list.pageCount ? listHref({ ...filters, page: list.page + 1 }) : null,
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(context, request);
  const back = listHref(readFilters(new URL(request.url)));
  const form = await request.formData();
  const parsed = questionIdSchema.safeParse(Object.fromEntries(form));
  if (!parsed.success) return redirectWithFlash(context, back, { kind: "error", text: QUESTION_REFUSALS.not_visible });
  const clock = { key: questionKeyFrom(context.env), now: new Date() };
  const here = `${back}#frage-${parsed.data.questionId}`;
  switch (form.get("intent")) {
    case "vote": {
      const result = voteForQuestion(context.db, user, clock, parsed.data);
      return result.ok
        ? redirectWithFlash(context, here, { kind: "success", text: "Ihre Stimme ist gezählt." })
        : redirectWithFlash(context, here, { kind: "error", text: QUESTION_REFUSALS[result.reason] });
    }
    case "unvote": {
      takeBackVote(context.db, user, parsed.data);
      return redirectWithFlash(context, here, { kind: "success", text: "Ihre Stimme ist zurückgenommen." });
    }
    default:
      return redirectWithFlash(context, back, { kind: "error", text: "Diese Aktion ist hier nicht möglich." });
  }
}

export default function ColleagueQuestions() {
  const { items, total, page, pageCount, filters, sections, series, formAction, previousHref, nextHref } = useLoaderData<typeof loader>();
  return (
    <div>
      <h1>Fragen aus der Praxis</h1>
      <p>
        Angenommene und beantwortete Fragen von Mitarbeitenden, nach Abschnitt der Dienstvereinbarung und Veranstaltung. Unterstützen Sie
        Fragen, die Sie auch interessieren: Die Moderation sieht, welche Fragen vielen wichtig sind.
      </p>
      <p>
        <Link to="/questions/new">Frage einreichen</Link> · <Link to="/me/questions">Meine Fragen</Link> · <Link to="/search">Suche</Link>
      </p>
      <Form method="get" action="/questions" className="filters">
        <div className="field">
          <label htmlFor="filter-section">Abschnitt</label>
          <select id="filter-section" name="section" defaultValue={filters.section ?? ""}>
            <option value="">Alle Abschnitte</option>
            {sections.map((section) => (
              <option key={section.anchor} value={section.anchor}>
                {section.heading}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-series">Veranstaltungsreihe</label>
          <select id="filter-series" name="series" defaultValue={filters.series !== undefined ? String(filters.series) : ""}>
            <option value="">Alle Reihen</option>
            {series.map((item) => (
              <option key={item.id} value={String(item.id)}>
                {item.title}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-sort">Sortierung</label>
          <select id="filter-sort" name="sort" defaultValue={filters.sort}>
            {QUESTION_SORTS.map((sort) => (
              <option key={sort} value={sort}>
                {QUESTION_SORT_LABELS[sort]}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button">
          Anzeigen
        </button>
      </Form>
      <h2>{total === 1 ? "1 Frage" : `${total} Fragen`}</h2>
      {total === 0 ? (
        <p>Hierzu gibt es noch keine angenommenen Fragen.</p>
      ) : (
        <>
          <ColleagueQuestionList items={items} formAction={formAction} />
          {pageCount > 1 ? (
            <nav aria-label="Seiten" className="actions">
              {previousHref ? <Link to={previousHref}>← Vorherige Seite</Link> : null}
              <span>
                Seite {page} von {pageCount}
              </span>
              {nextHref ? <Link to={nextHref}>Nächste Seite →</Link> : null}
            </nav>
          ) : null}
        </>
      )}
    </div>
  );
}
