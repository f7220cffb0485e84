import AxeBuilder from "@axe-core/playwright";
import { existsSync } from "node:fs";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { describe, expect, it } from "vitest";

const CANDIDATES = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].filter(
  (candidate): candidate is string => !!candidate,
);

export const chromiumPath = CANDIDATES.find((candidate) => existsSync(candidate));

/**
 * A describe block for browser tests. Without a browser they are skipped with a loud
 * warning on a developer's machine, and fail under CI=true: CI must never pass by skipping.
 */
export function describeWithBrowser(name: string, body: () => void) {
  if (chromiumPath) return describe(name, body);
  if (process.env.CI === "true") {
    return describe(name, () => {
      it("needs Chromium", () => {
        throw new Error(`No Chromium found (tried ${CANDIDATES.join(", ")}); under CI=true that is a failure.`);
      });
    });
  }
  console.warn(
    `\n!!! SKIPPING browser tests "${name}": no Chromium found (tried ${CANDIDATES.join(", ")}).\n` +
      "!!! Install it (apt-get install -y chromium) or set CHROMIUM_PATH.\n",
  );
  return describe.skip(name, body);
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-dev-shm-usage",
    ],
  });
}

export const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

const noJavaScript = new WeakMap<BrowserContext, Browser>();

/** A browser context as a person with JavaScript switched off has it. */
export async function newContextWithoutJavaScript(browser: Browser): Promise<BrowserContext> {
  const context = await browser.newContext({ javaScriptEnabled: false, locale: "de-DE" });
  noJavaScript.set(context, browser);
  return context;
}

/**
 * Scans the page with axe-core for WCAG 2.1 A/AA problems and expects none.
 * axe needs page timers, which do not run with JavaScript off; such a page's DOM is
 * scanned in a scripting page that loads the same HTML with every script blocked.
 */
export async function expectNoAxeViolations(page: Page) {
  const browser = noJavaScript.get(page.context());
  if (!browser) return expectNoViolationsOn(page, page.url());
  const url = page.url();
  const html = (await page.content()).replace(/<script\b[\s\S]*?<\/script>/gi, "");
  const scanContext = await browser.newContext();
  const scanPage = await scanContext.newPage();
  await scanPage.route("**/*", (route) => {
    const request = route.request();
    if (request.isNavigationRequest()) return route.fulfill({ contentType: "text/html; charset=utf-8", body: html });
    if (request.resourceType() === "script") return route.abort();
    return route.continue();
  });
  await scanPage.goto(url);
  try {
    await expectNoViolationsOn(scanPage, url);
  } finally {
    await scanContext.close();
  }
}

async function expectNoViolationsOn(page: Page, url: string) {
  const results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  // A scan that checked nothing (an empty page, a blocked script) must not pass silently.
  expect(results.passes.length, `axe checked nothing on ${url}`).toBeGreaterThan(10);
  const summary = results.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.map((n) => n.target.join(" ")).join("\n  ")}`,
  );
  expect(summary, `axe violations on ${url}`).toEqual([]);
}

/** Collects CSP violations and page errors reported by the browser. */
export function watchPageProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on("console", (message) => {
    const text = message.text();
    if (message.type() === "error" || /Content Security Policy/i.test(text)) problems.push(text);
  });
  page.on("pageerror", (error) => problems.push(error.message));
  return problems;
}
