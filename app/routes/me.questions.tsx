import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { MyQuestionList } from "~/components/QuestionList";
import { requireUser } from "~/auth/current-user.server";
import { redirectWithFlash } from "~/lib/flash.server";
import { fieldErrors } from "~/lib/forms";
import { questionKeyFrom } from "~/questions/question-key.server";
import { editQuestionSchema, questionIdSchema } from "~/questions/questions.schema";
import { listMyQuestions, sectionChoices } from "~/questions/reads.server";
import { publishedInSummaries } from "~/summaries/published.server";
import { QUESTION_REFUSALS } from "~/questions/rules";
import { editQuestion, withdrawQuestion } from "~/questions/submission.server";

export const meta: MetaFunction = () => [{ title: "Meine Fragen – KI-Infoveranstaltungen" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(context, request);
  const questions = listMyQuestions(context.db, user, questionKeyFrom(context.env));
  return {
    questions,
    // Only ids already proven to be this person's (named or by the keyed value) go in.
    publishedIn: publishedInSummaries(
      context.db,
      questions.map((q) => q.id),
    ),
    sections: sectionChoices(context.db, new Date()).map(({ id, heading }) => ({ id, heading })),
  };
}

// The forms on /me and here post to this action; ids travel in the body, never in the path.
export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(context, request);
  const form = await request.formData();
  const returnTo = form.get("returnTo") === "/me" ? "/me#meine-fragen" : "/me/questions";
  const clock = { key: questionKeyFrom(context.env), now: new Date() };
  switch (form.get("intent")) {
    case "edit": {
      const parsed = editQuestionSchema.safeParse(Object.fromEntries(form));
      const values = { text: String(form.get("text") ?? ""), sectionId: String(form.get("sectionId") ?? "") };
      const questionId = Number(form.get("questionId"));
      if (!Number.isSafeInteger(questionId) || questionId < 1) {
        return redirectWithFlash(context, "/me/questions", { kind: "error", text: QUESTION_REFUSALS.question_not_found });
      }
      if (!parsed.success) return data({ edit: { questionId, errors: fieldErrors(parsed.error), values } }, { status: 400 });
      const result = editQuestion(context.db, user, clock, parsed.data);
      if (result.ok) return redirectWithFlash(context, returnTo, { kind: "success", text: "Ihre Änderungen sind gespeichert." });
      if (result.reason === "section") {
        return data({ edit: { questionId, errors: { sectionId: QUESTION_REFUSALS.section }, values } }, { status: 409 });
      }
      return redirectWithFlash(context, "/me/questions", { kind: "error", text: QUESTION_REFUSALS[result.reason] });
    }
    case "withdraw": {
      const parsed = questionIdSchema.safeParse(Object.fromEntries(form));
      const result = parsed.success
        ? withdrawQuestion(context.db, user, clock, parsed.data)
        : { ok: false as const, reason: "question_not_found" as const };
      return result.ok
        ? redirectWithFlash(context, returnTo, { kind: "success", text: "Ihre Frage ist zurückgezogen." })
        : redirectWithFlash(context, "/me/questions", { kind: "error", text: QUESTION_REFUSALS[result.reason] });
    }
    default:
      return redirectWithFlash(context, "/me/questions", { kind: "error", text: "Diese Aktion ist hier nicht möglich." });
  }
}

export default function MyQuestions() {
  const { questions, publishedIn, sections } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <div>
      <p>
        <Link to="/me">← Meine Anmeldungen</Link>
      </p>
      <h1>Meine Fragen</h1>
      <p>
        <Link to="/questions/new">Frage einreichen</Link> · <Link to="/questions">Fragen aus der Praxis</Link>
      </p>
      {questions.length === 0 ? (
        <p>Sie haben noch keine Fragen eingereicht.</p>
      ) : (
        <MyQuestionList
          items={questions}
          sections={sections}
          edit={result?.edit ?? null}
          returnTo="/me/questions"
          headingLevel={2}
          publishedIn={publishedIn}
        />
      )}
    </div>
  );
}
