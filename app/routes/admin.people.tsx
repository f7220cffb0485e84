import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation } from "@remix-run/react";
import { STATUS_LABELS } from "~/components/AdminSessionTable";
import { DateRange } from "~/components/DateRange";
import { FieldShell, SubmitButton, TextField } from "~/components/forms";
import { requireRole } from "~/auth/current-user.server";
import { redirectWithFlash } from "~/lib/flash.server";
import { plural } from "~/lib/plural";
import { fieldErrors, formValues } from "~/lib/forms";
import { forbidden, notFound } from "~/lib/http";
import { addPersonSchema, handoverSchema, roleChangeSchema, searchSchema } from "~/people/people.schema";
import {
  addPerson,
  findPeople,
  findPeopleWithoutAddress,
  getPerson,
  grantRole,
  previewHandover,
  revokeRole,
  type RevokeResult,
} from "~/people/people.server";
import { MANAGED_ROLES, ROLE_LABELS, type ManagedRole } from "~/people/roles";

export const meta: MetaFunction = () => [{ title: "Personen und Rollen – Verwaltung" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireRole(context, request, "admin");
  const q = new URL(request.url).searchParams.get("q") ?? "";
  const search = searchSchema.safeParse({ q });
  const result = findPeople(context.db, actor, context.env, search.success ? search.data.q : "");
  if (!result.ok) forbidden();
  return {
    q,
    searchError: search.success ? null : (fieldErrors(search.error).q ?? null),
    people: result.people,
    // Registered by hand, without an address: found by name, for their data and deletion (decision 021).
    withoutAddress: search.success ? findPeopleWithoutAddress(context.db, actor, search.data.q) : [],
    truncated: result.truncated,
    adminEmails: result.adminEmails,
    adminReadOnly: result.adminReadOnly,
    allowedDomains: context.env.allowedEmailDomains,
  };
}

/** Back to the list the organiser came from (the search travels in a hidden field). */
function listUrl(form: FormData): string {
  const q = String(form.get("q") ?? "").trim();
  return q ? `/admin/people?${new URLSearchParams({ q })}` : "/admin/people";
}

const personName = (person: { displayName: string; email: string }) => person.displayName || person.email;

type Handover = {
  person: { id: number; displayName: string; email: string };
  sessions: Extract<RevokeResult, { reason: "needs_handover" }>["sessions"];
  candidates: { id: number; displayName: string; email: string | null }[];
  stale: boolean;
  error: string | null;
};

type ActionData = {
  errors: Partial<Record<string, string>>;
  values: Record<string, string>;
  handover: Handover | null;
};

const READ_ONLY_ADMIN =
  "Die Rolle Organisation wird über die Umgebungsvariable ADMIN_EMAILS festgelegt und kann hier nicht geändert werden.";

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requireRole(context, request, "admin");
  const form = await request.formData();
  const back = listUrl(form);
  switch (form.get("intent")) {
    case "grant": {
      const parsed = roleChangeSchema.safeParse({ userId: form.get("userId"), role: form.get("role") });
      if (!parsed.success) notFound();
      const person = getPerson(context.db, actor, context.env, parsed.data.userId) ?? notFound();
      const result = grantRole(context.db, actor, context.env, parsed.data);
      if (!result.ok) {
        if (result.reason === "not_found") notFound();
        if (result.reason === "forbidden") forbidden();
        return redirectWithFlash(context, back, { kind: "error", text: READ_ONLY_ADMIN });
      }
      if (result.changed) context.sendMailSoon();
      const role = ROLE_LABELS[parsed.data.role];
      return redirectWithFlash(context, back, {
        kind: "success",
        text: result.changed
          ? `${personName(person)} hat jetzt die Rolle „${role}“ und erhält dazu eine E-Mail.`
          : `${personName(person)} hatte die Rolle „${role}“ bereits.`,
      });
    }
    case "revoke": {
      const parsed = roleChangeSchema.safeParse({ userId: form.get("userId"), role: form.get("role") });
      if (!parsed.success) notFound();
      const { userId, role } = parsed.data;
      const person = getPerson(context.db, actor, context.env, userId) ?? notFound();
      let handover: { sessionIds: number[]; replacementId: number | null } | undefined;
      if (form.get("handover") === "1") {
        const choice = handoverSchema.safeParse({
          sessionIds: form.get("sessionIds") ?? "",
          replacementId: form.get("replacementId") ?? "",
        });
        if (!choice.success) {
          // Nothing changes: the same confirmation step, with the message next to the select.
          const preview = previewHandover(context.db, actor, userId) ?? forbidden();
          return data<ActionData>(
            {
              errors: {},
              values: {},
              handover: { person, ...preview, stale: false, error: fieldErrors(choice.error).replacementId ?? "Bitte wählen Sie." },
            },
            { status: 400 },
          );
        }
        handover = choice.data;
      }
      const result = revokeRole(context.db, actor, context.env, { userId, role, handover });
      if (!result.ok) {
        switch (result.reason) {
          case "not_found":
            return notFound();
          case "forbidden":
            return forbidden();
          case "needs_handover":
          case "invalid_replacement": {
            // Not revoked yet: the organiser sees the sessions and picks who takes them over.
            const preview =
              result.reason === "needs_handover"
                ? result
                : { ...(previewHandover(context.db, actor, userId) ?? forbidden()), stale: false };
            const error = result.reason === "invalid_replacement" ? "Bitte wählen Sie eine Person mit der Rolle Moderation." : null;
            return data<ActionData>(
              {
                errors: {},
                values: {},
                handover: { person, sessions: preview.sessions, candidates: preview.candidates, stale: preview.stale, error },
              },
              { status: preview.stale ? 409 : error ? 400 : 200 },
            );
          }
          case "admin_read_only":
            return redirectWithFlash(context, back, { kind: "error", text: READ_ONLY_ADMIN });
          case "last_admin":
            return redirectWithFlash(context, back, {
              kind: "error",
              text: `${personName(person)} ist die letzte Person mit der Rolle Organisation. Vergeben Sie die Rolle zuerst an jemand anderen.`,
            });
        }
      }
      const label = ROLE_LABELS[role];
      const moved =
        result.sessionsHandedOver > 0
          ? handover?.replacementId
            ? ` ${plural(result.sessionsHandedOver, "Termin ist", "Termine sind")} übergeben.`
            : ` ${personName(person)} ist aus ${plural(result.sessionsHandedOver, "Termin", "Terminen")} ausgetragen.`
          : "";
      return redirectWithFlash(context, back, {
        kind: "success",
        text: result.changed
          ? `${personName(person)} hat die Rolle „${label}“ nicht mehr.${moved}`
          : `${personName(person)} hatte die Rolle „${label}“ nicht.`,
      });
    }
    case "add-person": {
      const values = formValues(form, ["email", "displayName"]);
      const parsed = addPersonSchema.safeParse(values);
      if (!parsed.success) return data<ActionData>({ errors: fieldErrors(parsed.error), values, handover: null }, { status: 400 });
      const result = addPerson(context.db, actor, context.env, parsed.data);
      if (!result.ok && result.reason === "forbidden") forbidden();
      if (!result.ok && result.reason === "domain_not_allowed") {
        const domains = context.env.allowedEmailDomains.join(", ");
        return data<ActionData>(
          {
            errors: { email: `Mit dieser Adresse ist kein Login möglich. Zugelassen sind Adressen in: ${domains}.` },
            values,
            handover: null,
          },
          { status: 400 },
        );
      }
      const found = `/admin/people?${new URLSearchParams({ q: parsed.data.email })}`;
      return redirectWithFlash(
        context,
        found,
        result.ok
          ? {
              kind: "success",
              text: `${parsed.data.displayName} ist angelegt. Vergeben Sie jetzt die Rolle; beim ersten Login mit ${parsed.data.email} wird dieses Konto verwendet.`,
            }
          : { kind: "info", text: `Eine Person mit der Adresse ${parsed.data.email} gibt es bereits.` },
      );
    }
    default:
      return data<ActionData>({ errors: { form: "Unbekannte Aktion." }, values: {}, handover: null }, { status: 400 });
  }
}

/** Long addresses may wrap after the @ on a narrow screen instead of widening the page. */
function Address({ email }: { email: string }) {
  const at = email.lastIndexOf("@");
  if (at < 0) return <>{email}</>;
  return (
    <>
      {email.slice(0, at)}
      <wbr />
      {email.slice(at)}
    </>
  );
}

function RoleForms({
  person,
  q,
  adminReadOnly,
}: {
  person: { id: number; displayName: string; email: string; roles: ManagedRole[] };
  q: string;
  adminReadOnly: boolean;
}) {
  const name = personName(person);
  return (
    <div className="actions">
      {MANAGED_ROLES.filter((role) => !(role === "admin" && adminReadOnly)).map((role) => {
        const held = person.roles.includes(role);
        return (
          <Form method="post" key={role}>
            <input type="hidden" name="userId" value={person.id} />
            <input type="hidden" name="role" value={role} />
            <input type="hidden" name="q" value={q} />
            <button type="submit" name="intent" value={held ? "revoke" : "grant"} className={held ? "button button--quiet" : "button"}>
              {ROLE_LABELS[role]} {held ? "entziehen" : "freischalten"}
              <span className="visually-hidden"> für {name}</span>
            </button>
          </Form>
        );
      })}
    </div>
  );
}

function HandoverStep({ handover, q }: { handover: Handover; q: string }) {
  const name = personName(handover.person);
  return (
    <section aria-labelledby="handover">
      <h2 id="handover">Moderation entziehen: {name}</h2>
      <div className="notice notice--warning" role="alert">
        {handover.stale ? (
          <p>
            <strong>Die Liste der Termine hat sich inzwischen geändert. Bitte prüfen Sie sie erneut.</strong>
          </p>
        ) : null}
        <p>
          <strong>Noch nichts geändert.</strong> {name} moderiert{" "}
          {handover.sessions.length === 1 ? "diesen Termin, der noch nicht zu Ende ist" : "diese Termine, die noch nicht zu Ende sind"}.
          Wählen Sie, wer die Moderation übernimmt, oder tragen Sie {name} nur aus:
        </p>
        <ul>
          {handover.sessions.map((session) => (
            <li key={session.id}>
              <Link to={`/admin/sessions/${session.id}`}>
                {session.seriesTitle}, <DateRange start={session.startsAt} end={session.endsAt} />
              </Link>{" "}
              ({STATUS_LABELS[session.status]})
            </li>
          ))}
        </ul>
        <p>
          Ein Wechsel der Moderation ändert den Termin für die Teilnehmenden nicht: Sie erhalten keine E-Mail, ihre Kalendereinladungen
          bleiben gültig.
        </p>
      </div>
      <Form method="post" noValidate className="stack">
        <input type="hidden" name="intent" value="revoke" />
        <input type="hidden" name="userId" value={handover.person.id} />
        <input type="hidden" name="role" value="facilitator" />
        <input type="hidden" name="handover" value="1" />
        <input type="hidden" name="sessionIds" value={handover.sessions.map((s) => s.id).join(",")} />
        <input type="hidden" name="q" value={q} />
        <FieldShell id="field-replacementId" label="Wer übernimmt die Moderation?" error={handover.error ?? undefined}>
          {(describedBy) => (
            <select
              id="field-replacementId"
              name="replacementId"
              defaultValue=""
              aria-invalid={handover.error ? true : undefined}
              aria-describedby={describedBy}
            >
              <option value="">Bitte wählen …</option>
              {handover.candidates.map((candidate) => (
                <option key={candidate.id} value={candidate.id}>
                  {candidate.displayName || candidate.email}
                </option>
              ))}
              <option value="none">Niemand – {name} nur aus den Terminen austragen</option>
            </select>
          )}
        </FieldShell>
        <div className="actions">
          <SubmitButton pendingText="Wird geändert …">Moderation entziehen und Termine übergeben</SubmitButton>
          <Link to={q ? `/admin/people?${new URLSearchParams({ q })}` : "/admin/people"}>Abbrechen</Link>
        </div>
      </Form>
    </section>
  );
}

export default function People() {
  const { q, searchError, people, withoutAddress, truncated, adminEmails, adminReadOnly, allowedDomains } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionData | undefined;
  const errors = result?.errors ?? {};
  // A new page (after a redirect) starts with an empty form; a refused one keeps what was typed.
  const { key: pageKey } = useLocation();
  return (
    <div>
      <p>
        <Link to="/admin">← Verwaltung</Link>
      </p>
      <h1>Personen und Rollen</h1>
      {result?.handover ? (
        <HandoverStep handover={result.handover} q={q} />
      ) : (
        <>
          <p>
            Hier vergeben und entziehen Sie die Rollen „Moderation“, „Personalrat“ und „Organisation“. Die Seite zeigt nur Namen, Adressen
            und Rollen.
          </p>
          {adminReadOnly ? (
            <div className="notice">
              <p>
                Die Rolle Organisation ist hier nur lesbar: Sie ergibt sich aus der Umgebungsvariable <code>ADMIN_EMAILS</code>. Zurzeit
                sind das:
              </p>
              <ul>
                {adminEmails.map((email) => (
                  <li key={email}>
                    <Address email={email} />
                  </li>
                ))}
              </ul>
              <p>Um das zu ändern, passen Sie ADMIN_EMAILS an und starten die Anwendung neu.</p>
            </div>
          ) : null}
          <Form method="get" role="search" className="filters" aria-label="Personen suchen">
            <TextField name="q" type="search" label="Name oder E-Mail-Adresse" defaultValue={q} error={searchError ?? undefined} />
            <button type="submit" className="button">
              Suchen
            </button>
          </Form>
          <h2>{q.trim() ? `Gefunden für „${q.trim()}“` : "Personen mit Rollen"}</h2>
          {people.length === 0 ? (
            <p>{q.trim() ? "Niemand gefunden. Sie können die Person unten hinzufügen." : "Noch niemand hat eine dieser Rollen."}</p>
          ) : (
            <ul className="session-list">
              {people.map((person) => (
                <li key={person.id} className="session-card">
                  <h3>{person.displayName || <Address email={person.email} />}</h3>
                  <p>
                    <Address email={person.email} />
                  </p>
                  <p>Rollen: {person.roles.length > 0 ? person.roles.map((role) => ROLE_LABELS[role]).join(", ") : "keine"}</p>
                  <RoleForms person={person} q={q} adminReadOnly={adminReadOnly} />
                </li>
              ))}
            </ul>
          )}
          {truncated ? <p className="muted">Es werden nur die ersten 50 Treffer gezeigt. Bitte grenzen Sie die Suche ein.</p> : null}
          {withoutAddress.length > 0 ? (
            <section aria-labelledby="ohne-adresse">
              <h2 id="ohne-adresse">Ohne E-Mail-Adresse (von Hand angemeldet)</h2>
              <p>Diese Personen können sich nicht einloggen. Auf ihren Wunsch zeigen Sie ihnen ihre Daten oder löschen ihr Konto.</p>
              <ul className="session-list">
                {withoutAddress.map((person) => (
                  <li key={person.id} className="session-card" data-person-without-address={person.id}>
                    <h3>{person.displayName || "Ohne Namen"}</h3>
                    {person.department ? <p>{person.department}</p> : null}
                    <p className="actions">
                      <Link className="button button--quiet" to={`/admin/people/${person.id}/data`}>
                        Daten anzeigen/exportieren<span className="visually-hidden"> für {person.displayName}</span>
                      </Link>
                      <Link className="button button--quiet" to={`/admin/people/${person.id}/data?loeschen=1#konto-loeschen`}>
                        Löschen<span className="visually-hidden"> (Konto von {person.displayName})</span>
                      </Link>
                    </p>
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
          <section aria-labelledby="add-person">
            <h2 id="add-person">Person hinzufügen</h2>
            <p>
              Für Personen, die sich noch nie eingeloggt haben: Legen Sie sie mit Adresse und Namen an und vergeben Sie dann die Rolle. Beim
              ersten Login mit dieser Adresse wird das Konto verwendet.
            </p>
            <Form method="post" noValidate className="stack" key={pageKey}>
              <input type="hidden" name="q" value={q} />
              <TextField
                name="email"
                type="email"
                label="Dienstliche E-Mail-Adresse"
                hint={allowedDomains.length > 0 ? `Zugelassen: Adressen in ${allowedDomains.join(", ")}` : undefined}
                autoComplete="off"
                defaultValue={result?.values.email}
                error={errors.email}
              />
              <TextField
                name="displayName"
                label="Name"
                autoComplete="off"
                defaultValue={result?.values.displayName}
                error={errors.displayName}
              />
              <SubmitButton name="intent" value="add-person" pendingText="Wird angelegt …">
                Person hinzufügen
              </SubmitButton>
            </Form>
          </section>
        </>
      )}
    </div>
  );
}
