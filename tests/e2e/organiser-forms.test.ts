// The organisers' long forms (decision 018): a refused submit puts a summary of the problems at
// the top, each linked to its field (focused with JavaScript, rendered by the server without);
// every create and update ends with a success message; checkboxes sit left of their labels,
// aligned, at 320 and 1280 px. axe on every state, no sideways scroll at 320 px.
import Database from "better-sqlite3";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeWithBrowser, expectNoAxeViolations, launchBrowser, newContextWithoutJavaScript } from "../support/browser";
import { TEST_SECRET, createSignedInPeople, type SignedInPerson } from "../support/seeding";
import { startAppServer, type AppServer } from "../support/server";

const flash = (page: Page) => page.getByRole("status").first().textContent();

/** Every checkbox left of its label and level with the label's first line; no sideways scroll. */
async function expectCheckboxLayout(page: Page) {
  for (const width of [320, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    const boxes = await page.evaluate(() =>
      [...document.querySelectorAll<HTMLInputElement>("main .checkbox input[type=checkbox]")].map((input) => {
        const label = document.querySelector(`label[for="${input.id}"]`)!;
        const box = input.getBoundingClientRect();
        const text = label.getBoundingClientRect();
        const lineHeight = Number.parseFloat(getComputedStyle(label).lineHeight) || 24;
        return {
          id: input.id,
          leftOfLabel: box.right <= text.left,
          firstLine: box.top >= text.top - 4 && box.bottom <= text.top + lineHeight + 4,
        };
      }),
    );
    expect(boxes.length).toBeGreaterThan(0);
    for (const box of boxes) expect({ width, ...box }).toEqual({ width, id: box.id, leftOfLabel: true, firstLine: true });
    const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }));
    expect(widths.scroll, `${page.url()} at ${width} px`).toBeLessThanOrEqual(widths.inner);
  }
}

/** The summary lists the problems as links to fields that exist; with JavaScript it has the focus. */
async function expectErrorSummary(page: Page, javaScript: boolean, texts: string[]) {
  const summary = page.locator("[data-error-summary]");
  await summary.waitFor();
  const links = summary.locator("a");
  expect(await links.allTextContents()).toEqual(texts.map((text) => expect.stringContaining(text)));
  for (const href of await links.evaluateAll((as) => as.map((a) => a.getAttribute("href")!))) {
    expect(await page.locator(href).count(), href).toBe(1);
  }
  // The summary comes before the first field.
  expect(
    await page.evaluate(
      () =>
        document
          .querySelector("[data-error-summary]")!
          .compareDocumentPosition(document.querySelector("main form input:not([type=hidden])")!) & Node.DOCUMENT_POSITION_FOLLOWING,
    ),
  ).toBeTruthy();
  if (javaScript) await expect.poll(() => page.evaluate(() => document.activeElement?.hasAttribute("data-error-summary"))).toBe(true);
}

describeWithBrowser("organiser forms: error summary, success messages, checkboxes", () => {
  let server: AppServer;
  let browser: Browser;
  let admin: SignedInPerson;

  beforeAll(async () => {
    server = await startAppServer({ SESSION_SECRET: TEST_SECRET, JOBS: "off", LOG_REQUESTS: "off" });
    browser = await launchBrowser();
    admin = (await createSignedInPeople(server.databasePath, 1, "formen"))[0]!;
    const db = new Database(server.databasePath);
    db.prepare("insert into user_roles (user_id, role) values (?, 'admin')").run(admin.userId);
    db.close();
  });

  afterAll(async () => {
    await browser?.close();
    expect(await server?.stop()).toBe(0);
  });

  async function asAdmin(javaScript: boolean): Promise<BrowserContext> {
    const context = javaScript ? await browser.newContext({ locale: "de-DE" }) : await newContextWithoutJavaScript(browser);
    await context.addCookies([{ name: "ki_login", value: admin.cookie.split("=").slice(1).join("="), url: server.baseUrl }]);
    return context;
  }

  for (const javaScript of [true, false]) {
    it(`series and session forms (JavaScript ${javaScript ? "on" : "off"})`, async () => {
      const context = await asAdmin(javaScript);
      const page = await context.newPage();
      const title = `Formulare ${javaScript ? "mit" : "ohne"} JavaScript`;

      await page.goto(`${server.baseUrl}/admin/series/new`);
      await expectCheckboxLayout(page);
      await page.getByLabel("Titel").fill("KI");
      await page.getByLabel("Übliche Platzzahl").fill("viele");
      await page.getByRole("button", { name: "Reihe anlegen" }).click();
      await expectErrorSummary(page, javaScript, ["Titel: ", "Übliche Platzzahl: "]);
      expect(await page.locator("[data-error-summary] h2").textContent()).toBe("Bitte prüfen Sie 2 Angaben");
      expect(await page.getByLabel("Übliche Platzzahl").inputValue()).toBe("viele");
      await expectNoAxeViolations(page);
      await expectCheckboxLayout(page);

      await page.getByLabel("Titel").fill(title);
      await page.getByLabel("Übliche Platzzahl").fill("20");
      await page.getByRole("button", { name: "Reihe anlegen" }).click();
      await expect.poll(() => flash(page)).toContain("Die Veranstaltungsreihe ist angelegt.");
      const seriesUrl = page.url();

      await page.getByRole("link", { name: "Reihe bearbeiten" }).click();
      await page.getByLabel("Zielgruppe").fill("Sachbearbeitung");
      await page.getByRole("button", { name: "Speichern" }).click();
      await expect.poll(() => flash(page)).toBe("Die Veranstaltungsreihe ist gespeichert.");
      expect(page.url()).toBe(seriesUrl);

      await page.getByRole("link", { name: "Neuen Termin anlegen" }).click();
      await expect.poll(() => page.locator("h1").textContent()).toBe("Neuer Termin");
      await expectCheckboxLayout(page);
      await page.getByLabel("Plätze", { exact: true }).fill("0");
      await page.getByLabel("Ende", { exact: true }).fill("2020-01-01T10:00");
      await page.getByRole("button", { name: "Als Entwurf anlegen" }).click();
      await expectErrorSummary(page, javaScript, ["Ende: ", "Veranstaltungsort: ", "Plätze: "]);
      expect(await page.locator("[data-error-summary] h2").textContent()).toBe("Bitte prüfen Sie 3 Angaben");
      await expectNoAxeViolations(page);
      await expectCheckboxLayout(page);

      await page.getByLabel("Plätze", { exact: true }).fill("12");
      await page.getByLabel("Veranstaltungsort (Gebäude, Adresse)").fill("Rathaus");
      // Thursday 20 May 2027; its copy a week later falls on Fronleichnam.
      await page.getByLabel("Beginn", { exact: true }).fill("2027-05-20T10:00");
      await page.getByLabel("Ende", { exact: true }).fill("2027-05-20T11:30");
      await page.getByRole("button", { name: "Als Entwurf anlegen" }).click();
      await expect.poll(() => flash(page)).toContain("Der Termin ist als Entwurf angelegt.");
      expect(await page.locator("h1").textContent()).toBe("Termin bearbeiten");
      expect(await page.locator("[data-day-off]").count()).toBe(0);
      await page.getByRole("button", { name: "Weiteren Termin anlegen (eine Woche später)" }).click();
      await expect.poll(() => flash(page)).toContain("Der Termin fällt auf einen gesetzlichen Feiertag in NRW (Fronleichnam).");
      expect(await page.locator("[data-day-off]").textContent()).toContain("Fronleichnam");
      await page.goto(seriesUrl);
      const marker = page.locator("table [data-day-off]");
      expect(await marker.count()).toBe(1);
      expect(await marker.textContent()).toBe("Der Termin fällt auf einen gesetzlichen Feiertag in NRW (Fronleichnam).");
      await expectNoAxeViolations(page);
      await context.close();
    });
  }
});
