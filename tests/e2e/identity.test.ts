import { mkdirSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { simpleParser } from "mailparser";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import {
  describeWithBrowser,
  expectNoAxeViolations,
  launchBrowser,
  newContextWithoutJavaScript,
  watchPageProblems,
} from "../support/browser";
import { SVG_WITH_SCRIPT, solidPng } from "../support/images";
import { TEST_SECRET, createSignedInPeople } from "../support/seeding";
import { startAppServer, type AppServer } from "../support/server";
import { signIn } from "../support/sign-in";

// Screenshots for a person to look at: IDENTITY_SCREENSHOTS=/some/dir npx vitest run …
const SHOTS = process.env.IDENTITY_SCREENSHOTS;

describeWithBrowser("the city's identity (/admin/identity, /theme.css, /branding/logo)", () => {
  let server: AppServer;
  let browser: Browser;
  let adminCookie: string;
  const LOGO = solidPng(160, 48, [20, 83, 45]);

  beforeAll(async () => {
    server = await startAppServer({ SESSION_SECRET: TEST_SECRET, LOG_REQUESTS: "off" });
    browser = await launchBrowser();
    const [admin] = await createSignedInPeople(server.databasePath, 1, "erscheinungsbild-admin");
    run("insert into user_roles (user_id, role) values (?, 'admin')", admin!.userId);
    adminCookie = admin!.cookie;
    if (SHOTS) mkdirSync(SHOTS, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    expect(await server?.stop()).toBe(0);
  });

  function run(sql: string, ...params: unknown[]) {
    const db = new Database(server.databasePath);
    try {
      db.pragma("busy_timeout = 5000");
      db.prepare(sql).run(...params);
    } finally {
      db.close();
    }
  }
  const setting = (key: string): string | undefined => {
    const db = new Database(server.databasePath, { readonly: true });
    try {
      return (db.prepare("select value from settings where key = ?").get(key) as { value: string } | undefined)?.value;
    } finally {
      db.close();
    }
  };
  /** Back to today's look, so each test starts from the defaults whatever ran before. */
  function resetIdentity() {
    run("delete from settings where key in ('primary_colour', 'footer_address', 'logo')");
    run("update settings set value = 'Stadtverwaltung Musterstadt (Beispiel)' where key = 'organisation_name'");
  }

  async function expectNoSidewaysScrollAt320(page: Page) {
    const before = page.viewportSize();
    await page.setViewportSize({ width: 320, height: 640 });
    const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }));
    expect(widths.scroll, `page is wider than 320 px: ${page.url()}`).toBeLessThanOrEqual(widths.inner);
    if (before) await page.setViewportSize(before);
  }
  async function shoot(page: Page, name: string) {
    if (!SHOTS) return;
    const before = page.viewportSize();
    for (const width of [1280, 320]) {
      await page.setViewportSize({ width, height: 800 });
      await page.screenshot({ path: path.join(SHOTS, `${name}-${width}.png`), fullPage: false });
    }
    if (before) await page.setViewportSize(before);
  }
  const primaryColourOf = (page: Page) =>
    page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue("--color-primary").trim());

  it("with JavaScript: sets name, colour and address, refuses a light colour next to the field, uploads a PNG logo and refuses an SVG", async () => {
    resetIdentity();
    const context = await browser.newContext({ locale: "de-DE", viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const problems = watchPageProblems(page);
    await signIn(page, server, "admin@stadt.example");
    await page.goto(`${server.baseUrl}/admin/settings`);
    await page.getByRole("link", { name: "Erscheinungsbild bearbeiten" }).click();
    await expect.poll(() => page.locator("h1").textContent()).toBe("Erscheinungsbild");
    await expectNoAxeViolations(page);

    // White on yellow is unreadable: refused next to the field, what was typed stays, nothing saved.
    await page.getByLabel("Name der Organisation").fill("Stadt Beispielhausen");
    await page.getByLabel("Hauptfarbe (Hex-Wert)").fill("#ffff00");
    await page.getByLabel("Anschrift in der Fußzeile").fill("Stadt Beispielhausen\nRathausplatz 1\n12345 Beispielhausen");
    await page.getByRole("button", { name: "Erscheinungsbild speichern" }).click();
    await expect.poll(() => page.locator("#field-primaryColour-error").textContent()).toContain("nötig sind mindestens 4,5:1");
    expect(await page.getByLabel("Hauptfarbe (Hex-Wert)").inputValue()).toBe("#ffff00");
    expect(await page.getByLabel("Hauptfarbe (Hex-Wert)").getAttribute("aria-invalid")).toBe("true");
    expect(await page.getByLabel("Name der Organisation").inputValue()).toBe("Stadt Beispielhausen");
    expect(setting("primary_colour")).toBeUndefined();
    expect(setting("organisation_name")).toBe("Stadtverwaltung Musterstadt (Beispiel)");
    await expectNoAxeViolations(page);

    await page.getByLabel("Hauptfarbe (Hex-Wert)").fill("#14532d");
    await page.getByRole("button", { name: "Erscheinungsbild speichern" }).click();
    await expect.poll(() => page.getByRole("status").first().textContent()).toContain("Das Erscheinungsbild ist gespeichert");
    expect(setting("primary_colour")).toBe("#14532d");
    await expect.poll(() => primaryColourOf(page)).toBe("#14532d");
    expect(await page.locator(".site-header__organisation").textContent()).toBe("Stadt Beispielhausen");
    expect(await page.locator(".site-footer__address span").allTextContents()).toEqual([
      "Stadt Beispielhausen",
      "Rathausplatz 1",
      "12345 Beispielhausen",
    ]);

    // An SVG named .png is refused by its content.
    await page.getByLabel("Bilddatei für das Logo").setInputFiles({ name: "logo.png", mimeType: "image/png", buffer: SVG_WITH_SCRIPT });
    await page.getByRole("button", { name: "Logo hochladen" }).click();
    await expect.poll(() => page.locator("#field-logo-error").textContent()).toContain("kein PNG- oder JPG-Bild");
    expect(setting("logo")).toBeUndefined();
    expect(await page.locator(".site-header__logo").count()).toBe(0);

    // Too large: with JavaScript refused next to the field before anything is sent.
    let posted = 0;
    page.on("request", (request) => {
      if (request.method() === "POST") posted++;
    });
    await page
      .getByLabel("Bilddatei für das Logo")
      .setInputFiles({ name: "riesig.png", mimeType: "image/png", buffer: Buffer.alloc(3_000_000) });
    await page.getByRole("button", { name: "Logo hochladen" }).click();
    await expect.poll(() => page.locator("#field-logo-error").textContent()).toBe("Die Datei ist zu groß (höchstens 1 MB).");
    expect(posted).toBe(0);

    await page.getByLabel("Bilddatei für das Logo").setInputFiles({ name: "wappen.png", mimeType: "image/png", buffer: LOGO });
    await page.getByRole("button", { name: "Logo hochladen" }).click();
    await expect.poll(() => page.getByRole("status").first().textContent()).toContain("Das Logo ist gespeichert");
    const logo = page.locator(".site-header__logo");
    expect(await logo.getAttribute("alt")).toBe("Stadt Beispielhausen");
    await expect.poll(() => logo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(160);
    await expectNoAxeViolations(page);
    await expectNoSidewaysScrollAt320(page);
    await shoot(page, "admin-identity");

    // A staff page in the new colour: readable (axe), one header line at 1280 px, no sideways scroll at 320 px.
    await page.goto(`${server.baseUrl}/sessions`);
    expect(await primaryColourOf(page)).toBe("#14532d");
    await expectNoAxeViolations(page);
    await expectNoSidewaysScrollAt320(page);
    await shoot(page, "sessions");
    if (SHOTS) {
      await page.goto(`${server.baseUrl}/qa/print`);
      await page.emulateMedia({ media: "print" });
      await shoot(page, "qa-print");
      await page.emulateMedia({ media: "screen" });
    }
    // The refused saves answered 400 on purpose; nothing else may go wrong in the browser.
    expect(problems.filter((p) => !/status of 400/.test(p))).toEqual([]);
    await context.close();
  });

  it("fits the header on one line at 1280 px for staff, with logo and a long name", async () => {
    resetIdentity();
    run("update settings set value = 'Stadtverwaltung Musterstadt am Rhein' where key = 'organisation_name'");
    await uploadByFetch(LOGO);
    const [person] = await createSignedInPeople(server.databasePath, 1, "kopfzeile");
    run("update users set display_name = 'Alexandra Mustermann' where id = ?", person!.userId);
    const context = await browser.newContext({ locale: "de-DE", viewport: { width: 1280, height: 800 } });
    await context.addCookies([{ name: "ki_login", value: person!.cookie.split("=").slice(1).join("="), url: server.baseUrl }]);
    const page = await context.newPage();
    await page.goto(`${server.baseUrl}/sessions`);
    const boxes = await page.$$eval(".site-header__brand, .site-nav li, .site-header__account > *", (items) =>
      items.map((item) => {
        const box = item.getBoundingClientRect();
        return { middle: Math.round(box.top + box.height / 2), width: Math.round(box.width), text: item.textContent };
      }),
    );
    const middles = boxes.map((box) => box.middle);
    await shoot(page, "staff-header");
    // One line: every item's vertical middle within a few pixels of the others'.
    expect(Math.max(...middles) - Math.min(...middles), `header items: ${JSON.stringify(boxes)}`).toBeLessThanOrEqual(8);
    await expectNoSidewaysScrollAt320(page);
    await context.close();
  });

  it("without JavaScript: refuses a light colour with the typed value kept, uploads a logo and removes it again", async () => {
    resetIdentity();
    const context = await newContextWithoutJavaScript(browser);
    const page = await context.newPage();
    await signIn(page, server, "admin@stadt.example");
    await page.goto(`${server.baseUrl}/admin/identity`);
    await page.getByLabel("Hauptfarbe (Hex-Wert)").fill("#4a90e2");
    await page.getByRole("button", { name: "Erscheinungsbild speichern" }).click();
    await expect.poll(() => page.locator("#field-primaryColour-error").textContent()).toContain("Bitte wählen Sie eine dunklere Farbe");
    expect(await page.getByLabel("Hauptfarbe (Hex-Wert)").inputValue()).toBe("#4a90e2");
    expect(setting("primary_colour")).toBeUndefined();
    await expectNoAxeViolations(page);

    await page.getByLabel("Bilddatei für das Logo").setInputFiles({ name: "wappen.png", mimeType: "image/png", buffer: LOGO });
    await page.getByRole("button", { name: "Logo hochladen" }).click();
    await expect.poll(() => page.getByRole("status").first().textContent()).toContain("Das Logo ist gespeichert");
    expect(await page.locator(".site-header__logo").getAttribute("alt")).toBe("Stadtverwaltung Musterstadt (Beispiel)");
    const { file } = JSON.parse(setting("logo")!) as { file: string };
    expect(readdirSync(path.join(server.dataDir, "uploads", "branding"))).toContain(file);
    await page.getByRole("button", { name: "Logo entfernen" }).click();
    await expect.poll(() => page.getByRole("status").first().textContent()).toContain("Das Logo ist entfernt");
    expect(await page.locator(".site-header__logo").count()).toBe(0);
    expect(setting("logo")).toBeUndefined();
    expect(readdirSync(path.join(server.dataDir, "uploads", "branding"))).not.toContain(file);
    await expectNoSidewaysScrollAt320(page);
    await context.close();
  });

  async function uploadByFetch(bytes: Buffer, fileName = "wappen.png", type = "image/png") {
    const form = new FormData();
    form.set("intent", "upload-logo");
    form.set("logo", new Blob([new Uint8Array(bytes)], { type }), fileName);
    return fetch(`${server.baseUrl}/admin/identity`, {
      method: "POST",
      headers: { Cookie: adminCookie, Origin: server.baseUrl },
      body: form,
      redirect: "manual",
    });
  }

  it("serves /theme.css and /branding/logo from the settings, with the right type, nosniff and caching", async () => {
    resetIdentity();
    const missing = await fetch(`${server.baseUrl}/branding/logo`);
    expect(missing.status).toBe(404);

    run("insert or replace into settings (key, value) values ('primary_colour', '#8f1414')");
    const page = await (await fetch(`${server.baseUrl}/sessions`)).text();
    const themeUrl = /<link rel="stylesheet" href="(\/theme\.css\?v=[0-9a-f]+)"/.exec(page)?.[1];
    expect(themeUrl).toBeDefined();
    // After app.css, so its variables win.
    expect(page.indexOf(themeUrl!)).toBeGreaterThan(page.indexOf("/build/_assets/app-"));
    const theme = await fetch(`${server.baseUrl}${themeUrl}`);
    expect(theme.headers.get("content-type")).toBe("text/css; charset=utf-8");
    expect(theme.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(await theme.text()).toBe(":root {\n  --color-primary: #8f1414;\n  --color-primary-dark: #6b0f0f;\n}\n");
    expect((await fetch(`${server.baseUrl}/theme.css`)).headers.get("cache-control")).toBe("no-cache");

    expect((await uploadByFetch(LOGO)).status).toBeLessThan(400);
    const html = await (await fetch(`${server.baseUrl}/sessions`)).text();
    const logoUrl = /src="(\/branding\/logo\?v=[0-9a-f]+)"/.exec(html)?.[1];
    const logo = await fetch(`${server.baseUrl}${logoUrl}`);
    expect(logo.status).toBe(200);
    expect(logo.headers.get("content-type")).toBe("image/png");
    expect(logo.headers.get("x-content-type-options")).toBe("nosniff");
    expect(logo.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(Buffer.from(await logo.arrayBuffer())).toEqual(LOGO);

    // A print view carries logo and name as its letterhead (the site header is not printed).
    const print = await (await fetch(`${server.baseUrl}/qa/print`)).text();
    expect(print).toContain(
      `<div class="letterhead"><img class="letterhead__logo" src="${logoUrl}" alt=""/><span>Stadtverwaltung Musterstadt (Beispiel)</span></div>`,
    );
  });

  it("refuses a too-large upload with a German message or a 413 page, never a 5xx; only admins may change anything", async () => {
    resetIdentity();
    const justOver = Buffer.concat([LOGO, Buffer.alloc(1_050_000)]);
    const over = await uploadByFetch(justOver);
    expect(over.status).toBe(400);
    expect(await over.text()).toContain("Die Datei ist zu groß (höchstens 1 MB)");
    const far = await uploadByFetch(Buffer.alloc(3_000_000));
    expect(far.status).toBe(413);
    expect(await far.text()).toContain("Anfrage zu groß");
    expect(setting("logo")).toBeUndefined();

    const [person] = await createSignedInPeople(server.databasePath, 1, "erscheinungsbild-ohnerolle");
    expect((await fetch(`${server.baseUrl}/admin/identity`, { headers: { Cookie: person!.cookie } })).status).toBe(403);
    const post = await fetch(`${server.baseUrl}/admin/identity`, {
      method: "POST",
      headers: { Cookie: person!.cookie, Origin: server.baseUrl, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ intent: "save-identity", organisationName: "Fremd", primaryColour: "#000000", footerAddress: "" }),
      redirect: "manual",
    });
    expect(post.status).toBe(403);
    expect(setting("organisation_name")).toBe("Stadtverwaltung Musterstadt (Beispiel)");
  });

  it("a mail carries the name and the logo as an inline CID part", async () => {
    resetIdentity();
    expect((await uploadByFetch(LOGO)).status).toBeLessThan(400);
    const context = await browser.newContext({ locale: "de-DE" });
    const page = await context.newPage();
    // The sign-in mail is written after the logo was set; demo mode keeps it as an .eml file.
    await signIn(page, server, "mit-logo@stadt.example");
    await context.close();
    const dir = path.join(server.dataDir, "mail");
    const files = readdirSync(dir).filter((f) => f.endsWith(".json"));
    const summary = files
      .map((f) => ({ f, m: JSON.parse(readFileSync(path.join(dir, f), "utf8")) as { to: string; file: string } }))
      .filter(({ m }) => m.to === "mit-logo@stadt.example")
      .at(-1)!;
    const parsed = await simpleParser(readFileSync(path.join(dir, summary.m.file)), { keepCidLinks: true });
    expect(parsed.html).toContain('src="cid:logo@ki-infoveranstaltungen"');
    expect(parsed.html).toContain("Stadtverwaltung Musterstadt (Beispiel)");
    expect(parsed.text).toContain("Stadtverwaltung Musterstadt (Beispiel)");
    const [attachment] = parsed.attachments;
    expect(attachment).toMatchObject({ cid: "logo@ki-infoveranstaltungen", contentType: "image/png", contentDisposition: "inline" });
    expect(attachment!.content).toEqual(LOGO);
  });
});
