import Database from "better-sqlite3";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeWithBrowser, expectNoAxeViolations, launchBrowser, newContextWithoutJavaScript } from "../support/browser";
import { startAppServer, type AppServer } from "../support/server";
import { signInDetails, startSmtpServer, type TestSmtpServer } from "../support/smtp";

describeWithBrowser("sign-in by e-mail", () => {
  let smtp: TestSmtpServer;
  let server: AppServer;
  let browser: Browser;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    server = await startAppServer({ SMTP_URL: smtp.url, ADMIN_EMAILS: "chefin@stadt.example" });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    expect(await server?.stop()).toBe(0);
    await smtp?.close();
  });

  function mailsTo(address: string) {
    return smtp.received.filter((mail) => mail.to.includes(address));
  }

  async function requestLink(page: Page, email: string) {
    const before = mailsTo(email).length;
    await page.getByLabel("Dienstliche E-Mail-Adresse").fill(email);
    await page.getByRole("button", { name: "Login-Link anfordern" }).click();
    await expect.poll(() => page.locator("h1").textContent()).toBe("Login bestätigen");
    await expect.poll(() => mailsTo(email).length, { timeout: 10_000 }).toBe(before + 1);
    return signInDetails(mailsTo(email).at(-1)!);
  }

  for (const javaScript of [true, false]) {
    it(`signs in through the link from the mail and returns to the wanted page (JavaScript ${javaScript ? "on" : "off"})`, async () => {
      const email = `link-${javaScript ? "js" : "nojs"}@stadt.example`;
      const context = javaScript ? await browser.newContext() : await newContextWithoutJavaScript(browser);
      const page = await context.newPage();
      await page.goto(`${server.baseUrl}/me`);
      expect(new URL(page.url()).pathname).toBe("/login");
      expect(new URL(page.url()).searchParams.get("redirectTo")).toBe("/me");
      await expectNoAxeViolations(page);

      const { url } = await requestLink(page, email);
      await expectNoAxeViolations(page);

      // A mail scanner opens the link twice before the person does.
      for (let i = 0; i < 2; i++) {
        const scan = await fetch(url);
        expect(scan.status).toBe(200);
        expect(await scan.text()).toContain("Jetzt einloggen");
      }

      await page.goto(url);
      await expectNoAxeViolations(page);
      await page.getByRole("button", { name: "Jetzt einloggen" }).click();
      await expect.poll(() => page.locator("h1").textContent()).toBe("Willkommen! Wie dürfen wir Sie nennen?");
      await expectNoAxeViolations(page);

      // The profile form refuses an empty name next to the field and keeps the input.
      await page.getByLabel("Fachbereich oder Amt (freiwillig)").fill("Amt 10");
      await page.getByRole("button", { name: "Speichern" }).click();
      await expect.poll(() => page.locator(".field__error").first().textContent()).toContain("Bitte geben Sie Ihren Namen ein");
      expect(await page.getByLabel("Fachbereich oder Amt (freiwillig)").inputValue()).toBe("Amt 10");
      await expectNoAxeViolations(page);

      await page.getByLabel("Name", { exact: true }).fill("Robin Beispiel");
      await page.getByRole("button", { name: "Speichern" }).click();
      await expect.poll(() => new URL(page.url()).pathname).toBe("/me");
      await expect.poll(() => page.locator("header").textContent()).toContain("Robin Beispiel");
      expect(await page.getByRole("status").first().textContent()).toContain("gespeichert");

      // The used link cannot be used again.
      await page.goto(url);
      expect(await page.getByRole("alert").textContent()).toContain("bereits verwendet");

      // Signing out ends the login.
      await page.goto(`${server.baseUrl}/sessions`);
      await page.getByRole("button", { name: "Ausloggen" }).click();
      await expect.poll(() => page.getByRole("link", { name: "Einloggen" }).count()).toBe(1);
      await page.goto(`${server.baseUrl}/me`);
      expect(new URL(page.url()).pathname).toBe("/login");
      await context.close();
    });
  }

  it("signs in with the code only in the browser that asked for it", async () => {
    const email = "code@stadt.example";
    const asking = await browser.newContext();
    const page = await asking.newPage();
    await page.goto(`${server.baseUrl}/login`);
    const { code } = await requestLink(page, email);

    const other = await browser.newContext();
    const otherPage = await other.newPage();
    await otherPage.goto(`${server.baseUrl}/login/verify`);
    await otherPage.getByLabel("Code aus der E-Mail").fill(code);
    await otherPage.getByRole("button", { name: "Einloggen", exact: true }).click();
    await expect.poll(() => otherPage.getByRole("alert").textContent()).toContain("In diesem Browser wurde kein Login angefordert");
    await expectNoAxeViolations(otherPage);
    await other.close();

    await page.getByLabel("Code aus der E-Mail").fill(code);
    await page.getByRole("button", { name: "Einloggen", exact: true }).click();
    await expect.poll(() => page.locator("h1").textContent()).toBe("Willkommen! Wie dürfen wir Sie nennen?");
    await asking.close();
  });

  it("voids the code after 5 wrong codes; the link from the mail still works", async () => {
    const email = "falsch@stadt.example";
    const context = await newContextWithoutJavaScript(browser);
    const page = await context.newPage();
    await page.goto(`${server.baseUrl}/login`);
    const { code, url } = await requestLink(page, email);
    const wrong = code === "123456" ? "654321" : "123456";
    for (let left = 4; left >= 1; left--) {
      await page.getByLabel("Code aus der E-Mail").fill(wrong);
      await page.getByRole("button", { name: "Einloggen", exact: true }).click();
      await expect.poll(() => page.locator(".field__error").textContent()).toContain(`noch ${left}`);
      expect(await page.getByLabel("Code aus der E-Mail").inputValue()).toBe(wrong);
    }
    await expectNoAxeViolations(page);
    await page.getByLabel("Code aus der E-Mail").fill(wrong);
    await page.getByRole("button", { name: "Einloggen", exact: true }).click();
    await expect.poll(() => page.getByRole("alert").textContent()).toContain("gesperrt");
    await page.getByLabel("Code aus der E-Mail").fill(code);
    await page.getByRole("button", { name: "Einloggen", exact: true }).click();
    await expect.poll(() => page.getByRole("alert").textContent()).toContain("gesperrt");
    await page.goto(url);
    await page.getByRole("button", { name: "Jetzt einloggen" }).click();
    await expect.poll(() => page.locator("h1").textContent()).toBe("Willkommen! Wie dürfen wir Sie nennen?");
    await context.close();
  });

  it("answers known and unknown addresses identically", async () => {
    const answers = [];
    for (const email of ["moderation@stadt.example", "niemand-bekannt@stadt.example"]) {
      const response = await fetch(`${server.baseUrl}/login`, {
        method: "POST",
        redirect: "manual",
        headers: { Origin: server.baseUrl, "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ email }),
      });
      const page = await fetch(new URL(response.headers.get("location")!, server.baseUrl));
      answers.push({ status: response.status, location: response.headers.get("location"), text: normalise(await page.text()) });
    }
    expect(answers[0]!.status).toBe(303);
    expect(answers[1]).toEqual(answers[0]);
  });

  it("rate-limits one address with a German message, and still serves a second address", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    for (let i = 0; i < 5; i++) {
      await page.goto(`${server.baseUrl}/login`);
      await page.getByLabel("Dienstliche E-Mail-Adresse").fill("eilig@stadt.example");
      await page.getByRole("button", { name: "Login-Link anfordern" }).click();
      await expect.poll(() => page.locator("h1").textContent()).toBe("Login bestätigen");
    }
    await page.goto(`${server.baseUrl}/login`);
    await page.getByLabel("Dienstliche E-Mail-Adresse").fill("eilig@stadt.example");
    await page.getByRole("button", { name: "Login-Link anfordern" }).click();
    await expect.poll(() => page.getByRole("alert").textContent()).toMatch(/zu viele Login-Links .* ab \d\d:\d\d\u00a0Uhr/);
    expect(await page.getByLabel("Dienstliche E-Mail-Adresse").inputValue()).toBe("eilig@stadt.example");
    await expectNoAxeViolations(page);

    await page.getByLabel("Dienstliche E-Mail-Adresse").fill("geduldig@stadt.example");
    await page.getByRole("button", { name: "Login-Link anfordern" }).click();
    await expect.poll(() => page.locator("h1").textContent()).toBe("Login bestätigen");
    await context.close();
  });

  it("shows clear messages for a malformed address and keeps what was typed", async () => {
    const context = await newContextWithoutJavaScript(browser);
    const page = await context.newPage();
    await page.goto(`${server.baseUrl}/login`);
    await page.getByLabel("Dienstliche E-Mail-Adresse").fill("keine-adresse");
    await page.getByRole("button", { name: "Login-Link anfordern" }).click();
    expect(await page.locator(".field__error").textContent()).toContain("gültige E-Mail-Adresse");
    expect(await page.getByLabel("Dienstliche E-Mail-Adresse").inputValue()).toBe("keine-adresse");
    expect(await page.getByLabel("Dienstliche E-Mail-Adresse").getAttribute("aria-invalid")).toBe("true");
    await expectNoAxeViolations(page);
    await context.close();
  });

  it("refuses a POST from another origin with a German 403 page, and one without any origin", async () => {
    const foreign = await fetch(`${server.baseUrl}/login`, {
      method: "POST",
      headers: { Origin: "https://evil.example", "Content-Type": "application/x-www-form-urlencoded" },
      body: "email=opfer%40stadt.example",
    });
    expect(foreign.status).toBe(403);
    expect(await foreign.text()).toContain("Anfrage abgelehnt");
    const none = await fetch(`${server.baseUrl}/logout`, { method: "POST" });
    expect(none.status).toBe(403);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(mailsTo("opfer@stadt.example")).toEqual([]);
  });

  it("makes ADMIN_EMAILS admins, who see the mail page; others get 403", async () => {
    const admin = await browser.newContext();
    const page = await admin.newPage();
    await page.goto(`${server.baseUrl}/login?redirectTo=%2Fadmin%2Fmail`);
    const { url } = await requestLink(page, "chefin@stadt.example");
    await page.goto(url);
    await page.getByRole("button", { name: "Jetzt einloggen" }).click();
    await page.getByLabel("Name", { exact: true }).fill("Chefin");
    await page.getByRole("button", { name: "Speichern" }).click();
    await expect.poll(() => page.locator("h1").textContent()).toBe("E-Mail-Versand");
    await expectNoAxeViolations(page);
    const nav = page.getByRole("navigation", { name: "Hauptnavigation" });
    // Moderation and Verwaltung share the header's "Bereiche" menu (decision 025), closed at first.
    expect(await nav.getByRole("link", { name: "Verwaltung", includeHidden: true }).count()).toBe(1);
    await admin.close();

    const participant = await browser.newContext();
    const other = await participant.newPage();
    await other.goto(`${server.baseUrl}/login`);
    const second = await requestLink(other, "teilnehmer@stadt.example");
    await other.goto(second.url);
    await other.getByRole("button", { name: "Jetzt einloggen" }).click();
    // Wait until the sign-in has landed before the next page, or the cookie is not set yet.
    await expect.poll(() => other.locator("h1").textContent()).not.toBe("Login bestätigen");
    const response = await other.goto(`${server.baseUrl}/admin/mail`);
    expect(response?.status()).toBe(403);
    expect(await other.locator("h1").textContent()).toBe("Kein Zugriff");
    await expectNoAxeViolations(other);
    await participant.close();
  });

  it("ends every login of a person with 'überall ausloggen'", async () => {
    const email = "zweigeraete@stadt.example";
    const contexts: BrowserContext[] = [await browser.newContext(), await browser.newContext()];
    for (const context of contexts) {
      const page = await context.newPage();
      await page.goto(`${server.baseUrl}/login`);
      const { url } = await requestLink(page, email);
      await page.goto(url);
      await page.getByRole("button", { name: "Jetzt einloggen" }).click();
      await expect.poll(() => page.locator("h1").textContent()).not.toBe("Login bestätigen");
    }
    const page = await contexts[0]!.newPage();
    await page.goto(`${server.baseUrl}/me/profile`);
    await page.getByRole("button", { name: "Überall ausloggen" }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe("/login");
    const second = await contexts[1]!.newPage();
    await second.goto(`${server.baseUrl}/me`);
    expect(new URL(second.url()).pathname).toBe("/login");
    for (const context of contexts) await context.close();
  });

  it("writes no token or code into the server log, and hides /dev/mail when SMTP is configured", async () => {
    // Its own sign-ins, so the test does not depend on the ones before it (tests run shuffled).
    for (const email of ["log-1@stadt.example", "log-2@stadt.example"]) {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(`${server.baseUrl}/login`);
      const { url } = await requestLink(page, email);
      await page.goto(url);
      await page.getByRole("button", { name: "Jetzt einloggen" }).click();
      await expect.poll(() => page.locator("h1").textContent()).not.toBe("Login bestätigen");
      await context.close();
    }
    // Other mails (e.g. the facilitators' daily digest of the demo questions) carry no token.
    const tokens = smtp.received.filter((mail) => (mail.parsed.text ?? "").includes("/login/verify")).map((mail) => signInDetails(mail));
    expect(tokens.length).toBeGreaterThanOrEqual(2);
    for (const { token, code } of tokens) {
      expect(server.output()).not.toContain(token);
      expect(server.output()).not.toContain(`code=${code}`);
    }
    expect((await fetch(`${server.baseUrl}/dev/mail`)).status).toBe(404);
    // The database holds no usable token either once the mails are out.
    const db = new Database(server.databasePath, { readonly: true });
    const bodies = db.prepare("select text from outbox where kind = 'login'").all() as { text: string }[];
    db.close();
    for (const { token } of tokens) expect(bodies.some((b) => b.text.includes(token))).toBe(false);
  });
});

function normalise(html: string) {
  // Per-response values: CSP nonces and asset-independent whitespace.
  return html.replace(/nonce="[^"]+"/g, 'nonce=""');
}
