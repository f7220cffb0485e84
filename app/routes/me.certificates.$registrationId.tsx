import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { DateRange } from "~/components/DateRange";
import { Letterhead } from "~/components/Letterhead";
import { PrintButton } from "~/components/PrintButton";
import { requireUser } from "~/auth/current-user.server";
import { notFound, parseId } from "~/lib/http";
import { formatDate } from "~/lib/dates";
import { certificateFor } from "~/participants/certificate.server";

export const meta: MetaFunction = () => [{ title: "Teilnahmebestätigung – KI-Infoveranstaltungen" }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireUser(context, request);
  // Someone else's registration is as unknown as a missing one.
  const certificate = certificateFor(context.db, user.id, parseId(params.registrationId)) ?? notFound();
  return { ...certificate, issuedAt: new Date() };
}

export default function Certificate() {
  const c = useLoaderData<typeof loader>();
  return (
    <article className="certificate">
      <p className="no-print">
        <Link to="/me">← Meine Anmeldungen</Link> · <PrintButton />
      </p>
      <Letterhead />
      <h1>Teilnahmebestätigung</h1>
      <p>Hiermit wird bestätigt, dass</p>
      <p className="certificate__name">{c.name}</p>
      {c.department ? <p>{c.department}</p> : null}
      <p>an der Informationsveranstaltung</p>
      <p className="certificate__title">{c.seriesTitle}</p>
      <p>
        am <DateRange start={c.startsAt} end={c.endsAt} /> ({c.minutes} Minuten) teilgenommen hat.
      </p>
      <p>{c.organisation}</p>
      <dl className="certificate__meta">
        <dt>Ausgestellt am</dt>
        <dd>{formatDate(new Date(c.issuedAt))}</dd>
        <dt>Nummer</dt>
        <dd data-certificate-number>{c.number}</dd>
      </dl>
      <p className="certificate__note">
        Dieses Dokument wurde maschinell erstellt und ist ohne Unterschrift gültig. Die Organisation kann die Nummer prüfen.
      </p>
    </article>
  );
}
