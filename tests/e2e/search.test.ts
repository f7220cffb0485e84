// Search and "Wurde das schon beantwortet?" through the browser, with JavaScript on and off:
// a staff member finds a published answer from the agreement page's search field, typed
// without umlauts; accepted questions only after signing in; FTS syntax and long input never
// give a 5xx; the question form shows similar answers while typing (JavaScript) or after
// "Prüfen" (without), keeping the text, and still submits. axe and 320 px on every new page.
import { eq } from "drizzle-orm";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { closeDatabase, openDatabase } from "~db/client";
import { questions, series, summaries, summaryItems, summaryRevisions } from "~db/schema";
import { reindexSummary } from "~/search/index.server";
import { describeWithBrowser, expectNoAxeViolations, launchBrowser, newContextWithoutJavaScript } from "../support/browser";
import { TEST_SECRET, createSignedInPeople } from "../support/seeding";
import { startAppServer, type AppServer } from "../support/server";

describeWithBrowser("search in the browser", () => {
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

  /** A published summary with one Q&A item, written as the summaries' use case would: index in the same transaction. */
  function publishAnswer(questionText: string, answer: string): { summaryId: number; questionId: number } {
    const db = openDatabase(server.databasePath);
    try {
      return db.transaction((tx) => {
        const now = new Date();
        const seriesId = tx
          .insert(series)
          .values({ title: `Reihe ${questionText}` })
          .returning()
          .get().id;
        const questionId = tx
          .insert(questions)
          .values({ seriesId, text: questionText, anonymous: true, status: "answered", answer, createdAt: now, updatedAt: now })
          .returning()
          .get().id;
        const summaryId = tx.insert(summaries).values({ seriesId }).returning().get().id;
        const revisionId = tx
          .insert(summaryRevisions)
          .values({ summaryId, number: 1, status: "published", publishedAt: now, updatedAt: now })
          .returning()
          .get().id;
        tx.insert(summaryItems).values({ revisionId, questionId, position: 0, questionText, answer }).run();
        tx.update(summaries).set({ publishedRevisionId: revisionId, firstPublishedAt: now }).where(eq(summaries.id, summaryId)).run();
        reindexSummary(tx, summaryId);
        return { summaryId, questionId };
      });
    } finally {
      closeDatabase(db);
    }
  }

  async function newPage(javaScript: boolean, cookie?: string): Promise<Page> {
    const context = javaScript ? await browser.newContext({ locale: "de-DE" }) : await newContextWithoutJavaScript(browser);
    if (cookie) {
      const [name, value] = cookie.split("=") as [string, string];
      await context.addCookies([{ name, value, url: server.baseUrl }]);
    }
    const page = await context.newPage();
    await page.setViewportSize({ width: 320, height: 800 });
    return page;
  }

  const noSidewaysScroll = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
  const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 15_000 });

  for (const javaScript of [true, false]) {
    const tag = javaScript ? "js" : "nojs";
    const word = javaScript ? "Kantinenküche" : "Gärtnereibetrieb";
    const typed = javaScript ? "kantinenkueche" : "Gaertnerei";

    it(`a staff member finds a published answer by search, typed without umlauts (JavaScript ${javaScript ? "on" : "off"})`, async () => {
      const { summaryId, questionId } = publishAnswer(
        `Darf die KI Speisepläne für die ${word} schreiben?`,
        `Ja, als **Entwurf**; die ${word} prüft Allergene vor dem Aushang.`,
      );
      const [person] = await createSignedInPeople(server.databasePath, 1, `suche-${tag}-`);
      const page = await newPage(javaScript, person!.cookie);
      await page.goto(`${server.baseUrl}/agreement`);
      await page.getByLabel("Dienstvereinbarung und Antworten durchsuchen").fill(typed);
      await page.getByRole("button", { name: "Suchen" }).click();
      await page.waitForURL(/\/search\?q=/);

      const hit = page.locator(".search-hit", { hasText: "Speisepläne" });
      await poll(() => hit.count()).toBe(1);
      expect(await hit.getByRole("link").getAttribute("href")).toBe(`/qa/summaries/${summaryId}#frage-${questionId}`);
      expect(await hit.locator("mark").allTextContents()).toEqual([word, word]);
      expect(await page.getByRole("status").textContent()).toContain("1 Treffer");

      if (javaScript) {
        // As you type: the results follow the field without the button.
        await page.getByLabel("Suchbegriff").fill("Allergen");
        await poll(() => page.url()).toContain("q=Allergen");
        await poll(() => page.locator(".search-hit", { hasText: "Speisepläne" }).count()).toBe(1);
      }
      expect(await noSidewaysScroll(page)).toBe(true);
      await expectNoAxeViolations(page);
    });

    it(`accepted questions only for signed-in people; any input answers without a 5xx (JavaScript ${javaScript ? "on" : "off"})`, async () => {
      const anonymous = await newPage(javaScript);
      // A demo question that is answered: "Wie lange werden meine Chatverläufe gespeichert …?"
      await anonymous.goto(`${server.baseUrl}/search?q=Chatverlaeufe`);
      // The demo's published summary may answer it publicly; the colleague's question itself is not shown.
      expect(await anonymous.locator(".search-hit__kind").allTextContents()).not.toContain("Frage aus der Praxis");
      expect(await anonymous.getByRole("link", { name: "eingeloggt" }).count()).toBe(1);
      const [person] = await createSignedInPeople(server.databasePath, 1, `suche-fragen-${tag}-`);
      const signedIn = await newPage(javaScript, person!.cookie);
      await signedIn.goto(`${server.baseUrl}/search?q=Chatverlaeufe`);
      const hit = signedIn
        .locator(".search-hit", { has: signedIn.locator(".search-hit__kind", { hasText: "Frage aus der Praxis" }) })
        .filter({ hasText: "Chatverläufe" });
      expect(await hit.count()).toBe(1);
      const href = (await hit.getByRole("link").getAttribute("href")) ?? "";
      expect(href).toMatch(/^\/questions\?section=s9&frage=(\d+)#frage-(\d+)$/);
      // The link opens the list where that question is (the list holds 50 a page).
      await signedIn.goto(`${server.baseUrl}${href}`);
      expect(await signedIn.locator(`#frage-${/frage=(\d+)/.exec(href)?.[1]}`).count()).toBe(1);
      await signedIn.goto(`${server.baseUrl}/search?q=Chatverlaeufe`);
      expect(await noSidewaysScroll(signedIn)).toBe(true);
      await expectNoAxeViolations(signedIn);

      for (const query of ['"', "NEAR(a b", "*", "-x OR (y", "\u0000", "ä".repeat(1500)]) {
        const response = await signedIn.goto(`${server.baseUrl}/search?q=${encodeURIComponent(query)}`);
        expect(response?.status(), JSON.stringify(query.slice(0, 10))).toBe(200);
      }
      const suggest = await fetch(`${server.baseUrl}/search/suggest?text=${encodeURIComponent('") OR NEAR(* -')}`);
      expect(suggest.status).toBe(200);
      expect(await suggest.json()).toEqual({ items: [] });
    });

    it(`the question form shows similar answers and still submits (JavaScript ${javaScript ? "on" : "off"})`, async () => {
      const [person] = await createSignedInPeople(server.databasePath, 1, `aehnlich-${tag}-`);
      const page = await newPage(javaScript, person!.cookie);
      await page.goto(`${server.baseUrl}/questions/new`);
      const text = `Wie lange werden Chatverläufe im Werkzeug gespeichert (${tag})?`;
      const similar = page.locator(".similar-answers .search-hit", { hasText: "Wie lange werden meine Chatverläufe gespeichert" });
      if (javaScript) {
        await page.getByRole("textbox", { name: "Ihre Frage" }).pressSequentially(text, { delay: 5 });
      } else {
        await page.getByRole("textbox", { name: "Ihre Frage" }).fill(text);
        await page.getByRole("button", { name: "Prüfen" }).click();
        await page.waitForLoadState();
      }
      await poll(() => similar.count()).toBeGreaterThan(0);
      expect(await page.locator(".similar-answers [role=status]").textContent()).toMatch(/passende/);
      expect(await page.getByRole("textbox", { name: "Ihre Frage" }).inputValue()).toBe(text);
      expect(await similar.first().getByRole("link").getAttribute("target")).toBe("_blank");
      expect(await noSidewaysScroll(page)).toBe(true);
      await expectNoAxeViolations(page);

      await page.getByRole("button", { name: "Frage einreichen" }).click();
      await page.waitForURL(/\/me/);
      expect(await page.locator(".notice--success").textContent()).toContain("eingereicht");
    });
  }
});
