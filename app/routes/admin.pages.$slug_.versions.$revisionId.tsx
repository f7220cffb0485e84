import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/current-user.server";
import { LegalPageArticle } from "~/components/ContentPage";
import { SubmitButton } from "~/components/forms";
import { formatDateTime } from "~/lib/dates";
import { redirectWithFlash } from "~/lib/flash.server";
import { forbidden, notFound, parseId } from "~/lib/http";
import { getRevision, restoreRevision } from "~/pages/content-pages.server";
import { formatCalendarDate, isLegalPageSlug, type LegalPageSlug } from "~/pages/rules";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data ? `${data.label}, Version ${data.number}` : "Version"} – Verwaltung – KI-Infoveranstaltungen` },
];

function slugOf(value: string | undefined): LegalPageSlug {
  if (!isLegalPageSlug(value)) notFound();
  return value;
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  await requireRole(context, request, "admin");
  const revision = getRevision(context.db, slugOf(params.slug), parseId(params.revisionId)) ?? notFound();
  return {
    ...revision,
    savedAt: formatDateTime(revision.savedAt),
    reviewedOn: revision.reviewedOn ? formatCalendarDate(revision.reviewedOn) : null,
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const actor = await requireRole(context, request, "admin");
  const slug = slugOf(params.slug);
  const result = restoreRevision(context.db, actor, slug, parseId(params.revisionId), new Date());
  if (!result.ok) {
    if (result.reason === "forbidden") forbidden();
    if (result.reason === "not_found") notFound();
    const text =
      result.reason === "stale"
        ? "Inzwischen hat jemand eine neuere Version gespeichert. Bitte versuchen Sie es noch einmal."
        : "Diese Version erfüllt die heutigen Regeln nicht (zum Beispiel fehlt das Datum der letzten Überprüfung). Bitte übernehmen Sie den Text im Formular.";
    return redirectWithFlash(context, `/admin/pages/${slug}/versions/${params.revisionId}`, { kind: "error", text });
  }
  return redirectWithFlash(context, `/admin/pages/${slug}`, {
    kind: "success",
    text: result.changed
      ? "Die Version ist wiederhergestellt: Sie ist als neue Version gespeichert und öffentlich."
      : "Das ist bereits die aktuelle Fassung.",
  });
}

export default function AdminPageVersion() {
  const revision = useLoaderData<typeof loader>();
  return (
    <div className="narrow">
      <p>
        <Link to={`/admin/pages/${revision.slug}`}>← {revision.label} bearbeiten</Link>
      </p>
      <h1>
        {revision.label}: Version {revision.number}
      </h1>
      <p data-revision-meta>
        Gespeichert am {revision.savedAt} von {revision.savedBy ?? "(nicht vermerkt)"}.
        {revision.isCurrent
          ? " Das ist die aktuelle, öffentliche Fassung."
          : " Eine frühere Fassung, für die Nachvollziehbarkeit aufbewahrt."}
        {revision.reviewedOn ? ` Datum der letzten Überprüfung in dieser Fassung: ${revision.reviewedOn}.` : ""}
      </p>
      {revision.isCurrent ? null : (
        <Form method="post" className="actions">
          <SubmitButton pendingText="Wird wiederhergestellt …">Diese Version wiederherstellen</SubmitButton>
        </Form>
      )}
      <section className="legal-preview" aria-label={`Version ${revision.number}, wie sie angezeigt wurde`}>
        <LegalPageArticle page={revision} heading="h2" />
      </section>
      <details className="legal-source">
        <summary>Markdown-Text dieser Version</summary>
        <pre>{revision.body}</pre>
      </details>
    </div>
  );
}
