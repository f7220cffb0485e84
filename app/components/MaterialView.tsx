// Presentational pieces of the materials (decision 022): a list of cards (on /materials, per
// section on /agreement, on a session's page) and the versions of a file.
import { Link } from "@remix-run/react";

export type MaterialCardView = {
  id: number;
  title: string;
  description: string;
  kindLabel: string;
  href: string;
  format: string;
  seatHoldersOnly: boolean;
  updatedOn: string | null;
};

/** One line per material: kind, title (link to its page), format, "aktualisiert am …". */
export function MaterialList({
  items,
  labelledBy,
  headingLevel = 3,
}: {
  items: MaterialCardView[];
  labelledBy?: string;
  headingLevel?: 3 | 4;
}) {
  const Heading = headingLevel === 3 ? "h3" : "h4";
  return (
    <ul className="material-list" aria-labelledby={labelledBy}>
      {items.map((item) => (
        <li key={item.id} className="material-list__item" data-material={item.id}>
          <span className="material-list__kind">{item.kindLabel}</span>
          <Heading className="material-list__title">
            <Link to={item.href}>{item.title}</Link>
          </Heading>
          {item.description ? <p className="material-list__description">{item.description}</p> : null}
          <p className="material-list__meta">
            {item.format}
            {item.seatHoldersOnly ? " · nur für Teilnehmende" : ""}
            {item.updatedOn ? ` · aktualisiert am ${item.updatedOn}` : ""}
          </p>
        </li>
      ))}
    </ul>
  );
}

export type MaterialVersionView = { id: number; fileName: string; format: string; uploadedAt: string; current: boolean; href: string };

/** Every file version, newest first: replacing a file keeps the old one for the record. */
export function MaterialVersions({ versions }: { versions: MaterialVersionView[] }) {
  return (
    <section aria-labelledby="versions-heading" className="material-versions">
      <h2 id="versions-heading">Fassungen der Datei</h2>
      <ol reversed>
        {versions.map((version) => (
          <li key={version.id} data-version={version.id}>
            <a href={version.href}>{version.fileName}</a> ({version.format}), hochgeladen am {version.uploadedAt}
            {version.current ? " – aktuelle Fassung" : ""}
          </li>
        ))}
      </ol>
    </section>
  );
}
