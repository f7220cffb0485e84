export function SiteFooter() {
  return (
    <footer className="site-footer">
      <nav aria-label="Rechtliches">
        <ul>
          <li>
            <a href="/impressum">Impressum</a>
          </li>
          <li>
            <a href="/datenschutz">Datenschutz</a>
          </li>
          <li>
            <a href="/barrierefreiheit">Erklärung zur Barrierefreiheit</a>
          </li>
        </ul>
      </nav>
      <p className="site-footer__note">
        Ein Angebot der Organisation für alle Mitarbeitenden. Die Beispiel-Dienstvereinbarung in
        dieser Demo ist frei erfunden.
      </p>
    </footer>
  );
}
