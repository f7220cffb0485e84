import { data, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useRevalidator } from "@remix-run/react";
import { type FormEvent, useEffect, useRef, useState } from "react";
import { DateRange } from "~/components/DateRange";
import { useLiveRefresh } from "~/components/LiveRefresh";
import { getCurrentUser, requireUser } from "~/auth/current-user.server";
import { redirectWithFlash } from "~/lib/flash.server";
import { notFound, readFormData } from "~/lib/http";
import { questionKeyFrom } from "~/questions/question-key.server";
import { questionIdSchema } from "~/questions/review.schema";
import { LIVE_REFUSALS, livePage, submitLiveQuestion, voteLive, type LiveResult } from "~/room/live.server";
import { LIVE_PHASE_MESSAGES, LIVE_POLL_MS, LIVE_TEXT_MAX, LIVE_TEXT_MIN, normaliseLiveCode } from "~/room/rules";
import roomStyles from "~/styles/room.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: roomStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Fragen im Termin: ${data.page.session.seriesTitle} – KI-Infoveranstaltungen` : "Fragen im Termin" },
];

function codeFrom(params: { code?: string }): string {
  return normaliseLiveCode(params.code ?? "") ?? notFound("Diesen Link gibt es nicht. Bitte prüfen Sie den Code.");
}

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const code = codeFrom(params);
  const user = await getCurrentUser(context, request);
  const page = livePage(context.db, user, code, questionKeyFrom(context.env), new Date());
  if (!page.ok) notFound("Diesen Link gibt es nicht. Bitte prüfen Sie den Code.");
  return { page, loginHref: `/login?redirectTo=${encodeURIComponent(`/s/${code}`)}` };
}

// --- One handler per intent ---------------------------------------------------------------

type Ctx = ActionFunctionArgs["context"];
type Request_ = { context: Ctx; user: { id: number; roles: readonly string[] }; form: FormData; code: string };
export type AskError = { message: string; value: string; anonymous: boolean };

function refusal(context: Ctx, code: string, result: LiveResult & { ok: false }) {
  if (result.reason === "not_found") notFound("Diesen Link gibt es nicht. Bitte prüfen Sie den Code.");
  return redirectWithFlash(context, `/s/${code}`, { kind: "error", text: LIVE_REFUSALS[result.reason] });
}

async function ask(r: Request_) {
  const value = String(r.form.get("text") ?? "");
  const anonymous = r.form.get("anonymous") === "on";
  const text = value.trim();
  const message =
    text.length < LIVE_TEXT_MIN
      ? `Bitte schreiben Sie Ihre Frage (mindestens ${LIVE_TEXT_MIN} Zeichen).`
      : text.length > LIVE_TEXT_MAX
        ? `Höchstens ${LIVE_TEXT_MAX} Zeichen.`
        : null;
  const fail = (reason: string) => data<{ error: AskError }>({ error: { message: reason, value, anonymous } }, { status: 400 });
  if (message) return fail(message);
  const result = submitLiveQuestion(
    r.context.db,
    r.user,
    { key: questionKeyFrom(r.context.env), now: new Date() },
    { code: r.code, text, anonymous },
  );
  if (!result.ok) {
    if (result.reason === "not_found") notFound();
    // What was typed stays in the field, next to the reason.
    return fail(LIVE_REFUSALS[result.reason]);
  }
  return redirectWithFlash(r.context, `/s/${r.code}#ask-heading`, {
    kind: "success",
    text: "Ihre Frage ist gesendet. Die Moderation sieht sie in der Prüfung.",
  });
}

async function vote(r: Request_) {
  const parsed = questionIdSchema.safeParse(r.form.get("questionId"));
  if (!parsed.success) notFound();
  const takeBack = r.form.get("takeBack") === "1";
  const result = voteLive(
    r.context.db,
    r.user,
    { key: questionKeyFrom(r.context.env), now: new Date() },
    { code: r.code, questionId: parsed.data, takeBack },
  );
  if (!result.ok) return refusal(r.context, r.code, result);
  return redirectWithFlash(r.context, `/s/${r.code}#lq-${parsed.data}`, {
    kind: "success",
    text: takeBack ? "Ihre Stimme ist zurückgenommen." : "Ihre Stimme ist gezählt.",
  });
}

const HANDLERS: Record<string, (r: Request_) => Promise<unknown>> = { ask, vote };

export async function action({ params, request, context }: ActionFunctionArgs) {
  const code = codeFrom(params);
  const user = await requireUser(context, request);
  const form = await readFormData(request);
  const handler = HANDLERS[String(form.get("intent") ?? "")];
  if (!handler) return redirectWithFlash(context, `/s/${code}`, { kind: "error", text: "Diese Aktion ist hier nicht möglich." });
  return handler({ context, user, form, code });
}

// --- Page -----------------------------------------------------------------------------------

const DRAFT_PREFIX = "live-question-draft:";

/**
 * One step: the question, anonymous unless unticked. With JavaScript the text is also kept in
 * this tab's storage and sent with fetch: a phone that loses the connection keeps the text and
 * offers to send again (and tries once more by itself when it is back online).
 */
function AskForm({ code, error }: { code: string; error: AskError | null }) {
  const textRef = useRef<HTMLTextAreaElement>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const revalidator = useRevalidator();
  const [offline, setOffline] = useState(false);
  const [sending, setSending] = useState(false);
  const [sent, setSent] = useState(false);
  const draftKey = `${DRAFT_PREFIX}${code}`;

  useEffect(() => {
    const field = textRef.current;
    if (!field || error) return;
    const draft = window.sessionStorage.getItem(draftKey);
    if (draft && !field.value) field.value = draft;
  }, [draftKey, error]);

  async function send(form: HTMLFormElement) {
    setSending(true);
    try {
      const response = await fetch(form.action, {
        method: "POST",
        body: new URLSearchParams(new FormData(form) as unknown as Record<string, string>),
      });
      setOffline(false);
      if (response.ok && response.redirected) {
        window.sessionStorage.removeItem(draftKey);
        if (textRef.current) textRef.current.value = "";
        setSent(true);
        revalidator.revalidate();
      } else {
        // Refused (too short, limit, closed): the page sends it the ordinary way and shows why.
        form.submit();
      }
    } catch {
      setOffline(true);
      window.addEventListener("online", () => formRef.current && send(formRef.current), { once: true });
    } finally {
      setSending(false);
    }
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSent(false);
    void send(event.currentTarget);
  }

  return (
    <Form method="post" ref={formRef} onSubmit={onSubmit} className="live-ask" aria-labelledby="ask-heading">
      <input type="hidden" name="intent" value="ask" />
      <div className="field">
        <label htmlFor="live-text">Ihre Frage</label>
        <textarea
          id="live-text"
          name="text"
          ref={textRef}
          rows={4}
          maxLength={LIVE_TEXT_MAX}
          required
          defaultValue={error?.value ?? ""}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? "live-text-error" : undefined}
          onInput={(event) => window.sessionStorage.setItem(draftKey, event.currentTarget.value)}
        />
        {error ? (
          <span id="live-text-error" className="field__error">
            {error.message}
          </span>
        ) : null}
      </div>
      <div className="checkbox">
        <input type="checkbox" id="live-anonymous" name="anonymous" defaultChecked={error ? error.anonymous : true} />
        <label htmlFor="live-anonymous">Anonym senden (niemand sieht, von wem die Frage kommt)</label>
      </div>
      <button type="submit" className="button" disabled={sending}>
        Frage senden
      </button>
      <div role="status" className="live-ask__status">
        {offline ? (
          <p className="notice notice--warning">
            Keine Verbindung. Ihr Text ist nicht verloren.{" "}
            <button type="button" className="button button--quiet" onClick={() => formRef.current && send(formRef.current)}>
              Erneut senden
            </button>
          </p>
        ) : sent ? (
          <p className="notice notice--success">Ihre Frage ist gesendet.</p>
        ) : null}
      </div>
    </Form>
  );
}

export default function LiveQuestions() {
  const { page, loginHref } = useLoaderData<typeof loader>();
  const error = (useActionData() as { error?: AskError } | undefined)?.error ?? null;
  useLiveRefresh(`/s/${page.code}/version`, LIVE_POLL_MS);
  const open = page.phase === "open";
  return (
    <div className="live-page">
      <h1>Fragen im Termin</h1>
      <p className="lead">
        {page.session.seriesTitle}, <DateRange start={page.session.startsAt} end={page.session.endsAt} />
      </p>
      {!open ? (
        <p className="notice notice--warning" data-live-phase={page.phase}>
          {LIVE_PHASE_MESSAGES[page.phase as Exclude<typeof page.phase, "open">]}
        </p>
      ) : null}
      {page.access === "signed_out" ? (
        <section aria-labelledby="login-heading">
          <h2 id="login-heading">Erst einloggen</h2>
          <p>
            Fragen senden und abstimmen können Personen mit einem Platz in diesem Termin. Loggen Sie sich dafür auf diesem Telefon ein: Sie
            geben Ihre dienstliche E-Mail-Adresse ein und bekommen einen Code dorthin. Den Code können Sie auf jedem Gerät lesen (zum
            Beispiel am Arbeitsplatz-PC) und hier auf dem Telefon eingeben.
          </p>
          <p>
            <a href={loginHref} className="button">
              Einloggen
            </a>
          </p>
        </section>
      ) : page.access === "no_seat" ? (
        <p className="notice notice--warning">{LIVE_REFUSALS.no_seat}</p>
      ) : (
        <>
          {open ? (
            <section aria-labelledby="ask-heading">
              <h2 id="ask-heading" tabIndex={-1}>
                Frage stellen
              </h2>
              <p>
                {page.mode === "open"
                  ? "Ihre Frage erscheint sofort in der Liste unten. Auf die Leinwand kommt sie, wenn die Moderation sie aufnimmt."
                  : "Die Moderation prüft Ihre Frage; danach erscheint sie in der Liste unten und kann auf die Leinwand kommen."}
              </p>
              <AskForm code={page.code} error={error} />
              {page.ownWaiting > 0 ? (
                <p data-own-waiting>
                  {page.ownWaiting === 1 ? "Eine Ihrer Fragen wartet" : `${page.ownWaiting} Ihrer Fragen warten`} auf die Prüfung.
                </p>
              ) : null}
            </section>
          ) : null}
          <section aria-labelledby="list-heading">
            <h2 id="list-heading">Fragen ({page.questions.length})</h2>
            <p>
              Meiste Stimmen zuerst. <Link to={`/s/${page.code}`}>Aktualisieren</Link>
            </p>
            {page.questions.length === 0 ? (
              <p>Noch keine Fragen.</p>
            ) : (
              <ol className="live-list">
                {page.questions.map((q) => (
                  <li key={q.id} id={`lq-${q.id}`} tabIndex={-1} data-live-question={q.id}>
                    <p className="live-list__text">{q.text}</p>
                    <p className="live-list__meta">
                      <span data-votes={q.id}>{q.votes === 1 ? "1 Stimme" : `${q.votes} Stimmen`}</span>
                      {q.answered ? " · beantwortet" : q.pending ? " · noch nicht geprüft" : ""}
                      {q.own ? " · Ihre Frage" : ""}
                    </p>
                    {open && !q.own ? (
                      <Form method="post" className="inline-form">
                        <input type="hidden" name="intent" value="vote" />
                        <input type="hidden" name="questionId" value={q.id} />
                        {q.votedByMe ? <input type="hidden" name="takeBack" value="1" /> : null}
                        <button type="submit" className="button button--quiet" aria-pressed={q.votedByMe}>
                          {q.votedByMe ? "Stimme zurücknehmen" : "Auch wissen wollen"}
                          <span className="visually-hidden">: {q.text.slice(0, 60)}</span>
                        </button>
                      </Form>
                    ) : null}
                  </li>
                ))}
              </ol>
            )}
          </section>
        </>
      )}
    </div>
  );
}
