// Materials (issue 17) in a real browser against the built server: an admin uploads a PDF and
// files it under § 6, a colleague finds it on /agreement#s6 and on /materials and opens it,
// with JavaScript and without; the file's headers; a disguised HTML file refused; 413 before
// the body is read whole; a session's slides for its participants only; axe and 320 px on
// every new page.
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
import { HTML_AS_PDF, tinyDocx, tinyPdf } from "../support/documents";
import { sendRaw } from "../support/raw-http";
import { TEST_SECRET, createSignedInPeople, type SignedInPerson } from "../support/seeding";
import { startAppServer, type AppServer } from "../support/server";

const MB = 1_000_000;

describeWithBrowser("materials (/materials, /facilitate/materials, /agreement, session pages)", () => {
  let server: AppServer;
  let browser: Browser;
  let admin: SignedInPerson;
  let staff: SignedInPerson;
  let otherStaff: SignedInPerson;

  beforeAll(async () => {
    server = await startAppServer({ SESSION_SECRET: TEST_SECRET, LOG_REQUESTS: "off" });
    browser = await launchBrowser();
    const people = await createSignedInPeople(server.databasePath, 3, "material");
    admin = people[0]!;
    staff = people[1]!;
    otherStaff = people[2]!;
    run("insert into user_roles (user_id, role) values (?, 'admin')", admin.userId);
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
  function all<T>(sql: string, ...params: unknown[]): T[] {
    const db = new Database(server.databasePath, { readonly: true });
    try {
      return db.prepare(sql).all(...params) as T[];
    } finally {
      db.close();
    }
  }

  async function contextFor(person: SignedInPerson, javaScript: boolean): Promise<BrowserContext> {
    const context = javaScript
      ? await browser.newContext({ locale: "de-DE", viewport: { width: 1280, height: 800 } })
      : await newContextWithoutJavaScript(browser);
    await context.addCookies([{ name: "ki_login", value: person.cookie.split("=").slice(1).join("="), url: server.baseUrl }]);
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
  const heading = (page: Page) => page.locator("h1").textContent();

  /** Fills the new-material form; the file is given as bytes with a name. */
  async function fillNewMaterial(
    page: Page,
    input: { title: string; kind: string; section: string; file: { name: string; mimeType: string; buffer: Buffer } },
  ) {
    await page.getByLabel("Titel").fill(input.title);
    await page.getByLabel("Kurze Beschreibung").fill("Was nie in einen Prompt gehört: Bürgerdaten, Zugangsdaten, Verschlusssachen.");
    await page.getByLabel("Art").selectOption({ label: input.kind });
    await page.locator("#field-file").setInputFiles(input.file);
    await page.getByLabel(input.section).check();
  }

  it("with JavaScript: an admin refuses a disguised file, uploads a PDF under § 6; a colleague finds it on /agreement#s6 and /materials and opens it", async () => {
    const adminContext = await contextFor(admin, true);
    const page = await adminContext.newPage();
    const problems = watchPageProblems(page);
    await page.goto(`${server.baseUrl}/materials`);
    await page.getByRole("link", { name: "Materialien verwalten" }).click();
    await expect.poll(() => heading(page)).toBe("Materialien verwalten");
    await checkPage(page);
    await page.getByRole("link", { name: "Neues Material" }).click();
    await expect.poll(() => heading(page)).toBe("Neues Material");
    await checkPage(page);

    // An HTML page named .pdf: refused by its content, the message next to the field, what was typed kept, nothing stored.
    const before = all<{ n: number }>("select count(*) as n from materials")[0]!.n;
    await fillNewMaterial(page, {
      title: "Checkliste Datenschutz im Prompt",
      kind: "Leitfaden",
      section: "§ 6 Datenschutz, Vertraulichkeit, Informationssicherheit",
      file: { name: "Checkliste.pdf", mimeType: "application/pdf", buffer: HTML_AS_PDF },
    });
    await page.getByRole("button", { name: "Material speichern" }).click();
    await expect.poll(() => page.locator("#field-file-error").textContent()).toContain("Geprüft wird der Inhalt");
    expect(await page.getByLabel("Titel").inputValue()).toBe("Checkliste Datenschutz im Prompt");
    expect(await page.getByLabel("§ 6 Datenschutz, Vertraulichkeit, Informationssicherheit").isChecked()).toBe(true);
    expect(all<{ n: number }>("select count(*) as n from materials")[0]!.n).toBe(before);
    await checkPage(page);

    // The real PDF.
    await page.locator("#field-file").setInputFiles({ name: "Checkliste.pdf", mimeType: "application/pdf", buffer: tinyPdf("Checkliste") });
    await page.getByRole("button", { name: "Material speichern" }).click();
    await expect.poll(() => heading(page)).toBe("Checkliste Datenschutz im Prompt");
    await expect.poll(() => page.getByRole("status").first().textContent()).toContain("Das Material ist gespeichert");
    const [material] = all<{ id: number; visibility: string }>(
      "select id, visibility from materials where title = ?",
      "Checkliste Datenschutz im Prompt",
    );
    expect(material!.visibility).toBe("staff");
    expect(all<{ anchor: string }>("select anchor from material_sections where material_id = ?", material!.id)).toEqual([{ anchor: "s6" }]);
    expect(all<{ file_name: string }>("select file_name from material_files where material_id = ?", material!.id)).toEqual([
      { file_name: "Checkliste.pdf" },
    ]);
    await checkPage(page);
    // The edit page, with its versions.
    await page.getByRole("link", { name: "Material bearbeiten" }).click();
    await expect.poll(() => heading(page)).toBe("Material bearbeiten");
    expect(await page.locator("[data-version]").count()).toBe(1);
    await checkPage(page);
    // The refused form answers 400 on purpose; nothing else may go wrong.
    expect(problems.filter((p) => !/status of 400/.test(p))).toEqual([]);
    await adminContext.close();

    // A colleague: on the agreement, at § 6.
    const staffContext = await contextFor(staff, true);
    const reader = await staffContext.newPage();
    const readerProblems = watchPageProblems(reader);
    await reader.goto(`${server.baseUrl}/agreement#s6`);
    const inSection = reader.locator('[data-section-materials="s6"]');
    await expect.poll(() => inSection.getByRole("link", { name: "Checkliste Datenschutz im Prompt" }).count()).toBe(1);
    // Every material under § 6 on the page is one the database files there (the seed's and the new one).
    const underS6 = all<{ id: number }>(
      "select m.id from materials m join material_sections s on s.material_id = m.id where s.anchor = 's6' and m.deleted_at is null and m.visibility = 'staff'",
    );
    expect(await inSection.locator("[data-material]").count()).toBe(underS6.length);
    await checkPage(reader);

    // On /materials, filtered by § 6 and a word.
    await reader.goto(`${server.baseUrl}/materials`);
    await checkPage(reader);
    const visible = all<{ n: number }>("select count(*) as n from materials where deleted_at is null and visibility = 'staff'")[0]!.n;
    expect(await reader.locator("[data-count]").textContent()).toBe(`${visible} Materialien`);
    await reader.getByLabel("Abschnitt").selectOption("s6");
    await reader.getByLabel("Suchbegriff").fill("Prompt");
    await reader.getByRole("button", { name: "Filtern" }).click();
    await expect.poll(() => reader.url()).toContain("section=s6");
    await expect.poll(() => reader.locator("[data-count]").textContent()).toMatch(/^\d+ Materiali?e?n? von \d+ gefunden\.$/);
    const titles = await reader.locator(".material-list__title").allTextContents();
    expect(titles).toContain("Checkliste Datenschutz im Prompt");
    // The same materials as the database holds under § 6 with "prompt" in title or description.
    const expected = all<{ title: string }>(
      "select m.title from materials m join material_sections s on s.material_id = m.id where s.anchor = 's6' and m.deleted_at is null and m.visibility = 'staff' and (lower(m.title) like '%prompt%' or lower(m.description) like '%prompt%')",
    ).map((r) => r.title);
    expect([...titles].sort()).toEqual([...expected].sort());
    await checkPage(reader);
    await reader.getByRole("link", { name: "Checkliste Datenschutz im Prompt" }).click();
    await expect.poll(() => heading(reader)).toBe("Checkliste Datenschutz im Prompt");
    await checkPage(reader);

    // The file: a PDF, shown inline, never sniffed, sandboxed.
    const href = await reader.locator("[data-download]").getAttribute("href");
    expect(href).toBe(`/materials/${material!.id}/file`);
    const response = await staffContext.request.get(`${server.baseUrl}${href}`);
    expect(response.status()).toBe(200);
    expect(response.headers()["content-type"]).toBe("application/pdf");
    expect(response.headers()["content-disposition"]).toBe(`inline; filename="Checkliste.pdf"; filename*=UTF-8''Checkliste.pdf`);
    expect(response.headers()["x-content-type-options"]).toBe("nosniff");
    expect(response.headers()["content-security-policy"]).toContain("sandbox");
    expect(Buffer.from(await response.body()).equals(tinyPdf("Checkliste"))).toBe(true);
    // The search finds it too.
    await reader.goto(`${server.baseUrl}/search?q=Checkliste+Datenschutz`);
    await expect.poll(() => reader.locator(`a[href="/materials/${material!.id}"]`).count()).toBe(1);
    expect(readerProblems).toEqual([]);
    await staffContext.close();

    // Signed out: no file.
    const anonymous = await fetch(`${server.baseUrl}${href}`);
    expect(anonymous.status).toBe(403);
  });

  it("without JavaScript: an admin uploads a DOCX under § 4; a colleague finds it and downloads it as an attachment", async () => {
    const adminContext = await contextFor(admin, false);
    const page = await adminContext.newPage();
    await page.goto(`${server.baseUrl}/facilitate/materials/new?section=s4`);
    await fillNewMaterial(page, {
      title: "Vorlage Antwortschreiben ohne JavaScript",
      kind: "Vorlage",
      section: "§ 6 Datenschutz, Vertraulichkeit, Informationssicherheit",
      file: {
        name: "../Vorlage\u0007.docx",
        mimeType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        buffer: tinyDocx(),
      },
    });
    // A bad link with the file: refused, both kept in view.
    await page.getByLabel("Oder: Link (freiwillig)").fill("javascript:alert(1)");
    await page.getByRole("button", { name: "Material speichern" }).click();
    await expect.poll(() => page.locator("#field-link-error").textContent()).toContain("entweder eine Datei oder einen Link");
    expect(await page.locator("[data-error-summary]").count()).toBe(1);
    await checkPage(page);
    await page.getByLabel("Oder: Link (freiwillig)").fill("");
    await page
      .locator("#field-file")
      .setInputFiles({ name: "../Vorlage\u0007.docx", mimeType: "application/octet-stream", buffer: tinyDocx() });
    await page.getByRole("button", { name: "Material speichern" }).click();
    await expect.poll(() => heading(page)).toBe("Vorlage Antwortschreiben ohne JavaScript");
    const [material] = all<{ id: number }>("select id from materials where title = ?", "Vorlage Antwortschreiben ohne JavaScript");
    expect(all<{ anchor: string }>("select anchor from material_sections where material_id = ? order by anchor", material!.id)).toEqual([
      { anchor: "s4" },
      { anchor: "s6" },
    ]);
    await checkPage(page);
    await adminContext.close();

    const staffContext = await contextFor(staff, false);
    const reader = await staffContext.newPage();
    await reader.goto(`${server.baseUrl}/agreement`);
    await reader.locator('[data-section-materials="s4"]').getByRole("link", { name: "Vorlage Antwortschreiben ohne JavaScript" }).click();
    await expect.poll(() => heading(reader)).toBe("Vorlage Antwortschreiben ohne JavaScript");
    await checkPage(reader);
    await reader.goto(`${server.baseUrl}/materials?kind=template`);
    expect(await reader.locator(".material-list__title").allTextContents()).toContain("Vorlage Antwortschreiben ohne JavaScript");
    await checkPage(reader);
    const response = await staffContext.request.get(`${server.baseUrl}/materials/${material!.id}/file`);
    expect(response.headers()["content-type"]).toBe("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
    expect(response.headers()["content-disposition"]).toBe(`attachment; filename="Vorlage.docx"; filename*=UTF-8''Vorlage.docx`);
    expect(response.headers()["x-content-type-options"]).toBe("nosniff");
    await staffContext.close();
  });

  it("a session's slides for its participants only: on the session page for them, 403 for others", async () => {
    const [slides] = all<{ id: number; session_id: number }>(
      "select id, session_id from materials where kind = 'slides' and visibility = 'seat_holders'",
    );
    expect(slides).toBeDefined();
    run(
      "insert into registrations (session_id, user_id, status, queued_at, updated_at) values (?, ?, 'attended', ?, ?)",
      slides!.session_id,
      staff.userId,
      Date.now(),
      Date.now(),
    );
    for (const javaScript of [true, false]) {
      const holder = await contextFor(staff, javaScript);
      const page = await holder.newPage();
      await page.goto(`${server.baseUrl}/sessions/${slides!.session_id}`);
      await expect.poll(() => page.locator("#materialien").textContent()).toBe("Materialien zum Termin");
      expect(await page.locator(".session-materials [data-material]").count()).toBe(
        all<{ n: number }>(
          "select count(*) as n from materials where deleted_at is null and (session_id = ? or (session_id is null and series_id = (select series_id from sessions where id = ?)))",
          slides!.session_id,
          slides!.session_id,
        )[0]!.n,
      );
      await checkPage(page);
      await holder.close();
      const other = await contextFor(otherStaff, javaScript);
      const otherPage = await other.newPage();
      await otherPage.goto(`${server.baseUrl}/sessions/${slides!.session_id}`);
      expect(await otherPage.locator(`.session-materials [data-material="${slides!.id}"]`).count()).toBe(0);
      const refused = await otherPage.goto(`${server.baseUrl}/materials/${slides!.id}`);
      expect(refused!.status()).toBe(403);
      await other.close();
    }
  });

  it("refuses a body over the limit with 413 before reading it whole, by Content-Length and while it streams", async () => {
    const cookie = admin.cookie;
    const headers = { Origin: server.baseUrl, "Content-Type": "multipart/form-data; boundary=b", Cookie: cookie };
    const declared = await sendRaw(server, {
      path: "/facilitate/materials/new",
      headers: { ...headers, "Content-Length": String(30 * MB) },
      stream: 30 * MB,
    });
    expect(declared.status).toBe(413);
    expect(declared.bytesSent).toBeLessThan(25 * MB);
    // Chunked, no length announced: counted while it streams, refused once past 21 MB.
    const chunked = await sendRaw(server, { path: "/facilitate/materials/1", headers, stream: 200 * MB });
    expect(chunked.status).toBe(413);
    expect(chunked.text).toContain("höchstens 21 MB");
    expect(chunked.bytesSent).toBeLessThan(60 * MB);
  });
});
