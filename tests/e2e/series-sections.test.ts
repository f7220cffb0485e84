// Session pages link the sections of the agreement their series covers, chosen by organisers.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeWithBrowser, expectNoAxeViolations, launchBrowser, newContextWithoutJavaScript } from "../support/browser";
import { createSeriesWithSessions } from "../support/seeding";
import { startAppServer, type AppServer } from "../support/server";
import { signIn } from "../support/sign-in";

describeWithBrowser("sections a series covers", () => {
  let server: AppServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startAppServer();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    expect(await server?.stop()).toBe(0);
  });

  for (const javaScript of [true, false]) {
    it(`an organiser ticks sections on the series page; the session page links them (${javaScript ? "with" : "without"} JavaScript)`, async () => {
      const { seriesId, sessionIds } = createSeriesWithSessions(server.databasePath, {
        title: `Abschnitte ${javaScript ? "js" : "nojs"}`,
        sessions: [{ startsAt: Date.now() + 9 * 24 * 3600_000, capacity: 5 }],
      });
      const context = javaScript ? await browser.newContext({ locale: "de-DE" }) : await newContextWithoutJavaScript(browser);
      const page = await context.newPage();
      await signIn(page, server, "admin@stadt.example");
      await page.goto(`${server.baseUrl}/sessions/${sessionIds[0]}`);
      expect(await page.locator("[data-covered-sections]").count()).toBe(0);

      await page.goto(`${server.baseUrl}/admin/series/${seriesId}`);
      await page.getByLabel(/^§ 6 /).check();
      await page.getByLabel(/^§ 9 /).check();
      await expectNoAxeViolations(page);
      await page.getByRole("button", { name: "Abschnitte speichern" }).click();
      await expect.poll(() => page.getByRole("status").first().textContent()).toContain("behandelten Abschnitte sind gespeichert");
      expect(await page.getByLabel(/^§ 6 /).isChecked()).toBe(true);

      await page.goto(`${server.baseUrl}/sessions/${sessionIds[0]}`);
      const covered = page.locator("[data-covered-sections]");
      expect(await covered.locator("a[href^='/agreement#']").evaluateAll((links) => links.map((a) => a.getAttribute("href")))).toEqual([
        "/agreement#s6",
        "/agreement#s9",
      ]);
      expect(await covered.locator("a[href='/qa/sections/s6']").count()).toBe(1);
      await expectNoAxeViolations(page);
      await page.setViewportSize({ width: 320, height: 640 });
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
      await covered.locator("a[href='/agreement#s6']").click();
      await expect.poll(() => new URL(page.url()).hash).toBe("#s6");
      await context.close();
    });
  }
});
