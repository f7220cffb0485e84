import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useFetcher, useLoaderData } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { FieldShell, FormError, SubmitButton } from "~/components/forms";
import { QuestionTextArea, SectionSelect, SimilarAnswers } from "~/components/QuestionFields";
import { requireUser } from "~/auth/current-user.server";
import { formatDateRange } from "~/lib/dates";
import { redirectWithFlash } from "~/lib/flash.server";
import { fieldErrors, formValues } from "~/lib/forms";
import { questionKeyFrom } from "~/questions/question-key.server";
import { submitQuestionSchema } from "~/questions/questions.schema";
import { questionFormChoices, type TargetChoice } from "~/questions/reads.server";
import { QUESTION_REFUSALS, QUESTIONS_PER_DAY, WEAK_ANONYMITY_BELOW, type QuestionRefusal } from "~/questions/rules";
import { submitQuestion } from "~/questions/submission.server";
import { findSimilar, type SimilarItem } from "~/search/search.server";

export const meta: MetaFunction = () => [{ title: "Frage einreichen – KI-Infoveranstaltungen" }];

const FIELDS = ["target", "sectionId", "text", "anonymous"];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(context, request);
  const { targets, sections } = questionFormChoices(context.db, user, new Date());
  const params = new URL(request.url).searchParams;
  const asked = params.get("session") ? `session-${params.get("session")}` : params.get("series") ? `series-${params.get("series")}` : null;
  const preselected = targets.find((t) => t.value === asked)?.value ?? "general";
  const section = sections.find((s) => s.anchor === params.get("section"));
  return {
    targets: targets.map(({ startsAt, endsAt, ...target }) => ({
      ...target,
      label: startsAt && endsAt ? `${formatDateRange(startsAt, endsAt)} – ${target.label}` : target.label,
    })),
    sections: sections.map(({ id, heading }) => ({ id, heading })),
    // Asked for a session (or series) that is not among the choices: say why, offer the rest.
    unavailable: asked !== null && asked !== preselected ? (asked.startsWith("session-") ? "session" : "series") : null,
    defaults: { target: preselected, sectionId: section ? String(section.id) : "" },
  };
}

const REFUSAL_FIELD: Partial<Record<QuestionRefusal, string>> = {
  not_found: "target",
  no_place: "target",
  started: "target",
  cancelled: "target",
  section: "sectionId",
};

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(context, request);
  const form = await request.formData();
  const values = formValues(form, FIELDS);
  values.anonymous = form.get("anonymous") === "1" ? "1" : "";
  // "Prüfen" (without JavaScript): the similar answers, and the form back as it was typed.
  if (form.get("intent") === "check") {
    return data({ errors: {}, values, similar: findSimilar(context.db, { text: values.text ?? "", signedIn: true }) });
  }
  const parsed = submitQuestionSchema.safeParse(Object.fromEntries(form));
  if (!parsed.success) return data({ errors: fieldErrors(parsed.error), values }, { status: 400 });
  const result = submitQuestion(context.db, user, { key: questionKeyFrom(context.env), now: new Date() }, parsed.data);
  if (!result.ok) {
    const field = REFUSAL_FIELD[result.reason] ?? "form";
    return data({ errors: { [field]: QUESTION_REFUSALS[result.reason] }, values }, { status: 409 });
  }
  return redirectWithFlash(context, "/me#meine-fragen", {
    kind: "success",
    text: parsed.data.anonymous
      ? "Ihre Frage ist anonym eingereicht. Die Moderation prüft sie; den Stand sehen Sie hier unter „Meine Fragen“."
      : "Ihre Frage ist eingereicht. Die Moderation prüft sie; den Stand sehen Sie hier unter „Meine Fragen“.",
  });
}

type Target = Omit<TargetChoice, "startsAt" | "endsAt">;

function TargetSelect({
  targets,
  value,
  onChange,
  error,
}: {
  targets: Target[];
  value: string;
  onChange: (value: string) => void;
  error?: string;
}) {
  const groups: [string, Target[]][] = [
    ["Allgemein", targets.filter((t) => t.kind === "general")],
    ["Ihre Termine", targets.filter((t) => t.kind === "session")],
    ["Veranstaltungsreihen", targets.filter((t) => t.kind === "series")],
  ];
  return (
    <FieldShell
      id="field-target"
      label="Wozu gehört Ihre Frage?"
      hint="Zu einem Termin, für den Sie angemeldet sind oder auf der Warteliste stehen (bis zum Beginn), zu einer Veranstaltungsreihe oder allgemein."
      error={error}
    >
      {(describedBy) => (
        <select
          id="field-target"
          name="target"
          value={value}
          onChange={(event) => onChange(event.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
        >
          {groups
            .filter(([, items]) => items.length > 0)
            .map(([label, items]) => (
              <optgroup key={label} label={label}>
                {items.map((target) => (
                  <option key={target.value} value={target.value}>
                    {target.label}
                    {target.weakAnonymity ? ` (weniger als ${WEAK_ANONYMITY_BELOW} Teilnehmende)` : ""}
                  </option>
                ))}
              </optgroup>
            ))}
        </select>
      )}
    </FieldShell>
  );
}

/** Waits this long after the last key before asking for similar answers. */
const TYPING_PAUSE_MS = 500;

/** Similar answers as the question is typed (JavaScript only); the latest answer wins. */
function useSimilarAnswers() {
  const fetcher = useFetcher<{ items: SimilarItem[] }>({ key: "similar-answers" });
  const timer = useRef<ReturnType<typeof setTimeout>>();
  useEffect(() => () => clearTimeout(timer.current), []);
  const onInput = (text: string) => {
    clearTimeout(timer.current);
    timer.current = setTimeout(
      () => fetcher.load(`/search/suggest?${new URLSearchParams({ text: text.slice(0, 2000) })}`),
      TYPING_PAUSE_MS,
    );
  };
  return { items: fetcher.data?.items ?? null, onInput };
}

export default function NewQuestion() {
  const { targets, sections, unavailable, defaults } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const typed = useSimilarAnswers();
  const checked = result && "similar" in result ? result.similar : null;
  const similar = typed.items ?? checked;
  const errors: Partial<Record<string, string>> = result?.errors ?? {};
  const values = result?.values;
  const [target, setTarget] = useState(values?.target ?? defaults.target);
  const weak = targets.find((t) => t.value === target)?.weakAnonymity ?? false;
  const anonymousChecked = values ? values.anonymous === "1" : true;
  return (
    <div className="narrow">
      <h1>Frage einreichen</h1>
      <p>
        Fragen aus der Praxis helfen der Moderation, die Veranstaltungen vorzubereiten. Angenommene Fragen sehen Ihre Kolleginnen und
        Kollegen unter <Link to="/questions">Fragen aus der Praxis</Link> und können sie unterstützen. Sie können bis zu {QUESTIONS_PER_DAY}{" "}
        Fragen am Tag einreichen.
      </p>
      {unavailable ? (
        <div className="notice notice--warning" role="status">
          {unavailable === "session"
            ? "Zu diesem Termin können Sie keine Frage einreichen: Das geht, solange Sie dort einen Platz haben oder auf der Warteliste stehen, bis zum Beginn. Sie können eine Frage zur Veranstaltungsreihe oder eine allgemeine Frage einreichen."
            : "Diese Veranstaltungsreihe gibt es nicht. Bitte wählen Sie unten, wozu Ihre Frage gehört."}
        </div>
      ) : null}
      <FormError message={errors.form} />
      <Form method="post" action="/questions/new" noValidate>
        <TargetSelect targets={targets} value={target} onChange={setTarget} error={errors.target} />
        <SectionSelect
          id="field-sectionId"
          sections={sections}
          defaultValue={values?.sectionId ?? defaults.sectionId}
          error={errors.sectionId}
        />
        <QuestionTextArea id="field-text" defaultValue={values?.text ?? ""} error={errors.text} onInput={typed.onInput} />
        <SimilarAnswers items={similar} searched={similar !== null} />
        <div className="field">
          <div className="checkbox">
            <input
              id="field-anonymous"
              type="checkbox"
              name="anonymous"
              value="1"
              defaultChecked={anonymousChecked}
              aria-describedby="field-anonymous-hint"
            />
            <label htmlFor="field-anonymous">Anonym einreichen</label>
          </div>
          <span id="field-anonymous-hint" className="field__hint">
            Anonym: Niemand sieht, von wem die Frage kommt – auch die Moderation nicht. Sie finden sie unter „Meine Fragen“ und lesen dort
            die Antwort; per E-Mail erhalten Sie zu einer anonymen Frage nichts. Ohne Häkchen sehen die Moderation und, sobald die Frage
            angenommen ist, Ihre Kolleginnen und Kollegen Ihren Namen.
          </span>
        </div>
        {weak ? (
          <div className="notice notice--warning" role="status">
            <strong>Anonymität nur eingeschränkt:</strong> Für diesen Termin haben weniger als {WEAK_ANONYMITY_BELOW} Personen einen Platz.
            Bei so wenigen Teilnehmenden lässt sich auch eine anonyme Frage leicht einer Person zuordnen, etwa am Inhalt. Sie können die
            Frage stattdessen zur Veranstaltungsreihe oder allgemein stellen.
          </div>
        ) : null}
        <SubmitButton pendingText="Wird eingereicht …">Frage einreichen</SubmitButton>
      </Form>
    </div>
  );
}
