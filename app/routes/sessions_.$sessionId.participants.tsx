import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { ConfirmedAction } from "~/components/ConfirmedAction";
import { DateRange } from "~/components/DateRange";
import { SubmitButton, TextField } from "~/components/forms";
import { requireUser } from "~/auth/current-user.server";
import { formatDateNumeric, formatTime } from "~/lib/dates";
import { redirectWithFlash, type Flash } from "~/lib/flash.server";
import { fieldErrors, formValues } from "~/lib/forms";
import { forbidden, notFound, parseId } from "~/lib/http";
import {
  canManageSession,
  listParticipants,
  messageParticipants,
  participantCounters,
  registerByHand,
  sessionHeader,
  setAttendance,
} from "~/participants/participants.server";
import { REFUSAL_MESSAGES } from "~/registrations/messages";
import { clockFor } from "~/registrations/clock";
import { listMoveTargets, movePerson } from "~/participants/move.server";
import { registrationLabel } from "~/registrations/rules";
import { PARTICIPANT_SORTS, PARTICIPANT_SORT_LABELS, parseParticipantSort } from "~/participants/sort";

export const meta: MetaFunction = () => [{ title: "Teilnehmende – KI-Infoveranstaltungen" }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireUser(context, request);
  const sessionId = parseId(params.sessionId);
  const session = sessionHeader(context.db, sessionId) ?? notFound();
  if (!canManageSession(context.db, user, sessionId)) forbidden();
  const now = new Date();
  const isAdmin = user.roles.includes("admin");
  const sort = parseParticipantSort(new URL(request.url).searchParams.get("sort"));
  return {
    session,
    sort,
    participants: listParticipants(context.db, sessionId, sort),
    counters: participantCounters(context.db, sessionId),
    started: session.startsAt <= now,
    // Without JavaScript, "Alle Bestätigten als anwesend" leads here first: the confirmation step.
    confirmAttendAll: session.startsAt <= now && new URL(request.url).searchParams.get("alle-anwesend") === "1",
    isAdmin,
    // Sessions a person can be moved to: same series, published, not started, not this one.
    // Nobody is moved out of a session that has begun, so then there are none.
    moveTargets:
      isAdmin && session.startsAt > now
        ? listMoveTargets(context.db, sessionId, now).map((s) => ({
            id: s.id,
            label: `${formatDateNumeric(s.startsAt)} ${formatTime(s.startsAt)} (${s.seatsHeld} von ${s.capacity} Plätzen belegt)`,
          }))
        : [],
  };
}

const byHandSchema = z.object({
  // The same rule as the profile's name (NO_CONTROL_CHARACTERS in ~/auth/sign-in.schema): no line breaks, NUL or other control characters.
  displayName: z
    .string()
    // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
    .regex(/^[^\u0000-\u001f\u007f-\u009f]*$/, "Der Name darf keine Steuerzeichen wie Zeilenumbrüche oder Tabulatoren enthalten.")
    .trim()
    .min(2, "Bitte geben Sie den Namen ein (mindestens 2 Zeichen).")
    .max(100, "Höchstens 100 Zeichen."),
  department: z
    .string()
    .trim()
    .max(120, "Höchstens 120 Zeichen.")
    .optional()
    .transform((v) => v || null),
  email: z
    .string()
    .trim()
    .toLowerCase()
    .optional()
    .transform((v) => v || null)
    .pipe(z.email("Bitte eine gültige Adresse eingeben oder das Feld leer lassen.").nullable()),
});

export async function action({ request, context, params }: ActionFunctionArgs) {
  const user = await requireUser(context, request);
  const sessionId = parseId(params.sessionId);
  if (!canManageSession(context.db, user, sessionId)) forbidden();
  const form = await request.formData();
  const here = `/sessions/${sessionId}/participants`;
  const now = new Date();
  const intent = form.get("intent");
  if (intent === "register-by-hand") {
    const parsed = byHandSchema.safeParse(Object.fromEntries(form));
    if (!parsed.success)
      return data({ errors: fieldErrors(parsed.error), values: formValues(form, ["displayName", "department", "email"]) }, { status: 400 });
    const result = registerByHand(context.db, user, sessionId, parsed.data, clockFor(context.env, now));
    if (!result.ok && result.reason === "forbidden") forbidden();
    context.sendMailSoon();
    const flash: Flash = !result.ok
      ? { kind: "error", text: REFUSAL_MESSAGES[result.reason as keyof typeof REFUSAL_MESSAGES] ?? "Nicht möglich." }
      : result.outcome === "confirmed"
        ? { kind: "success", text: `${parsed.data.displayName} ist angemeldet.` }
        : result.outcome === "waitlisted"
          ? { kind: "info", text: `Ausgebucht: ${parsed.data.displayName} steht auf Platz ${result.position} der Warteliste.` }
          : { kind: "info", text: `${parsed.data.displayName} ist bereits angemeldet.` };
    return redirectWithFlash(context, here, flash);
  }
  if (intent === "message") {
    const audience = form.get("audience") === "waitlist" ? "waitlist" : "holders";
    const text = String(form.get("text") ?? "");
    const result = messageParticipants(context.db, user, sessionId, { audience, text }, clockFor(context.env, now));
    if (!result.ok && result.reason === "empty") {
      return data({ errors: { text: "Bitte schreiben Sie eine Nachricht." }, values: { text } as Record<string, string> }, { status: 400 });
    }
    if (!result.ok) forbidden();
    context.sendMailSoon();
    return redirectWithFlash(context, here, { kind: "success", text: `Nachricht an ${result.sent} Personen wird versendet.` });
  }
  if (intent === "move") {
    const reason = String(form.get("overbookReason") ?? "").trim();
    const result = movePerson(
      context.db,
      user,
      Number(form.get("moveRegistrationId")),
      Number(form.get("targetSessionId")),
      { overbookReason: reason || null },
      clockFor(context.env, now),
    );
    if (!result.ok && result.reason === "forbidden") forbidden();
    context.sendMailSoon();
    const moveMessages = {
      not_found: "Diese Anmeldung gibt es nicht (mehr).",
      started: "Dieser Termin hat begonnen; niemand wird mehr aus ihm heraus umgebucht.",
      target_unavailable:
        "Auf diesen Termin kann nicht umgebucht werden: er gehört zu einer anderen Reihe, ist abgesagt, nicht veröffentlicht oder hat schon begonnen.",
      seat_rules: "Die Umbuchung verletzt die Platzregeln dieser Reihe; es wurde nichts geändert.",
      target_full: "Der Zieltermin ist ausgebucht. Zum Überbuchen geben Sie bitte einen Grund an.",
      same_session: "Die Person ist bereits für diesen Termin angemeldet.",
      already_there: "Die Person ist für den Zieltermin bereits angemeldet.",
    } as const;
    return redirectWithFlash(
      context,
      here,
      result.ok
        ? { kind: "success", text: result.overbooked ? "Umgebucht – der Zieltermin ist damit überbucht." : "Umgebucht." }
        : { kind: "error", text: moveMessages[result.reason as keyof typeof moveMessages] },
    );
  }
  // Marking everyone at once overwrites what was taken one by one: ask once (decision 009).
  if (intent === "attend-all" && form.get("confirmed") !== "1") return redirect(`${here}?alle-anwesend=1#alle-anwesend`);
  const registrationId = intent === "attend-all" ? "all-confirmed" : Number(form.get("registrationId"));
  if (
    !["attend", "unattend", "attend-all"].includes(String(intent)) ||
    (registrationId !== "all-confirmed" && !Number.isSafeInteger(registrationId))
  ) {
    return redirectWithFlash(context, here, { kind: "error", text: "Diese Aktion ist hier nicht möglich." });
  }
  const result = setAttendance(context.db, user, sessionId, { registrationId, attended: intent !== "unattend" }, now);
  if (!result.ok && result.reason === "forbidden") forbidden();
  if (!result.ok && result.reason === "not_found") notFound();
  const messages = {
    not_started: "Die Anwesenheit kann erst ab Beginn des Termins erfasst werden.",
    not_a_seat: "Diese Person hat keinen bestätigten Platz.",
    called_off: "Der Termin ist als ausgefallen gemeldet; eine Anwesenheit wird nicht erfasst.",
  } as const;
  return redirectWithFlash(
    context,
    here,
    result.ok
      ? { kind: "success", text: intent === "attend-all" ? `${result.changed} Personen als anwesend erfasst.` : "Anwesenheit gespeichert." }
      : { kind: "error", text: messages[result.reason as keyof typeof messages] },
  );
}

export default function Participants() {
  const { session, participants, counters, started, confirmAttendAll, isAdmin, moveTargets, sort } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors: Partial<Record<string, string>> = result?.errors ?? {};
  return (
    <div>
      <p>
        <Link to={`/sessions/${session.id}`}>← Zum Termin</Link>
      </p>
      <h1>Teilnehmende</h1>
      <p className="lead">
        {session.seriesTitle} · <DateRange start={session.startsAt} end={session.endsAt} />
      </p>
      <p data-figures="participants">
        <span data-figure="seats-held">{counters.seatsHeld}</span> von {session.capacity} Plätzen vergeben
        {counters.offered > 0 ? ` (davon ${counters.offered} mit offenem Platzangebot)` : ""}
        {counters.seatsHeld > session.capacity ? ` – überbucht um ${counters.seatsHeld - session.capacity}` : ""}
        {started || counters.attended > 0 ? (
          <>
            {" "}
            · <span data-figure="attended">{counters.attended}</span> anwesend
            {started ? (
              <>
                {" "}
                · <span data-figure="not-yet-present">{counters.seatsHeld - counters.offered - counters.attended}</span> noch nicht anwesend
              </>
            ) : null}
          </>
        ) : null}{" "}
        · <span data-figure="waitlisted">{counters.waitlisted}</span> auf der Warteliste
      </p>
      <p className="actions no-print">
        <Link className="button button--quiet" to={`/sessions/${session.id}/sign-in-sheet`}>
          Unterschriftenliste drucken
        </Link>
        <a className="button button--quiet" href={`/sessions/${session.id}/participants.csv`} download>
          Als CSV exportieren
        </a>
      </p>
      {started ? (
        <div className="no-print">
          <ConfirmedAction
            intent="attend-all"
            label="Alle Bestätigten als anwesend"
            pendingText="Wird gespeichert …"
            question="Alle Bestätigten als anwesend erfassen?"
            consequence={attendAllConsequence(counters.seatsHeld - counters.offered - counters.attended)}
            confirmLabel="Ja, alle als anwesend erfassen"
            keepLabel="Abbrechen"
            ask
            showStep={confirmAttendAll}
            stepId="alle-anwesend"
            keepHref="?"
          />
        </div>
      ) : (
        <p className="muted">Die Anwesenheit können Sie ab Beginn des Termins erfassen.</p>
      )}
      {participants.length > 1 ? (
        <nav aria-label="Liste sortieren" className="no-print">
          <p className="actions">
            Sortieren nach:{" "}
            {PARTICIPANT_SORTS.map((key) => (
              <Link key={key} to={`?sort=${key}`} aria-current={sort === key ? "true" : undefined} data-sort={key}>
                {PARTICIPANT_SORT_LABELS[key]}
              </Link>
            ))}
          </p>
        </nav>
      ) : null}
      {participants.length === 0 ? (
        <p>Noch niemand angemeldet.</p>
      ) : (
        // biome-ignore lint/a11y/useSemanticElements: a focusable scroll region is the WAI pattern for a wide table (axe scrollable-region-focusable)
        // biome-ignore lint/a11y/noNoninteractiveTabindex: keyboard users must be able to scroll the table
        <div className="table-scroll" role="region" aria-label="Teilnehmende und Warteliste" tabIndex={0}>
          {/* Name, status and attendance first: on a phone each row is a card with the button near the name. */}
          <table className="table participants-table">
            <caption className="visually-hidden">Teilnehmende und Warteliste</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Status</th>
                <th scope="col">Anwesenheit</th>
                <th scope="col">Fachbereich/Amt</th>
                <th scope="col">Unterstützungsbedarf</th>
                <th scope="col">Angemeldet am</th>
              </tr>
            </thead>
            <tbody>
              {participants.map((p) => (
                <tr key={p.registrationId}>
                  <th scope="row" className="participants-table__name">
                    {p.name}
                    {!p.email ? (
                      <>
                        {" "}
                        <Link className="no-print" to={`/sessions/${session.id}/participants/${p.registrationId}`}>
                          Bestätigung drucken<span className="visually-hidden"> für {p.name}</span>
                        </Link>
                      </>
                    ) : null}
                  </th>
                  <td data-label="Status">{p.status === "attended" ? "Anwesend" : registrationLabel(p)}</td>
                  <td className="participants-table__attendance" data-label="Anwesenheit">
                    {started && (p.status === "confirmed" || p.status === "attended") ? (
                      <Form method="post">
                        <input type="hidden" name="registrationId" value={p.registrationId} />
                        {p.status === "attended" ? (
                          <SubmitButton name="intent" value="unattend" className="button button--quiet" pendingText="…">
                            {`Anwesend – zurücknehmen (${p.name})`}
                          </SubmitButton>
                        ) : (
                          <SubmitButton name="intent" value="attend" pendingText="…">
                            {`Als anwesend erfassen (${p.name})`}
                          </SubmitButton>
                        )}
                      </Form>
                    ) : p.status === "attended" ? (
                      "anwesend"
                    ) : (
                      "–"
                    )}
                  </td>
                  <td data-label="Fachbereich/Amt">{p.department ?? "–"}</td>
                  <td data-label="Unterstützungsbedarf">{p.supportNeeds ?? "–"}</td>
                  <td data-label="Angemeldet am">
                    {formatDateNumeric(p.registeredAt)}, {formatTime(p.registeredAt)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <section aria-labelledby="message" className="no-print">
        <h2 id="message">Nachricht an die Teilnehmenden</h2>
        <Form method="post" noValidate className="stack">
          <fieldset>
            <legend>Empfängerinnen und Empfänger</legend>
            <div className="checkbox">
              <input type="radio" id="audience-holders" name="audience" value="holders" defaultChecked />
              <label htmlFor="audience-holders">Alle mit Platz</label>
            </div>
            <div className="checkbox">
              <input type="radio" id="audience-waitlist" name="audience" value="waitlist" />
              <label htmlFor="audience-waitlist">Alle auf der Warteliste</label>
            </div>
          </fieldset>
          <div className="field">
            <label htmlFor="field-text">Nachricht</label>
            <textarea
              id="field-text"
              name="text"
              rows={3}
              defaultValue={result?.values.text}
              aria-invalid={errors.text ? true : undefined}
              aria-describedby={errors.text ? "field-text-error" : undefined}
            />
            {errors.text ? (
              <span id="field-text-error" className="field__error">
                {errors.text}
              </span>
            ) : null}
          </div>
          <SubmitButton name="intent" value="message" pendingText="Wird gesendet …">
            Nachricht senden
          </SubmitButton>
        </Form>
      </section>
      {isAdmin && moveTargets.length > 0 && participants.length > 0 ? (
        <section aria-labelledby="move" className="no-print">
          <h2 id="move">Person auf einen anderen Termin umbuchen</h2>
          <Form method="post" className="stack">
            <div className="field">
              <label htmlFor="field-move-person">Person</label>
              <select id="field-move-person" name="moveRegistrationId">
                {participants.map((p) => (
                  <option key={p.registrationId} value={p.registrationId}>
                    {p.name} ({registrationLabel(p)})
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="field-move-target">Neuer Termin</label>
              <select id="field-move-target" name="targetSessionId">
                {moveTargets.map((d) => (
                  <option key={d.id} value={d.id}>
                    {d.label}
                  </option>
                ))}
              </select>
            </div>
            <TextField
              name="overbookReason"
              label="Grund für eine Überbuchung (nur wenn der Termin ausgebucht ist)"
              hint="Ohne Grund wird ein ausgebuchter Termin nicht überbucht."
            />
            <SubmitButton name="intent" value="move" pendingText="Wird umgebucht …">
              Umbuchen
            </SubmitButton>
          </Form>
        </section>
      ) : null}
      {isAdmin ? (
        <section aria-labelledby="by-hand" className="no-print">
          <h2 id="by-hand">Person ohne eigenes Postfach anmelden</h2>
          <p>Für Beschäftigte ohne dienstliche E-Mail-Adresse. Es gelten dieselben Regeln wie für alle: freie Plätze, sonst Warteliste.</p>
          <Form method="post" noValidate className="stack">
            <TextField name="displayName" label="Name" required defaultValue={result?.values.displayName} error={errors.displayName} />
            <TextField
              name="department"
              label="Fachbereich oder Amt (freiwillig)"
              defaultValue={result?.values.department}
              error={errors.department}
            />
            <TextField
              name="email"
              type="email"
              label="E-Mail-Adresse (freiwillig)"
              hint="Ohne Adresse gibt es keine E-Mails; drucken Sie die Bestätigung aus."
              defaultValue={result?.values.email}
              error={errors.email}
            />
            <SubmitButton name="intent" value="register-by-hand" pendingText="Wird angemeldet …">
              Anmelden
            </SubmitButton>
          </Form>
        </section>
      ) : null}
    </div>
  );
}

function attendAllConsequence(open: number): string {
  const who = open === 1 ? "1 Person mit bestätigtem Platz wird" : `${open} Personen mit bestätigtem Platz werden`;
  return `${who} als anwesend erfasst, auch wer nicht gekommen ist. Einzelne können Sie danach wieder auf „nicht anwesend“ setzen.`;
}
