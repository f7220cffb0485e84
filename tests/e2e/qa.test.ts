// The published Q&A as staff use it (decision 015): find an answer by section, follow its
// link, open the summary it comes from and the print view, with and without JavaScript;
// every figure on the pages is compared with the database.
import Database from "better-sqlite3";
import { mkdirSync } from "node:fs";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import {
  describeWithBrowser,
  expectNoAxeViolations,
  launchBrowser,
  newContextWithoutJavaScript,
  watchPageProblems,
} from "../support/browser";
import { TEST_SECRET } from "../support/seeding";
import { startAppServer, type AppServer } from "../support/server";
import { signIn } from "../support/sign-in";

/** Set QA_SCREENSHOTS=/tmp/qa to keep pictures of the pages at 1280 and 320 px. */
const SCREENSHOTS = process.env.QA_SCREENSHOTS;

/** Visible = the published revision of a summary that is not withdrawn (the same rule as the app). */
const VISIBLE_ITEMS = `
  from summaries m
  join summary_revisions r on r.id = m.published_revision_id
  join summary_items i on i.revision_id = r.id
  left join agreement_sections s on s.id = i.section_id
  where m.withdrawn_at is null`;

describeWithBrowser("published Q&A: by section, per summary, in print", () => {
  let server: AppServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startAppServer({ SESSION_SECRET: TEST_SECRET, LOG_REQUESTS: "off" });
    browser = await launchBrowser();
    if (SCREENSHOTS) mkdirSync(SCREENSHOTS, { recursive: true });
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

  function write(sql: string, ...params: unknown[]): number {
    const db = new Database(server.databasePath);
    db.pragma("busy_timeout = 5000");
    try {
      return Number(db.prepare(sql).run(...params).lastInsertRowid);
    } finally {
      db.close();
    }
  }

  const countsInDb = () =>
    Object.fromEntries(
      query<{ anchor: string | null; n: number }>(
        `select s.anchor as anchor, count(distinct i.question_id) as n ${VISIBLE_ITEMS} group by s.anchor`,
      ).map((r) => [r.anchor ?? "allgemein", r.n]),
    );

  const summaryId = () =>
    query<{ id: number }>("select id from summaries where withdrawn_at is null and published_revision_id is not null order by id")[0]!.id;

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

  const checkPage = async (page: Page) => {
    await expectNoAxeViolations(page);
    await expectNoSidewaysScrollAt320(page);
  };

  const expectHeading = (page: Page, text: string | RegExp) =>
    typeof text === "string"
      ? expect.poll(() => page.locator("h1").textContent(), { timeout: 15_000 }).toBe(text)
      : expect.poll(() => page.locator("h1").textContent(), { timeout: 15_000 }).toMatch(text);

  const inViewport = (page: Page, id: string) =>
    page.locator(`[id="${id}"]`).evaluate((element) => {
      const box = element.getBoundingClientRect();
      return box.top >= 0 && box.top < window.innerHeight;
    });

  async function findAnswerBySection(context: BrowserContext, way: string) {
    const page = await context.newPage();
    const problems = watchPageProblems(page);
    await page.goto(`${server.baseUrl}/sessions`);
    await page.getByRole("navigation", { name: "Hauptnavigation" }).getByRole("link", { name: "Fragen & Antworten" }).click();
    await expectHeading(page, "Fragen & Antworten");
    await page.waitForLoadState("load");

    // The table of contents: every section of the agreement in force, in its order, with the
    // number of published answers the database holds for it.
    const sectionsInForce = query<{ anchor: string }>(
      "select s.anchor from agreement_sections s join agreement_versions v on v.id = s.version_id where v.status = 'in_force' order by s.position",
    ).map((r) => r.anchor);
    const entries = await page
      .locator("li[data-section]")
      .evaluateAll((items) =>
        items.map((li) => [li.getAttribute("data-section"), Number(li.querySelector("[data-count]")?.getAttribute("data-count"))]),
      );
    const inDb = countsInDb();
    expect(entries.map(([key]) => key)).toEqual(sectionsInForce);
    expect(Object.fromEntries(entries)).toEqual(Object.fromEntries(sectionsInForce.map((a) => [a, inDb[a] ?? 0])));
    expect(entries.filter(([, n]) => (n as number) > 0).length).toBeGreaterThanOrEqual(5);
    await checkPage(page);
    if (SCREENSHOTS) await screenshots(page, `qa-${way}`);

    // § 9: its page holds exactly its answers.
    const s9 = query<{ heading: string }>(
      "select s.number || ' ' || s.title as heading from agreement_sections s join agreement_versions v on v.id = s.version_id where v.status = 'in_force' and s.anchor = 's9'",
    )[0]!.heading;
    await page.getByRole("link", { name: s9, exact: true }).click();
    await expectHeading(page, `Fragen & Antworten zu ${s9}`);
    await page.waitForLoadState("load");
    expect(new URL(page.url()).pathname).toBe("/qa/sections/s9");
    const ids = query<{ questionId: number }>(
      `select distinct i.question_id as questionId ${VISIBLE_ITEMS} and s.anchor = 's9' order by i.position`,
    ).map((r) => `frage-${r.questionId}`);
    expect(await page.locator("article.qa-item").evaluateAll((items) => items.map((a) => a.id))).toEqual(ids);
    expect(await page.getByRole("link", { name: `Wortlaut von ${s9} in der Dienstvereinbarung` }).getAttribute("href")).toBe(
      "/agreement#s9",
    );
    await checkPage(page);
    if (SCREENSHOTS) await screenshots(page, `qa-section-${way}`);

    // Each answer has its own link; it is a plain link, and it lands on the answer.
    const last = ids.at(-1)!;
    const link = page.locator(`[id="${last}"]`).getByRole("link", { name: "Link zu dieser Antwort" });
    expect(await link.getAttribute("href")).toBe(`/qa/sections/s9#${last}`);
    await page.setViewportSize({ width: 1280, height: 500 });
    await link.click();
    await expect.poll(() => new URL(page.url()).hash).toBe(`#${last}`);
    await expect.poll(() => inViewport(page, last)).toBe(true);
    if (way === "js") {
      // With JavaScript, "Link kopieren" puts the answer's full address on the clipboard.
      await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: server.baseUrl });
      await page.locator(`[id="${last}"]`).getByRole("button", { name: "Link kopieren" }).click();
      await expect.poll(() => page.locator(`[id="${last}"] [role="status"]`).textContent()).toBe("Link kopiert.");
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(`${server.baseUrl}/qa/sections/s9#${last}`);
    } else {
      expect(await page.getByRole("button", { name: "Link kopieren" }).count()).toBe(0);
    }
    const linked = await context.newPage();
    await linked.setViewportSize({ width: 1280, height: 500 });
    await linked.goto(`${server.baseUrl}/qa/sections/s9#${last}`);
    await expect.poll(() => inViewport(linked, last)).toBe(true);
    await linked.close();

    // From the answer to the summary it comes from.
    const id = summaryId();
    const session = query<{ startsAt: number }>(
      "select s.starts_at as startsAt from summaries m join sessions s on s.id = m.session_id where m.id = ?",
      id,
    )[0]!;
    const day = new Intl.DateTimeFormat("de-DE", { timeZone: "Europe/Berlin", day: "numeric", month: "long", year: "numeric" }).format(
      new Date(session.startsAt),
    );
    const source = page.locator(`[id="${last}"]`).getByRole("link", { name: new RegExp(`^aus der Infoveranstaltung am .*${day}$`) });
    await source.click();
    await expectHeading(page, new RegExp(`^Fragen und Antworten aus der Infoveranstaltung am .*${day}$`));
    await page.waitForLoadState("load");
    expect(new URL(page.url()).pathname).toBe(`/qa/summaries/${id}`);
    await expect.poll(() => new URL(page.url()).hash).toBe(`#${last}`);
    const dates = (await page.locator(".qa-summary__header .qa-dates").textContent()) ?? "";
    expect(dates).toMatch(/^Stand: .+ · erstmals veröffentlicht am .+, aktualisiert am .+ · abgestimmt mit dem Personalrat am .+$/);
    // Exactly the published revision's items, none of the superseded text.
    const published = query<{ questionId: number }>(
      "select i.question_id as questionId from summaries m join summary_items i on i.revision_id = m.published_revision_id where m.id = ?",
      id,
    ).map((r) => `frage-${r.questionId}`);
    expect((await page.locator("article.qa-item").evaluateAll((items) => items.map((a) => a.id))).sort()).toEqual(published.sort());
    const superseded = query<{ answer: string }>(
      `select i.answer from summary_items i join summary_revisions r on r.id = i.revision_id
       where r.summary_id = ? and r.status = 'superseded'
       and i.answer not in (select answer from summary_items where revision_id = (select published_revision_id from summaries where id = ?))`,
      id,
      id,
    );
    expect(superseded.length).toBeGreaterThan(0);
    const text = (await page.locator("main").textContent()) ?? "";
    for (const { answer } of superseded) expect(text).not.toContain(answer);
    await checkPage(page);
    if (SCREENSHOTS) await screenshots(page, `qa-summary-${way}`);

    // The print view of the whole Q&A: section headings in the agreement's order, no navigation on paper.
    await page.goto(`${server.baseUrl}/qa`);
    await page.getByRole("link", { name: "Alle Antworten drucken" }).click();
    await page.waitForURL((url) => url.pathname === "/qa/print");
    await expectHeading(page, "Fragen & Antworten");
    await page.waitForLoadState("load");
    const headings = query<{ heading: string }>(
      `select distinct coalesce(cur.number || ' ' || cur.title, s.number || ' ' || s.title) as heading, coalesce(cur.position, 1000 + s.position) as pos
       from summaries m join summary_items i on i.revision_id = m.published_revision_id
       join agreement_sections s on s.id = i.section_id
       left join agreement_sections cur on cur.anchor = s.anchor and cur.version_id = (select id from agreement_versions where status = 'in_force')
       where m.withdrawn_at is null order by pos`,
    ).map((r) => r.heading);
    expect(await page.locator("main h2").allTextContents()).toEqual(headings);
    expect(await page.locator("main article.qa-item").count()).toBe(Object.values(countsInDb()).reduce((a, b) => a + b, 0));
    expect(await page.locator(".lead").textContent()).toMatch(/^zur Muster-Dienstvereinbarung KI, Fassung in Kraft seit .+Stand: /);
    await checkPage(page);
    await expectPrintWithoutNavigation(page);
    if (SCREENSHOTS) await screenshots(page, `qa-print-${way}`);

    // One section in print.
    await page.goto(`${server.baseUrl}/qa/sections/s9`);
    await page.getByRole("link", { name: "Diesen Abschnitt drucken" }).click();
    // The section page and its print view share the heading: wait for the address.
    await page.waitForURL((url) => url.pathname === "/qa/print" && url.search === "?section=s9");
    await expectHeading(page, `Fragen & Antworten zu ${s9}`);
    await page.waitForLoadState("load");
    expect(await page.locator("main article.qa-item").count()).toBe(ids.length);
    await checkPage(page);
    expect(problems).toEqual([]);
    await page.close();
  }

  /** On paper: no header, footer, skip link or "back" line; the @page rule asks for A4. */
  async function expectPrintWithoutNavigation(page: Page) {
    await page.emulateMedia({ media: "print" });
    try {
      const shown = await page.evaluate(() =>
        [...document.querySelectorAll("nav, .site-header, .site-footer, .no-print, .demo-banner")]
          .filter((el) => (el as HTMLElement).offsetParent !== null || getComputedStyle(el).display !== "none")
          .filter((el) => el.getClientRects().length > 0)
          .map((el) => el.outerHTML.slice(0, 80)),
      );
      expect(shown).toEqual([]);
      const pageRules = await page.evaluate(() => {
        const rules: string[] = [];
        const walk = (list: CSSRuleList) => {
          for (const rule of list) {
            if (rule instanceof CSSPageRule) rules.push(rule.cssText);
            else if ("cssRules" in rule) walk((rule as CSSGroupingRule).cssRules);
          }
        };
        for (const sheet of document.styleSheets) walk(sheet.cssRules);
        return rules;
      });
      expect(
        pageRules.some((rule) => /size:\s*a4/i.test(rule)),
        JSON.stringify(pageRules),
      ).toBe(true);
    } finally {
      await page.emulateMedia({ media: "screen" });
    }
  }

  async function screenshots(page: Page, name: string) {
    const size = page.viewportSize();
    for (const width of [1280, 320]) {
      await page.setViewportSize({ width, height: 900 });
      await page.screenshot({ path: `${SCREENSHOTS}/${name}-${width}.png`, fullPage: true });
    }
    if (size) await page.setViewportSize(size);
  }

  it("with JavaScript: a staff member finds an answer by section, follows its link, opens the summary and the print view", async () => {
    const context = await browser.newContext({ locale: "de-DE" });
    await findAnswerBySection(context, "js");
    await context.close();
  });

  it("without JavaScript: the same", async () => {
    const context = await newContextWithoutJavaScript(browser);
    await findAnswerBySection(context, "nojs");
    await context.close();
  });

  it("the agreement lists each section's published questions, linked to their answers", async () => {
    const page = await browser.newPage();
    await page.goto(`${server.baseUrl}/agreement`);
    const listed = await page
      .locator("section.agreement-section")
      .evaluateAll((sections) =>
        Object.fromEntries(
          sections
            .map((s) => [s.getAttribute("aria-labelledby"), s.querySelectorAll(".agreement-qa li").length] as const)
            .filter(([, n]) => n > 0),
        ),
      );
    expect(listed).toEqual(countsInDb());
    const first = page.locator("#s9").locator("xpath=..").locator(".agreement-qa a").first();
    const href = (await first.getAttribute("href"))!;
    expect(href).toMatch(/^\/qa\/sections\/s9#frage-\d+$/);
    await first.click();
    await expect.poll(() => new URL(page.url()).pathname + new URL(page.url()).hash).toBe(href);
    await page.close();
  });

  it("exports a summary as Markdown for the intranet", async () => {
    const id = summaryId();
    const response = await fetch(`${server.baseUrl}/qa/summaries/${id}/markdown`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/markdown; charset=utf-8");
    expect(response.headers.get("content-disposition")).toMatch(
      new RegExp(`^attachment; filename="fragen-und-antworten-[a-z0-9-]+-${id}\\.md"$`),
    );
    const body = await response.text();
    expect(body).toMatch(/^# Fragen und Antworten aus der Infoveranstaltung am /);
    const items = query<{ n: number }>(`select count(*) as n ${VISIBLE_ITEMS} and m.id = ?`, id)[0]!.n;
    expect(body.match(/^### /gm)?.length).toBe(items);
    expect(body).toContain(`${server.baseUrl}/agreement#s9`);
  });

  it("unknown, unpublished and withdrawn summaries and unknown sections are a 404 page, never a 5xx", async () => {
    const revisionOf = (summary: number, status: string, publishedAt: number | null) =>
      write(
        "insert into summary_revisions (summary_id, number, status, intro, published_at, updated_at) values (?, 1, ?, '', ?, ?)",
        summary,
        status,
        publishedAt,
        Date.now(),
      );
    const sessionId = query<{ sessionId: number }>("select session_id as sessionId from summaries order by id")[0]!.sessionId;
    const draft = write("insert into summaries (session_id) values (?)", sessionId);
    revisionOf(draft, "draft", null);
    const withdrawn = write(
      "insert into summaries (session_id, first_published_at, withdrawn_at) values (?, ?, ?)",
      sessionId,
      Date.now(),
      Date.now(),
    );
    const revision = revisionOf(withdrawn, "published", Date.now());
    write("update summaries set published_revision_id = ? where id = ?", revision, withdrawn);

    const page = await browser.newPage();
    for (const path of [
      `/qa/summaries/${draft}`,
      `/qa/summaries/${withdrawn}`,
      "/qa/summaries/999999",
      "/qa/summaries/abc",
      "/qa/summaries/0",
      "/qa/sections/s99",
      "/qa/sections/S9",
      "/qa/sections/%E2%80%A6",
      "/qa/print?section=s99",
      "/qa/print?section=%3Cscript%3E",
    ]) {
      const response = await page.goto(`${server.baseUrl}${path}`);
      expect(response?.status(), path).toBe(404);
      expect(await page.locator("h1").textContent(), path).toBe("Seite nicht gefunden");
    }
    for (const path of [`/qa/summaries/${withdrawn}/markdown`, `/qa/summaries/${draft}/markdown`, "/qa/summaries/x/markdown"]) {
      expect((await fetch(`${server.baseUrl}${path}`)).status, path).toBe(404);
    }
    // The overview does not list them either.
    await page.goto(`${server.baseUrl}/qa`);
    const listed = await page.locator(".qa-summaries a").evaluateAll((links) => links.map((a) => a.getAttribute("href")));
    expect(listed).toEqual([`/qa/summaries/${summaryId()}`]);
    await page.close();
  });

  it("an author, named or anonymous, finds on /me in which summary their question was published", async () => {
    const context = await newContextWithoutJavaScript(browser);
    const page = await context.newPage();
    // Jana Beispiel asked one published question with her name and one anonymously (demo seed).
    await signIn(page, server, "jana.beispiel@stadt.example");
    const janaId = query<{ id: number }>("select id from users where email = 'jana.beispiel@stadt.example'")[0]!.id;
    const named = query<{ id: number }>(
      `select i.question_id as id ${VISIBLE_ITEMS} and i.question_id in (select id from questions where author_id = ? and anonymous = 0)`,
      janaId,
    );
    const anonymous = query<{ id: number }>(
      `select i.question_id as id ${VISIBLE_ITEMS} and i.question_id in (select id from questions where anonymous = 1)`,
    );
    expect(named.length).toBeGreaterThan(0);
    for (const path of ["/me", "/me/questions"]) {
      await page.goto(`${server.baseUrl}${path}`);
      const links = await page
        .getByRole("link", { name: /^In der Zusammenfassung vom .+ veröffentlicht$/ })
        .evaluateAll((items) => items.map((a) => a.getAttribute("href")));
      const id = summaryId();
      for (const { id: questionId } of named) expect(links, path).toContain(`/qa/summaries/${id}#frage-${questionId}`);
      // Her anonymous published question ("Wem gehören Texte und Bilder …") is found by the keyed value only.
      const own = query<{ id: number }>("select id from questions where text like 'Wem gehören Texte und Bilder%'")[0]!.id;
      expect(anonymous.map((q) => q.id)).toContain(own);
      expect(links, path).toContain(`/qa/summaries/${id}#frage-${own}`);
      // And nobody else's.
      expect(links.length, path).toBe(named.length + 1);
      await expectNoAxeViolations(page);
    }
    await context.close();
  });
});
