import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { SubmitButton } from "~/components/forms";
import { requireRole } from "~/auth/current-user.server";
import { formatDateTime } from "~/lib/dates";
import { redirectWithFlash } from "~/lib/flash.server";
import { listUndeliveredMails } from "~/mail/mail-admin.server";
import { retryMail } from "~/mail/sender.server";

export const meta: MetaFunction = () => [{ title: "E-Mail-Versand – Verwaltung" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireRole(context, request, "admin");
  return { mails: listUndeliveredMails(context.db) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  await requireRole(context, request, "admin");
  const form = await request.formData();
  const id = Number(form.get("mailId"));
  if (form.get("intent") !== "retry" || !Number.isSafeInteger(id) || id <= 0) {
    return data({ error: "Unbekannte Aktion." }, { status: 400 });
  }
  const retried = retryMail(context.db, id);
  if (retried) context.sendMailSoon();
  return redirectWithFlash(
    context,
    "/admin/mail",
    retried
      ? { kind: "success", text: "Die E-Mail wird erneut versendet." }
      : { kind: "error", text: "Diese E-Mail wurde inzwischen versendet oder gibt es nicht mehr." },
  );
}

const STATUS = { pending: "wartet auf neuen Versuch", failed: "fehlgeschlagen" } as const;

export default function AdminMail() {
  const { mails } = useLoaderData<typeof loader>();
  return (
    <div>
      <p>
        <Link to="/admin">← Verwaltung</Link>
      </p>
      <h1>E-Mail-Versand</h1>
      <p>
        E-Mails, die nicht zugestellt werden konnten. Der Versand wird automatisch wiederholt (nach 1, 5 und 30 Minuten, dann stündlich);
        nach 10 Versuchen gilt eine E-Mail als fehlgeschlagen. Lehnt der Mailserver die Empfängeradresse ab, gilt die E-Mail sofort als
        fehlgeschlagen: Bitte die Adresse prüfen. Login-Mails erscheinen nur als „Login-Mail“: Sie enthalten einen gültigen Code.
      </p>
      {mails.length === 0 ? (
        <p className="notice notice--success">Alle E-Mails wurden zugestellt.</p>
      ) : (
        <table className="table">
          <caption className="visually-hidden">Unzugestellte E-Mails</caption>
          <thead>
            <tr>
              <th scope="col">Empfänger</th>
              <th scope="col">Betreff</th>
              <th scope="col">Status</th>
              <th scope="col">Versuche</th>
              <th scope="col">Letzter Fehler</th>
              <th scope="col">Aktion</th>
            </tr>
          </thead>
          <tbody>
            {mails.map((mail) => (
              <tr key={mail.id}>
                <td>{mail.recipient}</td>
                <td>{mail.subject}</td>
                <td>
                  {STATUS[mail.status]}
                  {mail.status === "pending" ? <> (nächster Versuch {formatDateTime(mail.nextAttemptAt)})</> : null}
                </td>
                <td>{mail.attempts}</td>
                <td>{mail.problem ?? "–"}</td>
                <td>
                  <Form method="post">
                    <input type="hidden" name="mailId" value={mail.id} />
                    <SubmitButton name="intent" value="retry" className="button button--quiet" pendingText="Wird angestoßen …">
                      Jetzt erneut senden
                    </SubmitButton>
                  </Form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
