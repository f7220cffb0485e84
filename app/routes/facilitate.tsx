import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useLocation, useNavigation } from "@remix-run/react";
import { useEffect } from "react";
import type { z } from "zod";
import { FacilitateQuestion, type ReviewFormError } from "~/components/FacilitateQuestion";
import { BulkActions, Pagination, QueueFilterForm, StateCounts } from "~/components/FacilitateQueue";
import { requireRole, type CurrentUser } from "~/auth/current-user.server";
import { redirectWithFlash } from "~/lib/flash.server";
import { fieldErrors } from "~/lib/forms";
import { forbidden, notFound } from "~/lib/http";
import { questionKeyFrom } from "~/questions/question-key.server";
import {
  acceptQuestions,
  answerQuestion,
  assignSection,
  editWording,
  listQueue,
  mergeQuestion,
  rejectQuestions,
  setFollowUp,
  type ReviewResult,
} from "~/questions/review.server";
import {
  answerSchema,
  mergeTargetSchema,
  parseQueueFilters,
  questionIdSchema,
  questionIdsSchema,
  queueSearch,
  rejectReasonSchema,
  sectionChoiceSchema,
  wordingSchema,
} from "~/questions/review.schema";

export const meta: MetaFunction = () => [{ title: "Fragen prüfen – Moderation – KI-Infoveranstaltungen" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireRole(context, request, "facilitator", "admin");
  const filters = parseQueueFilters(new URL(request.url).searchParams);
  const queue = listQueue(context.db, user, filters, new Date());
  if ("ok" in queue) forbidden();
  return { ...queue, filters };
}

// --- One handler per intent ---------------------------------------------------------------

type Ctx = ActionFunctionArgs["context"];
type Request_ = { context: Ctx; user: CurrentUser; form: FormData; back: string };

const REFUSED: Record<string, string> = {
  invalid_state: "Das ist bei dieser Frage in ihrem jetzigen Zustand nicht möglich. Die Liste zeigt den aktuellen Stand.",
  empty: "Die Eingabe war leer oder zu lang; es wurde nichts geändert.",
};

function clock(context: Ctx) {
  return { now: new Date(), appUrl: context.env.appUrl };
}

function invalid(questionId: number | "bulk", intent: string, errors: Partial<Record<string, string>>, values: Record<string, string>) {
  return data<{ error: ReviewFormError }>({ error: { questionId, intent, errors, values } }, { status: 400 });
}

function text(form: FormData, name: string): string {
  return String(form.get(name) ?? "");
}

/** 403 for a question outside the person's sessions, 404 for none; other refusals as a message. */
async function finish(
  { context, back }: Request_,
  result: ReviewResult,
  success: (changed: number, skipped: number) => string,
  focus: string,
) {
  if (!result.ok && result.reason === "forbidden") forbidden();
  if (!result.ok && result.reason === "not_found") notFound();
  context.sendMailSoon();
  if (!result.ok) return redirectWithFlash(context, back, { kind: "error", text: REFUSED[result.reason] ?? "Das ist nicht möglich." });
  return redirectWithFlash(context, `${back}#${focus}`, { kind: "success", text: success(result.changed, result.skipped) });
}

function oneQuestion(form: FormData): number {
  const parsed = questionIdSchema.safeParse(form.get("questionId"));
  if (!parsed.success) notFound();
  return parsed.data;
}

function focusTarget(form: FormData, fallback: string): string {
  const value = text(form, "focus");
  return /^(q-\d{1,16}|queue-heading|bulk-heading)$/.test(value) ? value : fallback;
}

const skippedNote = (skipped: number) => (skipped > 0 ? ` ${skipped} übersprungen, weil ihr Zustand das nicht zuließ.` : "");

async function accept(r: Request_) {
  const id = oneQuestion(r.form);
  const result = acceptQuestions(r.context.db, r.user, [id], clock(r.context));
  return finish(r, result, () => `Frage Nr. ${id} angenommen.`, focusTarget(r.form, "queue-heading"));
}

async function reject(r: Request_) {
  const id = oneQuestion(r.form);
  const reason = rejectReasonSchema.safeParse(text(r.form, "reason"));
  if (!reason.success) return invalid(id, "reject", { reason: reason.error.issues[0]?.message }, { reason: text(r.form, "reason") });
  const result = rejectQuestions(r.context.db, r.user, [id], reason.data, clock(r.context));
  return finish(r, result, () => `Frage Nr. ${id} nicht angenommen.`, focusTarget(r.form, "queue-heading"));
}

async function merge(r: Request_) {
  const id = oneQuestion(r.form);
  const values = { targetId: text(r.form, "targetId") };
  const target = mergeTargetSchema.safeParse(values.targetId);
  if (!target.success) return invalid(id, "merge", { targetId: target.error.issues[0]?.message }, values);
  const result = mergeQuestion(
    r.context.db,
    r.user,
    { sourceId: id, targetId: target.data },
    questionKeyFrom(r.context.env),
    clock(r.context),
  );
  if (!result.ok && result.reason === "same_question") {
    return invalid(id, "merge", { targetId: "Eine Frage kann nicht mit sich selbst zusammengeführt werden." }, values);
  }
  if (!result.ok && result.reason === "target_unavailable") {
    return invalid(id, "merge", { targetId: `Unter Nr. ${target.data} gibt es keine offene Frage, die Sie bearbeiten können.` }, values);
  }
  return finish(r, result, () => `Frage Nr. ${id} mit Nr. ${target.data} zusammengeführt.`, focusTarget(r.form, "queue-heading"));
}

async function section(r: Request_) {
  const id = oneQuestion(r.form);
  const choice = sectionChoiceSchema.safeParse(text(r.form, "sectionId"));
  if (!choice.success) return invalid(id, "section", { sectionId: "Bitte wählen Sie einen Abschnitt aus der Liste." }, {});
  const result = assignSection(r.context.db, r.user, [id], choice.data, clock(r.context));
  if (!result.ok && result.reason === "unknown_section") {
    return invalid(id, "section", { sectionId: "Bitte wählen Sie einen Abschnitt aus der Liste." }, {});
  }
  return finish(r, result, () => `Abschnitt für Frage Nr. ${id} gespeichert.`, focusTarget(r.form, `q-${id}`));
}

async function edit(r: Request_) {
  const id = oneQuestion(r.form);
  const wording = wordingSchema.safeParse(text(r.form, "text"));
  if (!wording.success) return invalid(id, "edit", { text: wording.error.issues[0]?.message }, { text: text(r.form, "text") });
  const result = editWording(r.context.db, r.user, id, wording.data, clock(r.context));
  return finish(r, result, () => `Wortlaut von Frage Nr. ${id} gespeichert.`, focusTarget(r.form, `q-${id}`));
}

async function answer(r: Request_) {
  const id = oneQuestion(r.form);
  const values = {
    how: text(r.form, "how"),
    answer: text(r.form, "answer"),
    sectionId: r.form.has("sectionId") ? text(r.form, "sectionId") : undefined,
  };
  const parsed = answerSchema.safeParse(values);
  const typed = { how: values.how, answer: values.answer, sectionId: text(r.form, "sectionId") };
  if (!parsed.success) return invalid(id, "answer", fieldErrors(parsed.error as z.ZodError), typed);
  const result = answerQuestion(r.context.db, r.user, id, parsed.data, clock(r.context));
  if (!result.ok && result.reason === "unknown_section") {
    return invalid(id, "answer", { sectionId: "Bitte wählen Sie einen Abschnitt aus der Liste." }, typed);
  }
  return finish(r, result, () => `Antwort zu Frage Nr. ${id} gespeichert.`, focusTarget(r.form, "queue-heading"));
}

async function followUp(r: Request_) {
  const id = oneQuestion(r.form);
  const flag = text(r.form, "followUp") === "1";
  const result = setFollowUp(r.context.db, r.user, id, flag, clock(r.context));
  return finish(
    r,
    result,
    () => (flag ? `Frage Nr. ${id}: Die Antwort wird nachgereicht.` : `Frage Nr. ${id}: Nicht mehr als nachzureichen markiert.`),
    focusTarget(r.form, `q-${id}`),
  );
}

function selection(r: Request_) {
  return questionIdsSchema.safeParse(r.form.getAll("questionId").map(String));
}

function bulkValues(r: Request_) {
  return { reason: text(r.form, "reason"), sectionId: text(r.form, "sectionId") };
}

async function bulkAccept(r: Request_) {
  const ids = selection(r);
  if (!ids.success) return invalid("bulk", "bulk-accept", { questionId: ids.error.issues[0]?.message }, bulkValues(r));
  const result = acceptQuestions(r.context.db, r.user, ids.data, clock(r.context));
  return finish(r, result, (n, skipped) => `${n === 1 ? "1 Frage" : `${n} Fragen`} angenommen.${skippedNote(skipped)}`, "queue-heading");
}

async function bulkReject(r: Request_) {
  const ids = selection(r);
  const reason = rejectReasonSchema.safeParse(text(r.form, "reason"));
  if (!ids.success || !reason.success) {
    return invalid(
      "bulk",
      "bulk-reject",
      { questionId: ids.error?.issues[0]?.message, reason: reason.error?.issues[0]?.message },
      bulkValues(r),
    );
  }
  const result = rejectQuestions(r.context.db, r.user, ids.data, reason.data, clock(r.context));
  return finish(
    r,
    result,
    (n, skipped) => `${n === 1 ? "1 Frage" : `${n} Fragen`} nicht angenommen.${skippedNote(skipped)}`,
    "queue-heading",
  );
}

async function bulkSection(r: Request_) {
  const ids = selection(r);
  const choice = sectionChoiceSchema.safeParse(text(r.form, "sectionId"));
  if (!ids.success || !choice.success) {
    return invalid(
      "bulk",
      "bulk-section",
      {
        questionId: ids.error?.issues[0]?.message,
        sectionId: choice.error ? "Bitte wählen Sie einen Abschnitt aus der Liste." : undefined,
      },
      bulkValues(r),
    );
  }
  const result = assignSection(r.context.db, r.user, ids.data, choice.data, clock(r.context));
  if (!result.ok && result.reason === "unknown_section") {
    return invalid("bulk", "bulk-section", { sectionId: "Bitte wählen Sie einen Abschnitt aus der Liste." }, bulkValues(r));
  }
  return finish(
    r,
    result,
    (n, skipped) => `Abschnitt für ${n === 1 ? "1 Frage" : `${n} Fragen`} gespeichert.${skippedNote(skipped)}`,
    "queue-heading",
  );
}

const HANDLERS: Record<string, (r: Request_) => Promise<Response | ReturnType<typeof invalid>>> = {
  accept,
  reject,
  merge,
  section,
  edit,
  answer,
  "follow-up": followUp,
  "bulk-accept": bulkAccept,
  "bulk-reject": bulkReject,
  "bulk-section": bulkSection,
};

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireRole(context, request, "facilitator", "admin");
  const form = await request.formData();
  // Back to the same view of the queue (filters, page); only ever a /facilitate address.
  const returnTo = text(form, "returnTo");
  const back = /^\/facilitate(\?[^#\s\\]*)?$/.test(returnTo) ? returnTo : "/facilitate";
  const handler = HANDLERS[text(form, "intent")];
  if (!handler) return redirectWithFlash(context, back, { kind: "error", text: "Diese Aktion ist hier nicht möglich." });
  return handler({ context, user, form, back });
}

export default function Facilitate() {
  const { items, counts, total, page, pageCount, options, filters } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const error = result && "error" in result ? result.error : null;
  const location = useLocation();
  const navigation = useNavigation();
  const returnTo = `/facilitate${queueSearch({ ...filters, page })}`;

  // With JavaScript the page is not reloaded: focus goes where it would go without it (the
  // card or heading named in the address), or to the field with the error.
  useEffect(() => {
    if (navigation.state !== "idle") return;
    const target = error
      ? document.querySelector<HTMLElement>(`[aria-invalid="true"], #bulk-selection-error`)
      : location.hash
        ? document.getElementById(location.hash.slice(1))
        : null;
    target?.focus();
  }, [location, error, navigation.state]);

  return (
    <div>
      <p>
        <Link to="/moderation">← Zur Moderation</Link> · <Link to="/facilitate/summaries">Zusammenfassungen veröffentlichen</Link>
      </p>
      <h1>Fragen prüfen</h1>
      <p>
        Eingereichte Fragen annehmen, zusammenführen, einem Abschnitt zuordnen, beantworten oder mit Begründung ablehnen. Wer namentlich
        gefragt hat, erfährt das Ergebnis per E-Mail; anonyme Fragen lösen keine E-Mail aus.
      </p>
      <QueueFilterForm filters={filters} options={options} />
      <StateCounts counts={counts} filters={filters} />
      <h2 id="queue-heading" tabIndex={-1}>
        {total === 1 ? "1 Frage" : `${total} Fragen`}
        {pageCount > 1 ? ` – Seite ${page} von ${pageCount}` : ""}
      </h2>
      {items.length > 0 ? (
        <p>
          <a href="#bulk-heading">Zu den Aktionen für mehrere Fragen</a>
        </p>
      ) : (
        <p>Zu dieser Auswahl gibt es keine Fragen.</p>
      )}
      {items.length > 0 ? (
        <ol className="session-list" aria-labelledby="queue-heading">
          {items.map((item, index) => {
            const next = items[index + 1] ?? items[index - 1];
            // After an action that moves the question out of this list, focus goes to the next one.
            const focusAfterChange = filters.status === "all" ? `q-${item.id}` : next ? `q-${next.id}` : "queue-heading";
            return (
              <FacilitateQuestion
                key={item.id}
                item={item}
                sections={options.sections}
                returnTo={returnTo}
                focusAfterChange={focusAfterChange}
                error={error}
              />
            );
          })}
        </ol>
      ) : null}
      <Pagination filters={filters} page={page} pageCount={pageCount} />
      {items.length > 0 ? <BulkActions sections={options.sections} returnTo={returnTo} error={error} /> : null}
    </div>
  );
}
