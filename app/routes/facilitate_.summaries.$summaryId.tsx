import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation, useNavigation } from "@remix-run/react";
import { useEffect } from "react";
import { requireRole, type CurrentUser } from "~/auth/current-user.server";
import { FieldShell, SubmitButton } from "~/components/forms";
import { SummaryItemFields } from "~/components/SummaryItemFields";
import { SummaryView } from "~/components/SummaryView";
import { redirectWithFlash } from "~/lib/flash.server";
import { forbidden, notFound, parseId, readFormData } from "~/lib/http";
import { loadEditor, saveDraft, startUpdate, type DraftErrors } from "~/summaries/compose.server";
import { publishSummary, withdrawSummary } from "~/summaries/publish.server";
import { relinkItem } from "~/summaries/relink.server";
import { submitForReview } from "~/summaries/review.server";
import { idSchema, parseDraftForm, type DraftFormValues } from "~/summaries/summaries.schema";

export const meta: MetaFunction = () => [{ title: "Zusammenfassung bearbeiten – Moderation – KI-Infoveranstaltungen" }];

function refuse(reason: "forbidden" | "not_found"): never {
  if (reason === "forbidden") forbidden();
  notFound();
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireRole(context, request, "facilitator", "admin");
  const editor = loadEditor(context.db, user, parseId(params.summaryId), new Date());
  if (!editor.ok) refuse(editor.reason);
  return editor;
}

// --- One handler per intent ---------------------------------------------------------------

type Ctx = ActionFunctionArgs["context"];
type Request_ = { context: Ctx; user: CurrentUser; form: FormData; id: number; self: string };

type ActionError = { intent: string; message?: string; errors?: DraftErrors; values?: DraftFormValues };

function refused(error: ActionError, status = 400) {
  return data<{ error: ActionError }>({ error }, { status });
}

const STEP_MESSAGES: Record<string, string> = {
  empty: "Die Zusammenfassung enthält noch keine Frage. Wählen Sie mindestens eine beantwortete Frage aus und speichern Sie den Entwurf.",
  item_without_answer: "Mindestens eine ausgewählte Frage hat keine Antwort. Ergänzen Sie die Antwort oder nehmen Sie die Frage heraus.",
  approval_required: "Vor der Veröffentlichung muss der Personalrat die Zusammenfassung freigeben. Geben Sie sie zuerst zur Freigabe.",
  nothing_to_publish: "Es gibt keinen Entwurf, der veröffentlicht werden könnte.",
  approval_off: "Die Abstimmung mit dem Personalrat ist ausgeschaltet; Sie können direkt veröffentlichen.",
  invalid_state: "Das ist im jetzigen Zustand der Zusammenfassung nicht möglich. Die Seite zeigt den aktuellen Stand.",
  not_outdated: "Diese Frage bezieht sich bereits auf die geltende Fassung.",
  no_counterpart: "Die geltende Fassung hat keinen Abschnitt mit derselben Kennung; ordnen Sie die Frage in einer Aktualisierung neu zu.",
};

async function save({ context, user, form, id, self }: Request_) {
  const parsed = parseDraftForm(form);
  if (!parsed) notFound();
  const result = saveDraft(context.db, user, id, parsed.input, new Date());
  if (!result.ok) {
    if (result.reason === "forbidden" || result.reason === "not_found") refuse(result.reason);
    if (result.reason === "invalid") return refused({ intent: "save", errors: result.errors, values: parsed.values });
    const message =
      result.reason === "stale"
        ? "Die Zusammenfassung wurde inzwischen von jemand anderem gespeichert, zur Freigabe gegeben oder veröffentlicht. Ihre Eingaben stehen noch im Formular; sichern Sie sie und laden Sie die Seite neu, bevor Sie erneut speichern."
        : "Die Zusammenfassung liegt dem Personalrat zur Freigabe vor und kann erst nach seiner Entscheidung geändert werden.";
    return refused({ intent: "save", errors: { form: message }, values: parsed.values }, 409);
  }
  const text = result.approvalWithdrawn
    ? "Entwurf gespeichert. Die Freigabe des Personalrats gilt für den geänderten Text nicht mehr; bitte geben Sie ihn erneut zur Freigabe."
    : `Entwurf gespeichert (${result.items === 1 ? "1 Frage" : `${result.items} Fragen`}).`;
  return redirectWithFlash(context, `${self}#vorschau`, { kind: "success", text });
}

async function submit({ context, user, id, self }: Request_) {
  const result = submitForReview(context.db, user, id, new Date());
  if (!result.ok) {
    if (result.reason === "forbidden" || result.reason === "not_found") refuse(result.reason);
    return refused({ intent: "publish", message: STEP_MESSAGES[result.reason] ?? STEP_MESSAGES.invalid_state });
  }
  return redirectWithFlash(context, self, { kind: "success", text: "Die Zusammenfassung liegt dem Personalrat zur Freigabe vor." });
}

async function publish({ context, user, id, self }: Request_) {
  const result = publishSummary(context.db, user, id, { now: new Date(), appUrl: context.env.appUrl });
  if (!result.ok) {
    if (result.reason === "forbidden" || result.reason === "not_found") refuse(result.reason);
    const message =
      result.reason === "foreign_question"
        ? `Frage Nr. ${result.questionIds.join(", Nr. ")} gehört nicht zu dieser Zusammenfassung. Nehmen Sie sie aus dem Entwurf heraus.`
        : STEP_MESSAGES[result.reason];
    return refused({ intent: "publish", message });
  }
  context.sendMailSoon();
  const mailed =
    result.mailed === 0 ? "" : ` ${result.mailed === 1 ? "1 Person wird" : `${result.mailed} Personen werden`} per E-Mail informiert.`;
  return redirectWithFlash(context, self, {
    kind: "success",
    text: `${result.number === 1 ? "Zusammenfassung veröffentlicht." : "Aktualisierung veröffentlicht."}${mailed}`,
  });
}

async function update({ context, user, id, self }: Request_) {
  const result = startUpdate(context.db, user, id, new Date());
  if (!result.ok) {
    if (result.reason === "forbidden" || result.reason === "not_found") refuse(result.reason);
    return refused({ intent: "publish", message: STEP_MESSAGES.invalid_state });
  }
  return redirectWithFlash(context, `${self}#editor-heading`, {
    kind: "success",
    text: "Aktualisierung begonnen. Mitarbeitende sehen weiter die veröffentlichte Fassung, bis Sie die Aktualisierung veröffentlichen.",
  });
}

async function withdraw({ context, user, id }: Request_) {
  const result = withdrawSummary(context.db, user, id, new Date());
  if (!result.ok) refuse(result.reason);
  return redirectWithFlash(context, "/facilitate/summaries", { kind: "success", text: "Zusammenfassung zurückgezogen." });
}

async function relink({ context, user, form, id, self }: Request_) {
  const questionId = idSchema.safeParse(String(form.get("questionId") ?? ""));
  if (!questionId.success) notFound();
  const result = relinkItem(context.db, user, id, questionId.data, new Date());
  if (!result.ok) {
    if (result.reason === "forbidden" || result.reason === "not_found") refuse(result.reason);
    return refused({ intent: `relink-${questionId.data}`, message: STEP_MESSAGES[result.reason] });
  }
  return redirectWithFlash(context, `${self}#fassungen`, {
    kind: "success",
    text: `Frage Nr. ${questionId.data} bezieht sich jetzt auf die geltende Fassung der Dienstvereinbarung.`,
  });
}

const HANDLERS: Record<string, (r: Request_) => Promise<Response | ReturnType<typeof refused>>> = {
  save,
  submit,
  publish,
  update,
  withdraw,
  relink,
};

export async function action({ request, context, params }: ActionFunctionArgs) {
  const user = await requireRole(context, request, "facilitator", "admin");
  const id = parseId(params.summaryId);
  const form = await readFormData(request);
  const self = `/facilitate/summaries/${id}`;
  const handler = HANDLERS[String(form.get("intent") ?? "")];
  if (!handler) return redirectWithFlash(context, self, { kind: "error", text: "Diese Aktion ist hier nicht möglich." });
  return handler({ context, user, form, id, self });
}

// --- Page ---------------------------------------------------------------------------------

export default function SummaryEditor() {
  const editor = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const error = result && "error" in result ? result.error : null;
  const navigation = useNavigation();
  const { working, published, history } = editor;
  const saveErrors = error?.intent === "save" ? (error.errors ?? {}) : {};
  const values = error?.intent === "save" ? error.values : undefined;

  const location = useLocation();
  // With JavaScript the page is not reloaded: focus goes where it would go without it (the
  // heading named in the address after a step), or to the first refused field.
  useEffect(() => {
    if (navigation.state !== "idle") return;
    const target = error
      ? document.querySelector<HTMLElement>('[aria-invalid="true"], [data-action-error]')
      : location.hash
        ? document.getElementById(location.hash.slice(1))
        : null;
    target?.focus();
  }, [error, navigation.state, location]);

  const approvalOn = editor.councilApproval;
  const status = working?.status;
  return (
    <div>
      <p>
        <Link to="/facilitate/summaries">← Zu den Zusammenfassungen</Link>
      </p>
      <h1>Zusammenfassung: {editor.title}</h1>
      <p data-summary-status>
        {working ? (
          <>
            {working.number > 1 ? "Aktualisierung" : "Bearbeitung"}: <strong>{working.statusLabel}</strong>
          </>
        ) : (
          <strong>veröffentlicht</strong>
        )}
        {published ? (
          <>
            {" · "}Mitarbeitende lesen die veröffentlichte Fassung unter{" "}
            <a href={`/qa/summaries/${editor.id}`}>{`/qa/summaries/${editor.id}`}</a>.
          </>
        ) : null}
      </p>
      {working?.councilComment && status === "draft" ? (
        <div className="notice notice--warning" data-council-comment>
          <strong>Der Personalrat hat die Zusammenfassung zurückgegeben:</strong> {working.councilComment}
        </div>
      ) : null}

      {working ? (
        <>
          <h2 id="editor-heading" tabIndex={-1}>
            {working.number > 1 ? "Aktualisierung bearbeiten" : "Entwurf bearbeiten"}
          </h2>
          {working.editable ? (
            <Form method="post" noValidate>
              <input type="hidden" name="revisionId" value={working.id} />
              <input type="hidden" name="loadedVersion" value={working.version} />
              {saveErrors.form ? (
                <div className="notice notice--error" role="alert" tabIndex={-1} data-action-error>
                  {saveErrors.form}
                </div>
              ) : null}
              <FieldShell id="intro" label="Einleitung" hint="Markdown ist möglich. Erscheint über den Fragen." error={saveErrors.intro}>
                {(describedBy) => (
                  <textarea
                    id="intro"
                    name="intro"
                    rows={4}
                    defaultValue={values?.intro ?? working.intro}
                    aria-invalid={saveErrors.intro ? true : undefined}
                    aria-describedby={describedBy}
                  />
                )}
              </FieldShell>
              {working.number > 1 ? (
                <div className="checkbox">
                  <input
                    type="checkbox"
                    id="notifyParticipants"
                    name="notifyParticipants"
                    value="1"
                    defaultChecked={values?.notifyParticipants ?? working.notifyParticipants}
                  />
                  <label htmlFor="notifyParticipants">Teilnehmende über die Änderung informieren</label>
                </div>
              ) : null}
              <h3>Beantwortete Fragen</h3>
              {working.rows.length === 0 ? (
                <p>Zu diesem Termin gibt es noch keine beantworteten Fragen.</p>
              ) : (
                <ol className="session-list">
                  {working.rows.map((row) => (
                    <SummaryItemFields
                      key={row.questionId}
                      row={row}
                      sections={editor.sections}
                      values={values?.rows[String(row.questionId)]}
                      errors={saveErrors}
                    />
                  ))}
                </ol>
              )}
              <SubmitButton name="intent" value="save" pendingText="Wird gespeichert …">
                Entwurf speichern
              </SubmitButton>
            </Form>
          ) : (
            <p className="notice" data-in-review>
              Die Zusammenfassung liegt dem Personalrat zur Freigabe vor. Sie kann erst nach seiner Entscheidung wieder geändert werden.
            </p>
          )}

          <section aria-labelledby="vorschau" className="preview">
            <h2 id="vorschau" tabIndex={-1}>
              Vorschau
            </h2>
            <p className="muted">So sehen Mitarbeitende den gespeicherten Stand nach der Veröffentlichung.</p>
            <SummaryView summary={working.preview} headingLevel={2} />
          </section>

          <h2 id="veroeffentlichen">{approvalOn ? "Freigabe und Veröffentlichung" : "Veröffentlichung"}</h2>
          {error?.intent === "publish" ? (
            <div className="notice notice--error" role="alert" tabIndex={-1} data-action-error>
              {error.message}
            </div>
          ) : null}
          {approvalOn ? (
            <p>
              Die Abstimmung mit dem Personalrat ist eingeschaltet: veröffentlicht wird nur ein vom Personalrat freigegebener Stand.
              {working.preview.dates.approved ? ` Freigegeben am ${working.preview.dates.approved}.` : ""}
            </p>
          ) : null}
          <Form method="post" className="actions">
            {approvalOn && status === "draft" ? (
              <SubmitButton name="intent" value="submit" pendingText="Wird übergeben …">
                Zur Freigabe an den Personalrat geben
              </SubmitButton>
            ) : null}
            {!approvalOn || status === "approved" ? (
              <SubmitButton name="intent" value="publish" pendingText="Wird veröffentlicht …">
                {working.number > 1 ? "Aktualisierung veröffentlichen" : "Veröffentlichen"}
              </SubmitButton>
            ) : null}
          </Form>
          <p className="muted">Veröffentlicht wird der gespeicherte Stand, wie ihn die Vorschau zeigt.</p>
        </>
      ) : (
        <Form method="post" className="actions">
          <SubmitButton name="intent" value="update" pendingText="Wird angelegt …">
            Aktualisierung beginnen
          </SubmitButton>
        </Form>
      )}

      {published ? (
        <section aria-labelledby="fassungen">
          <h2 id="fassungen" tabIndex={-1}>
            Veröffentlichte Fassung
          </h2>
          {published.outdated.length > 0 ? (
            <div className="notice notice--warning">
              <p>
                {published.outdated.length === 1 ? "Eine Frage bezieht" : `${published.outdated.length} Fragen beziehen`} sich auf einen
                Abschnitt einer früheren Fassung der Dienstvereinbarung, der sich inzwischen geändert hat.
              </p>
              <ul>
                {published.outdated.map((item) => (
                  <li key={item.questionId} data-outdated={item.questionId}>
                    Nr. {item.questionId}: „{item.questionText}“ – Fassung vom {item.date}
                    {item.relinkTo !== null ? (
                      <Form method="post">
                        <input type="hidden" name="questionId" value={item.questionId} />
                        <SubmitButton name="intent" value="relink" pendingText="Wird verknüpft …" className="button button--quiet">
                          Mit der geltenden Fassung verknüpfen (Nr. {item.questionId})
                        </SubmitButton>
                      </Form>
                    ) : (
                      " – in der geltenden Fassung gibt es diesen Abschnitt nicht mehr."
                    )}
                    {error?.intent === `relink-${item.questionId}` ? (
                      <span className="field__error" data-action-error tabIndex={-1}>
                        {error.message}
                      </span>
                    ) : null}
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
          {working ? (
            // One view per page: its ids (abschnitt-…, frage-…) are those of the published page.
            <p>
              <Link to={`/facilitate/summaries/${editor.id}/revisions/${published.number}`}>
                Veröffentlichte Fassung {published.number} ansehen
              </Link>
            </p>
          ) : (
            <SummaryView summary={published.view} headingLevel={2} />
          )}
        </section>
      ) : null}

      {history.length > 0 ? (
        <section aria-labelledby="frueher">
          <h2 id="frueher">Frühere Fassungen</h2>
          <p className="muted">Für die Nachvollziehbarkeit aufbewahrt; Mitarbeitende sehen nur die veröffentlichte Fassung.</p>
          <ul>
            {history.map((entry) => (
              <li key={entry.id} data-history={entry.number}>
                <Link to={`/facilitate/summaries/${editor.id}/revisions/${entry.number}`}>Fassung {entry.number}</Link>
                {entry.publishedOn ? `, veröffentlicht am ${entry.publishedOn}` : ""}
                {entry.approvedOn ? `, abgestimmt mit dem Personalrat am ${entry.approvedOn}` : ""}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <h2>Zurückziehen</h2>
      <details>
        <summary>Zusammenfassung zurückziehen</summary>
        <p>
          Die Zusammenfassung verschwindet aus „Fragen &amp; Antworten“ und aus der Suche. Alle Fassungen bleiben für die
          Nachvollziehbarkeit gespeichert. Dafür ist keine Freigabe nötig.
        </p>
        <Form method="post">
          <SubmitButton name="intent" value="withdraw" pendingText="Wird zurückgezogen …" className="button">
            Jetzt zurückziehen
          </SubmitButton>
        </Form>
      </details>
    </div>
  );
}
