import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeWithBrowser, expectNoAxeViolations, launchBrowser, newContextWithoutJavaScript } from "../support/browser";
import { createPublishedSession } from "../support/seeding";
import { startAppServer, type AppServer } from "../support/server";
import { signIn } from "../support/sign-in";
import { smtpLinkSource, startSmtpServer, type TestSmtpServer } from "../support/smtp";

describeWithBrowser("registering, waiting, cancelling, moving up", () => {
  let smtp: TestSmtpServer;
  let server: AppServer;
  let browser: Browser;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    server = await startAppServer({ SMTP_URL: smtp.url, OUTBOX_POLL_SECONDS: "0.3" });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    expect(await server?.stop()).toBe(0);
    await smtp?.close();
  });

  const subjectsTo = (email: string) => smtp.received.filter((m) => m.to.includes(email)).map((m) => m.parsed.subject ?? "");

  async function person(javaScript: boolean, email: string): Promise<{ context: BrowserContext; page: Page }> {
    const context = javaScript ? await browser.newContext({ locale: "de-DE" }) : await newContextWithoutJavaScript(browser);
    const page = await context.newPage();
    await signIn(page, server, email, { linkSource: smtpLinkSource(smtp), name: email.split("@")[0] });
    return { context, page };
  }

  const panel = (page: Page) => page.locator(".registration-panel");

  for (const javaScript of [true, false]) {
    it(`registers, waitlists, cancels and moves the next person up (JavaScript ${javaScript ? "on" : "off"})`, async () => {
      const tag = javaScript ? "js" : "nojs";
      const sessionId = createPublishedSession(server.databasePath, { capacity: 1, title: `Kleiner Raum ${tag}` });
      const url = `${server.baseUrl}/sessions/${sessionId}`;
      const anna = await person(javaScript, `anna-${tag}@stadt.example`);
      const ben = await person(javaScript, `ben-${tag}@stadt.example`);

      await anna.page.goto(url);
      await expectNoAxeViolations(anna.page);
      await anna.page.getByLabel("Unterstützungsbedarf (freiwillig)").fill("Stufenloser Zugang");
      if (javaScript) await anna.page.evaluate(() => ((window as unknown as { marker: number }).marker = 1));
      await anna.page.getByRole("button", { name: "Jetzt anmelden" }).click();
      await expect.poll(() => anna.page.getByRole("status").first().textContent()).toContain("Sie sind angemeldet");
      if (javaScript) {
        // With JavaScript the action ran without a full page load.
        expect(await anna.page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(1);
      }
      expect(await panel(anna.page).textContent()).toContain("Ihr Platz ist bestätigt");
      expect(new URL(anna.page.url()).pathname).toBe(`/sessions/${sessionId}`);
      await expectNoAxeViolations(anna.page);

      await ben.page.goto(url);
      await ben.page.getByRole("button", { name: "Auf die Warteliste (0 vor Ihnen)" }).click();
      await expect.poll(() => ben.page.getByRole("status").first().textContent()).toContain("Platz 1 der Warteliste");
      expect(await panel(ben.page).textContent()).toContain("Sie stehen auf Platz 1 der Warteliste");
      await expectNoAxeViolations(ben.page);

      // Ben waits for the place: "Abmelden" asks once (a dialog, or a step without JavaScript).
      await anna.page.getByRole("button", { name: "Abmelden", exact: true }).click();
      await anna.page.getByRole("button", { name: "Ja, abmelden" }).click();
      await expect.poll(() => anna.page.getByRole("status").first().textContent()).toContain("Sie sind abgemeldet");
      expect(await panel(anna.page).getByRole("button", { name: "Jetzt anmelden" }).count()).toBe(0);
      expect(
        await panel(anna.page)
          .getByRole("button", { name: /Auf die Warteliste/ })
          .count(),
      ).toBe(1);

      await ben.page.reload();
      expect(await panel(ben.page).textContent()).toContain("Ihr Platz ist bestätigt");
      // The mails arrive at the SMTP server, once each.
      await expect
        .poll(() => subjectsTo(`ben-${tag}@stadt.example`).filter((s) => !s.startsWith("Ihr Login-Code")), { timeout: 10_000 })
        .toEqual([
          expect.stringMatching(/^Warteliste, Platz 1: Kleiner Raum/),
          expect.stringMatching(/^Nachgerückt – Ihr Platz ist bestätigt: .*, \w+\., \d+\./),
        ]);
      await expect
        .poll(() => subjectsTo(`anna-${tag}@stadt.example`).filter((s) => !s.startsWith("Ihr Login-Code")), { timeout: 10_000 })
        .toEqual([expect.stringMatching(/^Anmeldung bestätigt/), expect.stringMatching(/^Abmeldung bestätigt/)]);

      await ben.page.goto(`${server.baseUrl}/me`);
      expect(await ben.page.locator("section[aria-labelledby=aktuell]").textContent()).toContain("Angemeldet");
      await expectNoAxeViolations(ben.page);
      await anna.page.goto(`${server.baseUrl}/me`);
      expect(await anna.page.locator("section[aria-labelledby=beendet]").textContent()).toContain("Abgemeldet");
      await anna.context.close();
      await ben.context.close();
    });
  }

  it("sends a signed-out person to sign in and back to the same page", async () => {
    const sessionId = createPublishedSession(server.databasePath, { capacity: 5, title: "Rückweg" });
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${server.baseUrl}/sessions/${sessionId}`);
    await page.getByRole("link", { name: "Einloggen und anmelden" }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get("redirectTo")).toBe(`/sessions/${sessionId}`);
    await page.getByLabel("Dienstliche E-Mail-Adresse").fill("rueckweg@stadt.example");
    await page.getByRole("button", { name: "Login-Link anfordern" }).click();
    await page.goto(await smtpLinkSource(smtp)("rueckweg@stadt.example", Date.now() - 5000));
    await page.getByRole("button", { name: "Jetzt einloggen" }).click();
    await page.getByLabel("Name", { exact: true }).fill("Rück Weg");
    await page.getByRole("button", { name: "Speichern" }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe(`/sessions/${sessionId}`);
    await page.getByRole("button", { name: "Jetzt anmelden" }).click();
    await expect.poll(() => page.getByRole("status").first().textContent()).toContain("Sie sind angemeldet");
    await context.close();
  });

  it("ignores a double click: one registration, one mail", async () => {
    const sessionId = createPublishedSession(server.databasePath, { capacity: 5, title: "Doppelklick" });
    const { context, page } = await person(true, "doppelt@stadt.example");
    await page.goto(`${server.baseUrl}/sessions/${sessionId}`);
    await page.getByRole("button", { name: "Jetzt anmelden" }).dblclick();
    await expect.poll(() => page.getByRole("status").first().textContent()).toMatch(/angemeldet/);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(subjectsTo("doppelt@stadt.example").filter((s) => s.startsWith("Anmeldung bestätigt")).length).toBe(1);
    await context.close();
  });
});
