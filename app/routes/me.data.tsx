import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth/current-user.server";
import { endLoginSession } from "~/auth/login-session.server";
import { ConfirmedAction } from "~/components/ConfirmedAction";
import { MyDataView } from "~/components/MyDataView";
import { PrintButton } from "~/components/PrintButton";
import { formatDateTime } from "~/lib/dates";
import { redirectWithFlash } from "~/lib/flash.server";
import { readFormData } from "~/lib/http";
import { deleteAccount } from "~/privacy/delete-account.server";
import { DELETE_REFUSALS, deletionSummaryText } from "~/privacy/labels";
import { collectMyData } from "~/privacy/my-data.server";
import { questionKeyFrom } from "~/questions/question-key.server";
import { clockFor } from "~/registrations/clock";

export const meta: MetaFunction = () => [{ title: "Meine Daten – KI-Infoveranstaltungen" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(context, request);
  const data = collectMyData(context.db, questionKeyFrom(context.env), user.id, new Date());
  if (!data) throw redirect("/login");
  // Without JavaScript, "Konto löschen" leads here first (?loeschen=1): the confirmation step.
  return { data, confirmDelete: new URL(request.url).searchParams.get("loeschen") === "1" };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(context, request);
  const form = await readFormData(request);
  if (form.get("intent") !== "delete-account") {
    return redirectWithFlash(context, "/me/data", { kind: "error", text: "Diese Aktion ist hier nicht möglich." });
  }
  // The server asks in both cases, so a stale page or a replayed form never skips the question.
  if (form.get("confirmed") !== "1") return redirect("/me/data?loeschen=1#konto-loeschen");
  const result = deleteAccount(context.db, user, context.env, {
    userId: user.id,
    key: questionKeyFrom(context.env),
    clock: clockFor(context.env),
  });
  if (!result.ok) {
    return redirectWithFlash(context, "/me/data#konto-loeschen", {
      kind: "error",
      text: result.reason === "last_admin" ? DELETE_REFUSALS.last_admin : DELETE_REFUSALS.place_not_released,
    });
  }
  // The cancellations are in the outbox: send them now, then this browser is signed out too.
  context.sendMailSoon();
  const cookie = await endLoginSession(context.db, context.env, request);
  return redirectWithFlash(context, "/account-deleted", { kind: "success", text: deletionSummaryText(result.summary) }, cookie);
}

export default function MyDataPage() {
  const { data, confirmDelete } = useLoaderData<typeof loader>();
  return (
    <div>
      <p className="no-print">
        <Link to="/me">← Meine Anmeldungen</Link>
      </p>
      <h1>Meine Daten</h1>
      <p>
        Hier steht alles, was diese Anwendung über Sie gespeichert hat (Auskunft nach Art. 15 DSGVO), Stand{" "}
        <time dateTime={data.generatedAt.toISOString()}>{formatDateTime(data.generatedAt)}</time>.
      </p>
      <p className="actions no-print">
        <a className="button" href="/me/data.json" download>
          Als Datei herunterladen (JSON)
        </a>
        <PrintButton />
      </p>
      <MyDataView data={data} />
      <section aria-labelledby="konto-loeschen-heading" id="konto-loeschen" className="no-print stack">
        <h2 id="konto-loeschen-heading">Konto löschen</h2>
        <p>Wenn Sie Ihr Konto löschen (Art. 17 DSGVO):</p>
        <ul>
          <li>
            Ihre Anmeldungen für kommende Termine und Wartelisten werden abgemeldet; Ihr Platz geht an die nächste Person. Sie erhalten dazu
            die üblichen E-Mails mit der Absage für Ihren Kalender.
          </li>
          <li>Vergangene Anmeldungen bleiben ohne Ihren Namen für die Statistik erhalten.</li>
          <li>Ihre Fragen bleiben ohne Ihren Namen stehen; auch Sie können Ihre anonymen Fragen dann nicht mehr finden.</li>
          <li>Ihre Stimmen für Fragen werden entfernt, Ihre Logins beendet, Ihr Kalender-Abo funktioniert nicht mehr.</li>
          <li>Ihr Name und Ihre E-Mail-Adresse werden gelöscht. Das lässt sich nicht rückgängig machen.</li>
        </ul>
        <p>
          Laden Sie Ihre Daten vorher herunter, wenn Sie sie behalten möchten. Später können Sie sich mit derselben Adresse neu einloggen –
          als neues Konto.
        </p>
        <ConfirmedAction
          intent="delete-account"
          label="Konto löschen"
          pendingText="Wird gelöscht …"
          question="Konto wirklich löschen?"
          consequence="Ihre kommenden Anmeldungen werden abgemeldet, Ihr Name und Ihre E-Mail-Adresse gelöscht. Das lässt sich nicht rückgängig machen."
          confirmLabel="Ja, Konto löschen"
          keepLabel="Nein, Konto behalten"
          ask
          showStep={confirmDelete}
          stepId="konto-loeschen-schritt"
          keepHref="/me/data"
        />
      </section>
    </div>
  );
}
