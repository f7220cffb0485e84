// Issue 14, load: 200 people with a seat send a question from their phones and vote for three
// colleagues' questions within one minute, through real HTTP requests against the production
// server and its SQLite file. Every question and every vote is stored exactly once, nothing
// answers 5xx, and "nothing new" on the poll is an empty 304.
import Database from "better-sqlite3";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describe } from "vitest";
import { createRunningSession } from "../support/room";
import { TEST_SECRET } from "../support/seeding";
import { startAppServer, type AppServer } from "../support/server";

const PEOPLE = 200;
const VOTES_EACH = 3;

describe("in the room under load", () => {
  let server: AppServer;

  beforeAll(async () => {
    server = await startAppServer({ SESSION_SECRET: TEST_SECRET });
  });

  afterAll(async () => {
    expect(await server?.stop()).toBe(0);
  });

  const post = (cookie: string, path: string, body: Record<string, string>) =>
    fetch(`${server.baseUrl}${path}`, {
      method: "POST",
      redirect: "manual",
      headers: { cookie, origin: server.baseUrl, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(body),
    });

  it(`${PEOPLE} people submit and vote within a minute; each is stored exactly once`, async () => {
    const run = await createRunningSession(server.databasePath, { title: "Raum Last", participants: PEOPLE, prefix: "load" });
    const opened = await post(run.facilitator.cookie, `/facilitate/sessions/${run.sessionId}`, { intent: "live-open", mode: "open" });
    expect(opened.status).toBe(303);
    const db = new Database(server.databasePath, { readonly: true });
    const { live_code: code } = db.prepare("select live_code from sessions where id = ?").get(run.sessionId) as { live_code: string };

    // The poll: the same tag again is an empty 304.
    const first = await fetch(`${server.baseUrl}/s/${code}/version`);
    const tag = first.headers.get("etag")!;
    const again = await fetch(`${server.baseUrl}/s/${code}/version`, { headers: { "if-none-match": tag } });
    expect([first.status, again.status, await again.text()]).toEqual([200, 304, ""]);

    const started = Date.now();
    const asked = await Promise.all(
      run.participants.map((person, i) =>
        post(person.cookie, `/s/${code}`, {
          intent: "ask",
          text: `Lastfrage ${i}: Gilt das auch im Homeoffice?`,
          ...(i % 2 ? { anonymous: "on" } : {}),
        }),
      ),
    );
    expect(asked.map((r) => r.status).filter((s) => s !== 303)).toEqual([]);
    const ids = new Map(
      (db.prepare("select id, text from questions where session_id = ?").all(run.sessionId) as { id: number; text: string }[]).map((q) => [
        Number(/^Lastfrage (\d+):/.exec(q.text)![1]),
        q.id,
      ]),
    );
    expect(ids.size).toBe(PEOPLE);

    const voted = await Promise.all(
      run.participants.flatMap((person, i) =>
        Array.from({ length: VOTES_EACH }, (_, k) =>
          post(person.cookie, `/s/${code}`, { intent: "vote", questionId: String(ids.get((i + k + 1) % PEOPLE)) }),
        ),
      ),
    );
    const seconds = (Date.now() - started) / 1000;
    expect(voted.map((r) => r.status).filter((s) => s !== 303)).toEqual([]);
    expect(seconds).toBeLessThan(60);

    const questions = db
      .prepare("select text, vote_count, anonymous, author_id, source from questions where session_id = ?")
      .all(run.sessionId) as {
      text: string;
      vote_count: number;
      anonymous: number;
      author_id: number | null;
      source: string;
    }[];
    expect(questions).toHaveLength(PEOPLE);
    expect(new Set(questions.map((q) => q.text)).size).toBe(PEOPLE);
    expect(questions.every((q) => q.vote_count === VOTES_EACH && q.source === "live")).toBe(true);
    expect(questions.filter((q) => q.anonymous === 1 && q.author_id === null)).toHaveLength(PEOPLE / 2);
    const votes = db
      .prepare(
        "select count(*) n, count(distinct question_id || ':' || user_id) distinct_n from question_votes v join questions q on q.id = v.question_id where q.session_id = ?",
      )
      .get(run.sessionId) as { n: number; distinct_n: number };
    expect(votes).toEqual({ n: PEOPLE * VOTES_EACH, distinct_n: PEOPLE * VOTES_EACH });
    // Something changed: the poll answers with a new tag.
    const changed = await fetch(`${server.baseUrl}/s/${code}/version`, { headers: { "if-none-match": tag } });
    expect(changed.status).toBe(200);
    db.close();
    console.log(`room load: ${PEOPLE} questions and ${PEOPLE * VOTES_EACH} votes in ${seconds.toFixed(1)} s`);
  }, 120_000);

  it("a graceful stop does not wait for phones that poll: SIGTERM ends the server at once with 0", async () => {
    const own = await startAppServer({ SESSION_SECRET: TEST_SECRET });
    const run = await createRunningSession(own.databasePath, { title: "Raum Stopp", participants: 1, prefix: "stop" });
    const opened = await fetch(`${own.baseUrl}/facilitate/sessions/${run.sessionId}`, {
      method: "POST",
      redirect: "manual",
      headers: { cookie: run.facilitator.cookie, origin: own.baseUrl, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ intent: "live-open", mode: "moderated" }),
    });
    expect(opened.status).toBe(303);
    const db = new Database(own.databasePath, { readonly: true });
    const { live_code: code } = db.prepare("select live_code from sessions where id = ?").get(run.sessionId) as { live_code: string };
    db.close();
    let polling = true;
    const pollers = Array.from({ length: 50 }, async () => {
      while (polling) {
        try {
          await (await fetch(`${own.baseUrl}/s/${code}/version`)).arrayBuffer();
        } catch {
          return;
        }
      }
    });
    await new Promise((resolve) => setTimeout(resolve, 500));
    const started = Date.now();
    expect(await own.stop()).toBe(0);
    polling = false;
    await Promise.all(pollers);
    expect(Date.now() - started).toBeLessThan(5_000);
  }, 60_000);
});
