import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useNavigate } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { useLiveRefresh } from "~/components/LiveRefresh";
import { requireUser } from "~/auth/current-user.server";
import { formatTime } from "~/lib/dates";
import { forbidden, notFound, parseId } from "~/lib/http";
import { presenterView } from "~/room/room.server";
import { LIVE_POLL_MS, timeLeftLabel } from "~/room/rules";
import roomStyles from "~/styles/room.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: roomStyles }];

/** The root layout leaves out header, banner and footer: the projector shows only this. */
export const handle = { bare: true };

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Präsentation: ${data.session.seriesTitle} – Frage ${data.index} von ${data.count}` : "Präsentation" },
];

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const user = await requireUser(context, request);
  const now = new Date();
  const q = new URL(request.url).searchParams.get("q");
  const result = presenterView(context.db, user, parseId(params.sessionId), q, now, context.env.appUrl);
  if (!result.ok && result.reason === "forbidden") forbidden();
  if (!result.ok) notFound("Diesen Termin gibt es nicht.");
  return { ...result, now };
}

const NEXT_KEYS = new Set(["ArrowRight", "ArrowDown", "PageDown", " ", "Spacebar"]);
const PREVIOUS_KEYS = new Set(["ArrowLeft", "ArrowUp", "PageUp", "Backspace"]);

/** The clock and the time left, from the server's time and then ticking in the browser. */
function Clock({ serverNow, startsAt, endsAt }: { serverNow: Date; startsAt: Date; endsAt: Date }) {
  const [now, setNow] = useState(() => new Date(serverNow));
  useEffect(() => {
    setNow(new Date());
    const timer = setInterval(() => setNow(new Date()), 10_000);
    return () => clearInterval(timer);
  }, []);
  return (
    <p className="presenter__clock">
      <span>{formatTime(now)} Uhr</span> · <span data-time-left>{timeLeftLabel(new Date(endsAt), now, new Date(startsAt))}</span>
    </p>
  );
}

export default function Presenter() {
  const { session, count, index, current, next, live, now } = useLoaderData<typeof loader>();
  const navigate = useNavigate();
  const base = `/facilitate/sessions/${session.id}/present`;
  const hasPrevious = index > 1;
  const hasNext = index < count;
  useLiveRefresh(`/facilitate/sessions/${session.id}/version`, LIVE_POLL_MS);
  // The key handler reads the position at the moment of the key press: a fast clicker can
  // press again before the page has re-rendered.
  const position = useRef({ index, count });
  position.current = { index, count };

  // Set once the keys work (after hydration): a clicker pressed before that does nothing, and
  // the e2e test waits for it instead of guessing.
  const [keysReady, setKeysReady] = useState(false);

  // What presenter clickers send: arrows, PageUp/PageDown and the space bar.
  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      if (event.altKey || event.ctrlKey || event.metaKey) return;
      const target = event.target as HTMLElement | null;
      if (target?.closest("input, textarea, select, [contenteditable]")) return;
      const forward = NEXT_KEYS.has(event.key) && !event.shiftKey;
      const back = PREVIOUS_KEYS.has(event.key) || (event.key === " " && event.shiftKey);
      if (!forward && !back) return;
      // Space on a focused link or button keeps its own meaning.
      if (event.key === " " && target?.closest("a, button")) return;
      event.preventDefault();
      const { index: at, count: total } = position.current;
      const to = forward ? Math.min(at + 1, total) : Math.max(at - 1, 1);
      if (to === at) return;
      position.current = { index: to, count: total };
      navigate(`${base}?q=${to}`, { replace: true, preventScrollReset: true });
    }
    window.addEventListener("keydown", onKey);
    setKeysReady(true);
    return () => window.removeEventListener("keydown", onKey);
  }, [base, navigate]);

  return (
    <div className={live ? "presenter presenter--live" : "presenter"} data-keys={keysReady ? "ready" : undefined}>
      <header className="presenter__top">
        <p className="presenter__title">{session.seriesTitle}</p>
        <Clock serverNow={now} startsAt={session.startsAt} endsAt={session.endsAt} />
      </header>
      <div className="presenter__body">
        <section className="presenter__current" aria-live="polite" aria-atomic="true">
          {current ? (
            <>
              <p className="presenter__position">
                Frage {index} von {count} · <span data-section>{current.sectionLabel}</span>
                {current.answered ? " · beantwortet" : ""}
              </p>
              <h1 className="presenter__question" data-question={current.id}>
                {current.text}
              </h1>
            </>
          ) : (
            <>
              <p className="presenter__position">Noch keine Fragen</p>
              <h1 className="presenter__question">Fragen zur Dienstvereinbarung KI</h1>
            </>
          )}
        </section>
      </div>
      <footer className="presenter__bottom">
        <nav aria-label="Fragen blättern" className="presenter__nav">
          {hasPrevious ? (
            <Link to={`${base}?q=${index - 1}`} replace preventScrollReset rel="prev">
              ← Vorherige
            </Link>
          ) : (
            <span aria-disabled="true">← Vorherige</span>
          )}
          {hasNext ? (
            <Link to={`${base}?q=${index + 1}`} replace preventScrollReset rel="next">
              Nächste →
            </Link>
          ) : (
            <span aria-disabled="true">Nächste →</span>
          )}
          <Link to={`/facilitate/sessions/${session.id}`}>Zum Ablauf</Link>
        </nav>
        {next.length > 0 ? (
          <section aria-labelledby="next-title" className="presenter__next">
            <h2 id="next-title">Danach</h2>
            <ol start={index + 1}>
              {next.map((item) => (
                <li key={item.id}>
                  <span className="presenter__next-text">{item.text}</span> – {item.sectionLabel}
                </li>
              ))}
            </ol>
          </section>
        ) : null}
      </footer>
      {live ? (
        <aside className="presenter__live" aria-labelledby="live-title">
          <h2 id="live-title">Ihre Frage?</h2>
          <svg className="presenter__qr" viewBox={live.qr.viewBox} role="img" aria-label={`QR-Code zu ${live.shortUrl}`}>
            <rect width="100%" height="100%" fill="#fff" />
            <path d={live.qr.path} fill="#000" />
          </svg>
          <p className="presenter__link">
            {live.shortUrl.slice(0, live.shortUrl.indexOf("/s/"))}
            <wbr />
            {live.shortUrl.slice(live.shortUrl.indexOf("/s/"))}
          </p>
          <p className="presenter__hint">Nicht eingeloggt? Den Code dafür bekommen Sie per Dienst-E-Mail.</p>
        </aside>
      ) : null}
    </div>
  );
}
