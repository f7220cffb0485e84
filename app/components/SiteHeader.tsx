import { Form, Link, useLocation } from "@remix-run/react";
import { useEffect, useRef } from "react";

export type HeaderUser = { displayName: string; roles: string[] } | null;

/** The city's identity as the pages show it (decision 017). */
export type Branding = { organisationName: string; footerAddress: string; logoUrl: string | null; themeUrl: string };

type NavItem = {
  to: string;
  label: string;
  visible: (user: HeaderUser) => boolean;
  /** A work area of a role: two or more of them share one menu (decision 025). */
  workArea?: true;
};

// The facilitator's pages live under other paths than /moderation: the question queue and a
// session's participant pages (which would otherwise light up "Veranstaltungen").
const MODERATION_PAGES = /^\/(moderation|facilitate)(\/|$)|^\/sessions\/[^/]+\/(participants|sign-in-sheet)/;

function isCurrent(to: string, pathname: string): boolean {
  if (MODERATION_PAGES.test(pathname)) return to === "/moderation";
  return pathname === to || pathname.startsWith(`${to}/`);
}

const hasRole = (user: HeaderUser, ...roles: string[]) => !!user && roles.some((role) => user.roles.includes(role));

// Navigation by role: everyone sees the sessions and the answers; the rest only those who
// can use it, so nobody is led to a 403. A new link is one more entry here.
const NAV: NavItem[] = [
  { to: "/sessions", label: "Veranstaltungen", visible: () => true },
  { to: "/agreement", label: "Dienstvereinbarung", visible: () => true },
  { to: "/qa", label: "Fragen & Antworten", visible: () => true },
  { to: "/materials", label: "Materialien", visible: (user) => user !== null },
  { to: "/me", label: "Meine Anmeldungen", visible: (user) => user !== null },
  { to: "/moderation", label: "Moderation", visible: (user) => hasRole(user, "facilitator", "admin"), workArea: true },
  { to: "/council", label: "Personalrat", visible: (user) => hasRole(user, "council"), workArea: true },
  // The reports for the council; admins reach them from the dashboard (/admin/reports).
  { to: "/reports", label: "Berichte", visible: (user) => hasRole(user, "council") && !hasRole(user, "admin"), workArea: true },
  { to: "/admin", label: "Verwaltung", visible: (user) => hasRole(user, "admin"), workArea: true },
];

/** The label of the menu that holds two or more work areas. */
export const WORK_AREAS_LABEL = "Bereiche";

/**
 * The header's links for a person: the common ones, then their work areas — one of them as a
 * plain link, two or more in one menu, so that the header stays one line at 1280 px.
 */
export function navFor(user: HeaderUser): { links: NavItem[]; workAreas: NavItem[]; grouped: boolean } {
  const visible = NAV.filter((item) => item.visible(user));
  const workAreas = visible.filter((item) => item.workArea);
  const grouped = workAreas.length > 1;
  return { links: grouped ? visible.filter((item) => !item.workArea) : visible, workAreas: grouped ? workAreas : [], grouped };
}

function NavLink({ item, pathname }: { item: NavItem; pathname: string }) {
  return (
    // Not NavLink: it decides aria-current by the path alone (see isCurrent).
    <Link to={item.to} prefetch="intent" aria-current={isCurrent(item.to, pathname) ? "page" : undefined}>
      {item.label}
    </Link>
  );
}

/**
 * The work areas behind one <details>: opens and closes without JavaScript (Enter or Space on
 * the summary). With JavaScript it also closes on Escape (focus back on the summary), on a
 * click elsewhere and after following one of its links (the header stays mounted).
 */
function WorkAreasMenu({ items, pathname }: { items: NavItem[]; pathname: string }) {
  const details = useRef<HTMLDetailsElement>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: closing is the point of a new page
  useEffect(() => {
    if (details.current) details.current.open = false;
  }, [pathname]);
  useEffect(() => {
    const closeOutside = (event: MouseEvent) => {
      const element = details.current;
      if (element?.open && event.target instanceof Node && !element.contains(event.target)) element.open = false;
    };
    document.addEventListener("click", closeOutside);
    return () => document.removeEventListener("click", closeOutside);
  }, []);
  const current = items.some((item) => isCurrent(item.to, pathname));
  return (
    <details
      ref={details}
      className="site-nav__menu"
      onKeyDown={(event) => {
        if (event.key !== "Escape" || !details.current?.open) return;
        details.current.open = false;
        details.current.querySelector("summary")?.focus();
      }}
    >
      <summary className={current ? "site-nav__summary site-nav__summary--current" : "site-nav__summary"}>{WORK_AREAS_LABEL}</summary>
      <ul>
        {items.map((item) => (
          <li key={item.to}>
            <NavLink item={item} pathname={pathname} />
          </li>
        ))}
      </ul>
    </details>
  );
}

export function SiteHeader({ user, branding }: { user: HeaderUser; branding: Branding | null }) {
  const { pathname } = useLocation();
  const nav = navFor(user);
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
            {nav.links.map((item) => (
              <li key={item.to}>
                <NavLink item={item} pathname={pathname} />
              </li>
            ))}
            {nav.grouped ? (
              <li>
                <WorkAreasMenu items={nav.workAreas} pathname={pathname} />
              </li>
            ) : null}
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
