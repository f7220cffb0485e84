import { data, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import {
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  isRouteErrorResponse,
  useMatches,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import type { ReactNode } from "react";
import { ErrorPage } from "~/components/ErrorPage";
import { SiteFooter } from "~/components/SiteFooter";
import { SiteHeader, type Branding } from "~/components/SiteHeader";
import { useNonce } from "~/lib/nonce";
import { getCurrentUserAndRenewal } from "~/auth/current-user.server";
import { FlashMessage } from "~/components/FlashMessage";
import { consumeFlash } from "~/lib/flash.server";
import { readIdentity } from "~/identity/identity.server";
import stylesUrl from "~/styles/app.css";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesUrl },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction = () => [{ title: "KI-Infoveranstaltungen" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user, setCookie } = await getCurrentUserAndRenewal(context, request);
  const flash = await consumeFlash(context, request);
  const headers = new Headers();
  for (const value of [setCookie, flash.setCookie]) if (value) headers.append("Set-Cookie", value);
  return data(
    {
      user: user ? { displayName: user.displayName, roles: user.roles } : null,
      flash: flash.flash,
      demo: context.env.mode === "demo",
      identity: brandingOf(readIdentity(context.db)),
    },
    { headers },
  );
}

function brandingOf(identity: ReturnType<typeof readIdentity>): Branding {
  return {
    organisationName: identity.organisationName,
    footerAddress: identity.footerAddress,
    logoUrl: identity.logo ? `/branding/logo?v=${identity.logo.version}` : null,
    themeUrl: `/theme.css?v=${identity.themeVersion}`,
  };
}

export function Layout({ children }: { children: ReactNode }) {
  const nonce = useNonce();
  const data = useRouteLoaderData<typeof loader>("root");
  // The presenter view (decision 016) fills the projector: no header, banner or footer.
  // An error page (403, 404) there keeps the ordinary layout, with its way back.
  const bare = useMatches().some((match) => (match.handle as { bare?: boolean } | undefined)?.bare && match.data !== undefined);
  if (bare) {
    return (
      <html lang="de">
        <head>
          <meta charSet="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <Meta />
          <Links />
          {data?.identity ? <link rel="stylesheet" href={data.identity.themeUrl} /> : null}
        </head>
        <body className="bare">
          <main id="main" tabIndex={-1}>
            {children}
          </main>
          <ScrollRestoration nonce={nonce} />
          <Scripts nonce={nonce} />
        </body>
      </html>
    );
  }
  return (
    <html lang="de">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
        {/* After app.css: the colours from the settings (decision 017); without loader data the defaults stay. */}
        {data?.identity ? <link rel="stylesheet" href={data.identity.themeUrl} /> : null}
      </head>
      <body>
        <a className="skip-link" href="#main">
          Zum Inhalt springen
        </a>
        {data?.demo ? (
          <p className="demo-banner">
            Demo-Modus: Beispieldaten, E-Mails werden nicht versendet, sondern unter <a href="/dev/mail">/dev/mail</a> abgelegt.
          </p>
        ) : null}
        <SiteHeader user={data?.user ?? null} branding={data?.identity ?? null} />
        <main id="main" tabIndex={-1}>
          {data?.flash ? <FlashMessage flash={data.flash} /> : null}
          {children}
        </main>
        <SiteFooter demo={!!data?.demo} address={data?.identity?.footerAddress ?? ""} />
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  if (isRouteErrorResponse(error)) {
    const detail = typeof error.data === "string" && error.data.length < 300 ? error.data : undefined;
    return <ErrorPage status={error.status} detail={detail && !detail.startsWith("Error") ? detail : undefined} />;
  }
  return <ErrorPage status={500} />;
}
