import { createCookie } from "@remix-run/node";
import Database from "better-sqlite3";
import { randomBytes } from "node:crypto";
import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import {
  describeWithBrowser,
  expectNoAxeViolations,
  launchBrowser,
  newContextWithoutJavaScript,
  watchPageProblems,
} from "../support/browser";
import { TEST_SECRET, createPublishedSession, createSignedInPeople, type SignedInPerson } from "../support/seeding";
import { startAppServer, type AppServer } from "../support/server";

describeWithBrowser("facilitator review queue (/facilitate)", () => {
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

  function withDb<T>(fn: (db: Database.Database) => T): T {
    const db = new Database(server.databasePath);
    db.pragma("busy_timeout = 5000");
    try {
      return fn(db);
    } finally {
      db.close();
    }
  }

  /** A facilitator with one session of their own, four submitted questions and some votes. */
  async function setUp(prefix: string) {
    const [facilitator, a, b, c] = (await createSignedInPeople(server.databasePath, 4, prefix)) as [
      SignedInPerson,
      SignedInPerson,
      SignedInPerson,
      SignedInPerson,
    ];
    withDb((db) => db.prepare("insert into user_roles (user_id, role) values (?, 'facilitator')").run(facilitator.userId));
    const sessionId = createPublishedSession(server.databasePath, {
      capacity: 20,
      title: `Fragen ${prefix}`,
      facilitatorEmail: facilitator.email,
    });
    const hour = Math.floor(Date.now() / 3600_000) * 3600_000;
    const ask = (text: string, authorId: number | null) =>
      withDb(
        (db) =>
          (
            db
              .prepare(
                "insert into questions (session_id, text, anonymous, author_id, author_key, author_salt, status, created_at, updated_at) values (?, ?, ?, ?, ?, ?, 'submitted', ?, ?) returning id",
              )
              .get(
                sessionId,
                text,
                authorId === null ? 1 : 0,
                authorId,
                authorId === null ? "keyed-value-the-test-does-not-need" : null,
                authorId === null ? "salt" : null,
                hour,
                hour,
              ) as { id: number }
          ).id,
      );
    const original = ask("Darf ich Bürgerdaten in einen Chatbot eingeben?", a.userId);
    const duplicate = ask("Dürfen personenbezogene Daten von Bürgerinnen und Bürgern in den Chatbot?", b.userId);
    const anonymous = ask("Gilt die Vereinbarung auch für Auszubildende und Praktikantinnen und Praktikanten?", null);
    const liability = ask("Wer haftet, wenn ich eine falsche KI-Rechtsauskunft übernehme?", c.userId);
    withDb((db) => {
      const vote = db.prepare("insert into question_votes (question_id, user_id) values (?, ?)");
      vote.run(original, b.userId);
      vote.run(duplicate, c.userId);
      vote.run(duplicate, a.userId); // the original's author: dropped on merge
    });
    return { facilitator, a, b, c, sessionId, q: { original, duplicate, anonymous, liability } };
  }

  async function contextFor(person: SignedInPerson, javaScript: boolean): Promise<BrowserContext> {
    const context = javaScript ? await browser.newContext({ locale: "de-DE" }) : await newContextWithoutJavaScript(browser);
    await context.addCookies([{ name: "ki_login", value: person.cookie.split("=").slice(1).join("="), url: server.baseUrl }]);
    return context;
  }

  /** Moves focus with Tab alone until it reaches the element (as a keyboard user would). */
  async function tabTo(page: Page, target: Locator, limit = 400) {
    await target.waitFor({ state: "attached" });
    for (let i = 0; i < limit; i++) {
      if (await target.evaluate((el) => el === document.activeElement)) return;
      await page.keyboard.press("Tab");
    }
    throw new Error(`Tab never reached ${target.toString()}`);
  }

  const count = (page: Page, status: string) => page.locator(`[data-count="${status}"] [data-count-value]`).textContent();

  async function expectFlash(page: Page, text: string) {
    await expect
      .poll(() => page.locator("main [role=status], main [role=alert]").first().textContent(), { timeout: 10_000 })
      .toContain(text);
  }

  async function expectModerationCurrent(page: Page) {
    expect(await page.locator('.site-nav a[aria-current="page"]').allTextContents()).toEqual(["Moderation"]);
  }

  async function expectNoSidewaysScrollAt320(page: Page) {
    const before = page.viewportSize();
    await page.setViewportSize({ width: 320, height: 640 });
    const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }));
    expect(widths.scroll, `page is wider than 320 px: ${page.url()}`).toBeLessThanOrEqual(widths.inner);
    if (before) await page.setViewportSize(before);
  }

  function votersOf(questionId: number): number[] {
    return withDb((db) =>
      (
        db.prepare("select user_id as id from question_votes where question_id = ? order by user_id").all(questionId) as { id: number }[]
      ).map((r) => r.id),
    );
  }

  for (const javaScript of [true, false]) {
    it(`goes through the queue by keyboard alone ${javaScript ? "with" : "without"} JavaScript: accept, merge, section, answer, bulk`, async () => {
      const world = await setUp(javaScript ? "fqjs" : "fqnojs");
      const { q, sessionId } = world;
      const context = await contextFor(world.facilitator, javaScript);
      const page = await context.newPage();
      const problems = watchPageProblems(page);

      // The start page: the session with its waiting questions, linked to the queue.
      await page.goto(`${server.baseUrl}/moderation`);
      await expectModerationCurrent(page);
      const waiting = page.locator(`[data-waiting="${sessionId}"]`);
      expect(await waiting.textContent()).toContain("4 Fragen warten");
      await expectNoAxeViolations(page);
      await expectNoSidewaysScrollAt320(page);
      await tabTo(page, waiting);
      await page.keyboard.press("Enter");
      await expect.poll(() => page.locator("h1").textContent()).toBe("Fragen prüfen");
      expect(new URL(page.url()).searchParams.get("session")).toBe(String(sessionId));
      await expectModerationCurrent(page);
      expect(await count(page, "submitted")).toBe("4");
      await expectNoAxeViolations(page);
      await expectNoSidewaysScrollAt320(page);

      // Accept the original (Enter on its button).
      await tabTo(page, page.getByRole("button", { name: `Annehmen (Nr. ${q.original})` }));
      await page.keyboard.press("Enter");
      await expectFlash(page, `Frage Nr. ${q.original} angenommen.`);
      await expect.poll(() => count(page, "submitted")).toBe("3");
      expect(await count(page, "accepted")).toBe("1");

      // A merge with no number is refused next to the field, and nothing changes.
      const mergeSummary = page.locator(`#q-${q.duplicate} summary`, { hasText: "Zusammenführen" });
      await tabTo(page, mergeSummary);
      await page.keyboard.press("Space");
      const mergeButton = page.getByRole("button", { name: `Zusammenführen (Nr. ${q.duplicate})` });
      await tabTo(page, mergeButton);
      await page.keyboard.press("Enter");
      await expect
        .poll(() => page.locator(`#merge-${q.duplicate}-error`).textContent())
        .toContain("Bitte geben Sie die Nummer der Frage an");
      expect(await page.locator(`#merge-${q.duplicate}`).getAttribute("aria-invalid")).toBe("true");
      expect(await count(page, "submitted")).toBe("3");
      await expectNoAxeViolations(page);

      // Merge the duplicate into the accepted original by its number.
      await tabTo(page, page.locator(`#merge-${q.duplicate}`));
      await page.keyboard.type(String(q.original));
      await tabTo(page, mergeButton);
      await page.keyboard.press("Enter");
      await expectFlash(page, `Frage Nr. ${q.duplicate} mit Nr. ${q.original} zusammengeführt.`);
      await expect.poll(() => count(page, "merged")).toBe("1");
      expect(await count(page, "submitted")).toBe("2");
      // Each person once, without the original author's own vote.
      expect(votersOf(q.original)).toEqual([world.b.userId, world.c.userId].sort((x, y) => x - y));

      // Section for the anonymous question: open the panel with Enter, pick § 6 with the arrow keys.
      await tabTo(page, page.locator(`#q-${q.anonymous} summary`, { hasText: "Abschnitt zuordnen" }));
      await page.keyboard.press("Enter");
      const select = page.locator(`#section-${q.anonymous}`);
      await tabTo(page, select);
      for (let i = 0; i < 30; i++) {
        const label = await select.evaluate((el: HTMLSelectElement) => el.selectedOptions[0]?.textContent ?? "");
        if (label.startsWith("§ 6")) break;
        await page.keyboard.press("ArrowDown");
      }
      expect(await select.evaluate((el: HTMLSelectElement) => el.selectedOptions[0]?.textContent ?? "")).toMatch(/^§ 6/);
      await tabTo(page, page.getByRole("button", { name: `Abschnitt speichern (Nr. ${q.anonymous})` }));
      await page.keyboard.press("Enter");
      await expectFlash(page, `Abschnitt für Frage Nr. ${q.anonymous} gespeichert.`);
      await expect.poll(() => page.locator(`#q-${q.anonymous} dl`).textContent()).toContain("§ 6");

      // Answer the original: to the accepted list through its count link, then the answer panel.
      await tabTo(page, page.locator('[data-count="accepted"]'));
      await page.keyboard.press("Enter");
      await expect.poll(() => page.locator(`#q-${q.original}`).count()).toBe(1);
      await tabTo(page, page.locator(`#q-${q.original} summary`, { hasText: "Beantworten" }));
      await page.keyboard.press("Space");
      await tabTo(page, page.locator(`#answer-${q.original}`));
      await page.keyboard.type("**Nein.** Nur in ausdrücklich freigegebenen Systemen (§ 6).");
      await tabTo(page, page.getByRole("button", { name: `Antwort speichern (Nr. ${q.original})` }));
      await page.keyboard.press("Enter");
      await expectFlash(page, `Antwort zu Frage Nr. ${q.original} gespeichert.`);
      await expect.poll(() => count(page, "answered")).toBe("1");
      expect(await count(page, "accepted")).toBe("0");

      // Two at once: back to the submitted ones, tick both with Space, accept them together.
      await tabTo(page, page.locator('[data-count="submitted"]'));
      await page.keyboard.press("Enter");
      await expect.poll(() => page.locator(`#select-${q.liability}`).count()).toBe(1);
      for (const id of [q.anonymous, q.liability]) {
        await tabTo(page, page.locator(`#select-${id}`));
        await page.keyboard.press("Space");
      }
      await tabTo(page, page.getByRole("button", { name: "Ausgewählte annehmen" }));
      await page.keyboard.press("Enter");
      await expectFlash(page, "2 Fragen angenommen.");
      await expect.poll(() => count(page, "submitted")).toBe("0");
      expect(await count(page, "accepted")).toBe("2");

      // The answer is rendered from Markdown; the whole queue still passes axe and reflows.
      await page.goto(`${server.baseUrl}/facilitate?session=${sessionId}&status=all`);
      expect(await page.locator(`#q-${q.original} .prose strong`).textContent()).toBe("Nein.");
      await expectNoAxeViolations(page);
      await expectNoSidewaysScrollAt320(page);

      // The participants page belongs to "Moderation" too.
      await page.goto(`${server.baseUrl}/sessions/${sessionId}/participants`);
      await expectModerationCurrent(page);

      // Outcome mails: the original's author (answered) and the duplicate's author (merged, then
      // answered); nothing for the anonymous question.
      const mails = withDb(
        (db) =>
          db.prepare("select recipient, kind, text from outbox where kind like 'question_%' order by id").all() as Record<string, string>[],
      );
      const to = (person: SignedInPerson) =>
        mails
          .filter((m) => m.recipient === person.email)
          .map((m) => m.kind)
          .sort();
      expect(to(world.a)).toEqual(["question_answered"]);
      expect(to(world.b)).toEqual(["question_answered", "question_merged"]);
      expect(to(world.c)).toEqual([]);
      expect(mails.some((m) => m.text?.includes("Auszubildende und Praktikantinnen"))).toBe(false);

      // The one refused merge answers 400 on purpose; nothing else may go wrong.
      expect(problems.filter((p) => !p.includes("status of 400"))).toEqual([]);
      await context.close();
    });
  }

  it("shows the demo questions in every state to the demo facilitator: axe and 320 px", async () => {
    // A login for the seeded facilitator, written directly like createSignedInPeople does.
    const loginId = randomBytes(24).toString("base64url");
    withDb((db) => {
      const { id } = db.prepare("select id from users where email = 'moderation@stadt.example'").get() as { id: number };
      db.prepare("insert into login_sessions (id, user_id, data, expires_at) values (?, ?, ?, ?)").run(
        loginId,
        id,
        JSON.stringify({ userId: id, renewedAt: Date.now() }),
        Date.now() + 3600_000,
      );
    });
    const cookie = (await createCookie("ki_login", { secrets: [TEST_SECRET], path: "/" }).serialize(loginId)).split(";")[0]!;
    const context = await contextFor({ userId: 0, email: "moderation@stadt.example", cookie }, true);
    const page = await context.newPage();
    await page.goto(`${server.baseUrl}/facilitate?status=all`);
    for (const status of ["submitted", "accepted", "answered", "rejected", "merged"]) {
      expect(Number(await count(page, status)), status).toBeGreaterThan(0);
    }
    // Open every panel, so that the scan sees every form.
    await page.evaluate(() => {
      for (const details of document.querySelectorAll("details")) details.open = true;
    });
    await expectNoAxeViolations(page);
    await expectNoSidewaysScrollAt320(page);
    await page.goto(`${server.baseUrl}/moderation`);
    expect(
      Number(
        await page
          .locator("[data-waiting-total]")
          .textContent()
          .then((t) => t?.match(/\d+/)?.[0]),
      ),
    ).toBeGreaterThan(0);
    await context.close();
  });

  it("refuses a reason-less rejection next to the field, and another session's questions with 403", async () => {
    const world = await setUp("fqrefuse");
    const other = await setUp("fqother");
    const context = await contextFor(world.facilitator, false);
    const page = await context.newPage();
    await page.goto(`${server.baseUrl}/facilitate?session=${world.sessionId}`);
    await tabTo(page, page.locator(`#q-${world.q.liability} summary`, { hasText: "Ablehnen" }));
    await page.keyboard.press("Enter");
    await tabTo(page, page.getByRole("button", { name: `Ablehnen (Nr. ${world.q.liability})` }));
    await page.keyboard.press("Enter");
    await expect.poll(() => page.locator(`#reason-${world.q.liability}-error`).textContent()).toContain("Bitte geben Sie einen Grund an");
    expect(await count(page, "submitted")).toBe("4");
    await expectNoAxeViolations(page);

    // A question of a session that is not theirs: 403, and it stays as it was.
    const response = await page.request.post(`${server.baseUrl}/facilitate`, {
      form: { intent: "accept", questionId: String(other.q.original), returnTo: "/facilitate" },
      headers: { Origin: server.baseUrl },
      maxRedirects: 0,
    });
    expect(response.status()).toBe(403);
    expect(
      withDb((db) => (db.prepare("select status from questions where id = ?").get(other.q.original) as { status: string }).status),
    ).toBe("submitted");
    // Staff without the role do not get the queue at all.
    const staff = await fetch(`${server.baseUrl}/facilitate`, { headers: { Cookie: world.a.cookie } });
    expect(staff.status).toBe(403);
    await context.close();
  });
});
