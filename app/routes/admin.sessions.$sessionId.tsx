import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { dayOffWarning } from "~/sessions/day-off";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { STATUS_LABELS } from "~/components/AdminSessionTable";
import { DateRange } from "~/components/DateRange";
import { FormError, SubmitButton } from "~/components/forms";
import { SessionForm } from "~/components/PlanningForms";
import { requireRole } from "~/auth/current-user.server";
import { formatDateTime } from "~/lib/dates";
import { clockFor } from "~/registrations/clock";
import type { Change } from "~emails/session-changed";
import { redirectWithFlash } from "~/lib/flash.server";
import { plural } from "~/lib/plural";
import { fieldErrors } from "~/lib/forms";
import { forbidden, notFound, parseId } from "~/lib/http";
import { getSessionForAdmin, recentAudit } from "~/sessions/admin-overview.server";
import { formToValues, sessionFormValues } from "~/sessions/form-values";
import { ambiguityNote, cancelSchema, parseSessionForm } from "~/sessions/planning.schema";
import { callOffSession, cancelSession, discardDraft, sessionEndOption } from "~/sessions/cancellation.server";
import { SessionEndActions } from "~/components/SessionEndActions";
import { duplicateSession, listFacilitatorCandidates, publishSession, updateSession } from "~/sessions/planning.server";

export const meta: MetaFunction = () => [{ title: "Termin bearbeiten – Verwaltung" }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  await requireRole(context, request, "admin");
  const session = getSessionForAdmin(context.db, parseId(params.sessionId)) ?? notFound();
  return {
    session,
    values: sessionFormValues(session),
    facilitators: listFacilitatorCandidates(context.db),
    endOption: sessionEndOption(context.db, session, new Date()),
    dayOff: session.status === "cancelled" ? null : dayOffWarning(session.startsAt),
    audit: recentAudit(context.db, "session", session.id).map((entry) => ({ id: entry.id, action: entry.action, at: entry.at })),
  };
}

const AUDIT_LABELS: Record<string, string> = {
  session_created: "angelegt",
  session_updated: "geändert",
  session_published: "veröffentlicht",
  session_cancelled: "abgesagt",
  session_called_off: "als ausgefallen gemeldet",
  session_duplicated: "als Kopie angelegt",
  session_imported: "aus CSV importiert",
};

const CANCEL_REFUSALS = {
  not_found: "Diesen Termin gibt es nicht.",
  forbidden: "Dazu fehlt Ihnen die Berechtigung.",
  already_cancelled: "Der Termin war bereits abgesagt.",
  started: "Der Termin hat bereits begonnen und kann nicht mehr abgesagt werden. Fällt er aus, melden Sie ihn als ausgefallen.",
  draft: "Ein Entwurf wird nicht abgesagt, sondern verworfen.",
} as const;

const CALL_OFF_REFUSALS = {
  not_found: "Diesen Termin gibt es nicht.",
  forbidden: "Dazu fehlt Ihnen die Berechtigung.",
  cancelled: "Der Termin ist abgesagt.",
  already_called_off: "Der Termin ist bereits als ausgefallen gemeldet.",
  not_started: "Der Termin hat noch nicht begonnen; sagen Sie ihn stattdessen ab.",
  ended: "Der Termin ist vorbei.",
  attendance_recorded: "Für diesen Termin ist bereits Anwesenheit erfasst; er hat also stattgefunden.",
} as const;

export async function action({ request, context, params }: ActionFunctionArgs) {
  const actor = await requireRole(context, request, "admin");
  const sessionId = parseId(params.sessionId);
  const form = await request.formData();
  const here = `/admin/sessions/${sessionId}`;
  switch (form.get("intent")) {
    case "save": {
      const values = formToValues(form);
      const parsed = parseSessionForm(form);
      if (!parsed.success) return data({ errors: fieldErrors(parsed.error), values, formError: null, preview: null }, { status: 400 });
      const confirmation = form.get("confirmation");
      const result = updateSession(context.db, actor, sessionId, parsed.data, clockFor(context.env), {
        confirmation: typeof confirmation === "string" && confirmation !== "" ? confirmation : undefined,
      });
      if (!result.ok) {
        if (result.reason === "not_found") notFound();
        if (result.reason === "forbidden") forbidden();
        if (result.reason === "needs_confirmation") {
          // Nothing is saved yet: the organiser sees who will be told and confirms this very change.
          const { changes, holders, waitlisted, names, confirmation, stale } = result;
          return data(
            { errors: {}, values, formError: null, preview: { changes, holders, waitlisted, names, confirmation, stale } },
            { status: stale ? 409 : 200 },
          );
        }
        const errors =
          result.reason === "capacity_below_taken"
            ? { capacity: `Es sind bereits ${plural(result.taken, "Platz", "Plätze")} vergeben; die Platzzahl kann nicht kleiner sein.` }
            : result.reason === "invalid_facilitators"
              ? { facilitatorIds: "Bitte wählen Sie nur Personen mit der Rolle Moderation." }
              : {};
        const formError = result.reason === "cancelled" ? "Ein abgesagter Termin kann nicht mehr geändert werden." : null;
        return data({ errors, values, formError, preview: null }, { status: 400 });
      }
      context.sendMailSoon();
      const notes = [ambiguityNote(String(form.get("startsAt") ?? "")), ambiguityNote(String(form.get("endsAt") ?? ""))].filter(Boolean);
      const told = result.notified > 0 ? `${plural(result.notified, "Person wird", "Personen werden")} per E-Mail informiert.` : null;
      return redirectWithFlash(context, here, {
        kind: "success",
        text: ["Der Termin ist gespeichert.", told, ...notes].filter(Boolean).join(" "),
      });
    }
    case "publish": {
      const result = publishSession(context.db, actor, sessionId, context.env.appUrl);
      if (!result.ok && result.reason === "not_found") notFound();
      if (!result.ok && result.reason === "forbidden") forbidden();
      if (result.ok && result.notified > 0) context.sendMailSoon();
      return redirectWithFlash(
        context,
        here,
        result.ok
          ? {
              kind: "success",
              text: `Der Termin ist veröffentlicht.${result.notified ? ` ${plural(result.notified, "Person wird", "Personen werden")} über den neuen Termin informiert.` : ""}`,
            }
          : { kind: "error", text: "Nur Entwürfe können veröffentlicht werden." },
      );
    }
    case "duplicate": {
      const result = duplicateSession(context.db, actor, sessionId);
      if (!result.ok && result.reason === "not_found") notFound();
      if (!result.ok) forbidden();
      return redirectWithFlash(context, `/admin/sessions/${result.sessionId}`, {
        kind: "success",
        // The copy may land on a holiday (Fronleichnam is a Thursday): say so right away.
        text: [
          "Weiterer Termin eine Woche später als Entwurf angelegt.",
          dayOffWarning(result.startsAt),
          "Prüfen Sie die Angaben und veröffentlichen Sie ihn.",
        ]
          .filter(Boolean)
          .join(" "),
      });
    }
    case "cancel":
    case "call-off": {
      const parsed = cancelSchema.safeParse({ reason: form.get("reason") });
      if (!parsed.success) {
        return data(
          { errors: fieldErrors(parsed.error), values: { reason: String(form.get("reason") ?? "") }, formError: null, preview: null },
          { status: 400 },
        );
      }
      const clock = clockFor(context.env);
      if (form.get("intent") === "call-off") {
        const result = callOffSession(context.db, actor, sessionId, parsed.data.reason, clock);
        if (!result.ok && result.reason === "not_found") notFound();
        if (!result.ok && result.reason === "forbidden") forbidden();
        if (result.ok && result.told > 0) context.sendMailSoon();
        return redirectWithFlash(
          context,
          here,
          result.ok
            ? {
                kind: "success",
                text: `Der Termin ist als ausgefallen gemeldet. ${plural(result.told, "Person mit Platz wird", "Personen mit Platz werden")} per E-Mail informiert.`,
              }
            : { kind: "error", text: CALL_OFF_REFUSALS[result.reason] },
        );
      }
      const result = cancelSession(context.db, actor, sessionId, parsed.data.reason, clock);
      if (!result.ok && result.reason === "not_found") notFound();
      if (!result.ok && result.reason === "forbidden") forbidden();
      if (result.ok && result.registrationsCancelled > 0) context.sendMailSoon();
      return redirectWithFlash(
        context,
        here,
        result.ok
          ? {
              kind: "success",
              text: `Der Termin ist abgesagt. ${plural(result.registrationsCancelled, "angemeldete Person wird", "Angemeldete werden")} per E-Mail informiert.`,
            }
          : { kind: "error", text: CANCEL_REFUSALS[result.reason] },
      );
    }
    case "discard": {
      const result = discardDraft(context.db, actor, sessionId, new Date());
      if (!result.ok && result.reason === "not_found") notFound();
      if (!result.ok && result.reason === "forbidden") forbidden();
      if (!result.ok) return redirectWithFlash(context, here, { kind: "error", text: "Nur Entwürfe können verworfen werden." });
      return redirectWithFlash(context, "/admin", { kind: "success", text: "Der Entwurf ist verworfen." });
    }
    default:
      return data({ errors: {}, values: {}, formError: "Unbekannte Aktion.", preview: null }, { status: 400 });
  }
}

type ActionData = {
  errors: Partial<Record<string, string>>;
  values: Record<string, string | string[]>;
  formError: string | null;
  preview: { changes: Change[]; holders: number; waitlisted: number; names: string[]; confirmation: string; stale: boolean } | null;
};

export default function SessionAdmin() {
  const { session, values, facilitators, audit, endOption, dayOff } = useLoaderData<typeof loader>();
  // Success redirects; what comes back is a refused or not yet confirmed save.
  const result = useActionData<typeof action>() as ActionData | undefined;
  const errors: Partial<Record<string, string>> = result?.errors ?? {};
  const formValues = result && "startsAt" in result.values ? result.values : values;
  return (
    <div className="narrow">
      <p>
        <Link to={`/admin/series/${session.seriesId}`}>← {session.seriesTitle}</Link>
      </p>
      <h1>Termin bearbeiten</h1>
      <p className="lead">
        <DateRange start={session.startsAt} end={session.endsAt} />
      </p>
      <p>
        Status: <span className="status">{STATUS_LABELS[session.status]}</span> · Belegt: {session.taken} von {session.capacity} ·
        Warteliste: {session.waitlisted}
        {session.status === "published" ? (
          <>
            {" "}
            · <Link to={`/sessions/${session.id}`}>Ansicht für Mitarbeitende</Link>
          </>
        ) : null}{" "}
        · <Link to={`/sessions/${session.id}/participants`}>Teilnehmende</Link>
      </p>
      {dayOff ? (
        <p className="notice notice--warning" data-day-off>
          {dayOff} Bitte prüfen Sie das Datum.
        </p>
      ) : null}
      {session.status === "cancelled" ? <div className="notice notice--error">Abgesagt: {session.cancelReason}</div> : null}
      {session.calledOffAt ? <div className="notice notice--error">Ausgefallen: {session.calledOffReason}</div> : null}
      <FormError message={result?.formError} />
      <div className="actions no-print">
        {session.status === "draft" ? (
          <Form method="post">
            <SubmitButton name="intent" value="publish" pendingText="Wird veröffentlicht …">
              Veröffentlichen
            </SubmitButton>
          </Form>
        ) : null}
        <Form method="post">
          <SubmitButton name="intent" value="duplicate" className="button button--quiet" pendingText="Wird angelegt …">
            Weiteren Termin anlegen (eine Woche später)
          </SubmitButton>
        </Form>
      </div>
      {session.status !== "cancelled" ? (
        <>
          <h2>Angaben</h2>
          <SessionForm
            values={formValues}
            errors={errors}
            facilitators={facilitators}
            submitLabel={
              result?.preview
                ? `Speichern und ${plural(result.preview.holders + result.preview.waitlisted, "Person", "Personen")} benachrichtigen`
                : "Änderungen speichern"
            }
          >
            {result?.preview ? (
              <div className="notice notice--warning" role="alert">
                {result.preview.stale ? (
                  <p>
                    <strong>Die Änderung weicht von der Vorschau ab. Bitte prüfen Sie die neue Vorschau.</strong>
                  </p>
                ) : null}
                <p>
                  <strong>Noch nicht gespeichert.</strong> Diese Änderungen werden{" "}
                  {plural(result.preview.holders, "angemeldeten Person", "angemeldeten Personen")} mit aktualisierter Kalendereinladung und{" "}
                  {plural(result.preview.waitlisted, "Person", "Personen")} auf der Warteliste per E-Mail mitgeteilt:
                </p>
                <ul>
                  {result.preview.changes.map((change) => (
                    <li key={change.label}>
                      {change.label}: {change.old} → {change.new}
                    </li>
                  ))}
                </ul>
                <p>Benachrichtigt werden: {result.preview.names.join(", ")}</p>
                <input type="hidden" name="confirmation" value={result.preview.confirmation} />
              </div>
            ) : null}
          </SessionForm>
        </>
      ) : null}
      <SessionEndActions
        option={endOption}
        reason={result && "reason" in result.values ? String(result.values.reason) : ""}
        error={errors.reason}
      />
      <h2>Verlauf</h2>
      {audit.length === 0 ? <p className="muted">Noch keine Einträge.</p> : null}
      <ul>
        {audit.map((entry) => (
          <li key={entry.id}>
            {formatDateTime(entry.at)}: {AUDIT_LABELS[entry.action] ?? entry.action}
          </li>
        ))}
      </ul>
    </div>
  );
}
