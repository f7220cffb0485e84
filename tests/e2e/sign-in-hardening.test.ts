import Database from "better-sqlite3";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeWithBrowser, expectNoAxeViolations, launchBrowser, newContextWithoutJavaScript } from "../support/browser";
import { startAppServer, type AppServer } from "../support/server";
import { signInDetails, startSmtpServer, type TestSmtpServer } from "../support/smtp";

const UNDELIVERABLE = "unzustellbar@stadt.example";

describeWithBrowser("sign-in hardening: no lockout by others, lifetimes, odd input", () => {
  let smtp: TestSmtpServer;
  let server: AppServer;
  let browser: Browser;

  beforeAll(async () => {
    // 451: the mail waits for a retry with its subject (and code) still in the outbox.
    smtp = await startSmtpServer({ rejectRecipients: [UNDELIVERABLE], rejectRecipientCode: 451 });
    server = await startAppServer({ SMTP_URL: smtp.url, ADMIN_EMAILS: "chefin@stadt.example" });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    expect(await server?.stop()).toBe(0);
    await smtp?.close();
  });

  const newContext = (javaScript: boolean) => (javaScript ? browser.newContext() : newContextWithoutJavaScript(browser));
  const mailsTo = (address: string) => smtp.received.filter((mail) => mail.to.includes(address));

  function query<T>(sql: string, ...params: unknown[]): T[] {
    const db = new Database(server.databasePath, { readonly: true, fileMustExist: true });
    try {
      return db.prepare(sql).all(...params) as T[];
    } finally {
      db.close();
    }
  }

  async function requestLink(page: Page, email: string) {
    const before = mailsTo(email).length;
    await page.goto(`${server.baseUrl}/login`);
    await page.getByLabel("Dienstliche E-Mail-Adresse").fill(email);
    await page.getByRole("button", { name: "Login-Link anfordern" }).click();
    await expect.poll(() => page.locator("h1").textContent()).toBe("Login bestätigen");
    await expect.poll(() => mailsTo(email).length, { timeout: 10_000 }).toBe(before + 1);
    return signInDetails(mailsTo(email).at(-1)!);
  }

  async function enterCode(page: Page, code: string) {
    await page.getByLabel("Code aus der E-Mail").fill(code);
    await page.getByRole("button", { name: "Einloggen", exact: true }).click();
  }

  async function signInWithLink(page: Page, url: string, name = "Test Person") {
    await page.goto(url);
    await page.getByRole("button", { name: "Jetzt einloggen" }).click();
    await expect.poll(() => page.locator("h1").textContent()).not.toBe("Login bestätigen");
    if ((await page.locator("h1").textContent()) === "Willkommen! Wie dürfen wir Sie nennen?") {
      await page.getByLabel("Name", { exact: true }).fill(name);
      await page.getByRole("button", { name: "Speichern" }).click();
      await expect.poll(() => page.locator("h1").textContent()).not.toBe("Willkommen! Wie dürfen wir Sie nennen?");
    }
  }

  async function signIn(context: BrowserContext, email: string) {
    const page = await context.newPage();
    const { url } = await requestLink(page, email);
    await signInWithLink(page, url);
    return page;
  }

  /** A POST as the browser's form would send it, with this context's cookies. */
  function post(page: Page, path: string, form: Record<string, string>) {
    return page.request.post(`${server.baseUrl}${path}`, { form, headers: { Origin: server.baseUrl }, maxRedirects: 0 });
  }

  for (const { javaScript, ownerUses } of [
    { javaScript: true, ownerUses: "code" },
    { javaScript: false, ownerUses: "link" },
  ] as const) {
    it(`a second browser asking for links and guessing codes cannot lock the owner out; the owner signs in with the ${ownerUses} (JavaScript ${javaScript ? "on" : "off"})`, async () => {
      const email = `belagert-${javaScript ? "js" : "nojs"}@stadt.example`;
      const owner = await newContext(javaScript);
      const ownerPage = await owner.newPage();
      const own = await requestLink(ownerPage, email);
      // The code page names the address its code is for.
      expect(await ownerPage.locator("main strong").first().textContent()).toBe(email);

      const thirdParty = await newContext(javaScript);
      const page = await thirdParty.newPage();
      const caused = await requestLink(page, email);
      const wrong = ["000000", "111111", "222222"].find((code) => code !== own.code && code !== caused.code)!;
      for (let left = 4; left >= 1; left--) {
        await enterCode(page, wrong);
        await expect.poll(() => page.locator(".field__error").textContent()).toContain(`noch ${left}`);
      }
      await enterCode(page, wrong);
      await expect.poll(() => page.getByRole("alert").textContent()).toContain("Der Link in der E-Mail gilt weiter");
      await expectNoAxeViolations(page);
      // The third party uses up the address's limit of 5 requests per 15 minutes.
      for (let i = 0; i < 3; i++) await requestLink(page, email);
      await thirdParty.close();

      await ownerPage.goto(`${server.baseUrl}/login`);
      await ownerPage.getByLabel("Dienstliche E-Mail-Adresse").fill(email);
      await ownerPage.getByRole("button", { name: "Login-Link anfordern" }).click();
      await expect.poll(() => ownerPage.getByRole("alert").textContent()).toContain("zu viele Login-Links");

      // Every link in the owner's mailbox still works, also those the third party caused.
      for (const mail of mailsTo(email)) {
        const look = await fetch(signInDetails(mail).url);
        expect(await look.text()).toContain("Jetzt einloggen");
      }
      if (ownerUses === "code") {
        await ownerPage.goto(`${server.baseUrl}/login/verify`);
        expect(await ownerPage.locator("main strong").first().textContent()).toBe(email);
        await enterCode(ownerPage, own.code);
      } else {
        await ownerPage.goto(own.url);
        await ownerPage.getByRole("button", { name: "Jetzt einloggen" }).click();
      }
      await expect.poll(() => ownerPage.locator("h1").textContent()).toBe("Willkommen! Wie dürfen wir Sie nennen?");
      await owner.close();
    });
  }

  it("checks a code only against the browser's newest request, whose address the code page names", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const first = await requestLink(page, "zuerst@stadt.example");
    const second = await requestLink(page, "danach@stadt.example");
    expect(await page.locator("main strong").first().textContent()).toBe("danach@stadt.example");
    await expectNoAxeViolations(page);
    if (first.code !== second.code) {
      await enterCode(page, first.code);
      await expect.poll(() => page.locator(".field__error").textContent()).toContain("Dieser Code stimmt nicht");
    }
    await enterCode(page, second.code);
    await expect.poll(() => page.locator("h1").textContent()).toBe("Willkommen! Wie dürfen wir Sie nennen?");
    expect(await page.locator("main").textContent()).toContain("Eingeloggt als danach@stadt.example");
    await context.close();
  });

  for (const javaScript of [true, false]) {
    it(`'Überall ausloggen' can reset the calendar feed link on the same form (JavaScript ${javaScript ? "on" : "off"})`, async () => {
      const email = `feed-${javaScript ? "js" : "nojs"}@stadt.example`;
      const contexts = [await newContext(javaScript), await newContext(javaScript)];
      const pages = [await signIn(contexts[0]!, email), await signIn(contexts[1]!, email)];
      const page = pages[0]!;
      await page.goto(`${server.baseUrl}/me`);
      const feed = await page.locator("#feed-url").inputValue();
      expect((await fetch(feed)).status).toBe(200);

      // Without the box ticked: every login ends, the feed link stays.
      await page.goto(`${server.baseUrl}/me/profile`);
      const box = page.getByLabel("Auch den Link zu meinem persönlichen Kalender neu erzeugen", { exact: false });
      expect(await box.isChecked()).toBe(false);
      await expectNoAxeViolations(page);
      await page.getByRole("button", { name: "Überall ausloggen" }).click();
      await expect.poll(() => new URL(page.url()).pathname).toBe("/login");
      await pages[1]!.goto(`${server.baseUrl}/me`);
      expect(new URL(pages[1]!.url()).pathname).toBe("/login");
      expect((await fetch(feed)).status).toBe(200);

      // With the box ticked: the old feed link stops working, a new one is shown.
      await signInWithLink(page, (await requestLink(page, email)).url);
      await page.goto(`${server.baseUrl}/me/profile`);
      await page.getByLabel("Auch den Link zu meinem persönlichen Kalender neu erzeugen", { exact: false }).check();
      await page.getByRole("button", { name: "Überall ausloggen" }).click();
      await expect.poll(() => new URL(page.url()).pathname).toBe("/login");
      expect(await page.getByRole("status").first().textContent()).toContain("Kalender-Link ist neu erzeugt");
      expect((await fetch(feed)).status).toBe(404);
      await signInWithLink(page, (await requestLink(page, email)).url);
      await page.goto(`${server.baseUrl}/me`);
      const newFeed = await page.locator("#feed-url").inputValue();
      expect(newFeed).not.toBe(feed);
      expect((await fetch(newFeed)).status).toBe(200);
      for (const context of contexts) await context.close();
    });
  }

  it("follows a redirectTo outside printable ASCII percent-encoded, or to /sessions: the sign-in succeeds and spends its link once; profile and alert answer 303, never 500", async () => {
    const context = await newContextWithoutJavaScript(browser);
    const page = await context.newPage();
    // "€" in the query: percent-encoded on the login page, in the stored request, after sign-in.
    await page.goto(`${server.baseUrl}/login?redirectTo=${encodeURIComponent("/sessions?suche=€")}`);
    expect(await page.locator('input[name="redirectTo"]').getAttribute("value")).toBe("/sessions?suche=%E2%82%AC");
    await expectNoAxeViolations(page);
    await page.getByLabel("Dienstliche E-Mail-Adresse").fill("umlaut@stadt.example");
    await page.getByRole("button", { name: "Login-Link anfordern" }).click();
    await expect.poll(() => mailsTo("umlaut@stadt.example").length, { timeout: 10_000 }).toBe(1);
    const { url } = signInDetails(mailsTo("umlaut@stadt.example")[0]!);
    await page.goto(url);
    const response = page.waitForResponse((r) => r.request().method() === "POST" && r.url().includes("/login/verify"));
    await page.getByRole("button", { name: "Jetzt einloggen" }).click();
    expect((await response).status()).toBe(303);
    await expect.poll(() => page.locator("h1").textContent()).toBe("Willkommen! Wie dürfen wir Sie nennen?");
    expect(new URL(page.url()).searchParams.get("redirectTo")).toBe("/sessions?suche=%E2%82%AC");
    await page.getByLabel("Name", { exact: true }).fill("Ümit Ärger");
    await page.getByRole("button", { name: "Speichern" }).click();
    await expect.poll(() => new URL(page.url()).pathname + new URL(page.url()).search).toBe("/sessions?suche=%E2%82%AC");
    const [stored] = query<{ used_at: number | null }>(
      "select used_at from login_tokens where redirect_to = ?",
      "/sessions?suche=%E2%82%AC",
    );
    expect(stored!.used_at).not.toBeNull();
    expect(await (await fetch(url)).text()).toContain("bereits verwendet");

    // The profile and the alert read redirectTo too: a DEL or a line separator never makes a 500.
    for (const [redirectTo, location] of [
      ["/me\u007f", "/sessions"],
      ["/sessions?x=\u2028", "/sessions?x=%E2%80%A8"],
    ]) {
      const saved = await post(page, "/me/profile", { intent: "save", displayName: "Ümit Ärger", department: "", redirectTo: redirectTo! });
      expect(saved.status()).toBe(303);
      expect(saved.headers().location).toBe(location);
      const [series] = query<{ id: number }>("select series_id as id from sessions where status = 'published' limit 1");
      const alert = await post(page, `/series/${series!.id}/alert`, { redirectTo: redirectTo! });
      expect(alert.status()).toBe(303);
      expect(alert.headers().location).toBe(location);
    }
    await page.goto(`${server.baseUrl}/me/profile?redirectTo=${encodeURIComponent("/sessions?x=\u2028")}`);
    expect(await page.locator('input[name="redirectTo"]').getAttribute("value")).toBe("/sessions?x=%E2%80%A8");
    await context.close();
  });

  it("refuses names with control characters next to the field and stores nothing (profile and registration by hand)", async () => {
    const admin = await browser.newContext();
    const page = await signIn(admin, "chefin@stadt.example");
    const before = query<{ display_name: string }>("select display_name from users where email = ?", "chefin@stadt.example")[0]!;

    // In the form: a tab can be typed into a field.
    await page.goto(`${server.baseUrl}/me/profile`);
    await page.getByLabel("Name", { exact: true }).fill("Kalle\tMüller");
    await page.getByRole("button", { name: "Speichern" }).click();
    await expect.poll(() => page.locator("#field-displayName-error").textContent()).toContain("keine Steuerzeichen");
    expect(await page.getByLabel("Name", { exact: true }).getAttribute("aria-invalid")).toBe("true");
    await expectNoAxeViolations(page);
    // Line breaks and NUL come only from a crafted request.
    for (const displayName of ["Kalle\r\nMüller", "Kalle\u0000Müller", "Kalle\u0085Müller"]) {
      const response = await post(page, "/me/profile", { intent: "save", displayName, department: "" });
      expect(response.status()).toBe(400);
      expect(await response.text()).toContain("keine Steuerzeichen");
    }
    expect(query("select display_name from users where email = ?", "chefin@stadt.example")[0]).toEqual(before);

    const [session] = query<{ id: number }>(
      "select id from sessions where status = 'published' and starts_at > ? order by starts_at limit 1",
      Date.now(),
    );
    const registrations = () => query<{ n: number }>("select count(*) as n from registrations")[0]!.n;
    const people = () => query<{ n: number }>("select count(*) as n from users")[0]!.n;
    const counts = [registrations(), people()];
    await page.goto(`${server.baseUrl}/sessions/${session!.id}/participants`);
    const byHand = page.locator("section", { has: page.getByRole("heading", { name: "Person ohne eigenes Postfach anmelden" }) });
    await byHand.getByLabel("Name", { exact: true }).fill("Kim\tOhnepostfach");
    await byHand.getByRole("button", { name: "Anmelden" }).click();
    await expect.poll(() => byHand.locator(".field__error").first().textContent()).toContain("keine Steuerzeichen");
    await expectNoAxeViolations(page);
    const crafted = await post(page, `/sessions/${session!.id}/participants`, {
      intent: "register-by-hand",
      displayName: "Kim\nOhnepostfach",
      department: "",
      email: "",
    });
    expect(crafted.status()).toBe(400);
    expect([registrations(), people()]).toEqual(counts);
    await admin.close();
  });

  it("/admin/mail lists an undelivered sign-in mail as 'Login-Mail', without its code", async () => {
    const context = await browser.newContext();
    const requester = await context.newPage();
    await requester.goto(`${server.baseUrl}/login`);
    await requester.getByLabel("Dienstliche E-Mail-Adresse").fill(UNDELIVERABLE);
    await requester.getByRole("button", { name: "Login-Link anfordern" }).click();
    await expect
      .poll(() => query<{ attempts: number }>("select attempts from outbox where recipient = ?", UNDELIVERABLE)[0]?.attempts, {
        timeout: 10_000,
      })
      .toBe(1);
    const [stored] = query<{ subject: string }>("select subject from outbox where recipient = ?", UNDELIVERABLE);
    const code = /\d{6}/.exec(stored!.subject)![0];
    await context.close();

    const admin = await browser.newContext();
    const page = await signIn(admin, "chefin@stadt.example");
    await page.goto(`${server.baseUrl}/admin/mail`);
    const row = page.locator("tr", { hasText: UNDELIVERABLE });
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.locator("td").nth(1).textContent()).toBe("Login-Mail");
    expect(await page.content()).not.toContain(code);
    await expectNoAxeViolations(page);
    await admin.close();
  });
});
