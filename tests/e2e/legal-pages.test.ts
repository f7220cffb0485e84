import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
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
import { TEST_SECRET, createSignedInPeople } from "../support/seeding";
import { startAppServer, type AppServer } from "../support/server";

// Legal pages (decision 024): the organisers' editor with preview and versions, and the
// accessibility statement's feedback form, which works without sign-in.
describeWithBrowser("legal pages: editor, versions, accessibility feedback", () => {
  let server: AppServer;
  let browser: Browser;
  let adminCookie: string;
  let staffCookie: string;

  beforeAll(async () => {
    server = await startAppServer({ SESSION_SECRET: TEST_SECRET, LOG_REQUESTS: "off" });
    browser = await launchBrowser();
    const [admin, staff] = await createSignedInPeople(server.databasePath, 2, "rechtliches");
    run("insert into user_roles (user_id, role) values (?, 'admin')", admin!.userId);
    run("update users set display_name = 'Alex Rechtlich' where id = ?", admin!.userId);
    adminCookie = admin!.cookie;
    staffCookie = staff!.cookie;
  });

  afterAll(async () => {
    await browser?.close();
    expect(await server?.stop()).toBe(0);
  });

  function withDb<T>(fn: (db: Database.Database) => T): T {
    const db = new Database(server.databasePath);
    try {
      db.pragma("busy_timeout = 5000");
      return fn(db);
    } finally {
      db.close();
    }
  }
  const run = (sql: string, ...params: unknown[]) => withDb((db) => db.prepare(sql).run(...params));
  const all = <T>(sql: string, ...params: unknown[]) => withDb((db) => db.prepare(sql).all(...params) as T[]);
  const pageRow = (slug: string) =>
    all<{ title: string; body: string; reviewed_on: string | null }>(
      "select title, body, reviewed_on from content_pages where slug = ?",
      slug,
    )[0];
  const revisionsOf = (slug: string) =>
    all<{ id: number; body: string; saved_by_id: number | null }>(
      "select id, body, saved_by_id from content_page_revisions where slug = ? order by id desc",
      slug,
    );

  async function adminContext(javaScript: boolean): Promise<BrowserContext> {
    const context = javaScript ? await browser.newContext({ locale: "de-DE" }) : await newContextWithoutJavaScript(browser);
    await context.addCookies([{ name: "ki_login", value: adminCookie.split("=").slice(1).join("="), url: server.baseUrl }]);
    return context;
  }
  async function expectNoSidewaysScrollAt320(page: Page) {
    const before = page.viewportSize();
    await page.setViewportSize({ width: 320, height: 640 });
    const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }));
    expect(widths.scroll, `page is wider than 320 px: ${page.url()}`).toBeLessThanOrEqual(widths.inner);
    if (before) await page.setViewportSize(before);
  }
  async function checkPage(page: Page) {
    await expectNoAxeViolations(page);
    await expectNoSidewaysScrollAt320(page);
  }
  const h1 = (page: Page) => page.locator("h1").first().textContent();
  const status = (page: Page) => page.getByRole("status").first().textContent();

  /** Demo mode writes each mail as JSON into data/mail; the ones to `to` containing `text`. */
  function mailsTo(to: string, text: string): { to: string; subject: string; text: string }[] {
    const dir = path.join(server.dataDir, "mail");
    let files: string[] = [];
    try {
      files = readdirSync(dir).filter((f) => f.endsWith(".json"));
    } catch {
      return [];
    }
    return files
      .map((f) => JSON.parse(readFileSync(path.join(dir, f), "utf8")) as { to: string; subject: string; text: string })
      .filter((m) => m.to === to && m.text.includes(text));
  }

  for (const javaScript of [true, false]) {
    it(`(JavaScript ${javaScript ? "on" : "off"}) an organiser previews the Impressum without saving, saves it, and the public page shows it`, async () => {
      const context = await adminContext(javaScript);
      const page = await context.newPage();
      const problems = watchPageProblems(page);
      await page.goto(`${server.baseUrl}/admin`);
      await page.getByRole("link", { name: "Rechtliche Seiten" }).click();
      await expect.poll(() => h1(page)).toBe("Rechtliche Seiten");
      // Each figure on the list is the database's.
      for (const slug of ["impressum", "datenschutz", "barrierefreiheit"]) {
        expect(await page.locator(`[data-slug="${slug}"] [data-figure="revisions"]`).getAttribute("data-count")).toBe(
          String(revisionsOf(slug).length),
        );
      }
      await checkPage(page);

      await page.getByRole("link", { name: "Impressum bearbeiten" }).click();
      await expect.poll(() => h1(page)).toBe("Impressum bearbeiten");
      await checkPage(page);
      const before = { page: pageRow("impressum"), revisions: revisionsOf("impressum") };
      const marker = `Neue Anschrift ${javaScript ? "mit" : "ohne"} JavaScript`;
      await page.getByLabel("Text (Markdown)").fill(`## ${marker}\n\nRathausplatz 2, 12345 Musterstadt`);

      await page.getByRole("button", { name: "Vorschau" }).click();
      const preview = page.locator("[data-preview]");
      await expect.poll(() => preview.locator("h2", { hasText: marker }).count()).toBe(1);
      expect(await preview.locator("h2.legal-page__title").textContent()).toBe("Impressum");
      expect(await page.getByLabel("Text (Markdown)").inputValue()).toContain(marker);
      expect({ page: pageRow("impressum"), revisions: revisionsOf("impressum") }).toEqual(before);
      await checkPage(page);

      await page.getByRole("button", { name: "Speichern" }).click();
      await expect.poll(() => status(page)).toContain("Die neue Version ist gespeichert");
      const revisions = revisionsOf("impressum");
      expect(revisions).toHaveLength(before.revisions.length + 1);
      expect(revisions[0]?.body).toContain(marker);
      expect(pageRow("impressum")?.body).toBe(revisions[0]?.body);
      // The version list: one row per revision in the database, newest first, naming who saved.
      const rows = page.locator("[data-revisions] tbody tr");
      expect(await rows.count()).toBe(revisions.length);
      expect(await rows.first().getAttribute("data-revision-id")).toBe(String(revisions[0]?.id));
      expect(await rows.first().locator("td").nth(2).textContent()).toBe("Alex Rechtlich");
      await checkPage(page);

      await page.getByRole("link", { name: "Öffentliche Seite ansehen" }).click();
      await expect.poll(() => page.locator("article h2", { hasText: marker }).count()).toBe(1);
      expect(await h1(page)).toBe("Impressum");
      expect(problems).toEqual([]);
      await context.close();
    });
  }

  it("(JavaScript off) the accessibility statement: a refused save keeps the text, the review date shows; an old version is viewed and restored", async () => {
    const context = await adminContext(false);
    const page = await context.newPage();
    await page.goto(`${server.baseUrl}/admin/pages/barrierefreiheit`);
    await expect.poll(() => h1(page)).toBe("Erklärung zur Barrierefreiheit bearbeiten");
    const before = { page: pageRow("barrierefreiheit"), revisions: revisionsOf("barrierefreiheit") };
    await page.getByLabel("Text (Markdown)").fill("Geprüft und ergänzt.");
    await page.getByLabel("Datum der letzten Überprüfung").fill("2099-01-01");
    await page.getByRole("button", { name: "Speichern" }).click();
    await expect
      .poll(() => page.locator("#field-reviewedOn-error").textContent())
      .toBe("Das Datum der letzten Überprüfung darf nicht in der Zukunft liegen.");
    expect(await page.getByLabel("Text (Markdown)").inputValue()).toBe("Geprüft und ergänzt.");
    expect(await page.locator(".error-summary a").first().getAttribute("href")).toBe("#field-reviewedOn");
    expect({ page: pageRow("barrierefreiheit"), revisions: revisionsOf("barrierefreiheit") }).toEqual(before);
    await checkPage(page);

    await page.getByLabel("Datum der letzten Überprüfung").fill("2026-11-26");
    await page.getByRole("button", { name: "Speichern" }).click();
    await expect.poll(() => status(page)).toContain("gespeichert");
    expect(pageRow("barrierefreiheit")).toMatchObject({ body: "Geprüft und ergänzt.", reviewed_on: "2026-11-26" });

    await page.goto(`${server.baseUrl}/barrierefreiheit`);
    expect(await page.locator(".legal-page__reviewed").textContent()).toBe("Diese Erklärung wurde zuletzt am 26. November 2026 überprüft.");
    expect(await page.locator(".legal-page__reviewed time").getAttribute("datetime")).toBe("2026-11-26");

    // The seeded example text is version 1; view it and bring it back.
    const first = revisionsOf("barrierefreiheit").at(-1)!;
    await page.goto(`${server.baseUrl}/admin/pages/barrierefreiheit`);
    await page.locator("[data-revisions] tbody tr").last().getByRole("link").click();
    await expect.poll(() => h1(page)).toBe("Erklärung zur Barrierefreiheit: Version 1");
    expect(await page.locator("[data-revision-meta]").textContent()).toContain("(nicht vermerkt)");
    expect(await page.locator("details.legal-source pre").textContent()).toBe(first.body);
    await checkPage(page);
    await page.getByRole("button", { name: "Diese Version wiederherstellen" }).click();
    await expect.poll(() => status(page)).toContain("Die Version ist wiederhergestellt");
    expect(pageRow("barrierefreiheit")).toMatchObject({ body: first.body, reviewed_on: "2026-11-26" });
    expect(revisionsOf("barrierefreiheit")).toHaveLength(before.revisions.length + 2);
    await context.close();
  });

  it("only organisers edit; unknown pages and versions are 404", async () => {
    const get = (url: string, cookie: string) => fetch(`${server.baseUrl}${url}`, { headers: { Cookie: cookie }, redirect: "manual" });
    expect((await get("/admin/pages", staffCookie)).status).toBe(403);
    expect((await get("/admin/pages/impressum", staffCookie)).status).toBe(403);
    const post = await fetch(`${server.baseUrl}/admin/pages/impressum`, {
      method: "POST",
      headers: { Cookie: staffCookie, Origin: server.baseUrl, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ intent: "save", title: "Fremd", body: "Fremd", basis: "0" }),
      redirect: "manual",
    });
    expect(post.status).toBe(403);
    expect(pageRow("impressum")?.title).toBe("Impressum");
    expect((await get("/admin/pages/agb", adminCookie)).status).toBe(404);
    const impressumRevision = revisionsOf("impressum")[0]!.id;
    expect((await get(`/admin/pages/datenschutz/versions/${impressumRevision}`, adminCookie)).status).toBe(404);
    expect((await get("/admin/pages/datenschutz/versions/abc", adminCookie)).status).toBe(404);
    // A post from another site is refused as everywhere.
    const foreign = await fetch(`${server.baseUrl}/barrierefreiheit`, {
      method: "POST",
      headers: { Origin: "https://evil.example", "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ message: "Hallo", formToken: "x".repeat(30) }),
      redirect: "manual",
    });
    expect(foreign.status).toBe(403);
  });

  it("(JavaScript on) feedback without sign-in: the footer link names the page, the mail reaches the functional mailbox", async () => {
    const context = await browser.newContext({ locale: "de-DE" });
    const page = await context.newPage();
    const problems = watchPageProblems(page);
    await page.goto(`${server.baseUrl}/sessions`);
    await page.getByRole("link", { name: "Barriere melden" }).click();
    await expect.poll(() => h1(page)).toBe("Erklärung zur Barrierefreiheit");
    expect(await page.getByLabel("Auf welcher Seite ist Ihnen die Barriere begegnet? (freiwillig)").inputValue()).toBe("/sessions");
    // What the statement must show: the mailbox, the Ombudsstelle and the review date from the database.
    expect(await page.locator('a[href="mailto:ki-info@stadt.example"]').count()).toBe(1);
    expect(
      await page
        .getByRole("link", { name: "Ombudsstelle für barrierefreie Informationstechnik des Landes Nordrhein-Westfalen" })
        .getAttribute("href"),
    ).toBe("https://www.mags.nrw/ombudsstelle-barrierefreie-informationstechnik");
    const reviewed = pageRow("barrierefreiheit")?.reviewed_on;
    expect(await page.locator(".legal-page__reviewed time").getAttribute("datetime")).toBe(reviewed);
    await checkPage(page);

    await page.getByLabel("Ihre E-Mail-Adresse für eine Antwort (freiwillig)").fill("kein-adresse");
    await page.getByLabel("Ihre Nachricht").fill("Mit JavaScript: der Filter springt beim Tabben zurück.");
    await page.getByRole("button", { name: "Rückmeldung senden" }).click();
    await expect.poll(() => page.locator("#field-replyTo-error").textContent()).toContain("gültige E-Mail-Adresse");
    expect(await page.getByLabel("Ihre Nachricht").inputValue()).toBe("Mit JavaScript: der Filter springt beim Tabben zurück.");
    await checkPage(page);

    await page.getByLabel("Ihre E-Mail-Adresse für eine Antwort (freiwillig)").fill("eva.beispiel@stadt.example");
    await page.getByRole("button", { name: "Rückmeldung senden" }).click();
    await expect.poll(() => status(page)).toContain("Vielen Dank für Ihre Rückmeldung");
    expect(await page.getByLabel("Ihre Nachricht").inputValue()).toBe("");
    const rows = all<{ recipient: string; text: string }>(
      "select recipient, text from outbox where kind = 'accessibility_feedback' and text like '%Mit JavaScript:%'",
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]?.recipient).toBe("ki-info@stadt.example");
    expect(rows[0]?.text).toContain("Seite: /sessions");
    expect(rows[0]?.text).toContain("eva.beispiel@stadt.example");
    await expect.poll(() => mailsTo("ki-info@stadt.example", "Mit JavaScript:").length, { timeout: 15_000 }).toBe(1);
    // The refused send above answered 400 on purpose; nothing else may show up.
    expect(problems.filter((p) => !/status of 400/.test(p))).toEqual([]);
    await context.close();
  });

  it("(JavaScript off) feedback without sign-in: sent, then refused over the per-browser limit with the text kept", async () => {
    const context = await newContextWithoutJavaScript(browser);
    const page = await context.newPage();
    const send = async (text: string) => {
      await page.getByLabel("Ihre Nachricht").fill(text);
      await page.getByRole("button", { name: "Rückmeldung senden" }).click();
    };
    await page.goto(`${server.baseUrl}/barrierefreiheit?seite=%2Fqa`);
    expect(await page.getByLabel("Auf welcher Seite ist Ihnen die Barriere begegnet? (freiwillig)").inputValue()).toBe("/qa");
    await send("");
    await expect.poll(() => page.locator("#field-message-error").textContent()).toBe("Bitte beschreiben Sie, was Ihnen aufgefallen ist.");
    await checkPage(page);
    for (let i = 1; i <= 5; i++) {
      await send(`Ohne JavaScript, Nummer ${i}`);
      await expect.poll(() => status(page)).toContain("Vielen Dank für Ihre Rückmeldung");
    }
    await send("Ohne JavaScript, Nummer 6");
    await expect
      .poll(() => page.getByRole("alert").first().textContent())
      .toContain("Aus diesem Browser kamen in der letzten Stunde schon mehrere Rückmeldungen");
    expect(await page.getByLabel("Ihre Nachricht").inputValue()).toBe("Ohne JavaScript, Nummer 6");
    await checkPage(page);
    expect(all("select id from outbox where text like '%Ohne JavaScript, Nummer%'")).toHaveLength(5);
    await expect.poll(() => mailsTo("ki-info@stadt.example", "Ohne JavaScript, Nummer").length, { timeout: 15_000 }).toBe(5);
    // Another browser behind the same address is not limited.
    const other = await newContextWithoutJavaScript(browser);
    const otherPage = await other.newPage();
    await otherPage.goto(`${server.baseUrl}/barrierefreiheit`);
    await otherPage.getByLabel("Ihre Nachricht").fill("Ein anderer Browser");
    await otherPage.getByRole("button", { name: "Rückmeldung senden" }).click();
    await expect.poll(() => otherPage.getByRole("status").first().textContent()).toContain("Vielen Dank");
    await other.close();
    await context.close();
  });
});
