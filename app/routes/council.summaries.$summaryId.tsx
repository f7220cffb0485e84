import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect } from "react";
import { requireRole } from "~/auth/current-user.server";
import { FieldShell, SubmitButton } from "~/components/forms";
import { SummaryView } from "~/components/SummaryView";
import { redirectWithFlash } from "~/lib/flash.server";
import { forbidden, notFound, parseId, readFormData } from "~/lib/http";
import { REVISION_STATUS_LABELS } from "~/summaries/rules";
import { approveRevision, loadForCouncil, sendBackRevision, type StepResult } from "~/summaries/review.server";

export const meta: MetaFunction = () => [{ title: "Zusammenfassung freigeben – Personalrat – KI-Infoveranstaltungen" }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireRole(context, request, "council");
  const page = loadForCouncil(context.db, user, parseId(params.summaryId), new Date());
  if (!page.ok) {
    if (page.reason === "forbidden") forbidden();
    notFound();
  }
  return page;
}

function settle(result: StepResult) {
  if (!result.ok && result.reason === "forbidden") forbidden();
  if (!result.ok && result.reason === "not_found") notFound();
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const user = await requireRole(context, request, "council");
  const id = parseId(params.summaryId);
  const form = await readFormData(request);
  const intent = String(form.get("intent") ?? "");
  if (intent === "approve") {
    const result = approveRevision(context.db, user, id, new Date());
    settle(result);
    if (!result.ok) return data({ error: { field: "decision", message: "Über diese Fassung ist bereits entschieden." } }, { status: 409 });
    return redirectWithFlash(context, "/council", {
      kind: "success",
      text: "Zusammenfassung freigegeben. Die Moderation kann sie jetzt veröffentlichen.",
    });
  }
  if (intent === "send-back") {
    const comment = String(form.get("comment") ?? "");
    const result = sendBackRevision(context.db, user, id, comment, new Date());
    settle(result);
    if (!result.ok && result.reason === "comment_required") {
      return data(
        { error: { field: "comment", message: "Bitte schreiben Sie der Moderation, was zu ändern ist (3 bis 2000 Zeichen).", comment } },
        { status: 400 },
      );
    }
    if (!result.ok)
      return data({ error: { field: "decision", message: "Über diese Fassung ist bereits entschieden.", comment } }, { status: 409 });
    return redirectWithFlash(context, "/council", {
      kind: "success",
      text: "Zusammenfassung mit Ihrem Kommentar an die Moderation zurückgegeben.",
    });
  }
  return redirectWithFlash(context, `/council/summaries/${id}`, { kind: "error", text: "Diese Aktion ist hier nicht möglich." });
}

export default function CouncilSummary() {
  const page = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const error = result && "error" in result ? result.error : null;
  const navigation = useNavigation();
  useEffect(() => {
    if (navigation.state !== "idle" || !error) return;
    document.querySelector<HTMLElement>('[aria-invalid="true"], [data-action-error]')?.focus();
  }, [error, navigation.state]);
  const waiting = page.status === "in_review";
  return (
    <div>
      <p>
        <Link to="/council">← Zur Übersicht des Personalrats</Link>
      </p>
      <h1>Zusammenfassung prüfen</h1>
      <p data-council-status>
        Fassung {page.number}
        {page.number > 1 ? " (Aktualisierung)" : ""}: <strong>{REVISION_STATUS_LABELS[page.status]}</strong>
      </p>
      {error?.field === "decision" ? (
        <div className="notice notice--error" role="alert" tabIndex={-1} data-action-error>
          {error.message}
        </div>
      ) : null}
      <section aria-labelledby="pruefen-heading">
        <h2 id="pruefen-heading" className="visually-hidden">
          Vorschau
        </h2>
        <p className="muted">So sehen Mitarbeitende die Zusammenfassung nach der Veröffentlichung.</p>
        <SummaryView summary={page.view} headingLevel={2} />
      </section>

      {waiting ? (
        <>
          <h2>Entscheidung</h2>
          <Form method="post" className="actions">
            <SubmitButton name="intent" value="approve" pendingText="Wird freigegeben …">
              Freigeben
            </SubmitButton>
          </Form>
          <Form method="post">
            <FieldShell
              id="comment"
              label="Kommentar für die Moderation"
              hint="Was soll geändert werden? Die Moderation sieht den Kommentar beim Entwurf."
              error={error?.field === "comment" ? error.message : undefined}
            >
              {(describedBy) => (
                <textarea
                  id="comment"
                  name="comment"
                  rows={4}
                  defaultValue={error && "comment" in error ? error.comment : ""}
                  aria-invalid={error?.field === "comment" ? true : undefined}
                  aria-describedby={describedBy}
                />
              )}
            </FieldShell>
            <SubmitButton name="intent" value="send-back" pendingText="Wird zurückgegeben …" className="button button--quiet">
              Mit Kommentar zurückgeben
            </SubmitButton>
          </Form>
        </>
      ) : (
        <p>Über diese Fassung ist entschieden; sie wartet nicht mehr auf den Personalrat.</p>
      )}
    </div>
  );
}
