import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { DateRange } from "~/components/DateRange";
import { formatDateTime } from "~/lib/dates";
import { notFound, parseId } from "~/lib/http";
import { renderMarkdown } from "~/lib/markdown.server";
import { FORMAT_LABELS, WINDOW_LABELS, seatsLabel } from "~/sessions/rules";
import { NewSessionAlert } from "~/components/NewSessionAlert";
import { RegistrationPanel } from "~/components/RegistrationPanel";
import { getCurrentUser, requireUser } from "~/auth/current-user.server";
import { canManageSession } from "~/participants/participants.server";
import { redirectWithFlash, type Flash } from "~/lib/flash.server";
import { registrationIntentSchema } from "~/registrations/intent.schema";
import { REFUSAL_MESSAGES } from "~/registrations/messages";
import { cancelPassesSeatOn, personalSessionState } from "~/registrations/my-registrations.server";
import { acceptOffer, declineOffer } from "~/registrations/waitlist.server";
import { cancelRegistration, rebook, register, switchFromWaitlist, type Refusal } from "~/registrations/transitions.server";
import { clockFor } from "~/registrations/clock";
import { availableIntents } from "~/registrations/rules";
import { freeSeats } from "~/sessions/rules";
import { mayReadParticipantDetails } from "~/sessions/participant-details";
import { hasOpenNewSessionAlert } from "~/sessions/new-session-alerts.server";
import { getPublicSession, seriesHasNoFreeSession } from "~/sessions/sessions.server";
import { coveredSections } from "~/sessions/series-sections.server";
import { maySubmitForSession } from "~/questions/rules";
import { liveLinkFor } from "~/room/live.server";
import { SessionMaterials } from "~/components/SessionMaterials";
import { materialViewerFor } from "~/materials/access.server";
import { materialsForSession } from "~/materials/materials.server";
import { parseMailbox } from "~/calendar/ical.server";
import { webLinkOrNull } from "~/sessions/links";
import { sessionContact } from "~/sessions/session-page";
import { readWorkingTimeNote } from "~/sessions/working-time-note.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.session.seriesTitle}, ${formatDateTime(data.session.startsAt)} – KI-Infoveranstaltungen` : "Termin" },
];

export async function loader({ params, context, request }: LoaderFunctionArgs) {
  const now = new Date();
  const detail = getPublicSession(context.db, parseId(params.sessionId), now) ?? notFound("Diesen Termin gibt es nicht.");
  // The online link and the note for participants stay out of the page data unless the
  // viewer may read them (mayReadParticipantDetails).
  const { onlineUrl: sessionOnlineUrl, noteForParticipants, ...session } = detail;
  const user = await getCurrentUser(context, request);
  const seriesFull = seriesHasNoFreeSession(context.db, session.seriesId, now);
  const personal = user ? personalSessionState(context.db, user.id, session, now) : null;
  const free = freeSeats(session.seats);
  const intents = personal
    ? availableIntents({
        window: session.window,
        sessionStarted: session.startsAt <= now,
        freeSeats: free,
        own: personal.own ? { status: personal.own.status, conditional: !!personal.own.keepsSeat } : null,
        seatElsewhere: !!personal.seatElsewhere,
        waitingElsewhere: !!personal.waitingElsewhere,
        oneSeatPerPerson: session.oneSeatPerPerson,
      })
    : [];
  const canManage = user ? canManageSession(context.db, user, session.id) : false;
  const passesSeatOn = user && intents.includes("cancel") ? cancelPassesSeatOn(context.db, user.id, session.id) : false;
  const participantDetails = mayReadParticipantDetails({ registrationStatus: personal?.own?.status, managesSession: canManage });
  return {
    session,
    canManage,
    // "Fragen im Termin" (decision 016): the same link for people in the room and online.
    liveLink: liveLinkFor(context.db, user, session.id, now),
    // The online link only ever reaches people who hold a place.
    onlineUrl: participantDetails ? sessionOnlineUrl : null,
    noteForParticipants: participantDetails ? noteForParticipants : "",
    panel: {
      signedIn: !!user,
      loginHref: `/login?redirectTo=${encodeURIComponent(`/sessions/${session.id}`)}`,
      intents,
      window: session.window,
      freeSeats: free,
      waitlistLength: session.seats.waitlisted,
      own: personal?.own ?? null,
      sessionStarted: session.startsAt <= now,
      seatElsewhere: personal?.seatElsewhere ?? null,
      waitingElsewhere: personal?.waitingElsewhere ?? null,
      cancelPassesSeatOn: passesSeatOn,
      // Without JavaScript, "Abmelden" leads here first (?abmelden=1): the confirmation step.
      confirmCancel: passesSeatOn && new URL(request.url).searchParams.get("abmelden") === "1",
    },
    descriptionHtml: renderMarkdown(session.seriesDescription),
    coveredSections: coveredSections(context.db, session.seriesId, now),
    mayAskQuestion: maySubmitForSession({
      registrationStatus: personal?.own?.status,
      sessionStarted: session.startsAt <= now,
      sessionCancelled: session.status === "cancelled",
    }),
    // Preparation before, slides after (decision 022); what the viewer may see.
    materials: materialsForSession(context.db, materialViewerFor(context.db, user), session.id, session.seriesId),
    sessionEnded: session.endsAt <= now,
    newSessionAlert: seriesFull
      ? { signedIn: !!user, requested: user ? hasOpenNewSessionAlert(context.db, user.id, session.seriesId) : false }
      : null,
    // Checked again on the way out: only http(s) links ever become an href (links.ts).
    links: { directionsUrl: webLinkOrNull(session.directionsUrl), testRoomUrl: webLinkOrNull(session.testRoomUrl) },
    contact: sessionContact(session, parseMailbox(context.env.mailFrom)),
    workingTimeNote: readWorkingTimeNote(context.db),
  };
}

export default function SessionPage() {
  const {
    session,
    descriptionHtml,
    coveredSections,
    newSessionAlert,
    panel,
    onlineUrl,
    noteForParticipants,
    canManage,
    mayAskQuestion,
    liveLink,
    materials,
    sessionEnded,
    links,
    contact,
    workingTimeNote,
  } = useLoaderData<typeof loader>();
  const where = [session.place, session.room].filter(Boolean).join(", ");
  const open = session.status !== "cancelled";
  const inTheRoom = session.format !== "online";
  const online = session.format !== "in_person";
  const holdsPlace = ["confirmed", "offered", "attended"].includes(panel.own?.status ?? "");
  return (
    <article className="session-page">
      <p>
        <Link to="/sessions">← Alle Veranstaltungen</Link>
      </p>
      <h1>{session.seriesTitle}</h1>
      {canManage ? (
        <p>
          <Link to={`/sessions/${session.id}/participants`}>Teilnehmende und Anwesenheit</Link> ·{" "}
          <Link to={`/facilitate/sessions/${session.id}`}>Ablauf und Präsentation</Link>
        </p>
      ) : null}
      {liveLink ? (
        <div className="notice notice--success" data-live-link>
          <strong>Der Termin läuft.</strong> Fragen stellen und abstimmen, im Raum oder online: <Link to={liveLink}>Fragen im Termin</Link>
        </div>
      ) : null}
      <p className="lead">
        <DateRange start={session.startsAt} end={session.endsAt} /> · {FORMAT_LABELS[session.format]}
      </p>
      {session.calledOffAt ? (
        <div className="notice notice--error" role="status">
          <strong>Termin ausgefallen.</strong> {session.calledOffReason ?? ""}
        </div>
      ) : null}
      {session.status === "cancelled" ? (
        <div className="notice notice--error" role="status">
          <strong>Veranstaltung abgesagt.</strong> {session.cancelReason ?? ""}
        </div>
      ) : null}
      {/* On a phone the description may fill several screens: this link near the top leads to
          the action (decision 025). An anchor, so it works without JavaScript. */}
      {open && !panel.sessionStarted ? (
        <p className="session-page__jump">
          <span>{seatsLabel(session.seats)}</span>{" "}
          <a className="button button--quiet" href="#registration" data-jump-to-registration>
            {panel.own ? "Zu Ihrer Anmeldung" : "Zur Anmeldung"}
          </a>
        </p>
      ) : null}

      <section aria-labelledby="about">
        <h2 id="about">Worum es geht</h2>
        {/* biome-ignore lint/security/noDangerouslySetInnerHtml: rendered by markdown.server.ts through sanitize-html */}
        <div className="prose" dangerouslySetInnerHTML={{ __html: descriptionHtml }} />
        {session.audience ? (
          <p data-audience>
            <strong>Für wen:</strong> {session.audience}
          </p>
        ) : null}
        {coveredSections.length > 0 ? (
          <>
            <h3 id="covered">Behandelte Abschnitte der Dienstvereinbarung</h3>
            <ul aria-labelledby="covered" data-covered-sections>
              {coveredSections.map((section) => (
                <li key={section.anchor}>
                  <Link to={`/agreement#${section.anchor}`}>{section.heading}</Link> ·{" "}
                  <Link to={`/qa/sections/${section.anchor}`}>
                    Fragen und Antworten<span className="visually-hidden"> zu {section.heading}</span>
                  </Link>
                </li>
              ))}
            </ul>
          </>
        ) : null}
        <p>
          <Link to="/agreement">Die Dienstvereinbarung im Wortlaut lesen</Link>
        </p>
      </section>

      {open ? (
        <RegistrationPanel
          data={panel}
          facts={
            // Not `.facts`: the page has one facts list, "Wann und wo".
            <dl className="registration-facts">
              <dt>Plätze</dt>
              <dd>{seatsLabel(session.seats)}</dd>
              <dt>Anmeldung</dt>
              <dd>{WINDOW_LABELS[session.window]}</dd>
            </dl>
          }
        />
      ) : null}
      {/* Only for a place: the invite mail already carries it, this is the second way (secondary). */}
      {open && holdsPlace ? (
        <p>
          <a className="button button--quiet" href={`/sessions/${session.id}/calendar.ics`} download>
            Zum Kalender hinzufügen (.ics)
          </a>
        </p>
      ) : null}
      {newSessionAlert ? (
        <NewSessionAlert
          seriesId={session.seriesId}
          title={session.seriesTitle}
          {...newSessionAlert}
          returnTo={`/sessions/${session.id}`}
        />
      ) : null}

      <section aria-labelledby="when-where">
        <h2 id="when-where">Wann und wo</h2>
        <dl className="facts" data-when-where>
          <dt>Datum und Uhrzeit</dt>
          <dd>
            <DateRange start={session.startsAt} end={session.endsAt} />
          </dd>
          <dt>Format</dt>
          <dd>{FORMAT_LABELS[session.format]}</dd>
          {inTheRoom ? (
            <>
              <dt>Veranstaltungsort</dt>
              <dd data-place>{where || "wird noch bekannt gegeben"}</dd>
              {links.directionsUrl ? (
                <>
                  <dt>Anfahrt</dt>
                  <dd>
                    <a href={links.directionsUrl} rel="noopener noreferrer" data-directions>
                      Karte und Wegbeschreibung<span className="visually-hidden"> zum Veranstaltungsort</span>
                    </a>
                  </dd>
                </>
              ) : null}
            </>
          ) : null}
          {session.accessibilityNotes ? (
            <>
              <dt>Barrierefreiheit</dt>
              <dd data-accessibility>{session.accessibilityNotes}</dd>
            </>
          ) : null}
          {online && session.onlineTool ? (
            <>
              <dt>Werkzeug</dt>
              <dd data-online-tool>{session.onlineTool}</dd>
            </>
          ) : null}
          {online ? (
            <>
              <dt>Videokonferenz</dt>
              <dd data-online-link>
                {onlineUrl ? (
                  <a href={onlineUrl}>{onlineUrl}</a>
                ) : (
                  "Den Link zur Videokonferenz sehen Sie hier, sobald Sie einen Platz haben."
                )}
              </dd>
            </>
          ) : null}
          {online && links.testRoomUrl ? (
            <>
              <dt>Technik-Test</dt>
              <dd>
                <a href={links.testRoomUrl} rel="noopener noreferrer" data-test-room>
                  Testraum: Ton und Kamera vorab ausprobieren
                </a>
              </dd>
            </>
          ) : null}
          {session.facilitators.length > 0 ? (
            <>
              <dt>Moderation</dt>
              <dd>{session.facilitators.join(", ")}</dd>
            </>
          ) : null}
        </dl>
        {noteForParticipants ? (
          <div className="notice">
            <strong>Hinweis für Teilnehmende:</strong> {noteForParticipants}
          </div>
        ) : null}
      </section>

      <section aria-labelledby="contact">
        <h2 id="contact">Kontakt</h2>
        <p data-contact={contact.kind}>
          {contact.kind === "named" ? "Ihre Ansprechperson: " : "Fragen zur Veranstaltung beantwortet das Team unter "}
          {contact.kind === "named" ? (
            <>
              {contact.name}, <a href={`mailto:${contact.email}`}>{contact.email}</a>
            </>
          ) : (
            <a href={`mailto:${contact.email}`}>{contact.email}</a>
          )}
        </p>
        {workingTimeNote ? (
          <p className="notice" data-working-time-note>
            {workingTimeNote}
          </p>
        ) : null}
      </section>

      {open && !panel.sessionStarted ? (
        <section aria-labelledby="questions">
          <h2 id="questions">Fragen vorab</h2>
          {mayAskQuestion ? (
            <p>
              Sie haben eine Frage aus der Praxis? Reichen Sie sie vor dem Termin ein, auf Wunsch anonym.{" "}
              <Link to={`/questions/new?session=${session.id}`}>Frage einreichen</Link>
            </p>
          ) : panel.signedIn ? (
            <p>
              Fragen zu diesem Termin können Sie einreichen, sobald Sie angemeldet sind oder auf der Warteliste stehen.{" "}
              <Link to={`/questions/new?series=${session.seriesId}`}>Frage zur Veranstaltungsreihe einreichen</Link>
            </p>
          ) : (
            <p>Nach dem Einloggen und der Anmeldung können Sie vorab Fragen zu diesem Termin einreichen, auf Wunsch anonym.</p>
          )}
          {panel.signedIn ? (
            <p>
              <Link to={`/questions?series=${session.seriesId}`}>Fragen aus der Praxis zu dieser Veranstaltungsreihe</Link>
            </p>
          ) : null}
        </section>
      ) : null}
      <SessionMaterials items={materials} ended={sessionEnded} />
    </article>
  );
}

const REGISTER_OUTCOMES = {
  confirmed: (): Flash => ({ kind: "success", text: "Sie sind angemeldet. Die Bestätigung kommt per E-Mail." }),
  waitlisted: (position: number | null): Flash => ({
    kind: "info",
    text: `Der Termin ist ausgebucht. Sie stehen auf Platz ${position} der Warteliste; wir schreiben Ihnen, sobald Sie nachrücken.`,
  }),
};

// Every outcome, "ausgebucht" included, is a 303 back to this page with a message, so the
// page always shows fresh data and a reload never repeats the action.
export async function action({ request, context, params }: ActionFunctionArgs) {
  const sessionId = parseId(params.sessionId);
  const user = await requireUser(context, request);
  const form = Object.fromEntries(await request.formData());
  const parsed = registrationIntentSchema.safeParse(form);
  // "Meine Anmeldungen" acts on its rows and wants the person back there; nothing else is followed.
  const here = form.returnTo === "/me" ? "/me" : `/sessions/${sessionId}`;
  if (!parsed.success) {
    const message =
      parsed.error.issues.find((issue) => issue.path[0] === "supportNeeds")?.message ?? "Diese Aktion ist hier nicht möglich.";
    return redirectWithFlash(context, here, { kind: "error", text: message });
  }
  const clock = clockFor(context.env);
  const refused = (reason: Refusal): Flash => ({ kind: "error", text: REFUSAL_MESSAGES[reason] });
  let flash: Flash;
  switch (parsed.data.intent) {
    case "register": {
      const result = register(context.db, user.id, sessionId, { supportNeeds: parsed.data.supportNeeds }, clock);
      if (!result.ok && result.reason === "not_found") notFound();
      flash = !result.ok
        ? refused(result.reason)
        : result.outcome === "already"
          ? { kind: "info", text: "Sie sind für diesen Termin bereits angemeldet." }
          : result.outcome === "confirmed"
            ? REGISTER_OUTCOMES.confirmed()
            : REGISTER_OUTCOMES.waitlisted(result.position);
      break;
    }
    case "cancel": {
      // The place would go to the next person on the waitlist: ask once (the page's dialog
      // with JavaScript, this confirmation step without), whatever the page showed before.
      if (!parsed.data.confirmed && cancelPassesSeatOn(context.db, user.id, sessionId)) {
        return redirect(`/sessions/${sessionId}?abmelden=1#abmelden`);
      }
      const result = cancelRegistration(context.db, user.id, sessionId, clock);
      flash = !result.ok
        ? refused(result.reason)
        : {
            kind: "success",
            text: result.wasWaitlisted ? "Sie stehen nicht mehr auf der Warteliste." : "Sie sind abgemeldet. Ihr Platz ist freigegeben.",
          };
      break;
    }
    case "accept-offer": {
      const result = acceptOffer(context.db, user.id, sessionId, clock);
      flash = result.ok ? { kind: "success", text: "Ihr Platz ist bestätigt." } : refused(result.reason);
      break;
    }
    case "decline-offer": {
      const result = declineOffer(context.db, user.id, sessionId, clock);
      flash = result.ok
        ? { kind: "success", text: "Sie haben den Platz abgelehnt; er geht an die nächste Person." }
        : refused(result.reason);
      break;
    }
    case "switch": {
      const result = switchFromWaitlist(context.db, user.id, sessionId, clock);
      flash = !result.ok
        ? refused(result.reason)
        : "outcome" in result
          ? { kind: "info", text: "Sie sind für diesen Termin bereits angemeldet." }
          : {
              kind: "success",
              text: "Sie haben gewechselt: Ihr Platz hier ist bestätigt, der Eintrag auf der anderen Warteliste ist gelöscht.",
            };
      break;
    }
    case "rebook": {
      const result = rebook(context.db, user.id, sessionId, clock);
      flash = !result.ok
        ? refused(result.reason)
        : result.outcome === "rebooked"
          ? { kind: "success", text: "Sie sind umgebucht. Ihr bisheriger Platz ist freigegeben." }
          : result.outcome === "waitlisted"
            ? {
                kind: "info",
                text: `Sie stehen auf Platz ${result.position} der Warteliste. Ihr bisheriger Platz bleibt, bis Sie hier nachrücken.`,
              }
            : { kind: "info", text: "Sie sind für diesen Termin bereits angemeldet." };
      break;
    }
  }
  context.sendMailSoon();
  return redirectWithFlash(context, here, flash);
}
