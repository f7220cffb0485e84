import { useRouteLoaderData } from "@remix-run/react";
import type { Branding } from "~/components/SiteHeader";

/** The city's logo and name on top of a print view (the site header is not printed). */
export function Letterhead() {
  const branding = useRouteLoaderData<{ identity?: Branding }>("root")?.identity;
  if (!branding) return null;
  return (
    <div className="letterhead">
      {branding.logoUrl ? <img className="letterhead__logo" src={branding.logoUrl} alt="" /> : null}
      <span>{branding.organisationName}</span>
    </div>
  );
}
