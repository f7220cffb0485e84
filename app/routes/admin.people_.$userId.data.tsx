import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/current-user.server";
import { ConfirmedAction } from "~/components/ConfirmedAction";
import { MyDataView } from "~/components/MyDataView";
import { PrintButton } from "~/components/PrintButton";
import { formatDateTime } from "~/lib/dates";
import { redirectWithFlash } from "~/lib/flash.server";
import { notFound, parseId, readFormData } from "~/lib/http";
import { getPersonWithoutAddress } from "~/people/people.server";
import { auditDataExportByAdmin, deleteAccount } from "~/privacy/delete-account.server";
import { DELETE_REFUSALS, deletionSummaryText } from "~/privacy/labels";
import { collectMyData } from "~/privacy/my-data.server";
import { questionKeyFrom } from "~/questions/question-key.server";
import { clockFor } from "~/registrations/clock";

export const meta: MetaFunction = () => [{ title: "Daten einer Person – Verwaltung" }];

// People registered by hand have no address and cannot sign in: an organiser shows them their
// data and deletes their account for them (decision 021). Only for them, and audited.
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const actor = await requireRole(context, request, "admin");
  const userId = parseId(params.userId);
  const person = getPersonWithoutAddress(context.db, actor, userId) ?? notFound();
  const now = new Date();
  const data = collectMyData(context.db, questionKeyFrom(context.env), person.id, now) ?? notFound();
  auditDataExportByAdmin(context.db, actor, person.id, now, "page");
  return { person, data, confirmDelete: new URL(request.url).searchParams.get("loeschen") === "1" };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const actor = await requireRole(context, request, "admin");
  const userId = parseId(params.userId);
  const person = getPersonWithoutAddress(context.db, actor, userId) ?? notFound();
  const form = await readFormData(request);
  const here = `/admin/people/${person.id}/data`;
  if (form.get("intent") !== "delete-account") {
    return redirectWithFlash(context, here, { kind: "error", text: "Diese Aktion ist hier nicht möglich." });
  }
  if (form.get("confirmed") !== "1") return redirect(`${here}?loeschen=1#konto-loeschen`);
  const result = deleteAccount(context.db, actor, context.env, {
    userId: person.id,
    key: questionKeyFrom(context.env),
    clock: clockFor(context.env),
  });
  if (!result.ok) {
    if (result.reason === "not_found") notFound();
    return redirectWithFlash(context, here, {
      kind: "error",
      text: result.reason === "last_admin" ? DELETE_REFUSALS.last_admin_by_admin : DELETE_REFUSALS.place_not_released,
    });
  }
  context.sendMailSoon();
  return redirectWithFlash(context, "/admin/people", {
    kind: "success",
    text: `Das Konto von ${person.displayName || "der Person"} ist gelöscht: ${deletionSummaryText(result.summary)}`,
  });
}

export default function PersonData() {
  const { person, data, confirmDelete } = useLoaderData<typeof loader>();
  const name = person.displayName || "Person ohne Namen";
  return (
    <div>
      <p className="no-print">
        <Link to={`/admin/people?${new URLSearchParams({ q: person.displayName })}`}>← Personen und Rollen</Link>
      </p>
      <h1>Gespeicherte Daten: {name}</h1>
      <p>
        {name} wurde ohne E-Mail-Adresse angemeldet und kann sich nicht einloggen. Geben Sie diese Auskunft (Art. 15 DSGVO) auf Wunsch
        ausgedruckt oder als Datei weiter. Das Öffnen dieser Seite wird protokolliert. Stand{" "}
        <time dateTime={data.generatedAt.toISOString()}>{formatDateTime(data.generatedAt)}</time>.
      </p>
      <p className="actions no-print">
        <a className="button" href={`/admin/people/${person.id}/data.json`} download>
          Als Datei herunterladen (JSON)
        </a>
        <PrintButton />
      </p>
      <MyDataView data={data} />
      <section aria-labelledby="konto-loeschen-heading" id="konto-loeschen" className="no-print stack">
        <h2 id="konto-loeschen-heading">Konto löschen</h2>
        <p>
          Auf Wunsch von {name} (Art. 17 DSGVO): Kommende Anmeldungen werden abgemeldet (der Platz geht an die nächste Person), vergangene
          bleiben ohne Namen für die Statistik, der Name wird gelöscht. Das lässt sich nicht rückgängig machen.
        </p>
        <ConfirmedAction
          intent="delete-account"
          label={`Konto von ${name} löschen`}
          pendingText="Wird gelöscht …"
          question={`Konto von ${name} wirklich löschen?`}
          consequence="Kommende Anmeldungen werden abgemeldet, Name und Organisationseinheit gelöscht. Das lässt sich nicht rückgängig machen."
          confirmLabel="Ja, Konto löschen"
          keepLabel="Nein, Konto behalten"
          ask
          showStep={confirmDelete}
          stepId="konto-loeschen-schritt"
          keepHref={`/admin/people/${person.id}/data`}
        />
      </section>
    </div>
  );
}
