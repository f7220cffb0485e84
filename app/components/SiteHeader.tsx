import { Form, Link, useLocation } from "@remix-run/react";

export type HeaderUser = { displayName: string; roles: string[] } | null;

/** The city's identity as the pages show it (decision 017). */
export type Branding = { organisationName: string; footerAddress: string; logoUrl: string | null; themeUrl: string };

type NavItem = { to: string; label: string; visible: (user: HeaderUser) => boolean };

// The facilitator's pages live under other paths than /moderation: the question queue and a
// session's participant pages (which would otherwise light up "Veranstaltungen").
const MODERATION_PAGES = /^\/(moderation|facilitate)(\/|$)|^\/sessions\/[^/]+\/(participants|sign-in-sheet)/;

function isCurrent(to: string, pathname: string): boolean {
  if (MODERATION_PAGES.test(pathname)) return to === "/moderation";
  return pathname === to || pathname.startsWith(`${to}/`);
}

// Navigation by role: everyone sees the sessions and the answers; the rest only those who
// can use it, so nobody is led to a 403.
const NAV: NavItem[] = [
  { to: "/sessions", label: "Veranstaltungen", visible: () => true },
  { to: "/agreement", label: "Dienstvereinbarung", visible: () => true },
  { to: "/qa", label: "Fragen & Antworten", visible: () => true },
  { to: "/me", label: "Meine Anmeldungen", visible: (user) => user !== null },
  {
    to: "/moderation",
    label: "Moderation",
    visible: (user) => !!user && (user.roles.includes("facilitator") || user.roles.includes("admin")),
  },
  { to: "/council", label: "Personalrat", visible: (user) => !!user && user.roles.includes("council") },
  { to: "/admin", label: "Verwaltung", visible: (user) => !!user && user.roles.includes("admin") },
];

export function SiteHeader({ user, branding }: { user: HeaderUser; branding: Branding | null }) {
  const { pathname } = useLocation();
  return (
    <header className="site-header">
      <div className="site-header__inner">
        <Link className="site-header__brand" to="/sessions">
          {branding?.logoUrl ? <img className="site-header__logo" src={branding.logoUrl} alt={branding.organisationName} /> : null}
          <span className="site-header__text">
            {branding ? (
              // With a logo its alt text already says the name: screen readers hear it once.
              <span className="site-header__organisation" aria-hidden={branding.logoUrl ? true : undefined}>
                {branding.organisationName}
              </span>
            ) : null}
            <span className="site-header__title">KI-Infoveranstaltungen</span>
            <span className="site-header__subtitle">zur Dienstvereinbarung KI</span>
          </span>
        </Link>
        <nav aria-label="Hauptnavigation" className="site-nav">
          <ul>
            {NAV.filter((item) => item.visible(user)).map((item) => (
              <li key={item.to}>
                {/* Not NavLink: it decides aria-current by the path alone (see isCurrent). */}
                <Link to={item.to} prefetch="intent" aria-current={isCurrent(item.to, pathname) ? "page" : undefined}>
                  {item.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <div className="site-header__account">
          {user ? (
            <>
              <Link to="/me/profile" className="site-header__user">
                {user.displayName || "Profil"}
              </Link>
              <Form method="post" action="/logout">
                <button type="submit" className="button button--quiet">
                  Ausloggen
                </button>
              </Form>
            </>
          ) : (
            <Link className="button button--quiet" to="/login">
              Einloggen
            </Link>
          )}
        </div>
      </div>
    </header>
  );
}
