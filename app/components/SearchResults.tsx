// Search results as text parts (app/search/excerpt.ts): React escapes every part, the matching
// words are <mark>. Shared by /search and "Wurde das schon beantwortet?" on the question form.
import { Link } from "@remix-run/react";
import type { SearchKind } from "~/search/index.server";
import { SEARCH_KIND_LABELS } from "~/search/labels";

/** Plain and marked parts in turn (`MarkedText` in app/search/excerpt.ts). */
export type SearchHitView = { key: string; kind: SearchKind; href: string; title: string[]; excerpt: string[] };

export function MarkedText({ parts }: { parts: string[] }) {
  return (
    <>
      {parts.map((part, i) =>
        // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one text never move
        i % 2 === 1 ? <mark key={i}>{part}</mark> : part,
      )}
    </>
  );
}

/** One result: what it is, its title as a link, the excerpt. */
export function SearchHitItem({ hit, newTab = false }: { hit: SearchHitView; newTab?: boolean }) {
  return (
    <li className="search-hit">
      <span className="search-hit__kind">{SEARCH_KIND_LABELS[hit.kind]}</span>
      <h3 className="search-hit__title">
        {newTab ? (
          // Beside a half-written question: the answer opens next to it, the form keeps its text.
          <a href={hit.href} target="_blank" rel="noopener noreferrer">
            <MarkedText parts={hit.title} />
            <span className="visually-hidden"> (öffnet in einem neuen Tab)</span>
          </a>
        ) : (
          <Link to={hit.href}>
            <MarkedText parts={hit.title} />
          </Link>
        )}
      </h3>
      {hit.excerpt.length > 0 ? (
        <p className="search-hit__excerpt">
          <MarkedText parts={hit.excerpt} />
        </p>
      ) : null}
    </li>
  );
}
