import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Fragment } from "react";
import { formatDateTime } from "~/lib/dates";
import { notFound } from "~/lib/http";
import { listStoredMails } from "~/mail/mail-admin.server";

export const meta: MetaFunction = () => [{ title: "E-Mails (Demo) – KI-Infoveranstaltungen" }];

// Demo mode only: the mails the app "sent", so a new user can sign in without a mail server.
export function loader({ context }: LoaderFunctionArgs) {
  if (context.env.mode !== "demo" || context.env.smtpUrl) notFound();
  return { mails: listStoredMails(context.env).map((mail) => ({ ...mail, writtenAt: new Date(mail.writtenAt) })) };
}

const URL_PATTERN = /(https?:\/\/[^\s]+)/g;

function Linkified({ text }: { text: string }) {
  return (
    <>
      {text.split(URL_PATTERN).map((part, index) =>
        index % 2 === 1 ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one fixed text never reorder
          <a key={index} href={part}>
            {part}
          </a>
        ) : (
          // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one fixed text never reorder
          <Fragment key={index}>{part}</Fragment>
        ),
      )}
    </>
  );
}

export default function DevMail() {
  const { mails } = useLoaderData<typeof loader>();
  return (
    <div>
      <h1>E-Mails (Demo-Modus)</h1>
      <p>
        Im Demo-Modus verschickt die Anwendung keine E-Mails, sondern legt sie als Dateien im Datenordner ab. Hier sehen Sie die neuesten
        zuerst.
      </p>
      {mails.length === 0 ? (
        <p>Noch keine E-Mails.</p>
      ) : (
        <ol className="mail-list">
          {mails.map((mail) => (
            <li key={mail.file}>
              <article className="mail" aria-label={mail.subject}>
                <h2>{mail.subject}</h2>
                <p className="muted">
                  An {mail.to} · {formatDateTime(mail.writtenAt)}
                  {mail.hasInvite ? " · mit Kalendereinladung" : ""}
                </p>
                <pre className="mail__text">
                  <Linkified text={mail.text} />
                </pre>
              </article>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
