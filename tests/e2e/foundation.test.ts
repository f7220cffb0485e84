import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import {
  describeWithBrowser,
  expectNoAxeViolations,
  launchBrowser,
  newContextWithoutJavaScript,
  watchPageProblems,
} from "../support/browser";
import { startAppServer, type AppServer } from "../support/server";

const PAGES = [
  { path: "/sessions", heading: "Infoveranstaltungen zur Dienstvereinbarung KI" },
  { path: "/sessions/1", heading: "Die Dienstvereinbarung KI – Einführung und Fragen aus der Praxis" },
  { path: "/sessions/past", heading: "Vergangene Termine" },
  { path: "/sessions?format=online&free=1", heading: "Infoveranstaltungen zur Dienstvereinbarung KI" },
  { path: "/qa", heading: "Fragen & Antworten" },
  { path: "/impressum", heading: "Impressum" },
  { path: "/datenschutz", heading: "Datenschutz" },
  { path: "/barrierefreiheit", heading: "Erklärung zur Barrierefreiheit" },
  { path: "/gibt-es-nicht", heading: "Seite nicht gefunden", status: 404 },
  { path: "/sessions/999999", heading: "Seite nicht gefunden", status: 404 },
  { path: "/sessions/abc", heading: "Seite nicht gefunden", status: 404 },
];

describeWithBrowser("foundation: pages, headers, errors", () => {
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

  for (const javaScriptEnabled of [true, false]) {
    it(`renders every page in German with 0 axe violations (JavaScript ${javaScriptEnabled ? "on" : "off"})`, async () => {
      const context = javaScriptEnabled ? await browser.newContext({ locale: "de-DE" }) : await newContextWithoutJavaScript(browser);
      const page = await context.newPage();
      const problems = watchPageProblems(page);
      for (const { path, heading, status = 200 } of PAGES) {
        const response = await page.goto(server.baseUrl + path);
        expect(response?.status(), path).toBe(status);
        await expect.poll(() => page.locator("h1").first().textContent(), { message: path }).toBe(heading);
        expect(await page.getAttribute("html", "lang")).toBe("de");
        await expect(page.locator("footer a", { hasText: "Erklärung zur Barrierefreiheit" }).count()).resolves.toBe(1);
        await expectNoAxeViolations(page);
      }
      // 404 pages are expected console errors ("Failed to load resource"); nothing else is.
      expect(problems.filter((p) => !/status of 404/.test(p))).toEqual([]);
      await context.close();
    });
  }

  it("hydrates under the CSP and navigates without a full reload", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const problems = watchPageProblems(page);
    await page.goto(`${server.baseUrl}/sessions`);
    await page.waitForFunction(() => (window as unknown as { __remixContext?: unknown }).__remixContext !== undefined);
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 42));
    await page.getByRole("link", { name: "Impressum" }).click();
    await expect.poll(() => page.locator("h1").textContent()).toBe("Impressum");
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(42);
    await page.getByLabel("Format").first().isVisible();
    expect(problems).toEqual([]);
    await context.close();
  });

  it("moves the keyboard focus to the content with the skip link", async () => {
    const page = await browser.newPage();
    await page.goto(`${server.baseUrl}/sessions`);
    await page.keyboard.press("Tab");
    const skip = page.getByRole("link", { name: "Zum Inhalt springen" });
    await expect.poll(() => skip.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.press("Enter");
    await expect.poll(() => page.evaluate(() => location.hash)).toBe("#main");
    await page.close();
  });

  it("sends the security headers on pages, data requests, static files and health checks", async () => {
    const html = await fetch(`${server.baseUrl}/sessions`);
    const cssHref = /href="(\/build\/[^"]+\.css)"/.exec(await html.text())?.[1];
    expect(cssHref).toBeTruthy();
    for (const path of ["/sessions", "/sessions.data", "/sessions/1.data", "/favicon.svg", cssHref!, "/healthz", "/nope"]) {
      const response = await fetch(server.baseUrl + path);
      const csp = response.headers.get("content-security-policy") ?? "";
      expect(csp, path).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{16,}'/);
      expect(csp, path).not.toContain("unsafe-inline");
      expect(csp, path).toContain("frame-ancestors 'none'");
      expect(response.headers.get("referrer-policy"), path).toBe("same-origin");
      expect(response.headers.get("x-content-type-options"), path).toBe("nosniff");
    }
    expect((await fetch(`${server.baseUrl}/sessions`)).headers.get("cache-control")).toBe("private, no-store");
    expect((await fetch(server.baseUrl + cssHref!)).headers.get("cache-control")).toContain("immutable");
  });

  it("uses a fresh nonce per response, on every inline script", async () => {
    const first = await (await fetch(`${server.baseUrl}/sessions`)).text();
    const response = await fetch(`${server.baseUrl}/sessions`);
    const body = await response.text();
    const nonce = /'nonce-([^']+)'/.exec(response.headers.get("content-security-policy")!)![1]!;
    expect(first).not.toContain(nonce);
    const inlineScripts = [...body.matchAll(/<script(?![^>]*\bsrc=)([^>]*)>/g)];
    expect(inlineScripts.length).toBeGreaterThan(0);
    for (const [, attributes] of inlineScripts) expect(attributes).toContain(`nonce="${nonce}"`);
    expect(body).not.toMatch(/ style="/);
  });

  it("answers bad requests with German pages and the right status, never a stack trace", async () => {
    const malformed = await fetch(`${server.baseUrl}/sessions/%E0%A4%A`);
    expect(malformed.status).toBe(400);
    expect(await malformed.text()).toContain("Ungültige Adresse");

    const wrongMethod = await fetch(`${server.baseUrl}/impressum`, {
      method: "POST",
      headers: { Origin: server.baseUrl, "Content-Type": "application/x-www-form-urlencoded" },
      body: "x=1",
    });
    expect(wrongMethod.status).toBe(405);
    const text = await wrongMethod.text();
    expect(text).toContain("Aktion nicht möglich");
    // No stack frames or file paths: Remix's own sanitised message is all that is sent.
    expect(text).not.toMatch(/\bat \S+ \(|\/work\/|node_modules|\.js:\d+/);

    // A body that is not a form gets a German 400 before Remix could fail on it.
    const json = await fetch(`${server.baseUrl}/login`, {
      method: "POST",
      headers: { Origin: server.baseUrl, "Content-Type": "application/json" },
      body: "{}",
    });
    expect(json.status).toBe(400);
    expect(await json.text()).toContain("Ungültige Anfrage");

    const health = await fetch(`${server.baseUrl}/healthz`);
    expect(await health.text()).toBe("ok\n");
  });

  it("logs requests without query strings", async () => {
    await fetch(`${server.baseUrl}/sessions?secret=verysecretvalue123`);
    await expect.poll(() => server.output()).toMatch(/GET \/sessions 200/);
    expect(server.output()).not.toContain("verysecretvalue123");
  });
});
