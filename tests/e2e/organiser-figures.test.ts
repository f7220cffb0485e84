// The figures an organiser reads on /admin, /admin/series/:id, /admin/sessions/:id and
// /sessions/:id/participants, compared with the database file behind the running server —
// with JavaScript on (client-side navigation through the loaders) and off (plain HTML).
import Database from "better-sqlite3";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeWithBrowser, expectNoAxeViolations, launchBrowser, newContextWithoutJavaScript } from "../support/browser";
import { TEST_SECRET, createSignedInPeople, type SignedInPerson } from "../support/seeding";
import { startAppServer, type AppServer } from "../support/server";

const H = 3600_000;
const DAY = 24 * H;

type Mix = Partial<Record<"confirmed" | "offered" | "attended" | "waitlisted" | "cancelled" | "cancelled_by_organizer", number>>;
type Planned = { start: number; capacity: number; status: "draft" | "published" | "cancelled"; mix: Mix };

/** Two series with dates whose figures all differ, written straight into the server's file. */
function seed(databasePath: string, people: SignedInPerson[]) {
  const plans: Record<string, Planned[]> = {
    "Zahlen A": [
      { start: 2 * DAY, capacity: 10, status: "published", mix: { confirmed: 3, offered: 1, waitlisted: 2, cancelled: 1 } },
      { start: 5 * DAY, capacity: 4, status: "published", mix: { confirmed: 4, offered: 1, waitlisted: 5, cancelled_by_organizer: 2 } },
      { start: 9 * DAY, capacity: 12, status: "draft", mix: {} },
      { start: -10 * DAY, capacity: 8, status: "published", mix: { attended: 2, confirmed: 1, cancelled: 1 } },
    ],
    "Zahlen B": [
      { start: 3 * DAY, capacity: 20, status: "published", mix: { confirmed: 7 } },
      { start: 4 * DAY, capacity: 15, status: "cancelled", mix: { cancelled_by_organizer: 3 } },
      { start: 6 * DAY, capacity: 2, status: "published", mix: { confirmed: 1, offered: 1, waitlisted: 3 } },
      { start: 7 * DAY, capacity: 5, status: "published", mix: {} },
      { start: 8 * DAY, capacity: 10, status: "draft", mix: {} },
      { start: 11 * DAY, capacity: 10, status: "draft", mix: {} },
      { start: -20 * 60_000, capacity: 9, status: "published", mix: { confirmed: 4, attended: 2, waitlisted: 1 } },
    ],
  };
  const db = new Database(databasePath);
  db.pragma("busy_timeout = 5000");
  const now = Date.now();
  const insertSeries = db.prepare("insert into series (title, waitlist_mode) values (?, 'offer') returning id");
  const insertSession = db.prepare(
    "insert into sessions (series_id, starts_at, ends_at, format, place, room, capacity, status, published_at) values (?, ?, ?, 'in_person', 'Rathaus', 'Ratssaal', ?, ?, ?) returning id",
  );
  const insertRegistration = db.prepare(
    "insert into registrations (session_id, user_id, status, queued_at, updated_at, offer_expires_at, overbooked) values (?, ?, ?, ?, ?, ?, ?)",
  );
  const seriesIds: number[] = [];
  const sessionIds: number[] = [];
  let person = 0;
  db.transaction(() => {
    for (const [title, planned] of Object.entries(plans)) {
      const { id: seriesId } = insertSeries.get(title) as { id: number };
      seriesIds.push(seriesId);
      for (const plan of planned) {
        const start = now + plan.start;
        const { id } = insertSession.get(
          seriesId,
          start,
          start + 90 * 60_000,
          plan.capacity,
          plan.status,
          plan.status === "draft" ? null : now - 30 * DAY,
        ) as { id: number };
        sessionIds.push(id);
        const held = (plan.mix.confirmed ?? 0) + (plan.mix.attended ?? 0);
        for (const [status, n] of Object.entries(plan.mix)) {
          for (let i = 0; i < n; i++) {
            const userId = people[person++]!.userId;
            const offerEnds = status === "offered" ? Math.min(start, now + DAY) : null;
            const overbooked = status === "offered" && held >= plan.capacity ? 1 : 0;
            insertRegistration.run(id, userId, status, now - person * H, now, offerEnds, overbooked);
          }
        }
      }
    }
  })();
  db.close();
  return { seriesIds, sessionIds };
}

/** The truth, read from the database file with plain SQL. */
function truth(databasePath: string) {
  const db = new Database(databasePath, { readonly: true });
  const now = Date.now();
  const series = db
    .prepare(
      `select se.id,
         (select count(*) from sessions s where s.series_id = se.id and s.status = 'published' and s.ends_at > ?) as upcoming,
         (select count(*) from sessions s where s.series_id = se.id and s.status = 'draft') as drafts
       from series se order by se.id`,
    )
    .all(now) as { id: number; upcoming: number; drafts: number }[];
  const sessions = db
    .prepare(
      `select s.id, s.series_id as seriesId, s.capacity, s.starts_at as startsAt, s.status,
         (select count(*) from registrations r where r.session_id = s.id and r.status in ('confirmed', 'offered', 'attended')) as held,
         (select count(*) from registrations r where r.session_id = s.id and r.status = 'offered') as offered,
         (select count(*) from registrations r where r.session_id = s.id and r.status = 'attended') as attended,
         (select count(*) from registrations r where r.session_id = s.id and r.status = 'waitlisted') as waitlisted
       from sessions s order by s.id`,
    )
    .all() as {
    id: number;
    seriesId: number;
    capacity: number;
    startsAt: number;
    status: string;
    held: number;
    offered: number;
    attended: number;
    waitlisted: number;
  }[];
  db.close();
  return { series, sessions };
}

const idFrom = (href: string | null) => Number(/\/(\d+)$/.exec(href ?? "")?.[1]);
const number = (text: string | null) => Number((text ?? "").trim());

async function readOverview(page: Page) {
  // The series table, below the dashboard.
  const rows = page.getByRole("region", { name: "Veranstaltungsreihen" }).locator("table tbody tr");
  const figures: { id: number; upcoming: number; drafts: number }[] = [];
  for (const row of await rows.all()) {
    const cells = row.locator("td");
    figures.push({
      id: idFrom(await cells.nth(0).locator("a").getAttribute("href")),
      upcoming: number(await cells.nth(2).textContent()),
      drafts: number(await cells.nth(3).textContent()),
    });
  }
  return figures.sort((a, b) => a.id - b.id);
}

async function readSeriesPage(page: Page) {
  const figures: { id: number; held: number; capacity: number; waitlisted: number }[] = [];
  for (const row of await page.locator("main table tbody tr").all()) {
    const cells = row.locator("td");
    const [held, capacity] = ((await cells.nth(3).textContent()) ?? "").split("/").map(number);
    figures.push({
      id: idFrom(await cells.nth(0).locator("a").getAttribute("href")),
      held: held!,
      capacity: capacity!,
      waitlisted: number(await cells.nth(4).textContent()),
    });
  }
  return figures.sort((a, b) => a.id - b.id);
}

/** No sideways scrolling of the whole page on a 320 px wide phone (WCAG 1.4.10 Reflow). */
async function expectReflowAt320(page: Page) {
  const before = page.viewportSize();
  await page.setViewportSize({ width: 320, height: 640 });
  await page.reload();
  const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }));
  expect(widths.scroll, `${page.url()} at 320 px`).toBeLessThanOrEqual(widths.inner);
  if (before) await page.setViewportSize(before);
}

describeWithBrowser("organiser figures equal the database", () => {
  let server: AppServer;
  let browser: Browser;
  let admin: SignedInPerson;
  let seeded: { seriesIds: number[]; sessionIds: number[] };

  beforeAll(async () => {
    // No jobs: an offer must not expire while the test reads the pages.
    server = await startAppServer({ SESSION_SECRET: TEST_SECRET, JOBS: "off", LOG_REQUESTS: "off" });
    browser = await launchBrowser();
    admin = (await createSignedInPeople(server.databasePath, 1, "orga"))[0]!;
    const db = new Database(server.databasePath);
    db.prepare("insert into user_roles (user_id, role) values (?, 'admin')").run(admin.userId);
    db.close();
    seeded = seed(server.databasePath, await createSignedInPeople(server.databasePath, 60, "zahl"));
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
    it(`shows the database's figures on every organiser page (JavaScript ${javaScript ? "on" : "off"})`, async () => {
      const { series, sessions } = truth(server.databasePath);
      // The seeded data tell dates and series apart; "the same number everywhere" cannot pass.
      const ours = sessions.filter((s) => seeded.sessionIds.includes(s.id));
      expect(new Set(ours.map((s) => s.held)).size).toBeGreaterThanOrEqual(5);
      expect(new Set(ours.map((s) => s.waitlisted)).size).toBeGreaterThanOrEqual(4);
      expect(series.filter((s) => seeded.seriesIds.includes(s.id)).map((s) => [s.upcoming, s.drafts])).toEqual([
        [2, 1],
        [4, 2],
      ]);

      const context = await asAdmin(javaScript);
      const page = await context.newPage();
      await page.goto(`${server.baseUrl}/admin`);
      expect(await page.locator("h1").textContent()).toBe("Verwaltung");
      // Every series on the page, demo content included, against the database.
      expect(await readOverview(page)).toEqual(series);
      await expectNoAxeViolations(page);
      await expectReflowAt320(page);

      for (const seriesId of seeded.seriesIds) {
        // Follow the link, so that with JavaScript the loader's data path is the one tested.
        await page.goto(`${server.baseUrl}/admin`);
        await page.locator(`main a[href="/admin/series/${seriesId}"]`).click();
        await expect.poll(() => page.url()).toBe(`${server.baseUrl}/admin/series/${seriesId}`);
        await page.locator("main table").first().waitFor();
        expect(await readSeriesPage(page)).toEqual(
          sessions.filter((s) => s.seriesId === seriesId).map(({ id, held, capacity, waitlisted }) => ({ id, held, capacity, waitlisted })),
        );
        await expectNoAxeViolations(page);
        await expectReflowAt320(page);
      }

      for (const s of ours) {
        await page.goto(`${server.baseUrl}/admin/sessions/${s.id}`);
        const text = ((await page.locator("main").textContent()) ?? "").replace(/\s+/g, " ");
        const [, held, capacity, waitlisted] = /Belegt: (\d+) von (\d+) · Warteliste: (\d+)/.exec(text) ?? [];
        expect({ id: s.id, held: Number(held), capacity: Number(capacity), waitlisted: Number(waitlisted) }).toEqual({
          id: s.id,
          held: s.held,
          capacity: s.capacity,
          waitlisted: s.waitlisted,
        });

        const participants = await page.goto(`${server.baseUrl}/sessions/${s.id}/participants`);
        if (s.status === "draft") {
          // A draft has no participants page, not even for an admin (issue 11).
          expect(participants?.status()).toBe(404);
          continue;
        }
        expect(await page.locator("h1").textContent()).toBe("Teilnehmende");
        const figures = page.locator("[data-figures=participants]");
        const attended = figures.locator("[data-figure=attended]");
        expect({
          id: s.id,
          held: number(await figures.locator("[data-figure=seats-held]").textContent()),
          attended: (await attended.count()) > 0 ? number(await attended.textContent()) : null,
          waitlisted: number(await figures.locator("[data-figure=waitlisted]").textContent()),
          offers: /davon (\d+) mit offenem Platzangebot/.exec((await figures.textContent()) ?? "")?.[1] ?? "0",
        }).toEqual({
          id: s.id,
          held: s.held,
          // Attendance is shown once the session has begun (or someone is marked present).
          attended: s.startsAt <= Date.now() || s.attended > 0 ? s.attended : null,
          waitlisted: s.waitlisted,
          offers: String(s.offered),
        });
      }
      // One participants page each way through the accessibility checks, the busiest one.
      const busiest = [...ours].sort((a, b) => b.held + b.waitlisted - (a.held + a.waitlisted))[0]!;
      await page.goto(`${server.baseUrl}/sessions/${busiest.id}/participants`);
      await expectNoAxeViolations(page);
      await expectReflowAt320(page);
      await context.close();
    });
  }
});
