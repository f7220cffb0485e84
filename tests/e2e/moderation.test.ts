// The facilitator's start page: their sessions with the figures of each (seats held, waitlist,
// questions waiting) from the database, a "Heute" marker and every page for the door in one card.
import Database from "better-sqlite3";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeWithBrowser, expectNoAxeViolations, launchBrowser, newContextWithoutJavaScript } from "../support/browser";
import { TEST_SECRET, createPublishedSession, createSignedInPeople, insertRegistration, type SignedInPerson } from "../support/seeding";
import { startAppServer, type AppServer } from "../support/server";

describeWithBrowser("Moderation (/moderation)", () => {
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

  function db<T>(fn: (d: Database.Database) => T): T {
    const d = new Database(server.databasePath);
    d.pragma("busy_timeout = 5000");
    try {
      return fn(d);
    } finally {
      d.close();
    }
  }

  for (const javaScript of [true, false]) {
    it(`shows each session's figures as the database has them, 'Heute' and the links for the door (${javaScript ? "with" : "without"} JavaScript)`, async () => {
      const tag = javaScript ? "modjs" : "modnojs";
      const people = (await createSignedInPeople(server.databasePath, 6, tag)) as SignedInPerson[];
      const facilitator = people[0]!;
      db((d) => d.prepare("insert into user_roles (user_id, role) values (?, 'facilitator')").run(facilitator.userId));
      // One session in two hours (today, in Berlin, unless the test runs just before midnight), one next week.
      const inTwoHours = Date.now() + 2 * 3600_000;
      const today = createPublishedSession(server.databasePath, {
        capacity: 3,
        title: `Heute ${tag}`,
        startsAt: inTwoHours,
        facilitatorEmail: facilitator.email,
      });
      const later = createPublishedSession(server.databasePath, {
        capacity: 10,
        title: `Später ${tag}`,
        facilitatorEmail: facilitator.email,
      });
      insertRegistration(server.databasePath, today, people[1]!.userId, "confirmed");
      insertRegistration(server.databasePath, today, people[2]!.userId, "offered");
      insertRegistration(server.databasePath, today, people[3]!.userId, "confirmed");
      insertRegistration(server.databasePath, today, people[4]!.userId, "waitlisted");
      insertRegistration(server.databasePath, today, people[5]!.userId, "cancelled");
      db((d) =>
        d
          .prepare(
            "insert into questions (session_id, text, anonymous, status, created_at, updated_at) values (?, ?, 1, 'submitted', ?, ?)",
          )
          .run(today, "Gilt die Vereinbarung auch für Praktikantinnen?", Date.now(), Date.now()),
      );

      const context = javaScript ? await browser.newContext({ locale: "de-DE" }) : await newContextWithoutJavaScript(browser);
      await context.addCookies([{ name: "ki_login", value: facilitator.cookie.split("=").slice(1).join("="), url: server.baseUrl }]);
      const page = await context.newPage();
      await page.goto(`${server.baseUrl}/moderation`);

      const figures = (id: number) =>
        db((d) => ({
          seatsHeld: (
            d
              .prepare("select count(*) n from registrations where session_id = ? and status in ('confirmed','offered','attended')")
              .get(id) as { n: number }
          ).n,
          waitlisted: (
            d.prepare("select count(*) n from registrations where session_id = ? and status = 'waitlisted'").get(id) as { n: number }
          ).n,
        }));
      for (const id of [today, later]) {
        const card = page.locator(`[data-moderation-session="${id}"]`);
        const expected = figures(id);
        expect(Number(await card.locator('[data-figure="seats-held"]').textContent())).toBe(expected.seatsHeld);
        expect(Number(await card.locator('[data-figure="waitlisted"]').textContent())).toBe(expected.waitlisted);
        for (const name of [/^Teilnehmende und Anwesenheit/, /^Ablauf/, /^Unterschriftenliste/, /^CSV/]) {
          expect(await card.getByRole("link", { name }).count()).toBe(1);
        }
      }
      expect(figures(today)).toEqual({ seatsHeld: 3, waitlisted: 1 });
      const todayCard = page.locator(`[data-moderation-session="${today}"]`);
      expect(await todayCard.locator(`[data-waiting="${today}"]`).textContent()).toContain("1 Frage wartet");
      const berlinDay = (ms: number) => new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Berlin" }).format(ms);
      if (berlinDay(inTwoHours) === berlinDay(Date.now())) expect(await todayCard.locator(".badge--today").textContent()).toBe("Heute");
      expect(await page.locator(`[data-moderation-session="${later}"] .badge--today`).count()).toBe(0);
      await expectNoAxeViolations(page);
      await page.setViewportSize({ width: 320, height: 640 });
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);

      // The door: one tap to the participants page.
      await todayCard.getByRole("link", { name: /^Teilnehmende und Anwesenheit/ }).click();
      await expect.poll(() => new URL(page.url()).pathname).toBe(`/sessions/${today}/participants`);
      await context.close();
    });
  }
});
