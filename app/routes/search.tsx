import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation, useSubmit } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { SearchHitItem } from "~/components/SearchResults";
import { getCurrentUser } from "~/auth/current-user.server";
import { materialViewerFor } from "~/materials/access.server";
import { searchSite } from "~/search/search.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.results.query ? `Suche: ${data.results.query} – KI-Infoveranstaltungen` : "Suche – KI-Infoveranstaltungen" },
];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await getCurrentUser(context, request);
  const query = new URL(request.url).searchParams.get("q") ?? "";
  const viewer = materialViewerFor(context.db, user);
  return { results: searchSite(context.db, { query, signedIn: user !== null, viewer }), signedIn: user !== null };
}

/** Waits this long after the last key before searching, so typing is not a request per key. */
const TYPING_PAUSE_MS = 300;

function summary(results: { query: string; searched: boolean; total: number; shown: number }): string {
  if (!results.query) return "";
  if (!results.searched) return "Bitte geben Sie mindestens ein Wort mit Buchstaben oder Ziffern ein.";
  if (results.total === 0) return `Keine Treffer für „${results.query}“.`;
  const count = results.total === 1 ? "1 Treffer" : `${results.total} Treffer`;
  return results.shown < results.total
    ? `${count} für „${results.query}“; die ${results.shown} passendsten werden gezeigt. Weitere Wörter grenzen die Suche ein.`
    : `${count} für „${results.query}“.`;
}

export default function SearchPage() {
  const { results, signedIn } = useLoaderData<typeof loader>();
  const submit = useSubmit();
  const navigation = useNavigation();
  const timer = useRef<ReturnType<typeof setTimeout>>();
  useEffect(() => () => clearTimeout(timer.current), []);
  // With JavaScript the results follow the typing (each word a prefix); without, the button sends the form.
  const searchAsYouType = (form: HTMLFormElement) => {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => submit(form, { replace: true, preventScrollReset: true }), TYPING_PAUSE_MS);
  };
  const searching = navigation.state === "loading" && navigation.location.pathname === "/search";
  return (
    <div className="narrow">
      <h1>Suche</h1>
      <p>
        Durchsucht die geltende Dienstvereinbarung und die veröffentlichten Antworten
        {signedIn ? " sowie die angenommenen Fragen aus der Praxis" : ""}. Umlaute können Sie auch als „ae“, „oe“, „ue“ und „ss“ schreiben;
        Wortanfänge genügen.
      </p>
      <Form method="get" action="/search" role="search" className="filters" onChange={(event) => searchAsYouType(event.currentTarget)}>
        <div className="field">
          <label htmlFor="search-q">Suchbegriff</label>
          <input id="search-q" type="search" name="q" defaultValue={results.query} maxLength={200} autoComplete="off" />
        </div>
        <button type="submit" className="button">
          Suchen
        </button>
      </Form>
      <p role="status" className="search-summary" aria-busy={searching || undefined}>
        {summary(results)}
      </p>
      {!signedIn && results.searched ? (
        <p>
          Fragen aus der Praxis durchsucht die Suche, wenn Sie{" "}
          <Link to={`/login?redirectTo=${encodeURIComponent(`/search?q=${encodeURIComponent(results.query)}`)}`}>eingeloggt</Link> sind.
        </p>
      ) : null}
      {results.groups.map((group) => (
        <section key={group.key || "allgemein"} className="search-group" aria-labelledby={`treffer-${group.key || "allgemein"}`}>
          <h2 id={`treffer-${group.key || "allgemein"}`}>{group.href ? <Link to={group.href}>{group.heading}</Link> : group.heading}</h2>
          <ol className="search-hits">
            {group.hits.map((hit) => (
              <SearchHitItem key={hit.key} hit={hit} />
            ))}
          </ol>
        </section>
      ))}
    </div>
  );
}
