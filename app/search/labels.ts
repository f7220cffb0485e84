// What each kind of search result is called on the page: shared by the server (tests, the
// suggest JSON) and the components, so the page data carries the kind and not its label.
import type { SearchKind } from "./index.server";

export const SEARCH_KIND_LABELS: Record<SearchKind, string> = {
  material: "Material",
  section: "Abschnitt der Dienstvereinbarung",
  qa: "Veröffentlichte Antwort",
  question: "Frage aus der Praxis",
};
