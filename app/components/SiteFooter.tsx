import { Link, useLocation } from "@remix-run/react";

/** The legal links on every page; the note on the invented agreement only in demo mode. */
export function SiteFooter({ demo, address }: { demo: boolean; address: string }) {
  // The feedback link names the page it was followed from, so the form can prefill it.
  const { pathname } = useLocation();
  const feedback =
    pathname === "/barrierefreiheit" ? "#rueckmeldung" : `/barrierefreiheit?seite=${encodeURIComponent(pathname)}#rueckmeldung`;
  return (
    <footer className="site-footer">
      <nav aria-label="Rechtliches">
        <ul>
          <li>
            <Link to="/impressum">Impressum</Link>
          </li>
          <li>
            <Link to="/datenschutz">Datenschutz</Link>
          </li>
          <li>
            <Link to="/barrierefreiheit">Erklärung zur Barrierefreiheit</Link>
          </li>
          <li>
            <Link to={feedback}>Barriere melden</Link>
          </li>
        </ul>
      </nav>
      {address ? (
        <address className="site-footer__address">
          {address.split("\n").map((line, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: the lines of one address, in order
            <span key={i}>{line}</span>
          ))}
        </address>
      ) : null}
      <p className="site-footer__note">
        Ein Angebot der Organisation für alle Mitarbeitenden.
        {demo ? " Die Beispiel-Dienstvereinbarung in dieser Demo ist frei erfunden." : null}
      </p>
    </footer>
  );
}
