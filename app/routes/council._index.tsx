import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/current-user.server";
import { forbidden } from "~/lib/http";
import { listForCouncil } from "~/summaries/review.server";

export const meta: MetaFunction = () => [{ title: "Personalrat – KI-Infoveranstaltungen" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireRole(context, request, "council");
  const list = listForCouncil(context.db, user);
  if (!list.ok) forbidden();
  return list;
}

export default function Council() {
  const { rows, approvalOn } = useLoaderData<typeof loader>();
  return (
    <div>
      <h1>Personalrat</h1>
      <p>
        Veröffentlichte Antworten legen die Dienstvereinbarung aus, die der Personalrat mitunterzeichnet hat.{" "}
        {approvalOn
          ? "Zusammenfassungen werden deshalb erst veröffentlicht, wenn ein Mitglied des Personalrats sie freigegeben hat."
          : "Die Abstimmung mit dem Personalrat ist derzeit ausgeschaltet; Zusammenfassungen werden ohne Freigabe veröffentlicht."}
      </p>
      <h2 id="waiting-heading">Zur Freigabe</h2>
      {rows.length === 0 ? (
        <p data-council-empty>Zurzeit wartet keine Zusammenfassung auf Ihre Freigabe.</p>
      ) : (
        <ul aria-labelledby="waiting-heading">
          {rows.map((row) => (
            <li key={row.summaryId} data-council-row={row.summaryId}>
              <Link to={`/council/summaries/${row.summaryId}`}>{row.title}</Link>
              {row.update ? ` – Aktualisierung (Fassung ${row.number})` : ""}, eingereicht am {row.submittedOn}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
