import type { StoredDataItem } from "~/privacy/stored-data";

/**
 * "Was wir speichern und wie lange", generated from the live retention settings
 * (app/privacy/stored-data.ts), below the privacy page's own text.
 */
export function StoredDataSection({ items }: { items: StoredDataItem[] }) {
  return (
    <section className="stored-data" aria-labelledby="gespeicherte-daten">
      <h2 id="gespeicherte-daten">Was diese Anwendung speichert und wie lange</h2>
      <p>Diese Aufstellung entsteht aus den Aufbewahrungsfristen, mit denen die Anwendung gerade arbeitet; die Löschung läuft täglich.</p>
      <dl className="stored-data__list">
        {items.map((item) => (
          <div key={item.id} data-stored={item.id}>
            <dt>{item.what}</dt>
            <dd>{item.howLong}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
