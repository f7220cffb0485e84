import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Placeholder } from "~/components/Placeholder";
import { requireRole } from "~/auth/current-user.server";

export const meta: MetaFunction = () => [{ title: "Moderation – KI-Infoveranstaltungen" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireRole(context, request, "facilitator", "admin");
  return null;
}

export default function Moderation() {
  return (
    <Placeholder
      title="Moderation"
      text="Hier sehen Moderatorinnen und Moderatoren bald ihre Termine, die Teilnehmendenliste und die eingereichten Fragen."
    />
  );
}
