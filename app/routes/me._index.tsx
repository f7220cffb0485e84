import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Placeholder } from "~/components/Placeholder";
import { requireUser } from "~/auth/current-user.server";

export const meta: MetaFunction = () => [{ title: "Meine Anmeldungen – KI-Infoveranstaltungen" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireUser(context, request);
  return null;
}

export default function MyRegistrations() {
  return (
    <Placeholder
      title="Meine Anmeldungen"
      text="Hier sehen Sie bald Ihre Anmeldungen, Ihren Platz auf der Warteliste und Ihre Teilnahmebestätigungen."
    />
  );
}
