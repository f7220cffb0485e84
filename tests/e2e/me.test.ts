// "Meine Anmeldungen": one row per session with the current state only, the actions in the
// row, and the history below (every-screen issue, item 5).
import Database from "better-sqlite3";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import {
  describeWithBrowser,
  expectNoAxeViolations,
  launchBrowser,
  newContextWithoutJavaScript,
  watchPageProblems,
} from "../support/browser";
import { TEST_SECRET, createSeriesWithSessions, createSignedInPeople, insertRegistration, type SignedInPerson } from "../support/seeding";
import { startAppServer, type AppServer } from "../support/server";

const DAY = 24 * 3600_000;

describeWithBrowser("Meine Anmeldungen (/me)", () => {
  let server: AppServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startAppServer({ SESSION_SECRET: TEST_SECRET, LOG_REQUESTS: "off" });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    expect(await server?.stop()).toBe(0);
  });

  function db<T>(fn: (d: Database.Database) => T): T {
    const d = new Database(server.databasePath);
    d.pragma("busy_timeout = 5000");
    try {
      return fn(d);
    } finally {
      d.close();
    }
  }

  async function contextFor(person: SignedInPerson, javaScript: boolean): Promise<BrowserContext> {
    const context = javaScript ? await browser.newContext({ locale: "de-DE" }) : await newContextWithoutJavaScript(browser);
    await context.addCookies([{ name: "ki_login", value: person.cookie.split("=").slice(1).join("="), url: server.baseUrl }]);
    return context;
  }

  /** Five sessions of one series (one place per person off) in every state a person can be in. */
  async function world(tag: string) {
    const [me, other, waiting] = (await createSignedInPeople(server.databasePath, 3, tag)) as [
      SignedInPerson,
      SignedInPerson,
      SignedInPerson,
    ];
    const now = Date.now();
    const { sessionIds } = createSeriesWithSessions(server.databasePath, {
      title: `Reihe ${tag}`,
      sessions: [
        { startsAt: now + 10 * DAY, capacity: 1 }, // my seat, someone waits for it
        { startsAt: now + 11 * DAY, capacity: 1 }, // I wait
        { startsAt: now + 12 * DAY, capacity: 1 }, // offered to me
        { startsAt: now + 13 * DAY, capacity: 5 }, // I cancelled earlier
        { startsAt: now - 5 * DAY, capacity: 5 }, // attended
      ],
    });
    const [seat, wait, offer, cancelled, past] = sessionIds as [number, number, number, number, number];
    // Several places in one series at once are allowed here, so that one person shows every state.
    db((d) => d.prepare("update series set one_place_per_person = 0 where id = (select series_id from sessions where id = ?)").run(seat));
    insertRegistration(server.databasePath, seat, me.userId, "confirmed");
    insertRegistration(server.databasePath, seat, waiting.userId, "waitlisted");
    insertRegistration(server.databasePath, wait, other.userId, "confirmed");
    insertRegistration(server.databasePath, wait, me.userId, "waitlisted");
    const offerId = insertRegistration(server.databasePath, offer, me.userId, "offered");
    db((d) => d.prepare("update registrations set offer_expires_at = ? where id = ?").run(now + 2 * DAY, offerId));
    const gone = insertRegistration(server.databasePath, cancelled, me.userId, "cancelled");
    db((d) => d.prepare("update registrations set end_reason = 'self' where id = ?").run(gone));
    insertRegistration(server.databasePath, past, me.userId, "attended");
    return { me, waiting, seat, wait, offer, cancelled, past };
  }

  const current = (page: Page) => page.locator("section[aria-labelledby=aktuell]");
  const ended = (page: Page) => page.locator("section[aria-labelledby=beendet]");
  const sessionsIn = async (section: ReturnType<typeof current>) =>
    (await section.locator("h3 a").evaluateAll((links) => links.map((a) => a.getAttribute("href")))).map((h) =>
      Number(h?.split("/").pop()),
    );

  function statusOf(sessionId: number, userId: number) {
    return db(
      (d) =>
        (
          d.prepare("select status from registrations where session_id = ? and user_id = ? order by id desc").get(sessionId, userId) as {
            status: string;
          }
        ).status,
    );
  }

  for (const javaScript of [true, false]) {
    it(`shows the current state once per session, acts in the row and keeps history below (${javaScript ? "with" : "without"} JavaScript)`, async () => {
      const w = await world(javaScript ? "mejs" : "menojs");
      const context = await contextFor(w.me, javaScript);
      const page = await context.newPage();
      const problems = watchPageProblems(page);
      await page.goto(`${server.baseUrl}/me`);

      // Current: seat, waitlist, offer — soonest first; the cancelled one and the past one below.
      expect(await sessionsIn(current(page))).toEqual([w.seat, w.wait, w.offer]);
      expect(await sessionsIn(ended(page))).toEqual([w.cancelled, w.past]);
      expect(await current(page).locator("[data-own-state]").allTextContents()).toEqual([
        "Angemeldet",
        "Warteliste, Platz 1",
        expect.stringMatching(/^Platz angeboten – bitte annehmen oder ablehnen \(bis .+\)$/),
      ]);
      expect(
        await ended(page)
          .getByRole("link", { name: /^Teilnahmebestätigung/ })
          .count(),
      ).toBe(1);
      expect(
        await current(page)
          .getByRole("link", { name: /^Kalender \(\.ics\)/ })
          .count(),
      ).toBe(1);
      await expectNoAxeViolations(page);
      await page.setViewportSize({ width: 320, height: 640 });
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
      await page.setViewportSize({ width: 1280, height: 800 });

      // Accept the offer in its row: back on /me, now with a seat.
      await current(page)
        .getByRole("button", { name: /^Platz annehmen/ })
        .click();
      await expect.poll(() => page.getByRole("status").first().textContent()).toContain("Ihr Platz ist bestätigt");
      expect(new URL(page.url()).pathname).toBe("/me");
      expect(statusOf(w.offer, w.me.userId)).toBe("confirmed");

      // Leave the waitlist in its row: nobody waits behind me, so no question.
      await current(page)
        .getByRole("button", { name: /^Von der Warteliste abmelden/ })
        .click();
      await expect.poll(() => page.getByRole("status").first().textContent()).toContain("nicht mehr auf der Warteliste");
      expect(new URL(page.url()).pathname).toBe("/me");
      expect(await sessionsIn(current(page))).toEqual([w.seat, w.offer]);

      // "Abmelden" where someone waits asks first: a dialog with JavaScript, the session's step without.
      const seatCard = current(page).locator("li").first();
      await seatCard.getByRole("button", { name: /^Abmelden/ }).click();
      if (javaScript) {
        const dialog = page.getByRole("dialog", { name: "Wirklich abmelden?" });
        await expect.poll(() => dialog.isVisible()).toBe(true);
        await expectNoAxeViolations(page);
        await dialog.getByRole("button", { name: "Ja, abmelden" }).click();
        await expect.poll(() => page.getByRole("status").first().textContent()).toContain("Sie sind abgemeldet");
        expect(new URL(page.url()).pathname).toBe("/me");
      } else {
        const step = page.getByRole("region", { name: "Wirklich abmelden?" });
        expect(await step.count()).toBe(1);
        expect(statusOf(w.seat, w.me.userId)).toBe("confirmed");
        await step.getByRole("button", { name: "Ja, abmelden" }).click();
        expect(await page.getByRole("status").first().textContent()).toContain("Sie sind abgemeldet");
      }
      expect(statusOf(w.seat, w.me.userId)).toBe("cancelled");
      expect(statusOf(w.seat, w.waiting.userId)).toBe("confirmed");
      expect(problems).toEqual([]);
      await context.close();
    });
  }
});
