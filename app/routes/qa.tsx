import type { MetaFunction } from "@remix-run/node";
import { Placeholder } from "~/components/Placeholder";

export const meta: MetaFunction = () => [{ title: "Fragen & Antworten – KI-Infoveranstaltungen" }];

export default function QuestionsAndAnswers() {
  return (
    <Placeholder
      title="Fragen & Antworten"
      text="Hier erscheinen die veröffentlichten Antworten auf Ihre Fragen, geordnet nach den Abschnitten der Dienstvereinbarung."
    />
  );
}
