// The registration core through the browser: switching from a waitlist, history that never
// blocks a later session, and an organiser calling off a session that has begun.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeWithBrowser, expectNoAxeViolations, launchBrowser, newContextWithoutJavaScript } from "../support/browser";
import { TEST_SECRET, createSeriesWithSessions, createSignedInPeople, insertRegistration, registrationsOf } from "../support/seeding";
import { startAppServer, type AppServer } from "../support/server";
import { signIn } from "../support/sign-in";

const DAY = 24 * 3600_000;

describeWithBrowser("seat rules in the browser", () => {
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

  async function pageAs(cookie: string, javaScript: boolean): Promise<Page> {
    const context = javaScript ? await browser.newContext({ locale: "de-DE" }) : await newContextWithoutJavaScript(browser);
    const [name, value] = cookie.split("=") as [string, string];
    await context.addCookies([{ name, value, url: server.baseUrl }]);
    return context.newPage();
  }

  const panel = (page: Page) => page.locator(".registration-panel");
  const noSidewaysScroll = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

  for (const javaScript of [true, false]) {
    const tag = javaScript ? "js" : "nojs";

    it(`a person on a waitlist switches to a free session in one click (JavaScript ${javaScript ? "on" : "off"})`, async () => {
      const now = Date.now();
      const { sessionIds } = createSeriesWithSessions(server.databasePath, {
        title: `Wechsel ${tag}`,
        sessions: [
          { startsAt: now + 7 * DAY, capacity: 1 },
          { startsAt: now + 14 * DAY, capacity: 3 },
        ],
      });
      const [full, free] = sessionIds as [number, number];
      const [holder, waiting] = await createSignedInPeople(server.databasePath, 2, `wechsel-${tag}-`);
      insertRegistration(server.databasePath, full, holder!.userId, "confirmed");
      insertRegistration(server.databasePath, full, waiting!.userId, "waitlisted");

      const page = await pageAs(waiting!.cookie, javaScript);
      await page.setViewportSize({ width: 320, height: 800 });
      await page.goto(`${server.baseUrl}/sessions/${free}`);
      expect(await panel(page).textContent()).toContain("Sie stehen auf der Warteliste für den");
      expect(await noSidewaysScroll(page)).toBe(true);
      await expectNoAxeViolations(page);
      await page.getByRole("button", { name: "Zu diesem Termin wechseln" }).click();
      await expect.poll(() => page.getByRole("status").first().textContent()).toContain("Sie haben gewechselt");
      expect(await panel(page).textContent()).toContain("Ihr Platz ist bestätigt");
      expect(registrationsOf(server.databasePath, waiting!.userId)).toEqual([
        { sessionId: full, status: "cancelled", endReason: "rebooked" },
        { sessionId: free, status: "confirmed", endReason: null },
      ]);
      // The full session no longer offers anything but its cancelled entry's history.
      await page.goto(`${server.baseUrl}/sessions/${full}`);
      expect(await panel(page).textContent()).not.toContain("Warteliste für den");
      await page.goto(`${server.baseUrl}/me`);
      expect(await page.locator("main").textContent()).toContain("Angemeldet");
      await expectNoAxeViolations(page);
      await page.context().close();
    });

    it(`history never blocks a later session (JavaScript ${javaScript ? "on" : "off"})`, async () => {
      const now = Date.now();
      const { sessionIds } = createSeriesWithSessions(server.databasePath, {
        title: `Verlauf ${tag}`,
        sessions: [
          { startsAt: now - 3 * DAY, capacity: 5 },
          { startsAt: now + 10 * DAY, capacity: 5 },
        ],
      });
      const [past, later] = sessionIds as [number, number];
      const [came, noShow] = await createSignedInPeople(server.databasePath, 2, `verlauf-${tag}-`);
      insertRegistration(server.databasePath, past, came!.userId, "attended");
      insertRegistration(server.databasePath, past, noShow!.userId, "confirmed");
      for (const person of [came!, noShow!]) {
        const page = await pageAs(person.cookie, javaScript);
        await page.goto(`${server.baseUrl}/sessions/${later}`);
        expect(await panel(page).textContent()).not.toContain("Warteliste");
        await page.getByRole("button", { name: "Jetzt anmelden" }).click();
        await expect.poll(() => page.getByRole("status").first().textContent()).toContain("Sie sind angemeldet");
        // The past session shows what was, not an action.
        await page.goto(`${server.baseUrl}/sessions/${past}`);
        expect(await panel(page).getByRole("button").count()).toBe(0);
        await page.context().close();
      }
      expect(registrationsOf(server.databasePath, came!.userId).map((r) => r.status)).toEqual(["attended", "confirmed"]);
    });

    it(`an organiser calls off a session that has begun; it cannot be cancelled (JavaScript ${javaScript ? "on" : "off"})`, async () => {
      const now = Date.now();
      const { sessionIds } = createSeriesWithSessions(server.databasePath, {
        title: `Ausfall ${tag}`,
        sessions: [{ startsAt: now - 10 * 60_000, capacity: 5 }],
      });
      const [running] = sessionIds as [number];
      const people = await createSignedInPeople(server.databasePath, 2, `ausfall-${tag}-`);
      for (const p of people) insertRegistration(server.databasePath, running, p.userId, "confirmed");
      const context = javaScript ? await browser.newContext({ locale: "de-DE" }) : await newContextWithoutJavaScript(browser);
      const page = await context.newPage();
      await signIn(page, server, "admin@stadt.example");
      await page.goto(`${server.baseUrl}/admin/sessions/${running}`);
      expect(await page.getByRole("button", { name: "Termin absagen" }).count()).toBe(0);
      await page.getByRole("button", { name: "Als ausgefallen melden" }).click();
      await expect.poll(() => page.locator("#field-reason-error").textContent()).toContain("Grund");
      await page.getByLabel("Grund des Ausfalls").fill("Referentin erkrankt");
      await page.getByRole("button", { name: "Als ausgefallen melden" }).click();
      await expect.poll(() => page.getByRole("status").first().textContent()).toContain("als ausgefallen gemeldet");
      expect(await page.locator("main").textContent()).toContain("Ausgefallen: Referentin erkrankt");
      await expectNoAxeViolations(page);
      for (const p of people)
        expect(registrationsOf(server.databasePath, p.userId)).toEqual([{ sessionId: running, status: "confirmed", endReason: null }]);
      await page.goto(`${server.baseUrl}/sessions/${running}`);
      expect(await page.locator("main").textContent()).toContain("Termin ausgefallen.");
      await context.close();
    });
  }
});
