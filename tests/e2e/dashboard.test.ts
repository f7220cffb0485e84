// The organisers' dashboard on /admin (decision 018): every figure on the page equals the
// database file behind the running server, with JavaScript on and off; axe finds nothing and
// the page does not scroll sideways at 320 px.
import Database from "better-sqlite3";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeWithBrowser, expectNoAxeViolations, launchBrowser, newContextWithoutJavaScript } from "../support/browser";
import { TEST_SECRET, createSignedInPeople, type SignedInPerson } from "../support/seeding";
import { startAppServer, type AppServer } from "../support/server";

const H = 3600_000;
const DAY = 24 * H;
const WEEKS = 8;

type Planned = {
  start: number;
  capacity: number;
  status: "draft" | "published" | "cancelled";
  held: number;
  waiting: number;
  questions: number;
  facilitated: boolean;
};

function seed(databasePath: string, people: SignedInPerson[], facilitatorId: number) {
  const plans: Planned[] = [
    { start: 2 * DAY, capacity: 20, status: "published", held: 12, waiting: 0, questions: 3, facilitated: true },
    { start: 5 * DAY, capacity: 4, status: "published", held: 4, waiting: 6, questions: 0, facilitated: false },
    { start: 9 * DAY, capacity: 1, status: "published", held: 1, waiting: 2, questions: 5, facilitated: true },
    { start: 10 * DAY, capacity: 10, status: "cancelled", held: 0, waiting: 0, questions: 1, facilitated: false },
    { start: 10 * 7 * DAY, capacity: 10, status: "published", held: 3, waiting: 0, questions: 0, facilitated: false },
    { start: 6 * DAY, capacity: 10, status: "draft", held: 0, waiting: 0, questions: 0, facilitated: false },
    { start: -5 * DAY, capacity: 10, status: "published", held: 2, waiting: 0, questions: 2, facilitated: true },
  ];
  const db = new Database(databasePath);
  db.pragma("busy_timeout = 5000");
  const now = Date.now();
  let person = 0;
  db.transaction(() => {
    const { id: seriesId } = db.prepare("insert into series (title) values ('Überblick-Reihe') returning id").get() as { id: number };
    for (const plan of plans) {
      const start = now + plan.start;
      const { id } = db
        .prepare(
          "insert into sessions (series_id, starts_at, ends_at, format, place, room, capacity, status, published_at) values (?, ?, ?, 'online', '', '', ?, ?, ?) returning id",
        )
        .get(seriesId, start, start + 90 * 60_000, plan.capacity, plan.status, plan.status === "draft" ? null : now - DAY) as {
        id: number;
      };
      const register = db.prepare("insert into registrations (session_id, user_id, status, queued_at, updated_at) values (?, ?, ?, ?, ?)");
      for (let i = 0; i < plan.held; i++) register.run(id, people[person++]!.userId, "confirmed", now - person * H, now);
      for (let i = 0; i < plan.waiting; i++) register.run(id, people[person++]!.userId, "waitlisted", now - person * H, now);
      const ask = db.prepare(
        "insert into questions (session_id, text, anonymous, status, created_at, updated_at) values (?, ?, 0, ?, ?, ?)",
      );
      for (let i = 0; i < plan.questions; i++) ask.run(id, `Frage ${i}`, "submitted", now, now);
      ask.run(id, "Schon angenommen", "accepted", now, now);
      if (plan.facilitated) db.prepare("insert into session_facilitators (session_id, user_id) values (?, ?)").run(id, facilitatorId);
    }
    const mail = db.prepare(
      "insert into outbox (dedupe_key, kind, recipient, subject, text, html, status, attempts, next_attempt_at, created_at) values (?, 'confirm', 'x@stadt.example', 'S', 'T', 'H', ?, ?, ?, ?)",
    );
    mail.run("dash:1", "failed", 6, now, now);
    mail.run("dash:2", "pending", 2, now, now);
    mail.run("dash:3", "sent", 1, now, now);
  })();
  db.close();
}

function truth(databasePath: string) {
  const db = new Database(databasePath, { readonly: true });
  const now = Date.now();
  const one = (query: string, ...args: unknown[]) => (db.prepare(query).get(...args) as { n: number }).n;
  const upcoming = db
    .prepare(
      `select s.id, s.capacity,
         (select count(*) from registrations r where r.session_id = s.id and r.status in ('confirmed', 'offered', 'attended')) as taken,
         (select count(*) from registrations r where r.session_id = s.id and r.status = 'waitlisted') as waitlisted,
         (select count(*) from questions q where q.session_id = s.id and q.status = 'submitted') as questions
       from sessions s where s.status = 'published' and s.ends_at > ? and s.starts_at < ? order by s.starts_at, s.id`,
    )
    .all(now, now + WEEKS * 7 * DAY);
  const figures = {
    "undelivered-mails": one("select count(*) as n from outbox where status = 'failed' or (status = 'pending' and attempts > 0)"),
    "questions-waiting": one("select count(*) as n from questions where status = 'submitted'"),
    drafts: one("select count(*) as n from sessions where status = 'draft' and starts_at > ?", now),
    "without-facilitator": one(
      `select count(*) as n from sessions s where s.status in ('draft', 'published') and s.ends_at > ?
         and not exists (select 1 from session_facilitators f where f.session_id = s.id)`,
      now,
    ),
  };
  db.close();
  return { upcoming, figures };
}

async function readDashboard(page: Page) {
  const figures: Record<string, number> = {};
  for (const figure of await page.locator("[data-figures=dashboard] [data-figure]").all()) {
    const text = ((await figure.textContent()) ?? "").trim();
    // The number the reader sees (none shown reads as 0), checked against the data attribute.
    const shown = /^\d+/.exec(text)?.[0];
    figures[(await figure.getAttribute("data-figure"))!] = shown === undefined ? 0 : Number(shown);
    expect(Number(await figure.getAttribute("data-count"))).toBe(shown === undefined ? 0 : Number(shown));
  }
  const upcoming = [];
  for (const row of await page.locator("table[data-table=dashboard-upcoming] tbody tr").all()) {
    const seats = ((await row.locator("[data-figure=seats]").textContent()) ?? "").trim();
    const [, taken, capacity] = /^(\d+) von (\d+) Pl(?:atz|ätzen)$/.exec(seats) ?? [];
    const meter = row.locator("meter");
    expect(Number(await meter.getAttribute("max"))).toBe(Number(capacity));
    upcoming.push({
      id: Number(await row.getAttribute("data-session-id")),
      capacity: Number(capacity),
      taken: Number(taken),
      waitlisted: Number(await row.locator("[data-figure=waitlisted]").textContent()),
      questions: Number(await row.locator("[data-figure=questions]").textContent()),
    });
  }
  return { upcoming, figures };
}

describeWithBrowser("the organisers' dashboard shows the database's figures", () => {
  let server: AppServer;
  let browser: Browser;
  let admin: SignedInPerson;

  beforeAll(async () => {
    server = await startAppServer({ SESSION_SECRET: TEST_SECRET, JOBS: "off", LOG_REQUESTS: "off" });
    browser = await launchBrowser();
    const [organiser, facilitator] = await createSignedInPeople(server.databasePath, 2, "dash");
    admin = organiser!;
    const db = new Database(server.databasePath);
    db.prepare("insert into user_roles (user_id, role) values (?, 'admin')").run(admin.userId);
    db.prepare("insert into user_roles (user_id, role) values (?, 'facilitator')").run(facilitator!.userId);
    db.close();
    seed(server.databasePath, await createSignedInPeople(server.databasePath, 40, "platz"), facilitator!.userId);
  });

  afterAll(async () => {
    await browser?.close();
    expect(await server?.stop()).toBe(0);
  });

  async function asAdmin(javaScript: boolean): Promise<BrowserContext> {
    const context = javaScript ? await browser.newContext({ locale: "de-DE" }) : await newContextWithoutJavaScript(browser);
    await context.addCookies([{ name: "ki_login", value: admin.cookie.split("=").slice(1).join("="), url: server.baseUrl }]);
    return context;
  }

  for (const javaScript of [true, false]) {
    it(`every figure equals the database (JavaScript ${javaScript ? "on" : "off"})`, async () => {
      const expected = truth(server.databasePath);
      // Data that tell the sessions apart, and every total above zero.
      expect(new Set(expected.upcoming.map((s) => (s as { taken: number }).taken)).size).toBeGreaterThanOrEqual(3);
      expect(Object.values(expected.figures).every((n) => n > 0)).toBe(true);

      const context = await asAdmin(javaScript);
      const page = await context.newPage();
      if (javaScript) {
        // Through a client-side navigation, so the loader's data path is the one read.
        await page.goto(`${server.baseUrl}/admin/mail`);
        // The way back on /admin/mail ("← Verwaltung"); the header's brand may name a Stadtverwaltung.
        await page.locator('main a[href="/admin"]').first().click();
        await expect.poll(() => page.url()).toBe(`${server.baseUrl}/admin`);
      } else {
        await page.goto(`${server.baseUrl}/admin`);
      }
      await page.locator("[data-figures=dashboard]").waitFor();
      expect(await readDashboard(page)).toEqual(expected);
      expect(await page.locator("table[data-table=dashboard-upcoming]").textContent()).toContain("12 von 20 Plätzen");
      // The links lead where the figures come from.
      expect(await page.locator("[data-figure=undelivered-mails]").getAttribute("href")).toBe("/admin/mail");
      expect(await page.locator("[data-figure=questions-waiting]").getAttribute("href")).toBe("/facilitate");
      expect(await page.locator("section[aria-labelledby=drafts] a").count()).toBe(expected.figures.drafts);
      // The series list stays below.
      expect(await page.getByRole("heading", { name: "Veranstaltungsreihen" }).count()).toBe(1);
      await expectNoAxeViolations(page);

      await page.setViewportSize({ width: 320, height: 640 });
      await page.reload();
      const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }));
      expect(widths.scroll).toBeLessThanOrEqual(widths.inner);
      await context.close();
    });
  }
});
