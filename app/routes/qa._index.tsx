import type { MetaFunction } from "@remix-run/node";
import { Link } from "@remix-run/react";

export const meta: MetaFunction = () => [{ title: "Fragen & Antworten – KI-Infoveranstaltungen" }];

// The entry to everything asked and answered. The published summaries of sessions (issue 13)
// will appear here; until then the page says what there is, and nothing more.
export default function QuestionsAndAnswers() {
  return (
    <div className="narrow">
      <h1>Fragen & Antworten</h1>
      <p>
        Mitarbeitende reichen vor den Infoveranstaltungen Fragen aus der Praxis ein; die Moderation prüft sie, ordnet sie den Abschnitten
        der Dienstvereinbarung zu und beantwortet sie.
      </p>
      <ul>
        <li>
          <Link to="/questions">Fragen aus der Praxis</Link>: angenommene und beantwortete Fragen Ihrer Kolleginnen und Kollegen, nach
          Abschnitt und Veranstaltungsreihe (nach dem Einloggen).
        </li>
        <li>
          <Link to="/questions/new">Frage einreichen</Link> – auf Wunsch anonym.
        </li>
        <li>
          <Link to="/agreement">Die Dienstvereinbarung im Wortlaut</Link>, mit den Fragen zu jedem Abschnitt.
        </li>
      </ul>
      <p className="muted">
        Zusammenfassungen der einzelnen Termine werden hier veröffentlicht, sobald die Moderation sie freigibt; bis dahin finden Sie alle
        Antworten unter „Fragen aus der Praxis“.
      </p>
    </div>
  );
}
