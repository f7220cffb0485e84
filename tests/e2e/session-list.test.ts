// The session list as a signed-in person sees it: their own state on each card with the one
// action that fits, hybrid dates under "Präsenz", and an empty result that offers a way on.
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

describeWithBrowser("session list (/sessions)", () => {
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

  function write(statement: string, ...params: unknown[]) {
    const db = new Database(server.databasePath);
    db.pragma("busy_timeout = 5000");
    db.prepare(statement).run(...params);
    db.close();
  }

  async function contextFor(person: SignedInPerson, javaScript: boolean): Promise<BrowserContext> {
    const context = javaScript ? await browser.newContext({ locale: "de-DE" }) : await newContextWithoutJavaScript(browser);
    await context.addCookies([{ name: "ki_login", value: person.cookie.split("=").slice(1).join("="), url: server.baseUrl }]);
    return context;
  }

  async function expectNoSidewaysScrollAt320(page: Page) {
    await page.setViewportSize({ width: 320, height: 640 });
    const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }));
    expect(widths.scroll).toBeLessThanOrEqual(widths.inner);
    await page.setViewportSize({ width: 1280, height: 800 });
  }

  const card = (page: Page, sessionId: number) => page.locator(`[data-session="${sessionId}"]`);

  for (const javaScript of [true, false]) {
    it(`shows the person's own state and the fitting action on each card (${javaScript ? "with" : "without"} JavaScript)`, async () => {
      const tag = javaScript ? "lj" : "lnj";
      const [me, other, third] = (await createSignedInPeople(server.databasePath, 3, `list${tag}`)) as [
        SignedInPerson,
        SignedInPerson,
        SignedInPerson,
      ];
      const soon = Date.now() + 10 * DAY;
      const { sessionIds } = createSeriesWithSessions(server.databasePath, {
        title: `Meine Reihe ${tag}`,
        sessions: [
          { startsAt: soon, capacity: 5 },
          { startsAt: soon + DAY, capacity: 1 },
          { startsAt: soon + 2 * DAY, capacity: 1 },
          { startsAt: soon + 3 * DAY, capacity: 3 },
        ],
      });
      const [seat, waitlist, offer, free] = sessionIds as [number, number, number, number];
      insertRegistration(server.databasePath, seat, me.userId, "confirmed");
      // Two people ahead of me on the full date's waitlist: I am second after one other.
      insertRegistration(server.databasePath, waitlist, other.userId, "confirmed");
      insertRegistration(server.databasePath, waitlist, third.userId, "waitlisted");
      insertRegistration(server.databasePath, waitlist, me.userId, "waitlisted");
      const offerId = insertRegistration(server.databasePath, offer, me.userId, "offered");
      write("update registrations set offer_expires_at = ? where id = ?", soon - DAY, offerId);

      const context = await contextFor(me, javaScript);
      const page = await context.newPage();
      const problems = watchPageProblems(page);
      await page.goto(`${server.baseUrl}/sessions`);
      expect(await card(page, seat).locator("[data-own-state]").textContent()).toBe("Sie sind angemeldet.");
      expect(await card(page, waitlist).locator("[data-own-state]").textContent()).toBe("Sie stehen auf der Warteliste, Platz 2.");
      expect(await card(page, offer).locator("[data-own-state]").textContent()).toMatch(
        /^Ein Platz ist für Sie frei – bitte bis .+ annehmen\.$/,
      );
      expect(await card(page, free).locator("[data-own-state]").count()).toBe(0);
      // One action per card, named for what it does and for which date.
      const action = async (id: number) => (await card(page, id).locator(".session-card__action a").textContent())?.split(":")[0];
      expect(await action(seat)).toBe("Details und Abmeldung");
      expect(await action(waitlist)).toBe("Details");
      expect(await action(offer)).toBe("Platz annehmen oder ablehnen");
      expect(await action(free)).toBe("Anmelden");
      // Seats without repeating the label: figures from the database.
      expect(await card(page, free).locator(".badge").textContent()).toBe("3 von 3 frei");
      expect(await card(page, waitlist).locator(".badge").textContent()).toBe("ausgebucht, 2 Personen auf der Warteliste");
      await expectNoAxeViolations(page);
      await expectNoSidewaysScrollAt320(page);

      // The action leads to the session page, where the registration panel is.
      await card(page, free).locator(".session-card__action a").click();
      await expect.poll(() => new URL(page.url()).pathname).toBe(`/sessions/${free}`);
      expect(problems).toEqual([]);
      await context.close();
    });
  }

  it("finds a hybrid date under Präsenz; an empty result offers to reset the filter and to ask for new dates", async () => {
    const { sessionIds } = createSeriesWithSessions(server.databasePath, {
      title: "Hybride Reihe",
      sessions: [{ startsAt: Date.now() + 40 * DAY, capacity: 4 }],
    });
    const [hybrid] = sessionIds as [number];
    write("update sessions set format = 'hybrid', online_url = 'https://konferenz.stadt.example/r/1' where id = ?", hybrid);
    const context = await newContextWithoutJavaScript(browser);
    const page = await context.newPage();
    await page.goto(`${server.baseUrl}/sessions?format=in_person`);
    expect(await card(page, hybrid).count()).toBe(1);
    await page.goto(`${server.baseUrl}/sessions?format=online`);
    expect(await card(page, hybrid).count()).toBe(1);

    // A month with no dates at all.
    await page.goto(`${server.baseUrl}/sessions?month=2099-01`);
    expect(await page.locator("[role=status]").textContent()).toBe("0 Termine gefunden.");
    await expectNoAxeViolations(page);
    await expectNoSidewaysScrollAt320(page);
    await page.getByRole("link", { name: "Neue Termine melden" }).click();
    expect(new URL(page.url()).hash).toBe("#new-dates");
    expect(await page.locator("#new-dates").count()).toBe(1);
    await page.getByRole("link", { name: "Filter zurücksetzen" }).first().click();
    await expect.poll(() => new URL(page.url()).search).toBe("");
    expect(await card(page, hybrid).count()).toBe(1);
    await context.close();
  });
});
