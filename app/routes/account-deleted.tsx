import type { MetaFunction } from "@remix-run/node";
import { Link } from "@remix-run/react";

export const meta: MetaFunction = () => [{ title: "Konto gelöscht – KI-Infoveranstaltungen" }];

// The page after "Konto löschen": the flash above says what was done; this says what it means.
export default function AccountDeleted() {
  return (
    <div className="stack">
      <h1>Ihr Konto ist gelöscht</h1>
      <p>
        Sie sind ausgeloggt. Ihr Name und Ihre E-Mail-Adresse sind gelöscht, ebenso Ihre Logins, Ihr Kalender-Abo und Ihre Stimmen für
        Fragen.
      </p>
      <p>
        Ihre Plätze in kommenden Terminen sind freigegeben. Die Abmeldungen kommen noch per E-Mail, mit der Absage für Ihren Kalender;
        danach werden auch diese E-Mails bei uns gelöscht.
      </p>
      <p>Vergangene Anmeldungen und Ihre Fragen bleiben ohne Ihren Namen erhalten, damit Zahlen und Antworten stimmen.</p>
      <p>
        <Link to="/sessions">Zu den Veranstaltungen</Link>
      </p>
    </div>
  );
}
