// Careful with steps that cannot be undone: "Abmelden" when the place would go to the next
// person on the waitlist asks once — a modal dialog with JavaScript, a confirmation step
// without — and the server asks whatever the page showed (every-screen issue, item 4).
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
import { TEST_SECRET, createPublishedSession, createSignedInPeople, insertRegistration, type SignedInPerson } from "../support/seeding";
import { startAppServer, type AppServer } from "../support/server";

describeWithBrowser("asking once before a place goes to the waitlist", () => {
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

  function statusOf(sessionId: number, userId: number): string | undefined {
    const db = new Database(server.databasePath, { readonly: true });
    try {
      return (
        db
          .prepare("select status from registrations where session_id = ? and user_id = ? order by id desc limit 1")
          .get(sessionId, userId) as { status: string } | undefined
      )?.status;
    } finally {
      db.close();
    }
  }

  async function contextFor(person: SignedInPerson, javaScript: boolean): Promise<BrowserContext> {
    const context = javaScript ? await browser.newContext({ locale: "de-DE" }) : await newContextWithoutJavaScript(browser);
    await context.addCookies([{ name: "ki_login", value: person.cookie.split("=").slice(1).join("="), url: server.baseUrl }]);
    return context;
  }

  /** A full session: `holder` has the only place, `waiting` is on the waitlist. */
  async function fullSession(tag: string) {
    const [holder, waiting] = (await createSignedInPeople(server.databasePath, 2, tag)) as [SignedInPerson, SignedInPerson];
    const sessionId = createPublishedSession(server.databasePath, { capacity: 1, title: `Voll ${tag}` });
    insertRegistration(server.databasePath, sessionId, holder.userId, "confirmed");
    insertRegistration(server.databasePath, sessionId, waiting.userId, "waitlisted");
    return { holder, waiting, sessionId };
  }

  const cancelButton = (page: Page) =>
    page.locator("#registration ~ form button, .registration-panel form button").filter({ hasText: /^Abmelden$/ });

  it("with JavaScript: a modal dialog; Escape keeps the place, 'Ja, abmelden' gives it on", async () => {
    const { holder, waiting, sessionId } = await fullSession("askjs");
    const context = await contextFor(holder, true);
    const page = await context.newPage();
    const problems = watchPageProblems(page);
    await page.goto(`${server.baseUrl}/sessions/${sessionId}`);
    await cancelButton(page).focus();
    await page.keyboard.press("Enter");
    const dialog = page.getByRole("dialog", { name: "Wirklich abmelden?" });
    await expect.poll(() => dialog.isVisible()).toBe(true);
    expect(await dialog.textContent()).toContain("Ihr Platz geht sofort an die nächste Person auf der Warteliste");
    // Focus is in the dialog, on the first of its buttons.
    expect(await page.evaluate(() => document.activeElement?.closest("dialog") !== null)).toBe(true);
    await expectNoAxeViolations(page);
    await page.setViewportSize({ width: 320, height: 640 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await page.setViewportSize({ width: 1280, height: 800 });

    // Escape: nothing happened, focus is back on the button.
    await page.keyboard.press("Escape");
    await expect.poll(() => dialog.isVisible()).toBe(false);
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Abmelden");
    expect(statusOf(sessionId, holder.userId)).toBe("confirmed");

    // Again, and yes.
    await page.keyboard.press("Enter");
    await expect.poll(() => dialog.isVisible()).toBe(true);
    await dialog.getByRole("button", { name: "Ja, abmelden" }).click();
    await expect.poll(() => page.getByRole("status").first().textContent()).toContain("Sie sind abgemeldet");
    expect(statusOf(sessionId, holder.userId)).toBe("cancelled");
    expect(statusOf(sessionId, waiting.userId)).toBe("confirmed");
    expect(problems).toEqual([]);
    await context.close();
  });

  it("without JavaScript: a confirmation step; 'Nein' keeps the place, 'Ja, abmelden' gives it on", async () => {
    const { holder, waiting, sessionId } = await fullSession("asknojs");
    const context = await contextFor(holder, false);
    const page = await context.newPage();
    await page.goto(`${server.baseUrl}/sessions/${sessionId}`);
    await cancelButton(page).click();
    const step = page.getByRole("region", { name: "Wirklich abmelden?" });
    expect(await step.textContent()).toContain("Ihr Platz geht sofort an die nächste Person auf der Warteliste");
    expect(statusOf(sessionId, holder.userId)).toBe("confirmed");
    await expectNoAxeViolations(page);
    await step.getByRole("link", { name: "Nein, angemeldet bleiben" }).click();
    expect(await page.getByRole("region", { name: "Wirklich abmelden?" }).count()).toBe(0);
    expect(statusOf(sessionId, holder.userId)).toBe("confirmed");

    await cancelButton(page).click();
    await page.getByRole("region", { name: "Wirklich abmelden?" }).getByRole("button", { name: "Ja, abmelden" }).click();
    expect(await page.getByRole("status").first().textContent()).toContain("Sie sind abgemeldet");
    expect(statusOf(sessionId, holder.userId)).toBe("cancelled");
    expect(statusOf(sessionId, waiting.userId)).toBe("confirmed");
    await context.close();
  });

  it("does not ask when nobody waits, and the server asks even when the page did not", async () => {
    const [alone, late] = (await createSignedInPeople(server.databasePath, 2, "askalone")) as [SignedInPerson, SignedInPerson];
    const sessionId = createPublishedSession(server.databasePath, { capacity: 1, title: "Niemand wartet" });
    insertRegistration(server.databasePath, sessionId, alone.userId, "confirmed");
    const context = await contextFor(alone, true);
    const page = await context.newPage();
    await page.goto(`${server.baseUrl}/sessions/${sessionId}`);
    // Someone joins the waitlist after the page was loaded: the server asks all the same.
    insertRegistration(server.databasePath, sessionId, late.userId, "waitlisted");
    await cancelButton(page).click();
    await expect.poll(() => page.getByRole("region", { name: "Wirklich abmelden?" }).count()).toBe(1);
    expect(statusOf(sessionId, alone.userId)).toBe("confirmed");

    // A plain POST without the confirmation changes nothing either.
    const response = await page.request.post(`${server.baseUrl}/sessions/${sessionId}`, {
      form: { intent: "cancel" },
      headers: { Origin: server.baseUrl },
      maxRedirects: 0,
    });
    expect(response.status()).toBe(302);
    expect(response.headers().location).toBe(`/sessions/${sessionId}?abmelden=1#abmelden`);
    expect(statusOf(sessionId, alone.userId)).toBe("confirmed");
    await context.close();

    // Nobody waiting: one click, no question.
    const [solo] = (await createSignedInPeople(server.databasePath, 1, "asksolo")) as [SignedInPerson];
    const free = createPublishedSession(server.databasePath, { capacity: 3, title: "Viel Platz" });
    insertRegistration(server.databasePath, free, solo.userId, "confirmed");
    const soloContext = await contextFor(solo, false);
    const soloPage = await soloContext.newPage();
    await soloPage.goto(`${server.baseUrl}/sessions/${free}`);
    await cancelButton(soloPage).click();
    expect(await soloPage.getByRole("status").first().textContent()).toContain("Sie sind abgemeldet");
    expect(statusOf(free, solo.userId)).toBe("cancelled");
    await soloContext.close();
  });
});
