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
import { startAppServer, type AppServer } from "../support/server";
import { signIn } from "../support/sign-in";

const S6_HEADING = "§ 6 Datenschutz, Vertraulichkeit, Informationssicherheit";

describeWithBrowser("the agreement: read by everyone, edited and imported by organisers", () => {
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

  function query<T>(sql: string, ...params: unknown[]): T[] {
    const db = new Database(server.databasePath, { readonly: true });
    try {
      return db.prepare(sql).all(...params) as T[];
    } finally {
      db.close();
    }
  }

  /** No sideways scrolling of the whole page on a 320 px phone (WCAG 1.4.10 Reflow). */
  async function expectNoSidewaysScrollAt320(page: Page) {
    const size = page.viewportSize();
    await page.setViewportSize({ width: 320, height: 640 });
    try {
      const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }));
      expect(widths.scroll, `${page.url()} is ${widths.scroll} px wide at ${widths.inner} px`).toBeLessThanOrEqual(widths.inner);
    } finally {
      if (size) await page.setViewportSize(size);
    }
  }

  const inViewport = (page: Page, id: string) =>
    page.locator(`[id="${id}"]`).evaluate((element) => {
      const box = element.getBoundingClientRect();
      return box.top >= 0 && box.top < window.innerHeight;
    });

  /** Navigation on a busy machine may take longer than expect.poll's default second. */
  const expectHeading = (page: Page, text: string) => expect.poll(() => page.locator("h1").textContent(), { timeout: 15_000 }).toBe(text);

  const checkPage = async (page: Page) => {
    await expectNoAxeViolations(page);
    await expectNoSidewaysScrollAt320(page);
  };

  async function readAsStaff(context: BrowserContext) {
    const page = await context.newPage();
    const problems = watchPageProblems(page);
    await page.goto(`${server.baseUrl}/sessions/1`);
    await page.getByRole("link", { name: "Die Dienstvereinbarung im Wortlaut lesen" }).click();
    await expectHeading(page, "Muster-Dienstvereinbarung KI");
    // The heading arrives before the rest of the streamed document.
    await page.waitForLoadState("load");
    expect(new URL(page.url()).pathname).toBe("/agreement");
    expect(await page.locator(".agreement__intro").textContent()).toContain("Beispieltext – keine echte Dienstvereinbarung");
    // The header leads here from every page.
    await expect
      .poll(() =>
        page.getByRole("navigation", { name: "Hauptnavigation" }).getByRole("link", { name: "Dienstvereinbarung", exact: true }).count(),
      )
      .toBe(1);
    for (const id of ["praeambel", "s1", "s6", "s6-2", "s14", "anlage-1"]) {
      expect(await page.locator(`[id="${id}"]`).count(), `#${id}`).toBe(1);
    }
    expect(await page.locator("#s6").textContent()).toBe(S6_HEADING);
    expect(await page.locator("#s6-2").textContent()).toContain("(2)");
    // Nobody but organisers sees the way to edit.
    expect(await page.getByRole("link", { name: "Dienstvereinbarung verwalten" }).count()).toBe(0);
    await checkPage(page);

    // The table of contents jumps to the section.
    const toc = page.getByRole("navigation", { name: "Inhalt" });
    await toc.getByRole("link", { name: S6_HEADING }).click();
    await expect.poll(() => new URL(page.url()).hash).toBe("#s6");
    await expect.poll(() => inViewport(page, "s6")).toBe(true);
    await toc.getByRole("link", { name: "Präambel" }).click();
    await expect.poll(() => new URL(page.url()).hash).toBe("#praeambel");
    await expect.poll(() => inViewport(page, "praeambel")).toBe(true);

    expect(problems).toEqual([]);

    // A deep link from elsewhere (a mail, a document) lands on the paragraph.
    const linked = await context.newPage();
    await linked.goto(`${server.baseUrl}/agreement#s6-2`);
    await expect.poll(() => inViewport(linked, "s6-2")).toBe(true);
  }

  it("anonymous with JavaScript: from a session to the agreement, table of contents and deep links", async () => {
    const context = await browser.newContext({ locale: "de-DE" });
    await readAsStaff(context);
    await context.close();
  });

  it("anonymous without JavaScript: the same", async () => {
    const context = await newContextWithoutJavaScript(browser);
    await readAsStaff(context);
    await context.close();
  });

  async function editSection(page: Page, heading: string, anchor: string, newTitle: string, number: string) {
    await page.goto(`${server.baseUrl}/agreement`);
    await page.getByRole("link", { name: "Dienstvereinbarung verwalten" }).click();
    await expectHeading(page, "Dienstvereinbarung");
    await checkPage(page);
    await page.getByRole("link", { name: "Muster-Dienstvereinbarung KI" }).click();
    await expectHeading(page, "Muster-Dienstvereinbarung KI");
    await checkPage(page);
    await page.getByRole("link", { name: `${heading} bearbeiten` }).click();
    await expectHeading(page, `${heading} bearbeiten`);
    await checkPage(page);

    // A duplicate anchor is refused next to the field; nothing is saved, the input stays.
    await page.getByLabel("Titel", { exact: true }).fill(newTitle);
    const taken = anchor === "s4" ? "s3" : "s4";
    await page.getByLabel("Sprungmarke").fill(taken);
    await page.getByRole("button", { name: "Speichern" }).click();
    await expect
      .poll(() => page.locator("#field-anchor-error").textContent())
      .toContain(`„${taken}“ gehört in dieser Fassung schon zu „§ ${taken.slice(1)}`);
    expect(await page.getByLabel("Titel", { exact: true }).inputValue()).toBe(newTitle);
    await checkPage(page);
    expect(query<{ title: string }>("select title from agreement_sections where anchor = ?", anchor)[0]?.title).not.toBe(newTitle);

    await page.getByLabel("Sprungmarke").fill(anchor);
    const text = page.getByLabel("Text (Markdown)");
    await text.fill(`${await text.inputValue()}\n\n(9) Ein neuer Absatz zum Ausprobieren.`);
    await page.getByRole("button", { name: "Speichern" }).click();
    await expect.poll(() => page.getByRole("status").first().textContent()).toContain(`„${number} ${newTitle}“ ist gespeichert.`);

    await page.goto(`${server.baseUrl}/agreement#${anchor}-9`);
    expect(await page.locator(`[id="${anchor}"]`).textContent()).toBe(`${number} ${newTitle}`);
    expect(await page.locator(`[id="${anchor}-9"]`).textContent()).toContain("Ein neuer Absatz zum Ausprobieren.");
  }

  async function importVersion(page: Page, title: string, inForceDate: string | null) {
    await page.goto(`${server.baseUrl}/admin/agreement`);
    await page.getByRole("link", { name: "Fassung aus Markdown importieren" }).click();
    await expectHeading(page, "Fassung aus Markdown importieren");
    await checkPage(page);

    // A file without sections: the German message next to the file field, nothing saved.
    const versionsBefore = query("select id from agreement_versions").length;
    await page.getByLabel("Markdown-Datei").setInputFiles({
      name: "ohne-abschnitte.md",
      mimeType: "text/markdown",
      buffer: Buffer.from("# Nur ein Titel\n\nUnd ein Satz, aber keine Überschrift der zweiten Ebene.\n"),
    });
    await page.getByRole("button", { name: "Prüfen" }).click();
    await expect.poll(() => page.locator("#field-file-error").textContent()).toContain("Die Datei enthält keine Abschnitte.");
    expect(await page.getByLabel("Markdown-Datei").getAttribute("aria-describedby")).toBe("field-file-error");
    await checkPage(page);
    expect(query("select id from agreement_versions")).toHaveLength(versionsBefore);

    // A good file: preview first, nothing saved yet.
    const markdown = `# ${title}\n\n## Präambel\n\nNeu gefasst.\n\n## § 1 Geltungsbereich\n\n(1) Für alle.\n\n(2) Auch im Homeoffice.\n\n## § 6 Datenschutz\n\n1. Nur in freigegebenen Systemen.\n2. Sonst vorher anonymisieren.\n\n## Anlage 1 Liste\n\n- Textassistent\n`;
    await page.getByLabel("Markdown-Datei").setInputFiles({ name: "fassung.md", mimeType: "text/markdown", buffer: Buffer.from(markdown) });
    if (inForceDate) await page.getByLabel("Tritt in Kraft am (freiwillig)").fill(inForceDate);
    await page.getByRole("button", { name: "Prüfen" }).click();
    await expect.poll(() => page.locator("#preview").textContent()).toBe(`Vorschau: ${title}`);
    const preview = page.locator("section", { has: page.locator("#preview") });
    expect(await preview.textContent()).toContain("4 Abschnitte, 4 Absätze.");
    expect(await preview.textContent()).toContain("#s6-1, #s6-2");
    expect(await preview.textContent()).toContain("#anlage-1");
    expect(await preview.textContent()).toContain(inForceDate ? "löst dann „Muster-Dienstvereinbarung KI“ ab" : "als Entwurf gespeichert");
    expect(query("select id from agreement_versions")).toHaveLength(versionsBefore);
    await checkPage(page);

    await page.getByRole("button", { name: "Fassung speichern" }).click();
    await expectHeading(page, title);
    expect(await page.getByRole("status").first().textContent()).toContain("Die Fassung ist gespeichert.");
    await checkPage(page);
    const [saved] = query<{ id: number; status: string }>("select id, status from agreement_versions where title = ?", title);
    expect(saved?.status).toBe(inForceDate ? "scheduled" : "draft");
    expect(query("select anchor from agreement_sections where version_id = ? order by position", saved!.id)).toEqual([
      { anchor: "praeambel" },
      { anchor: "s1" },
      { anchor: "s6" },
      { anchor: "anlage-1" },
    ]);
    // Staff still read the version in force.
    await page.goto(`${server.baseUrl}/agreement`);
    expect(await page.locator("h1").textContent()).toBe("Muster-Dienstvereinbarung KI");
  }

  async function signedInAdmin(javaScript: boolean) {
    const context = javaScript ? await browser.newContext({ locale: "de-DE" }) : await newContextWithoutJavaScript(browser);
    const page = await context.newPage();
    const problems = watchPageProblems(page);
    await signIn(page, server, "admin@stadt.example");
    // Refused input is answered with 400 on purpose; the browser logs that fetch.
    const unexpected = () => problems.filter((problem) => !problem.includes("status of 400"));
    return { context, page, problems: unexpected };
  }

  it("an organiser with JavaScript edits a section", async () => {
    const { context, page, problems } = await signedInAdmin(true);
    // § 5, not § 6: the readers' tests check § 6, and tests run in any order.
    await editSection(page, "§ 5 Zulässige und unzulässige Einsatzzwecke", "s5", "Erlaubte Einsatzzwecke", "§ 5");
    expect(problems()).toEqual([]);
    await context.close();
  }, 180_000);

  it("an organiser with JavaScript imports a version with a preview; it is scheduled", async () => {
    const { context, page, problems } = await signedInAdmin(true);
    await importVersion(page, "Dienstvereinbarung KI, 2. Fassung", "2099-03-02");
    await page.goto(`${server.baseUrl}/agreement`);
    expect(await page.locator(".notice").first().textContent()).toContain("Ab Mo., 2. März 2099 gilt die neue Fassung");
    expect(problems()).toEqual([]);
    await context.close();
  }, 180_000);

  it("an organiser without JavaScript edits a section", async () => {
    const { context, page } = await signedInAdmin(false);
    await editSection(page, "§ 7 Urheberrecht und Rechte Dritter", "s7", "Urheberrecht", "§ 7");
    await context.close();
  }, 180_000);

  it("an organiser without JavaScript imports a draft with a preview", async () => {
    const { context, page } = await signedInAdmin(false);
    await importVersion(page, "Entwurf ohne Datum", null);
    // Unknown ids are 404, for versions and for a section asked under another version.
    expect((await page.goto(`${server.baseUrl}/admin/agreement/9999`))?.status()).toBe(404);
    expect((await page.goto(`${server.baseUrl}/admin/agreement/9999/sections/1`))?.status()).toBe(404);
    await context.close();
  }, 180_000);

  it("staff who are not organisers get 403 on the organisers' pages", async () => {
    const context = await browser.newContext({ locale: "de-DE" });
    const page = await context.newPage();
    await signIn(page, server, "mitarbeiterin@stadt.example", { name: "Mia Mitarbeiterin" });
    for (const path of ["/admin/agreement", "/admin/agreement/import", "/admin/agreement/1", "/admin/agreement/1/sections/1"]) {
      const response = await page.goto(`${server.baseUrl}${path}`);
      expect(response?.status(), path).toBe(403);
      expect(await page.locator("h1").textContent()).toBe("Kein Zugriff");
    }
    const posted = await page.request.post(`${server.baseUrl}/admin/agreement/1/sections/1`, {
      form: { number: "§ 0", title: "Übernommen", anchor: "praeambel", text: "" },
      headers: { Origin: server.baseUrl },
    });
    expect(posted.status()).toBe(403);
    expect(query("select title from agreement_sections where id = 1")).toEqual([{ title: "Präambel" }]);
    await context.close();
  });
});
