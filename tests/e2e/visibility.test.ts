// What is hidden stays hidden everywhere: a draft is 404 outside the organiser pages, a
// series never published has no alert, and the note for participants reaches only people
// with a seat, the session's facilitators and admins — on the page and in the .ics.
import Database from "better-sqlite3";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeWithBrowser, launchBrowser } from "../support/browser";
import { TEST_SECRET, createSeriesWithSessions, createSignedInPeople, insertRegistration } from "../support/seeding";
import { startAppServer, type AppServer } from "../support/server";
import { signIn } from "../support/sign-in";

const DAY = 24 * 3600_000;

describeWithBrowser("consistency of what is hidden", () => {
  let server: AppServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startAppServer({ SESSION_SECRET: TEST_SECRET });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    expect(await server?.stop()).toBe(0);
  });

  function write(statement: string, ...params: unknown[]) {
    const db = new Database(server.databasePath);
    db.pragma("busy_timeout = 5000");
    db.prepare(statement).run(...params);
    db.close();
  }

  it("answers 404 for a draft on every page but the organiser's, also to an admin", async () => {
    const { seriesId, sessionIds } = createSeriesWithSessions(server.databasePath, {
      title: "Nur Entwurf",
      sessions: [{ startsAt: Date.now() + 9 * DAY, capacity: 5 }],
    });
    const [draft] = sessionIds as [number];
    write("update sessions set status = 'draft', published_at = null where id = ?", draft);
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, server, "admin@stadt.example");
    for (const path of [
      `/sessions/${draft}`,
      `/sessions/${draft}/participants`,
      `/sessions/${draft}/participants.csv`,
      `/sessions/${draft}/sign-in-sheet`,
      `/sessions/${draft}/calendar.ics`,
    ]) {
      const response = await page.request.get(`${server.baseUrl}${path}`);
      expect([path, response.status()]).toEqual([path, 404]);
    }
    expect((await page.goto(`${server.baseUrl}/admin/sessions/${draft}`))?.status()).toBe(200);
    // The series has never shown a session: asking for new-session mails is 404 too.
    const alert = await page.request.post(`${server.baseUrl}/series/${seriesId}/alert`, {
      form: { redirectTo: "/sessions" },
      headers: { Origin: server.baseUrl },
      maxRedirects: 0,
    });
    expect(alert.status()).toBe(404);
    await context.close();
  });

  it("shows the note for participants and the online link only to people with a seat", async () => {
    const { sessionIds } = createSeriesWithSessions(server.databasePath, {
      title: "Hinweis nur für Teilnehmende",
      sessions: [{ startsAt: Date.now() + 9 * DAY, capacity: 1 }],
    });
    const [id] = sessionIds as [number];
    write(
      "update sessions set format = 'hybrid', online_url = 'https://video.stadt.example/raum-7', note_for_participants = 'Bitte Dienstausweis mitbringen' where id = ?",
      id,
    );
    const [holder, waiting, outsider] = await createSignedInPeople(server.databasePath, 3, "hinweis-");
    insertRegistration(server.databasePath, id, holder!.userId, "confirmed");
    insertRegistration(server.databasePath, id, waiting!.userId, "waitlisted");
    const seen: Record<string, { page: boolean; link: boolean; ics: boolean }> = {};
    for (const [name, person] of [
      ["holder", holder!],
      ["waiting", waiting!],
      ["outsider", outsider!],
    ] as const) {
      const headers = { Cookie: person.cookie };
      const html = await (await fetch(`${server.baseUrl}/sessions/${id}`, { headers })).text();
      const ics = await (await fetch(`${server.baseUrl}/sessions/${id}/calendar.ics`, { headers })).text();
      seen[name] = {
        page: html.includes("Bitte Dienstausweis mitbringen"),
        link: html.includes("video.stadt.example/raum-7"),
        ics: ics.replace(/\r\n /g, "").includes("video.stadt.example/raum-7"),
      };
    }
    const anonymous = await (await fetch(`${server.baseUrl}/sessions/${id}`)).text();
    expect(seen).toEqual({
      holder: { page: true, link: true, ics: true },
      waiting: { page: false, link: false, ics: false },
      outsider: { page: false, link: false, ics: false },
    });
    expect(anonymous).not.toContain("Bitte Dienstausweis mitbringen");
  });
});
