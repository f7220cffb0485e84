// Retention in the browser (decision 020): the "Aufbewahrung" fields on /admin/settings with and
// without JavaScript (a period out of bounds refused next to its field, what was typed kept), the
// generated section of /datenschutz following a changed setting, and /me naming the day a
// certificate goes. Every page: axe, no sideways scroll at 320 px; figures compared with the database.
import { mkdirSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { formatDate } from "~/lib/dates";
import {
  describeWithBrowser,
  expectNoAxeViolations,
  launchBrowser,
  newContextWithoutJavaScript,
  watchPageProblems,
} from "../support/browser";
import { TEST_SECRET, createPublishedSession, createSignedInPeople, insertRegistration, type SignedInPerson } from "../support/seeding";
import { startAppServer, type AppServer } from "../support/server";
import { signIn } from "../support/sign-in";

const DAY = 24 * 3600_000;
// Screenshots for a person to look at: RETENTION_SCREENSHOTS=/some/dir npx vitest run …
const SHOTS = process.env.RETENTION_SCREENSHOTS;

async function shoot(page: Page, name: string) {
  if (!SHOTS) return;
  mkdirSync(SHOTS, { recursive: true });
  for (const width of [1280, 320]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: path.join(SHOTS, `${name}-${width}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 800 });
}

describeWithBrowser("retention: settings, the privacy page's generated section, /me", () => {
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

  function query<T>(sql: string, ...params: unknown[]): T[] {
    const db = new Database(server.databasePath, { readonly: true });
    try {
      return db.prepare(sql).all(...params) as T[];
    } finally {
      db.close();
    }
  }
  function run(sql: string, ...params: unknown[]) {
    const db = new Database(server.databasePath);
    try {
      db.pragma("busy_timeout = 5000");
      db.prepare(sql).run(...params);
    } finally {
      db.close();
    }
  }
  const setting = (name: string) => query<{ value: string }>("select value from settings where key = ?", `retention.${name}`)[0]?.value;

  async function expectNoSidewaysScrollAt320(page: Page) {
    const before = page.viewportSize();
    await page.setViewportSize({ width: 320, height: 640 });
    const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }));
    expect(widths.scroll, `page is wider than 320 px: ${page.url()}`).toBeLessThanOrEqual(widths.inner);
    if (before) await page.setViewportSize(before);
  }

  async function refuseThenSave(page: Page) {
    run("delete from settings where key like 'retention.%'");
    await page.goto(`${server.baseUrl}/admin/settings`);
    const field = page.getByLabel("Anmeldungen (Tage nach dem Termin)");
    expect(await field.inputValue()).toBe("365");
    await expectNoAxeViolations(page);
    await expectNoSidewaysScrollAt320(page);

    await field.fill("0");
    await page.getByLabel("Teilnahme und Teilnahmebestätigungen (Tage nach dem Termin)").fill("4000");
    await page.getByLabel("Fragen: Verbindung zur Person (Tage)").fill("200");
    await page.getByRole("button", { name: "Fristen übernehmen" }).click();
    await expect.poll(() => page.locator("#field-registrationDays-error").textContent()).toContain("zwischen 1 und 3.650 Tagen");
    expect(await page.locator("#field-attendanceDays-error").textContent()).toContain("zwischen 1 und 3.650 Tagen");
    expect(await field.inputValue()).toBe("0");
    expect(await field.getAttribute("aria-invalid")).toBe("true");
    expect(await page.getByLabel("Fragen: Verbindung zur Person (Tage)").inputValue()).toBe("200");
    expect(await page.locator("[data-error-summary] li").count()).toBe(2);
    await shoot(page, "settings-refused");
    expect(setting("registrationDays")).toBeUndefined();
    expect(setting("questionDays")).toBeUndefined();
    await expectNoAxeViolations(page);
    await expectNoSidewaysScrollAt320(page);

    await field.fill("180");
    await page.getByLabel("Teilnahme und Teilnahmebestätigungen (Tage nach dem Termin)").fill("1.460");
    await page.getByRole("button", { name: "Fristen übernehmen" }).click();
    await expect.poll(() => page.getByRole("status").first().textContent()).toContain("Die Aufbewahrungsfristen sind gespeichert");
    expect([setting("registrationDays"), setting("attendanceDays"), setting("questionDays")]).toEqual(["180", "1460", "200"]);
    expect(await page.getByLabel("Anmeldungen (Tage nach dem Termin)").inputValue()).toBe("180");
    // The privacy page says what the run now does.
    await page.goto(`${server.baseUrl}/datenschutz`);
    expect(await page.locator('[data-stored="anmeldungen"] dd').textContent()).toContain("180 Tage nach dem Ende des Termins");
    expect(await page.locator('[data-stored="teilnahme"] dd').textContent()).toContain("1.460 Tage");
    await shoot(page, "datenschutz");
  }

  it("with JavaScript: refuses a period out of bounds next to its field, keeps what was typed, then saves", async () => {
    const context = await browser.newContext({ locale: "de-DE", viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const problems = watchPageProblems(page);
    await signIn(page, server, "admin@stadt.example");
    await refuseThenSave(page);
    // The refusal answers 400 on purpose (the browser logs it); nothing else may go wrong.
    expect(problems.filter((p) => !p.includes("status of 400"))).toEqual([]);
    await context.close();
  });

  it("without JavaScript: the same, by plain form posts", async () => {
    const context = await newContextWithoutJavaScript(browser);
    const page = await context.newPage();
    await signIn(page, server, "admin@stadt.example");
    await refuseThenSave(page);
    await context.close();
  });

  it("/datenschutz lists what is stored from the live settings; /me names the day a certificate goes", async () => {
    run("delete from settings where key like 'retention.%'");
    const context = await browser.newContext({ locale: "de-DE", viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(`${server.baseUrl}/datenschutz`);
    const registrationsText = () => page.locator('[data-stored="anmeldungen"] dd').textContent();
    expect(await registrationsText()).toContain("365 Tage nach dem Ende des Termins");
    expect(await page.locator('[data-stored="teilnahme"] dd').textContent()).toContain("1.095 Tage");
    await expectNoAxeViolations(page);
    await expectNoSidewaysScrollAt320(page);

    run("insert into settings (key, value) values ('retention.registrationDays', '90'), ('retention.attendanceDays', '400')");
    await page.reload();
    expect(await registrationsText()).toContain("90 Tage nach dem Ende des Termins");
    expect(await page.locator('[data-stored="teilnahme"] dd').textContent()).toContain("400 Tage");

    const [person] = (await createSignedInPeople(server.databasePath, 1, "frist")) as [SignedInPerson];
    const startsAt = Date.now() - 10 * DAY;
    const sessionId = createPublishedSession(server.databasePath, { capacity: 5, title: "Aufbewahrt", startsAt });
    const registrationId = insertRegistration(server.databasePath, sessionId, person.userId, "attended");
    const [{ endsAt }] = query<{ endsAt: number }>("select ends_at as endsAt from sessions where id = ?", sessionId) as [
      { endsAt: number },
    ];
    await context.addCookies([{ name: "ki_login", value: person.cookie.split("=").slice(1).join("="), url: server.baseUrl }]);
    await page.goto(`${server.baseUrl}/me`);
    const item = page.locator(`[data-certificate-deadline="${registrationId}"]`);
    expect(await item.locator("[data-deleted-after]").textContent()).toBe(formatDate(new Date(endsAt + 400 * DAY)));
    expect(await item.getByRole("link").getAttribute("href")).toBe(`/me/certificates/${registrationId}`);
    await shoot(page, "me");
    await expectNoAxeViolations(page);
    await expectNoSidewaysScrollAt320(page);
    await context.close();

    const withoutJs = await newContextWithoutJavaScript(browser);
    await withoutJs.addCookies([{ name: "ki_login", value: person.cookie.split("=").slice(1).join("="), url: server.baseUrl }]);
    const plain = await withoutJs.newPage();
    await plain.goto(`${server.baseUrl}/me`);
    expect(await plain.locator(`[data-certificate-deadline="${registrationId}"] [data-deleted-after]`).textContent()).toBe(
      formatDate(new Date(endsAt + 400 * DAY)),
    );
    await plain.goto(`${server.baseUrl}/datenschutz`);
    expect(await plain.locator('[data-stored="anmeldungen"] dd').textContent()).toContain("90 Tage");
    await withoutJs.close();
    run("delete from settings where key like 'retention.%'");
  });
});
