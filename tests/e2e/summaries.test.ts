import Database from "better-sqlite3";
import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import {
  describeWithBrowser,
  expectNoAxeViolations,
  launchBrowser,
  newContextWithoutJavaScript,
  watchPageProblems,
} from "../support/browser";
import { TEST_SECRET, createPublishedSession, createSignedInPeople, registerDirectly, type SignedInPerson } from "../support/seeding";
import { startAppServer, type AppServer } from "../support/server";

describeWithBrowser("summaries: compose, co-approve, publish (/facilitate/summaries, /council, /admin/settings)", () => {
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

  /** A facilitator's session with two seat holders and two answered questions (one in the session). */
  async function setUp(prefix: string) {
    const [facilitator, a, b] = (await createSignedInPeople(server.databasePath, 3, prefix)) as [
      SignedInPerson,
      SignedInPerson,
      SignedInPerson,
    ];
    withDb((db) => db.prepare("insert into user_roles (user_id, role) values (?, 'facilitator')").run(facilitator.userId));
    const sessionId = createPublishedSession(server.databasePath, {
      capacity: 20,
      title: `Zusammenfassung ${prefix}`,
      facilitatorEmail: facilitator.email,
    });
    registerDirectly(server.databasePath, sessionId, [a.userId, b.userId]);
    const hour = Math.floor(Date.now() / 3600_000) * 3600_000;
    const ask = (text: string, answer: string, how: "written" | "in_session", authorId: number) =>
      withDb(
        (db) =>
          (
            db
              .prepare(
                "insert into questions (session_id, text, anonymous, author_id, status, answer, answered_how, created_at, updated_at) values (?, ?, 0, ?, 'answered', ?, ?, ?, ?) returning id",
              )
              .get(sessionId, text, authorId, answer, how, hour, hour) as { id: number }
          ).id,
      );
    const written = ask(
      "Darf ich Bürgerdaten aus meinem Amt in einen Chatbot eingeben?",
      "Nur in freigegebenen Systemen.",
      "written",
      a.userId,
    );
    const inSession = ask("Ist die Schulung Pflicht?", "Ja, in der Arbeitszeit.", "in_session", b.userId);
    return { facilitator, a, b, sessionId, q: { written, inSession } };
  }

  async function contextFor(person: SignedInPerson, javaScript: boolean): Promise<BrowserContext> {
    const context = javaScript ? await browser.newContext({ locale: "de-DE" }) : await newContextWithoutJavaScript(browser);
    await context.addCookies([{ name: "ki_login", value: person.cookie.split("=").slice(1).join("="), url: server.baseUrl }]);
    return context;
  }

  async function expectFlash(page: Page, text: string) {
    await expect
      .poll(() => page.locator("main [role=status], main [role=alert]").first().textContent(), { timeout: 10_000 })
      .toContain(text);
  }

  async function expectNoSidewaysScrollAt320(page: Page) {
    const before = page.viewportSize();
    await page.setViewportSize({ width: 320, height: 640 });
    const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }));
    expect(widths.scroll, `page is wider than 320 px: ${page.url()}`).toBeLessThanOrEqual(widths.inner);
    if (before) await page.setViewportSize(before);
  }

  /** Moves focus with Tab alone until it reaches the element (as a keyboard user would). */
  async function tabTo(page: Page, target: Locator, limit = 200) {
    await target.waitFor({ state: "attached" });
    for (let i = 0; i < limit; i++) {
      if (await target.evaluate((el) => el === document.activeElement)) return;
      await page.keyboard.press("Tab");
    }
    throw new Error(`Tab never reached ${target.toString()}`);
  }

  async function checkPage(page: Page) {
    await expectNoAxeViolations(page);
    await expectNoSidewaysScrollAt320(page);
  }

  function summaryOf(sessionId: number) {
    return withDb(
      (db) =>
        db.prepare("select * from summaries where session_id = ?").get(sessionId) as
          | { id: number; published_revision_id: number | null }
          | undefined,
    );
  }

  /** From the list to a new draft for the session. */
  async function startDraft(page: Page, sessionId: number): Promise<number> {
    await page.goto(`${server.baseUrl}/moderation`);
    await page.getByRole("link", { name: "Zusammenfassungen" }).click();
    await expect.poll(() => page.locator("h1").textContent()).toBe("Zusammenfassungen");
    await checkPage(page);
    await page.getByLabel("Termin oder Veranstaltungsreihe").selectOption(`session-${sessionId}`);
    await page.getByRole("button", { name: "Weiter" }).click();
    await expect.poll(() => page.locator("h1").textContent()).toBe("Neue Zusammenfassung");
    await checkPage(page);
    await page.getByRole("button", { name: "Zusammenfassung anlegen" }).click();
    await expect.poll(() => page.locator("h1").textContent()).toContain("Zusammenfassung:");
    return summaryOf(sessionId)!.id;
  }

  async function composeTwo(page: Page, q: { written: number; inSession: number }) {
    await page.getByLabel(`In die Zusammenfassung aufnehmen (Nr. ${q.written})`).check();
    await page.getByLabel(`In die Zusammenfassung aufnehmen (Nr. ${q.inSession})`).check();
    await page.getByLabel(`Frage für die Veröffentlichung (Nr. ${q.written})`).fill("Darf ich Bürgerdaten in einen Chatbot eingeben?");
    await page.getByLabel(`Antwort (Nr. ${q.inSession})`).fill("");
    await page.getByLabel("Einleitung").fill("Fragen und Antworten aus dem Termin.");
    await page.getByRole("button", { name: "Entwurf speichern" }).click();
    // Refused next to the field; what was typed stays; nothing saved.
    await expect.poll(() => page.locator(`#q${q.inSession}-answer-error`).textContent()).toContain("Bitte geben Sie eine Antwort ein");
    expect(await page.locator(`#q${q.inSession}-answer`).getAttribute("aria-invalid")).toBe("true");
    expect(await page.getByLabel(`Frage für die Veröffentlichung (Nr. ${q.written})`).inputValue()).toBe(
      "Darf ich Bürgerdaten in einen Chatbot eingeben?",
    );
    expect(await page.getByLabel("Einleitung").inputValue()).toBe("Fragen und Antworten aus dem Termin.");
    expect(withDb((db) => (db.prepare("select count(*) n from summary_items").get() as { n: number }).n)).toBe(itemsBefore);
    await checkPage(page);
    await page.getByLabel(`Antwort (Nr. ${q.inSession})`).fill("Ja, sie findet in der Arbeitszeit statt.");
    await page.getByRole("button", { name: "Entwurf speichern" }).click();
    await expectFlash(page, "Entwurf gespeichert (2 Fragen).");
    // The preview shows what was saved, as staff will see it.
    // The shared view of /qa/summaries/:id; a draft has no "Stand" yet.
    const preview = page.locator(".qa-summary");
    expect(await preview.textContent()).toContain("Darf ich Bürgerdaten in einen Chatbot eingeben?");
    expect(await preview.locator(".qa-item").count()).toBe(2);
    expect(await preview.locator(".qa-dates").count()).toBe(0);
  }

  let itemsBefore = 0;

  for (const javaScript of [true, false]) {
    it(`a facilitator composes and publishes a summary ${javaScript ? "with" : "without"} JavaScript; participants get one mail each`, async () => {
      const world = await setUp(javaScript ? "sumjs" : "sumnojs");
      const context = await contextFor(world.facilitator, javaScript);
      const page = await context.newPage();
      const problems = watchPageProblems(page);
      const id = await startDraft(page, world.sessionId);
      await checkPage(page);

      // Publishing an empty summary is refused with a message.
      await page.getByRole("button", { name: "Veröffentlichen" }).click();
      await expect.poll(() => page.locator("[data-action-error]").textContent()).toContain("enthält noch keine Frage");
      expect(summaryOf(world.sessionId)?.published_revision_id).toBeNull();

      itemsBefore = withDb((db) => (db.prepare("select count(*) n from summary_items").get() as { n: number }).n);
      await composeTwo(page, world.q);
      // By keyboard alone: Tab to the button, Enter.
      await tabTo(page, page.getByRole("button", { name: "Veröffentlichen" }));
      await page.keyboard.press("Enter");
      await expectFlash(page, "Zusammenfassung veröffentlicht. 2 Personen werden per E-Mail informiert.");
      await checkPage(page);

      // Figures on the page equal the database.
      const published = summaryOf(world.sessionId)!;
      expect(published.published_revision_id).not.toBeNull();
      const items = withDb(
        (db) =>
          (db.prepare("select count(*) n from summary_items where revision_id = ?").get(published.published_revision_id) as { n: number })
            .n,
      );
      expect(items).toBe(2);
      const mails = withDb(
        (db) =>
          db
            .prepare("select recipient, text from outbox where kind = 'summary_published' and dedupe_key like ?")
            .all(`summary-published:s${id}:%`) as { recipient: string; text: string }[],
      );
      expect(mails.map((m) => m.recipient).sort()).toEqual([world.a.email, world.b.email].sort());
      for (const mail of mails) {
        expect(mail.text).toContain(`/qa/summaries/${id}`);
        expect(mail.text).not.toContain("Bürgerdaten");
      }

      // Update, then withdraw.
      await page.getByRole("button", { name: "Aktualisierung beginnen" }).click();
      await expectFlash(page, "Aktualisierung begonnen.");
      await checkPage(page);
      // The published text stays on record, on its own page.
      await page.getByRole("link", { name: "Veröffentlichte Fassung 1 ansehen" }).click();
      await expect.poll(() => page.locator("[data-revision-status]").textContent()).toContain("diese Fassung lesen Mitarbeitende derzeit");
      expect(await page.locator(".qa-item").count()).toBe(2);
      expect(await page.locator(".qa-dates").textContent()).toMatch(/^Stand: /);
      await checkPage(page);
      await page.getByRole("link", { name: "← Zur Zusammenfassung" }).click();
      await expect.poll(() => page.locator("h1").textContent()).toContain("Zusammenfassung:");
      await page.locator("summary", { hasText: "Zusammenfassung zurückziehen" }).click();
      await page.getByRole("button", { name: "Jetzt zurückziehen" }).click();
      await expectFlash(page, "Zusammenfassung zurückgezogen.");
      const gone = await page.goto(`${server.baseUrl}/facilitate/summaries/${id}`);
      expect(gone?.status()).toBe(404);
      // The two refusals (400) and the withdrawn summary (404) above were asked for; nothing else.
      expect(problems.filter((p) => !/status of (400|404) /.test(p))).toEqual([]);
      expect(problems.filter((p) => /status of 400 /.test(p))).toHaveLength(2);
      await context.close();
    }, 120_000);
  }

  it("marks an item whose section changed in a new version of the agreement; the facilitator re-links it (no JavaScript)", async () => {
    const world = await setUp("sumrelink");
    const context = await contextFor(world.facilitator, false);
    const page = await context.newPage();
    const id = await startDraft(page, world.sessionId);
    await page.getByLabel(`In die Zusammenfassung aufnehmen (Nr. ${world.q.written})`).check();
    const select = page.getByLabel(`Abschnitt (Nr. ${world.q.written})`, { exact: true });
    const six = await select.locator("option", { hasText: /^§ 6/ }).getAttribute("value");
    await select.selectOption(six!);
    await page.getByRole("button", { name: "Entwurf speichern" }).click();
    await expectFlash(page, "Entwurf gespeichert (1 Frage).");
    await page.getByRole("button", { name: "Veröffentlichen" }).click();
    await expectFlash(page, "Zusammenfassung veröffentlicht.");
    expect(await page.locator("[data-outdated]").count()).toBe(0);

    // A new version takes over (read-time takeover: scheduled with a date that has come), § 6 changed.
    const current = withDb((db) => db.prepare("select id from agreement_versions where status = 'in_force'").get() as { id: number });
    const newSix = withDb((db) => {
      const now = Date.now();
      const { id: versionId } = db
        .prepare(
          "insert into agreement_versions (title, intro, in_force_from, status, updated_at) values ('Neue Fassung', '', ?, 'scheduled', ?) returning id",
        )
        .get(now - 60_000, now) as { id: number };
      db.prepare(
        "insert into agreement_sections (version_id, position, number, title, anchor, body, updated_at) select ?, position, number, title, anchor, case when anchor = 's6' then body || ' Neu gefasst.' else body end, updated_at from agreement_sections where version_id = ?",
      ).run(versionId, current.id);
      return (db.prepare("select id from agreement_sections where version_id = ? and anchor = 's6'").get(versionId) as { id: number }).id;
    });
    try {
      await page.reload();
      const outdated = page.locator(`[data-outdated="${world.q.written}"]`);
      expect(await outdated.textContent()).toContain("Fassung vom");
      expect(await page.locator(".qa-item__version").first().textContent()).toContain("Bezieht sich auf die Fassung vom");
      await checkPage(page);
      await page.getByRole("button", { name: `Mit der geltenden Fassung verknüpfen (Nr. ${world.q.written})` }).click();
      await expectFlash(page, `Frage Nr. ${world.q.written} bezieht sich jetzt auf die geltende Fassung`);
      expect(await page.locator("[data-outdated]").count()).toBe(0);
      const row = withDb(
        (db) =>
          db
            .prepare("select i.section_id from summary_items i join summaries s on s.published_revision_id = i.revision_id where s.id = ?")
            .get(id) as { section_id: number },
      );
      expect(row.section_id).toBe(newSix);
      const audit = withDb(
        (db) =>
          db.prepare("select count(*) n from audit_log where action = 'summary_item_relinked' and subject_id = ?").get(String(id)) as {
            n: number;
          },
      );
      expect(audit.n).toBe(1);
    } finally {
      // Other tests of this file expect the agreement as seeded (the takeover job may have run meanwhile).
      withDb((db) => {
        db.prepare("delete from agreement_versions where title = 'Neue Fassung'").run();
        db.prepare("update agreement_versions set status = 'in_force', superseded_at = null where id = ?").run(current.id);
      });
    }
    await context.close();
  });

  it("a facilitator of another session gets 403, an unknown summary 404", async () => {
    const world = await setUp("sumperm");
    const [stranger] = (await createSignedInPeople(server.databasePath, 1, "sumstranger")) as [SignedInPerson];
    withDb((db) => db.prepare("insert into user_roles (user_id, role) values (?, 'facilitator')").run(stranger.userId));
    const facilitatorContext = await contextFor(world.facilitator, true);
    const id = await startDraft(await facilitatorContext.newPage(), world.sessionId);
    const context = await contextFor(stranger, true);
    const page = await context.newPage();
    expect((await page.goto(`${server.baseUrl}/facilitate/summaries/${id}`))?.status()).toBe(403);
    expect((await page.goto(`${server.baseUrl}/facilitate/summaries/new?session=${world.sessionId}`))?.status()).toBe(403);
    expect((await page.goto(`${server.baseUrl}/facilitate/summaries/99999999`))?.status()).toBe(404);
    expect((await page.goto(`${server.baseUrl}/council`))?.status()).toBe(403);
    await context.close();
    await facilitatorContext.close();
  });

  it("with co-approval on, a council member sends back and then approves; the page says 'abgestimmt mit dem Personalrat'", async () => {
    const world = await setUp("sumcouncil");
    const [admin, member] = (await createSignedInPeople(server.databasePath, 2, "sumcouncilrole")) as [SignedInPerson, SignedInPerson];
    withDb((db) => {
      db.prepare("insert into user_roles (user_id, role) values (?, 'admin')").run(admin.userId);
      db.prepare("insert into user_roles (user_id, role) values (?, 'council')").run(member.userId);
    });
    try {
      // The admin switches co-approval on.
      const adminContext = await contextFor(admin, false);
      const adminPage = await adminContext.newPage();
      await adminPage.goto(`${server.baseUrl}/admin`);
      await adminPage.getByRole("link", { name: "Einstellungen" }).click();
      await expect.poll(() => adminPage.locator("h1").textContent()).toBe("Einstellungen");
      await checkPage(adminPage);
      await adminPage.getByLabel("Eingeschaltet: erst nach Freigabe durch den Personalrat veröffentlichen").check();
      await adminPage.getByRole("button", { name: "Speichern" }).click();
      await expectFlash(adminPage, "Abstimmung mit dem Personalrat eingeschaltet.");
      await adminContext.close();

      const context = await contextFor(world.facilitator, true);
      const page = await context.newPage();
      const id = await startDraft(page, world.sessionId);
      itemsBefore = withDb((db) => (db.prepare("select count(*) n from summary_items").get() as { n: number }).n);
      await composeTwo(page, world.q);
      expect(await page.getByRole("button", { name: "Veröffentlichen" }).count()).toBe(0);
      await page.getByRole("button", { name: "Zur Freigabe an den Personalrat geben" }).click();
      await expectFlash(page, "liegt dem Personalrat zur Freigabe vor");
      expect(await page.locator("[data-summary-status]").textContent()).toContain("zur Freigabe");
      await checkPage(page);

      // The council member: header link, list, send back without a comment (refused), with one, then approve.
      for (const javaScript of [false, true]) {
        const councilContext = await contextFor(member, javaScript);
        const councilPage = await councilContext.newPage();
        await councilPage.goto(`${server.baseUrl}/sessions`);
        // A council member has two work areas (Personalrat, Berichte): they sit in the "Bereiche" menu.
        await councilPage.locator(".site-nav summary").click();
        await councilPage.locator(".site-nav").getByRole("link", { name: "Personalrat" }).click();
        await expect.poll(() => councilPage.locator("h1").textContent()).toBe("Personalrat");
        await checkPage(councilPage);
        const waiting = withDb(
          (db) => (db.prepare("select count(*) n from summary_revisions where status = 'in_review'").get() as { n: number }).n,
        );
        expect(await councilPage.locator("[data-council-row]").count()).toBe(waiting);
        await councilPage.locator(`[data-council-row="${id}"] a`).click();
        await expect.poll(() => councilPage.locator("h1").textContent()).toBe("Zusammenfassung prüfen");
        await checkPage(councilPage);
        if (!javaScript) {
          await councilPage.getByRole("button", { name: "Mit Kommentar zurückgeben" }).click();
          await expect.poll(() => councilPage.locator("#comment-error").textContent()).toContain("Bitte schreiben Sie der Moderation");
          await checkPage(councilPage);
          await councilPage.getByLabel("Kommentar für die Moderation").fill("Bitte die zweite Antwort allgemeiner fassen.");
          await councilPage.getByRole("button", { name: "Mit Kommentar zurückgeben" }).click();
          await expectFlash(councilPage, "an die Moderation zurückgegeben");
          // The facilitator reads the comment, saves again and resubmits.
          await page.reload();
          expect(await page.locator("[data-council-comment]").textContent()).toContain("Bitte die zweite Antwort allgemeiner fassen.");
          await page.getByLabel(`Antwort (Nr. ${world.q.inSession})`).fill("Ja. Die Schulung findet in der Arbeitszeit statt.");
          await page.getByRole("button", { name: "Entwurf speichern" }).click();
          await expectFlash(page, "Entwurf gespeichert");
          await page.getByRole("button", { name: "Zur Freigabe an den Personalrat geben" }).click();
          await expectFlash(page, "liegt dem Personalrat zur Freigabe vor");
        } else {
          await councilPage.getByRole("button", { name: "Freigeben" }).click();
          await expectFlash(councilPage, "Zusammenfassung freigegeben.");
          expect(await councilPage.locator("[data-council-empty]").count()).toBe(1);
        }
        await councilContext.close();
      }

      const approved = withDb(
        (db) =>
          db.prepare("select status, approved_by_id from summary_revisions where summary_id = ?").get(id) as {
            status: string;
            approved_by_id: number;
          },
      );
      expect(approved).toEqual({ status: "approved", approved_by_id: member.userId });
      await page.reload();
      await page.getByRole("button", { name: "Veröffentlichen" }).click();
      await expectFlash(page, "Zusammenfassung veröffentlicht.");
      expect(await page.locator(".qa-dates").textContent()).toContain("abgestimmt mit dem Personalrat am");
      await context.close();

      // The admin switches it off again, with JavaScript this time.
      const adminAgain = await contextFor(admin, true);
      const settingsPage = await adminAgain.newPage();
      await settingsPage.goto(`${server.baseUrl}/admin/settings`);
      await checkPage(settingsPage);
      await settingsPage.getByLabel("Ausgeschaltet: die Moderation veröffentlicht direkt").check();
      await settingsPage.getByRole("button", { name: "Speichern" }).click();
      await expectFlash(settingsPage, "Abstimmung mit dem Personalrat ausgeschaltet.");
      expect(withDb((db) => db.prepare("select value from settings where key = 'summaries.council_approval'").get())).toEqual({
        value: "off",
      });
      await adminAgain.close();
    } finally {
      withDb((db) => db.prepare("delete from settings where key = 'summaries.council_approval'").run());
    }
    // Three browsers and two dozen page loads: on a busy machine well over the default minute.
  }, 180_000);
});
