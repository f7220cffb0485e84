import { data, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation, useNavigation } from "@remix-run/react";
import { useEffect } from "react";
import { DateRange } from "~/components/DateRange";
import { useLiveRefresh } from "~/components/LiveRefresh";
import { requireUser, type CurrentUser } from "~/auth/current-user.server";
import { formatDateTime } from "~/lib/dates";
import { redirectWithFlash } from "~/lib/flash.server";
import { forbidden, notFound, parseId, readFormData } from "~/lib/http";
import { IN_SESSION_NOTE_MAX, questionIdSchema } from "~/questions/review.schema";
import { acceptQuestions } from "~/questions/review.server";
import {
  closeLivePhase,
  markAnsweredInSession,
  markFollowUp,
  moveQuestion,
  openLivePhase,
  runningOrder,
  setLiveMode,
  type RoomResult,
  type RunningItem,
} from "~/room/room.server";
import { LIVE_MODE_LABELS, LIVE_POLL_MS, runningStateLabel } from "~/room/rules";
import roomStyles from "~/styles/room.css";
import { LIVE_MODES, type LiveMode } from "~db/schema";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: roomStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Ablauf: ${data.session.seriesTitle}, ${formatDateTime(data.session.startsAt)} – Moderation` : "Ablauf – Moderation" },
];

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const user = await requireUser(context, request);
  const result = runningOrder(context.db, user, parseId(params.sessionId), new Date());
  if (!result.ok && result.reason === "forbidden") forbidden();
  if (!result.ok) notFound("Diesen Termin gibt es nicht.");
  return { ...result, appUrl: context.env.appUrl };
}

// --- One handler per intent ---------------------------------------------------------------

type Ctx = ActionFunctionArgs["context"];
type Request_ = { context: Ctx; user: CurrentUser; form: FormData; sessionId: number; back: string };

const REFUSED: Record<string, string> = {
  invalid_state: "Das ist bei dieser Frage in ihrem jetzigen Zustand nicht möglich. Die Liste zeigt den aktuellen Stand.",
  not_open_time: "„Fragen im Termin“ lässt sich ab 30 Minuten vor Beginn bis zum Ende eines veröffentlichten Termins öffnen.",
  empty: "Die Eingabe war leer oder zu lang; es wurde nichts geändert.",
};

export type RoomFormError = { questionId: number; field: string; message: string; value: string };

async function finish({ context, back }: Request_, result: RoomResult, success: string, focus: string) {
  if (!result.ok && result.reason === "forbidden") forbidden();
  if (!result.ok && result.reason === "not_found") notFound();
  context.sendMailSoon();
  if (!result.ok) return redirectWithFlash(context, back, { kind: "error", text: REFUSED[result.reason] ?? "Das ist nicht möglich." });
  return redirectWithFlash(context, `${back}#${focus}`, { kind: "success", text: success });
}

function text(form: FormData, name: string): string {
  return String(form.get(name) ?? "");
}

function oneQuestion(form: FormData): number {
  const parsed = questionIdSchema.safeParse(form.get("questionId"));
  if (!parsed.success) notFound();
  return parsed.data;
}

/** A question from the room, accepted without leaving the running order (the review's own use case). */
async function accept(r: Request_) {
  const questionId = oneQuestion(r.form);
  const result = acceptQuestions(r.context.db, r.user, [questionId], { now: new Date(), appUrl: r.context.env.appUrl });
  if (!result.ok && result.reason === "invalid_state") return finish(r, { ok: false, reason: "invalid_state" }, "", "waiting-heading");
  if (!result.ok) return finish(r, { ok: false, reason: result.reason === "forbidden" ? "forbidden" : "not_found" }, "", "");
  return finish(r, { ok: true }, `Frage Nr. ${questionId} angenommen.`, "waiting-heading");
}

async function move(r: Request_) {
  const questionId = oneQuestion(r.form);
  const direction = text(r.form, "direction") === "up" ? "up" : "down";
  const result = moveQuestion(r.context.db, r.user, { sessionId: r.sessionId, questionId, direction }, new Date());
  return finish(r, result, `Frage Nr. ${questionId} ${direction === "up" ? "nach oben" : "nach unten"} verschoben.`, `q-${questionId}`);
}

async function answered(r: Request_) {
  const questionId = oneQuestion(r.form);
  const note = text(r.form, "note");
  const trimmed = note.trim();
  if (!trimmed || trimmed.length > IN_SESSION_NOTE_MAX) {
    return data<{ error: RoomFormError }>(
      {
        error: {
          questionId,
          field: "note",
          value: note,
          message: trimmed ? `Höchstens ${IN_SESSION_NOTE_MAX} Zeichen.` : "Bitte notieren Sie kurz, was im Termin geantwortet wurde.",
        },
      },
      { status: 400 },
    );
  }
  const result = markAnsweredInSession(
    r.context.db,
    r.user,
    { sessionId: r.sessionId, questionId, note: trimmed },
    { now: new Date(), appUrl: r.context.env.appUrl },
  );
  return finish(r, result, `Frage Nr. ${questionId}: im Termin beantwortet.`, `q-${questionId}`);
}

async function followUp(r: Request_) {
  const questionId = oneQuestion(r.form);
  const flag = text(r.form, "followUp") === "1";
  const result = markFollowUp(r.context.db, r.user, { sessionId: r.sessionId, questionId, followUp: flag }, new Date());
  return finish(
    r,
    result,
    flag ? `Frage Nr. ${questionId}: Die Antwort wird nachgereicht.` : `Frage Nr. ${questionId}: wieder offen.`,
    `q-${questionId}`,
  );
}

function liveMode(form: FormData): LiveMode {
  const value = text(form, "mode");
  return (LIVE_MODES as readonly string[]).includes(value) ? (value as LiveMode) : "moderated";
}

async function liveOpen(r: Request_) {
  const result = openLivePhase(r.context.db, r.user, { sessionId: r.sessionId, mode: liveMode(r.form) }, new Date());
  return finish(r, result, "„Fragen im Termin“ ist geöffnet.", "live-heading");
}

async function liveModeSet(r: Request_) {
  const result = setLiveMode(r.context.db, r.user, { sessionId: r.sessionId, mode: liveMode(r.form) }, new Date());
  return finish(r, result, "Modus gespeichert.", "live-heading");
}

async function liveClose(r: Request_) {
  const result = closeLivePhase(r.context.db, r.user, { sessionId: r.sessionId }, new Date());
  return finish(r, result, "„Fragen im Termin“ ist geschlossen.", "live-heading");
}

const HANDLERS: Record<string, (r: Request_) => Promise<unknown>> = {
  accept,
  move,
  answered,
  "follow-up": followUp,
  "live-open": liveOpen,
  "live-mode": liveModeSet,
  "live-close": liveClose,
};

export async function action({ params, request, context }: ActionFunctionArgs) {
  const user = await requireUser(context, request);
  const sessionId = parseId(params.sessionId);
  const form = await readFormData(request);
  const back = `/facilitate/sessions/${sessionId}`;
  const handler = HANDLERS[text(form, "intent")];
  if (!handler) return redirectWithFlash(context, back, { kind: "error", text: "Diese Aktion ist hier nicht möglich." });
  return handler({ context, user, form, sessionId, back });
}

// --- Page -----------------------------------------------------------------------------------

function QuestionCard({ item, first, last, error }: { item: RunningItem; first: boolean; last: boolean; error: RoomFormError | null }) {
  const mine = error?.questionId === item.id ? error : null;
  const noteId = `note-${item.id}`;
  return (
    <li id={`q-${item.id}`} tabIndex={-1} className="running-item">
      <p className="running-item__text">{item.text}</p>
      <p className="running-item__meta">
        Nr. {item.id} · {item.votes === 1 ? "1 Stimme" : `${item.votes} Stimmen`}
        {item.live ? " · aus dem Termin" : ""} · <strong data-state={item.id}>{runningStateLabel(item)}</strong>
      </p>
      {item.status === "answered" && item.answer ? <p className="running-item__note">Notiz: {item.answer}</p> : null}
      <div className="running-item__actions">
        <Form method="post" className="inline-form">
          <input type="hidden" name="intent" value="move" />
          <input type="hidden" name="questionId" value={item.id} />
          <button type="submit" name="direction" value="up" className="button button--quiet" disabled={first}>
            Nach oben<span className="visually-hidden"> (Nr. {item.id})</span>
          </button>{" "}
          <button type="submit" name="direction" value="down" className="button button--quiet" disabled={last}>
            Nach unten<span className="visually-hidden"> (Nr. {item.id})</span>
          </button>
        </Form>
        {item.status === "accepted" ? (
          <Form method="post" className="inline-form">
            <input type="hidden" name="intent" value="follow-up" />
            <input type="hidden" name="questionId" value={item.id} />
            <input type="hidden" name="followUp" value={item.followUp ? "0" : "1"} />
            <button type="submit" className="button button--quiet">
              {item.followUp ? "Wieder offen" : "Nachreichen"}
              <span className="visually-hidden"> (Nr. {item.id})</span>
            </button>
          </Form>
        ) : null}
      </div>
      {item.status === "accepted" || item.answeredHow === "in_session" ? (
        <details open={!!mine} className="running-item__answer">
          <summary>
            {item.status === "answered" ? "Notiz ändern" : "Im Termin beantwortet"}
            <span className="visually-hidden"> (Nr. {item.id})</span>
          </summary>
          <Form method="post">
            <input type="hidden" name="intent" value="answered" />
            <input type="hidden" name="questionId" value={item.id} />
            <div className="field">
              <label htmlFor={noteId}>Kurze Notiz zur Antwort (Entwurf für die Zusammenfassung)</label>
              <textarea
                id={noteId}
                name="note"
                rows={3}
                maxLength={IN_SESSION_NOTE_MAX}
                defaultValue={mine ? mine.value : (item.answer ?? "")}
                aria-invalid={mine ? true : undefined}
                aria-describedby={mine ? `${noteId}-error` : undefined}
              />
              {mine ? (
                <span id={`${noteId}-error`} className="field__error">
                  {mine.message}
                </span>
              ) : null}
            </div>
            <button type="submit" className="button">
              Als beantwortet speichern<span className="visually-hidden"> (Nr. {item.id})</span>
            </button>
          </Form>
        </details>
      ) : null}
    </li>
  );
}

function LivePanel() {
  const { live, session, appUrl, ended } = useLoaderData<typeof loader>();
  const url = live.code ? `${appUrl}/s/${live.code}` : null;
  return (
    <section aria-labelledby="live-heading" className="live-panel">
      <h2 id="live-heading" tabIndex={-1}>
        Fragen im Termin
      </h2>
      {live.phase === "open" && url ? (
        <>
          <p>
            Geöffnet ({LIVE_MODE_LABELS[live.mode]}). Teilnehmende mit Platz senden Fragen unter{" "}
            <a href={`/s/${live.code}`}>{url.replace(/^https?:\/\//, "")}</a> (Code {live.code}). Neue Fragen landen in der Prüfung; die
            Präsentation zeigt nur, was Sie angenommen haben.
          </p>
          <Form method="post" className="inline-form">
            <input type="hidden" name="intent" value="live-mode" />
            <input type="hidden" name="mode" value={live.mode === "open" ? "moderated" : "open"} />
            <button type="submit" className="button button--quiet">
              {live.mode === "open" ? "Auf „moderiert“ umstellen" : "Auf „offen“ umstellen"}
            </button>
          </Form>{" "}
          <Form method="post" className="inline-form">
            <input type="hidden" name="intent" value="live-close" />
            <button type="submit" className="button button--quiet">
              Fragen im Termin schließen
            </button>
          </Form>
        </>
      ) : live.mayOpen ? (
        <Form method="post">
          <p>
            {live.phase === "closed" ? "Geschlossen. " : ""}Öffnen Sie „Fragen im Termin“, damit Teilnehmende mit Platz vom Telefon aus
            fragen und abstimmen können. Die Präsentation zeigt dann Link und QR-Code. Es schließt spätestens um{" "}
            {new Date(session.endsAt).toLocaleTimeString("de-DE", { hour: "2-digit", minute: "2-digit", timeZone: "Europe/Berlin" })} Uhr.
          </p>
          <fieldset>
            <legend>Wann sehen die anderen Teilnehmenden eine neue Frage?</legend>
            {LIVE_MODES.map((mode) => (
              <div key={mode} className="checkbox">
                <input type="radio" id={`mode-${mode}`} name="mode" value={mode} defaultChecked={mode === "moderated"} />
                <label htmlFor={`mode-${mode}`}>{LIVE_MODE_LABELS[mode]}</label>
              </div>
            ))}
          </fieldset>
          <input type="hidden" name="intent" value="live-open" />
          <button type="submit" className="button">
            Fragen im Termin öffnen
          </button>
        </Form>
      ) : (
        <p>
          {ended
            ? "Der Termin ist vorbei; „Fragen im Termin“ ist geschlossen."
            : "„Fragen im Termin“ lässt sich ab 30 Minuten vor Beginn bis zum Ende des Termins öffnen."}
        </p>
      )}
    </section>
  );
}

export default function RunningOrder() {
  const { session, groups, counts, waiting, waitingLive, ended, started } = useLoaderData<typeof loader>();
  const error = (useActionData() as { error?: RoomFormError } | undefined)?.error ?? null;
  const location = useLocation();
  const navigation = useNavigation();
  useLiveRefresh(`/facilitate/sessions/${session.id}/version`, LIVE_POLL_MS);

  useEffect(() => {
    if (navigation.state !== "idle") return;
    const target = error
      ? document.querySelector<HTMLElement>('[aria-invalid="true"]')
      : location.hash
        ? document.getElementById(location.hash.slice(1))
        : null;
    target?.focus();
  }, [location, error, navigation.state]);

  return (
    <div className="running-order">
      <p className="no-print">
        <Link to="/moderation">← Zur Moderation</Link>
      </p>
      <h1>Ablauf: {session.seriesTitle}</h1>
      <p className="lead">
        <DateRange start={session.startsAt} end={session.endsAt} />
        {session.room || session.place ? `, ${[session.place, session.room].filter(Boolean).join(", ")}` : ""}
      </p>
      <p className="no-print">
        <Link to={`/facilitate/sessions/${session.id}/present`} className="button">
          Präsentation öffnen
        </Link>{" "}
        <Link to={`/facilitate?session=${session.id}`} data-waiting={waiting}>
          {waiting === 1 ? "1 eingereichte Frage wartet auf Prüfung" : `${waiting} eingereichte Fragen warten auf Prüfung`}
        </Link>{" "}
        · <Link to={`/sessions/${session.id}/participants`}>Teilnehmende</Link> ·{" "}
        <a href={`/facilitate/sessions/${session.id}`}>Aktualisieren</a>
      </p>
      <div className="no-print">
        <LivePanel />
      </div>
      {waitingLive.length > 0 ? (
        <section aria-labelledby="waiting-heading" className="no-print">
          <h2 id="waiting-heading" tabIndex={-1}>
            Neue Fragen aus dem Raum
          </h2>
          <ol className="running-list">
            {waitingLive.map((q) => (
              <li key={q.id} className="running-item">
                <p className="running-item__text">{q.text}</p>
                <Form method="post" className="inline-form">
                  <input type="hidden" name="intent" value="accept" />
                  <input type="hidden" name="questionId" value={q.id} />
                  <button type="submit" className="button button--quiet">
                    Annehmen<span className="visually-hidden"> (Nr. {q.id})</span>
                  </button>
                </Form>{" "}
                <Link to={`/facilitate?session=${session.id}#q-${q.id}`}>
                  Weitere Schritte<span className="visually-hidden"> (Nr. {q.id})</span>
                </Link>
              </li>
            ))}
          </ol>
        </section>
      ) : null}
      {started ? (
        <section aria-labelledby="after-heading" className="after-session">
          <h2 id="after-heading">{ended ? "Nach dem Termin" : "Stand"}</h2>
          <ul>
            <li data-count="in-session">Im Termin beantwortet: {counts.answeredInSession}</li>
            <li data-count="follow-up">Antwort wird nachgereicht: {counts.followUp}</li>
            <li data-count="open">Noch offen: {counts.open}</li>
            {counts.answeredInWriting > 0 ? <li>Schriftlich beantwortet: {counts.answeredInWriting}</li> : null}
          </ul>
          {ended ? (
            <p className="no-print">
              <Link to={`/facilitate/summaries/new?session=${session.id}`} className="button">
                Zusammenfassung beginnen
              </Link>
            </p>
          ) : null}
        </section>
      ) : null}
      <h2 id="order-heading">Angenommene Fragen nach Abschnitt ({counts.total})</h2>
      {groups.length === 0 ? (
        <p>Noch keine angenommenen Fragen. Eingereichte Fragen nehmen Sie unter „Fragen prüfen“ an.</p>
      ) : (
        groups.map((group) => (
          <section key={group.sectionId ?? "none"} aria-label={group.label} className="running-group">
            <h3>{group.label}</h3>
            <ol className="running-list">
              {group.items.map((item, index) => (
                <QuestionCard key={item.id} item={item} first={index === 0} last={index === group.items.length - 1} error={error} />
              ))}
            </ol>
          </section>
        ))
      )}
    </div>
  );
}
