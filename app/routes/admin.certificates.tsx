import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { DateRange } from "~/components/DateRange";
import { requireRole } from "~/auth/current-user.server";
import { lookUpCertificate } from "~/participants/certificate.server";

export const meta: MetaFunction = () => [{ title: "Teilnahmebestätigung prüfen – Verwaltung" }];

// A plain GET form: the number is in the URL, nothing changes, and it works without JavaScript.
export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireRole(context, request, "admin");
  const typed = (new URL(request.url).searchParams.get("nr") ?? "").slice(0, 40);
  return { typed, result: typed ? lookUpCertificate(context.db, typed) : null };
}

export default function CertificateLookup() {
  const { typed, result } = useLoaderData<typeof loader>();
  const error = result && !result.ok ? result.reason : null;
  return (
    <div>
      <p>
        <Link to="/admin">← Verwaltung</Link>
      </p>
      <h1>Teilnahmebestätigung prüfen</h1>
      <Form method="get" className="stack" noValidate>
        <div className="field">
          <label htmlFor="field-nr">Nummer der Teilnahmebestätigung</label>
          <span id="field-nr-hint" className="field__hint">
            Zum Beispiel TB-2026-000812
          </span>
          <input
            id="field-nr"
            name="nr"
            defaultValue={typed}
            autoComplete="off"
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? "field-nr-hint field-nr-error" : "field-nr-hint"}
          />
          {error ? (
            <span id="field-nr-error" className="field__error">
              {error === "invalid"
                ? "Bitte geben Sie die Nummer so ein, wie sie auf der Bestätigung steht (TB-Jahr-Nummer)."
                : "Zu dieser Nummer gibt es keine Teilnahmebestätigung."}
            </span>
          ) : null}
        </div>
        <button type="submit" className="button">
          Prüfen
        </button>
      </Form>
      {result?.ok ? (
        <section aria-labelledby="found" className={`notice ${result.attended ? "notice--success" : "notice--warning"}`}>
          <h2 id="found">{result.number}</h2>
          <p>
            {result.name}
            {result.email ? ` (${result.email})` : ""}, {result.seriesTitle}, <DateRange start={result.startsAt} end={result.endsAt} />
          </p>
          <p data-attended={result.attended}>
            {result.attended
              ? "Die Anwesenheit ist erfasst: Die Bestätigung ist echt."
              : "Für diese Anmeldung ist keine Anwesenheit erfasst: Eine Bestätigung hätte nicht ausgestellt werden dürfen."}
          </p>
        </section>
      ) : null}
    </div>
  );
}
