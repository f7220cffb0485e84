import { Link } from "@remix-run/react";
import { DateRange } from "~/components/DateRange";
import { formatDate } from "~/lib/dates";

export type CertificateDeadlineView = {
  registrationId: number;
  startsAt: string | Date;
  endsAt: string | Date;
  seriesTitle: string;
  deletedAfter: string | Date;
};

/**
 * /me: when each Teilnahmebestätigung goes (retention, decision 020), so the person can
 * download it before; renders nothing without certificates.
 */
export function CertificateDeadlines({ items }: { items: CertificateDeadlineView[] }) {
  if (items.length === 0) return null;
  return (
    <section aria-labelledby="bestaetigungen-frist">
      <h2 id="bestaetigungen-frist">Aufbewahrung Ihrer Teilnahmebestätigungen</h2>
      <p>
        Nach Ablauf der Frist wird die Teilnahme anonymisiert; die Bestätigung kann dann nicht mehr abgerufen werden. Laden Sie sie vorher
        herunter, wenn Sie sie länger brauchen.
      </p>
      <ul className="certificate-deadlines">
        {items.map((item) => (
          <li key={item.registrationId} data-certificate-deadline={item.registrationId}>
            <Link to={`/me/certificates/${item.registrationId}`}>
              Teilnahmebestätigung „{item.seriesTitle}“, <DateRange start={new Date(item.startsAt)} end={new Date(item.endsAt)} />
            </Link>
            : wird ab <span data-deleted-after>{formatDate(new Date(item.deletedAfter))}</span> gelöscht
          </li>
        ))}
      </ul>
    </section>
  );
}
