// The live-watcher measurement of `npm run bench` (issue 14, decision 016): the session page's
// req/s with 200 phones watching "Fragen im Termin" (each polls the change counter every 5 s
// with its ETag, as the browser does, and gets an empty 304), against the same measurement
// without them, in the same run and on the same server. Self-contained: bench.mjs hands in
// its helpers and prints the ratio.
import Database from "better-sqlite3";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const WATCHERS = 200;
const POLL_MS = 5_000;

function populateRunningSession(databasePath) {
  const db = new Database(databasePath);
  db.pragma("journal_mode = WAL");
  const now = Date.now();
  const seriesId = db.prepare("insert into series (title, description) values ('Fragen im Termin', 'Bench') returning id").get().id;
  const sessionId = db
    .prepare(
      "insert into sessions (series_id, starts_at, ends_at, format, place, room, capacity, status, published_at, live_code, live_mode, live_opened_at) values (?, ?, ?, 'hybrid', 'Rathaus', 'Ratssaal', 300, 'published', ?, 'BENCH2', 'open', ?) returning id",
    )
    .get(seriesId, now - 10 * 60_000, now + 80 * 60_000, now - 3600_000, now - 5 * 60_000).id;
  const hour = Math.floor(now / 3600_000) * 3600_000;
  const insert = db.prepare(
    "insert into questions (session_id, text, anonymous, status, source, created_at, updated_at) values (?, ?, 1, 'accepted', 'live', ?, ?)",
  );
  for (let i = 0; i < 40; i++) insert.run(sessionId, `Frage ${i} aus dem Raum: Gilt das auch im Homeoffice?`, hour, hour);
  db.close();
  return { sessionId, code: "BENCH2" };
}

/** 200 pollers like the phones' script: each asks every 5 s (±20 %) with the tag it has. */
function startWatchers(baseUrl, code) {
  let stopped = false;
  const counts = { polls: 0, notModified: 0, failed: 0 };
  const timers = new Set();
  for (let i = 0; i < WATCHERS; i++) {
    let tag = null;
    const poll = async () => {
      if (stopped) return;
      try {
        const response = await fetch(`${baseUrl}/s/${code}/version`, { headers: tag ? { "if-none-match": tag } : {} });
        await response.arrayBuffer();
        counts.polls++;
        if (response.status === 304) counts.notModified++;
        tag = response.headers.get("etag") ?? tag;
      } catch {
        counts.failed++;
      }
      if (!stopped) {
        const timer = setTimeout(poll, POLL_MS * (0.8 + Math.random() * 0.4));
        timers.add(timer);
      }
    };
    // Spread the first polls over one interval, as phones join at different moments.
    const timer = setTimeout(poll, Math.random() * POLL_MS);
    timers.add(timer);
  }
  return {
    counts,
    stop() {
      stopped = true;
      for (const timer of timers) clearTimeout(timer);
    },
  };
}

export async function benchLiveWatchers({ migrate, startServer, measure }) {
  const dir = mkdtempSync(path.join(tmpdir(), "ki-bench-live-"));
  const databasePath = path.join(dir, "app.db");
  migrate(databasePath);
  const { sessionId, code } = populateRunningSession(databasePath);
  const server = await startServer(databasePath);
  try {
    const url = `${server.baseUrl}/sessions/${sessionId}`;
    // Without, with, without, with: a machine whose load drifts during the run (other work on
    // the same cores) then tilts both sides alike; the ratio compares the sums.
    const rounds = [];
    const polls = { polls: 0, notModified: 0, failed: 0 };
    for (let round = 1; round <= 2; round++) {
      const without = await measure(`session, no watchers ${round}`, { url });
      const watchers = startWatchers(server.baseUrl, code);
      // Let every watcher have polled once (its first answer is a 200 with the tag).
      await new Promise((resolve) => setTimeout(resolve, POLL_MS + 500));
      const withWatchers = await measure(`session, ${WATCHERS} watchers ${round}`, { url });
      watchers.stop();
      for (const key of Object.keys(polls)) polls[key] += watchers.counts[key];
      rounds.push(without, withWatchers);
    }
    const sum = (names) => rounds.filter((r) => names.test(r.name)).reduce((total, r) => total + r.rps, 0);
    return { results: rounds, ratio: sum(/\d+ watchers/) / sum(/no watchers/), polls };
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
