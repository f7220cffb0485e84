import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link } from "@remix-run/react";
import { requireRole } from "~/auth/current-user.server";

export const meta: MetaFunction = () => [{ title: "Verwaltung – KI-Infoveranstaltungen" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireRole(context, request, "admin");
  return null;
}

export default function Admin() {
  return (
    <div>
      <h1>Verwaltung</h1>
      <ul>
        <li>
          <Link to="/admin/mail">E-Mail-Versand: unzugestellte und fehlgeschlagene E-Mails</Link>
        </li>
      </ul>
      <p className="notice">In Vorbereitung: Planung von Veranstaltungsreihen und Terminen, CSV-Import, Berichte.</p>
    </div>
  );
}
