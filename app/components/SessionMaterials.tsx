// A session's materials on its page (issue 17): before it, to prepare; after it, the slides and
// what was shown. One component, rendered in one place near the end of the page.
import { MaterialList, type MaterialCardView } from "./MaterialView";

export function SessionMaterials({ items, ended }: { items: MaterialCardView[]; ended: boolean }) {
  if (items.length === 0) return null;
  return (
    <section aria-labelledby="materialien" className="session-materials">
      <h2 id="materialien">{ended ? "Materialien zum Termin" : "Materialien zur Vorbereitung"}</h2>
      <MaterialList items={items} />
    </section>
  );
}
