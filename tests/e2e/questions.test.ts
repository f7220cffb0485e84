// Questions through the browser, with JavaScript on and off: a person with a seat sends one
// in from the session page, finds it on /me with its state, edits and withdraws it; bad input
// keeps the text and says what is wrong next to the field; colleagues vote on an accepted
// question and take the vote back. Every new page: axe, and no sideways scrolling at 320 px.
import Database from "better-sqlite3";
import { readFileSync } from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { newAuthorKey } from "~/questions/author-key.server";
import { describeWithBrowser, expectNoAxeViolations, launchBrowser, newContextWithoutJavaScript } from "../support/browser";
import { TEST_SECRET, createPublishedSession, createSignedInPeople, insertRegistration } from "../support/seeding";
import { startAppServer, type AppServer } from "../support/server";

type QuestionRow = { id: number; text: string; anonymous: number; author_id: number | null; status: string; section_id: number | null };

describeWithBrowser("questions in the browser", () => {
  let server: AppServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startAppServer({ SESSION_SECRET: TEST_SECRET });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    expect(await server?.stop()).toBe(0);
  });

  const db = () => {
    const connection = new Database(server.databasePath);
    connection.pragma("busy_timeout = 5000");
    return connection;
  };
  const questionsWithText = (fragment: string): QuestionRow[] => {
    const connection = db();
    const rows = connection.prepare("select * from questions where text like ? order by id").all(`%${fragment}%`) as QuestionRow[];
    connection.close();
    return rows;
  };
  const sectionId = (anchor: string): number => {
    const connection = db();
    const row = connection
      .prepare(
        "select s.id from agreement_sections s join agreement_versions v on v.id = s.version_id where v.status = 'in_force' and s.anchor = ?",
      )
      .get(anchor) as { id: number };
    connection.close();
    return row.id;
  };

  async function pageAs(cookie: string, javaScript: boolean): Promise<Page> {
    const context = javaScript ? await browser.newContext({ locale: "de-DE" }) : await newContextWithoutJavaScript(browser);
    const [name, value] = cookie.split("=") as [string, string];
    await context.addCookies([{ name, value, url: server.baseUrl }]);
    const page = await context.newPage();
    await page.setViewportSize({ width: 320, height: 800 });
    return page;
  }

  // A busy machine (other builds on two cores) can take longer than expect.poll's default second.
  const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 15_000 });
  const noSidewaysScroll = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
  const status = (page: Page) => page.locator(".notice--success, .notice--error").first().textContent();
  const card = (page: Page, text: string) => page.locator("li.session-card", { hasText: text });

  for (const javaScript of [true, false]) {
    const tag = javaScript ? "js" : "nojs";

    it(`a person with a seat submits from the session page, sees it on /me, edits and withdraws it (JavaScript ${javaScript ? "on" : "off"})`, async () => {
      const sessionId = createPublishedSession(server.databasePath, { capacity: 10, title: `Fragen-Reihe ${tag}` });
      const [person] = await createSignedInPeople(server.databasePath, 1, `fragen-${tag}-`);
      insertRegistration(server.databasePath, sessionId, person!.userId, "confirmed");
      const page = await pageAs(person!.cookie, javaScript);

      await page.goto(`${server.baseUrl}/sessions/${sessionId}`);
      const questionsSection = page.locator("section", { has: page.getByRole("heading", { name: "Fragen vorab" }) });
      expect(await questionsSection.textContent()).not.toContain("In Vorbereitung");
      await questionsSection.getByRole("link", { name: "Frage einreichen" }).click();
      await poll(() => page.locator("h1").textContent()).toBe("Frage einreichen");
      expect(await page.locator("#field-target").inputValue()).toBe(`session-${sessionId}`);
      expect(await page.getByLabel("Anonym einreichen").isChecked()).toBe(true);
      // One seat held: the form says anonymity is weak here.
      expect(await page.locator("main").textContent()).toContain("Anonymität nur eingeschränkt");
      expect(await noSidewaysScroll(page)).toBe(true);
      await expectNoAxeViolations(page);

      // Too short: the message next to the field, the text kept, nothing stored.
      await page.getByLabel("Ihre Frage", { exact: true }).fill("Zu kurz?");
      await page.locator("#field-sectionId").selectOption(String(sectionId("s6")));
      await page.getByRole("button", { name: "Frage einreichen" }).click();
      await poll(() => page.locator("#field-text-error").textContent()).toContain("mindestens 10 Zeichen");
      expect(await page.getByLabel("Ihre Frage", { exact: true }).inputValue()).toBe("Zu kurz?");
      expect(await page.locator("#field-sectionId").inputValue()).toBe(String(sectionId("s6")));
      expect(await page.locator("#field-text").getAttribute("aria-describedby")).toContain("field-text-error");
      expect(questionsWithText("Zu kurz?").filter((q) => q.author_id === person!.userId)).toEqual([]);
      expect(await noSidewaysScroll(page)).toBe(true);
      await expectNoAxeViolations(page);

      const text = `Darf ich Bürgerdaten in einen Chatbot eingeben? (${tag})`;
      await page.getByLabel("Ihre Frage", { exact: true }).fill(text);
      await page.getByRole("button", { name: "Frage einreichen" }).click();
      await poll(() => page.url()).toContain("/me");
      expect(await status(page)).toContain("anonym eingereicht");
      const mine = card(page, text);
      expect(await mine.textContent()).toContain("Eingereicht – wird geprüft");
      expect(await mine.textContent()).toContain("§ 6 Datenschutz");
      const [stored] = questionsWithText(text);
      expect(stored).toMatchObject({ anonymous: 1, author_id: null, status: "submitted", section_id: sectionId("s6") });
      expect(await noSidewaysScroll(page)).toBe(true);
      await expectNoAxeViolations(page);

      // Edit: a bad edit keeps the typed text next to its message; a good one is saved.
      await mine.locator("summary").click();
      await mine.getByLabel("Ihre Frage", { exact: true }).fill("Kürzer");
      await mine.getByRole("button", { name: "Änderungen speichern" }).click();
      await poll(() => page.locator(`#question-${stored!.id}-text-error`).textContent()).toContain("mindestens 10 Zeichen");
      expect(await page.locator(`#question-${stored!.id}-text`).inputValue()).toBe("Kürzer");
      expect(questionsWithText(text)).toHaveLength(1);
      expect(await noSidewaysScroll(page)).toBe(true);
      await expectNoAxeViolations(page);
      const edited = `${text} Auch Namen von Antragstellenden?`;
      await page.locator(`#question-${stored!.id}-text`).fill(edited);
      await page.locator(`#frage-${stored!.id}`).getByRole("button", { name: "Änderungen speichern" }).click();
      await poll(() => status(page)).toContain("Ihre Änderungen sind gespeichert");
      expect(questionsWithText(edited)).toHaveLength(1);

      // Withdraw.
      await page.goto(`${server.baseUrl}/me/questions`);
      const again = page.locator(`#frage-${stored!.id}`);
      await again.locator("summary").click();
      await again.getByRole("button", { name: "Frage zurückziehen" }).click();
      await poll(() => status(page)).toContain("zurückgezogen");
      expect(await page.locator(`#frage-${stored!.id}`).textContent()).toContain("Zurückgezogen");
      expect(await page.locator(`#frage-${stored!.id} summary`).count()).toBe(0);
      expect(questionsWithText(edited)[0]).toMatchObject({ status: "withdrawn", author_id: null });
      // The request log names no question: no text, no question id in a path.
      expect(server.output()).not.toContain("Bürgerdaten");
      expect(server.output()).not.toMatch(/questions\/\d/);
      expect(await noSidewaysScroll(page)).toBe(true);
      await expectNoAxeViolations(page);
      await page.context().close();
    });

    it(`colleagues see accepted questions, vote and take the vote back (JavaScript ${javaScript ? "on" : "off"})`, async () => {
      const [viewer, author] = await createSignedInPeople(server.databasePath, 2, `stimmen-${tag}-`);
      const key = readFileSync(path.join(server.dataDir, "question-key"), "utf8").trim();
      const named = `Wem gehören Texte, die die KI erstellt? (${tag})`;
      const ownAnonymous = `Darf ich KI-Bilder für Flyer verwenden? (${tag})`;
      const pending = `Noch nicht angenommen (${tag})`;
      const connection = db();
      const insert = connection.prepare(
        "insert into questions (text, anonymous, author_id, author_key, author_salt, status, section_id, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
      );
      const hour = Math.floor(Date.now() / 3600_000) * 3600_000;
      insert.run(named, 0, author!.userId, null, null, "accepted", sectionId("s7"), hour, hour);
      const keyed = newAuthorKey(key, viewer!.userId);
      insert.run(ownAnonymous, 1, null, keyed.authorKey, keyed.authorSalt, "answered", sectionId("s7"), hour, hour);
      insert.run(pending, 0, author!.userId, null, null, "submitted", sectionId("s7"), hour, hour);
      connection.prepare("update questions set answer = ? where text = ?").run("Nur mit **Kennzeichnung**.", ownAnonymous);
      connection.close();

      const page = await pageAs(viewer!.cookie, javaScript);
      await page.goto(`${server.baseUrl}/questions?section=s7&sort=date`);
      expect(await page.locator("h1").textContent()).toBe("Fragen aus der Praxis");
      const main = page.locator("main");
      expect(await main.textContent()).not.toContain(pending);
      const other = card(page, named);
      expect(await other.textContent()).toContain(`Person stimmen-${tag}-1`);
      expect(await other.textContent()).toContain("§ 7");
      const own = card(page, ownAnonymous);
      expect(await own.textContent()).toContain("Das ist Ihre Frage");
      expect(await own.getByRole("button").count()).toBe(0);
      expect(await own.locator(".prose strong").textContent()).toBe("Kennzeichnung");
      expect(await noSidewaysScroll(page)).toBe(true);
      await expectNoAxeViolations(page);

      await other.getByRole("button", { name: "Stimme geben" }).click();
      await poll(() => status(page)).toContain("Ihre Stimme ist gezählt");
      expect(page.url()).toContain("section=s7");
      const votes = () => card(page, named).locator("dt:text-is('Stimmen') + dd").textContent();
      expect(await votes()).toBe("1");
      const voteRows = () => {
        const c = db();
        const n = (
          c.prepare("select count(*) n from question_votes v join questions q on q.id = v.question_id where q.text = ?").get(named) as {
            n: number;
          }
        ).n;
        c.close();
        return n;
      };
      expect(voteRows()).toBe(1);
      await card(page, named).getByRole("button", { name: "Stimme zurücknehmen" }).click();
      await poll(() => status(page)).toContain("zurückgenommen");
      expect(await votes()).toBe("0");
      expect(voteRows()).toBe(0);
      expect(await card(page, named).getByRole("button", { name: "Stimme geben" }).count()).toBe(1);

      // The filters: another section hides both.
      await page.locator("#filter-section").selectOption("s1");
      await page.getByRole("button", { name: "Anzeigen" }).click();
      await poll(() => page.url()).toContain("section=s1");
      expect(await main.textContent()).not.toContain(named);
      await page.context().close();
    });
  }
});
