// "Meine Daten" (decision 021): the page and the download show what the database holds, the
// account goes after one confirmation (a dialog with JavaScript, a step without), and
// organisers do the same for a person registered by hand.
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
import { TEST_SECRET, createSeriesWithSessions, createSignedInPeople, insertRegistration, type SignedInPerson } from "../support/seeding";
import { startAppServer, type AppServer } from "../support/server";

const DAY = 24 * 3600_000;

describeWithBrowser("Meine Daten (/me/data)", () => {
  let server: AppServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startAppServer({ SESSION_SECRET: TEST_SECRET, LOG_REQUESTS: "off", JOBS: "off" });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    expect(await server?.stop()).toBe(0);
  });

  function db<T>(fn: (d: Database.Database) => T): T {
    const d = new Database(server.databasePath);
    d.pragma("busy_timeout = 5000");
    try {
      return fn(d);
    } finally {
      d.close();
    }
  }

  const count = (sql: string, ...args: unknown[]) => db((d) => (d.prepare(sql).get(...args) as { n: number }).n);

  async function contextFor(person: SignedInPerson, javaScript: boolean): Promise<BrowserContext> {
    const context = javaScript ? await browser.newContext({ locale: "de-DE" }) : await newContextWithoutJavaScript(browser);
    await context.addCookies([{ name: "ki_login", value: person.cookie.split("=").slice(1).join("="), url: server.baseUrl }]);
    return context;
  }

  async function checkPage(page: Page) {
    await expectNoAxeViolations(page);
    await page.setViewportSize({ width: 320, height: 640 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await page.setViewportSize({ width: 1280, height: 800 });
  }

  /** The figure in a section's heading, e.g. "Anmeldungen (3)". */
  async function figure(page: Page, id: string): Promise<number> {
    const text = (await page.locator(`h2#${id}`).textContent()) ?? "";
    return Number(/\((\d+)\)/.exec(text)?.[1] ?? Number.NaN);
  }

  async function world(tag: string) {
    const [me, waiting] = (await createSignedInPeople(server.databasePath, 2, tag)) as [SignedInPerson, SignedInPerson];
    const now = Date.now();
    const { sessionIds } = createSeriesWithSessions(server.databasePath, {
      title: `Reihe ${tag}`,
      sessions: [
        { startsAt: now + 10 * DAY, capacity: 1 },
        { startsAt: now - 5 * DAY, capacity: 5 },
      ],
    });
    const [seat, past] = sessionIds as [number, number];
    insertRegistration(server.databasePath, seat, me.userId, "confirmed");
    insertRegistration(server.databasePath, seat, waiting.userId, "waitlisted");
    insertRegistration(server.databasePath, past, me.userId, "attended");
    db((d) =>
      d
        .prepare("insert into questions (text, anonymous, author_id, status, created_at, updated_at) values (?, 0, ?, 'submitted', ?, ?)")
        .run(`Eine Frage von ${tag} zur Dienstvereinbarung`, me.userId, now, now),
    );
    return { me, waiting, seat, past };
  }

  for (const javaScript of [true, false]) {
    it(`shows and exports everything stored, then deletes the account after one confirmation (${javaScript ? "with" : "without"} JavaScript)`, async () => {
      const w = await world(javaScript ? "mdjs" : "mdnojs");
      const context = await contextFor(w.me, javaScript);
      const page = await context.newPage();
      const problems = watchPageProblems(page);

      await page.goto(`${server.baseUrl}/me`);
      await page.getByRole("link", { name: "Meine Daten" }).click();
      await page.waitForURL(/\/me\/data$/);
      await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("Meine Daten");
      // Every figure against the database.
      expect(await figure(page, "anmeldungen")).toBe(count("select count(*) as n from registrations where user_id = ?", w.me.userId));
      expect(await figure(page, "teilnahme")).toBe(
        count("select count(*) as n from registrations where user_id = ? and status = 'attended'", w.me.userId),
      );
      expect(await figure(page, "fragen")).toBe(count("select count(*) as n from questions where author_id = ?", w.me.userId));
      expect(await figure(page, "logins")).toBe(count("select count(*) as n from login_sessions where user_id = ?", w.me.userId));
      expect(await figure(page, "e-mails")).toBe(count("select count(*) as n from outbox where recipient = ?", w.me.email));
      expect(await figure(page, "stimmen")).toBe(count("select count(*) as n from question_votes where user_id = ?", w.me.userId));
      expect(await figure(page, "neue-termine")).toBe(count("select count(*) as n from new_date_alerts where user_id = ?", w.me.userId));
      expect(await figure(page, "moderation")).toBe(count("select count(*) as n from session_facilitators where user_id = ?", w.me.userId));
      expect(await figure(page, "login-anfragen")).toBe(
        count("select count(*) as n from login_tokens where email = ?", w.me.email) +
          count("select count(*) as n from rate_limit_hits where bucket = ?", `address:${w.me.email}`),
      );
      expect(await figure(page, "protokoll")).toBe(
        count(
          "select count(*) as n from audit_log where actor_id = ? or (subject_type = 'user' and subject_id = ?)",
          w.me.userId,
          String(w.me.userId),
        ),
      );
      expect(await page.locator("[data-section=profil]").textContent()).toContain(w.me.email);
      await checkPage(page);

      // The download: an attachment with the same rows.
      const download = await page.request.get(`${server.baseUrl}/me/data.json`);
      expect(download.headers()["content-disposition"]).toMatch(/^attachment; filename="meine-daten-\d{4}-\d{2}-\d{2}\.json"$/);
      const json = (await download.json()) as { profile: { email: string }; registrations: unknown[]; questions: unknown[] };
      expect(json.profile.email).toBe(w.me.email);
      expect(json.registrations).toHaveLength(2);
      expect(json.questions).toHaveLength(1);

      // "Konto löschen" asks once: a dialog with JavaScript, the step on the page without.
      await page.getByRole("button", { name: "Konto löschen" }).click();
      if (javaScript) {
        const dialog = page.getByRole("dialog", { name: "Konto wirklich löschen?" });
        await expect.poll(() => dialog.isVisible()).toBe(true);
        await expectNoAxeViolations(page);
        expect(count("select count(*) as n from users where id = ?", w.me.userId)).toBe(1);
        await dialog.getByRole("button", { name: "Ja, Konto löschen" }).click();
      } else {
        await page.waitForURL(/loeschen=1/);
        const step = page.getByRole("region", { name: "Konto wirklich löschen?" });
        expect(await step.count()).toBe(1);
        await checkPage(page);
        expect(count("select count(*) as n from users where id = ?", w.me.userId)).toBe(1);
        await step.getByRole("button", { name: "Ja, Konto löschen" }).click();
      }
      await page.waitForURL(/\/account-deleted$/);
      await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("Ihr Konto ist gelöscht");
      await expect
        .poll(() => page.getByRole("status").first().textContent())
        .toContain("1 kommende Anmeldung abgemeldet, 2 Anmeldungen anonymisiert, 1 Frage anonymisiert, 0 Stimmen entfernt.");
      await checkPage(page);

      expect(count("select count(*) as n from users where id = ? or email = ?", w.me.userId, w.me.email)).toBe(0);
      expect(
        count(
          "select count(*) as n from registrations where session_id = ? and user_id = ? and status = 'confirmed'",
          w.seat,
          w.waiting.userId,
        ),
      ).toBe(1);
      expect(
        count("select count(*) as n from outbox where recipient = ? and kind = 'cancellation' and ics_method = 'CANCEL'", w.me.email),
      ).toBe(1);
      // Signed out: /me asks to sign in again.
      await page.goto(`${server.baseUrl}/me`);
      expect(new URL(page.url()).pathname).toBe("/login");
      expect(problems).toEqual([]);
      await context.close();
    });
  }

  for (const javaScript of [true, false]) {
    it(`lets organisers show and delete the data of a person registered by hand, audited (${javaScript ? "with" : "without"} JavaScript)`, async () => {
      const tag = javaScript ? "admjs" : "admnojs";
      const [admin, staff] = (await createSignedInPeople(server.databasePath, 2, tag)) as [SignedInPerson, SignedInPerson];
      db((d) => d.prepare("insert into user_roles (user_id, role) values (?, 'admin')").run(admin.userId));
      const name = `Hanna Hand ${tag}`;
      const byHand = db(
        (d) =>
          (
            d
              .prepare(
                "insert into users (email, display_name, department, profile_completed_at) values (null, ?, 'Bauhof', ?) returning id",
              )
              .get(name, Date.now()) as { id: number }
          ).id,
      );
      const { sessionIds } = createSeriesWithSessions(server.databasePath, {
        title: `Reihe ${tag}`,
        sessions: [{ startsAt: Date.now() + 9 * DAY, capacity: 3 }],
      });
      insertRegistration(server.databasePath, sessionIds[0]!, byHand, "confirmed");

      // Not for anyone else, and only for people without an address.
      const staffContext = await contextFor(staff, javaScript);
      const forbidden = await staffContext.request.get(`${server.baseUrl}/admin/people/${byHand}/data`);
      expect(forbidden.status()).toBe(403);
      await staffContext.close();

      const context = await contextFor(admin, javaScript);
      const page = await context.newPage();
      const problems = watchPageProblems(page);
      expect((await context.request.get(`${server.baseUrl}/admin/people/${staff.userId}/data`)).status()).toBe(404);

      await page.goto(`${server.baseUrl}/admin/people?${new URLSearchParams({ q: name })}`);
      const card = page.locator(`[data-person-without-address="${byHand}"]`);
      await checkPage(page);
      await card.getByRole("link", { name: /^Daten anzeigen\/exportieren/ }).click();
      await page.waitForURL(new RegExp(`/admin/people/${byHand}/data$`));
      await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe(`Gespeicherte Daten: ${name}`);
      expect(await figure(page, "anmeldungen")).toBe(count("select count(*) as n from registrations where user_id = ?", byHand));
      await checkPage(page);
      expect(
        count(
          "select count(*) as n from audit_log where action = 'personal_data_exported' and actor_id = ? and subject_id = ?",
          admin.userId,
          String(byHand),
        ),
      ).toBeGreaterThan(0);

      await page.getByRole("button", { name: `Konto von ${name} löschen` }).click();
      if (javaScript) {
        const dialog = page.getByRole("dialog", { name: `Konto von ${name} wirklich löschen?` });
        await expect.poll(() => dialog.isVisible()).toBe(true);
        await dialog.getByRole("button", { name: "Ja, Konto löschen" }).click();
      } else {
        await page
          .getByRole("region", { name: `Konto von ${name} wirklich löschen?` })
          .getByRole("button", { name: "Ja, Konto löschen" })
          .click();
      }
      await page.waitForURL(/\/admin\/people$/);
      await expect
        .poll(() => page.getByRole("status").first().textContent())
        .toContain(`Das Konto von ${name} ist gelöscht: 1 kommende Anmeldung abgemeldet`);
      expect(count("select count(*) as n from users where id = ?", byHand)).toBe(0);
      expect(count("select count(*) as n from audit_log where action = 'account_deleted_by_admin' and actor_id = ?", admin.userId)).toBe(1);
      expect(problems).toEqual([]);
      await context.close();
    });
  }
});
