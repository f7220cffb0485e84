// The session page (issue 15, item 3) and the header at 1280 px (item 8): every new fact shown
// as the database has it, the way to the registration near the top on a phone, the organisers'
// forms refusing bad links and half a contact next to the field, the working-time note from
// /admin/identity; with JavaScript on and off, axe, no sideways scroll at 320 px. The header is
// one line at 1280 px for staff, facilitators, admins and an admin who is also on the council;
// its work-area menu opens and closes with the keyboard, and without JavaScript.
import Database from "better-sqlite3";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeWithBrowser, expectNoAxeViolations, launchBrowser, newContextWithoutJavaScript } from "../support/browser";
import { TEST_SECRET, createSignedInPeople, type SignedInPerson } from "../support/seeding";
import { startAppServer, type AppServer } from "../support/server";

const DAY = 24 * 3600_000;
/** Set SESSION_PAGE_SCREENSHOTS=/tmp/x to keep pictures. */
const SHOTS = process.env.SESSION_PAGE_SCREENSHOTS;

describeWithBrowser("the session page and the header", () => {
  let server: AppServer;
  let browser: Browser;
  let people: {
    staff: SignedInPerson[];
    facilitator: SignedInPerson;
    admin: SignedInPerson;
    councilAdmin: SignedInPerson;
    council: SignedInPerson;
  };
  let hybridId: number;
  let inPersonId: number;
  let hostileId: number;

  function withDb<T>(fn: (db: Database.Database) => T): T {
    const db = new Database(server.databasePath);
    db.pragma("busy_timeout = 5000");
    try {
      return fn(db);
    } finally {
      db.close();
    }
  }
  const sessionRow = (id: number) =>
    withDb(
      (db) =>
        db
          .prepare(
            `select s.*, se.title, se.audience, se.contact_name, se.contact_email,
               (select count(*) from registrations r where r.session_id = s.id and r.status in ('confirmed', 'offered', 'attended')) taken
             from sessions s join series se on se.id = s.series_id where s.id = ?`,
          )
          .get(id) as Record<string, string | number | null>,
    );
  const setting = (key: string) =>
    withDb((db) => (db.prepare("select value from settings where key = ?").get(key) as { value: string } | undefined)?.value);

  beforeAll(async () => {
    server = await startAppServer({ SESSION_SECRET: TEST_SECRET, JOBS: "off", LOG_REQUESTS: "off" });
    browser = await launchBrowser();
    const staff = await createSignedInPeople(server.databasePath, 4, "terminseite");
    const [facilitator, admin, councilAdmin, council] = await createSignedInPeople(server.databasePath, 4, "kopf");
    people = { staff, facilitator: facilitator!, admin: admin!, councilAdmin: councilAdmin!, council: council! };
    withDb((db) => {
      const role = db.prepare("insert into user_roles (user_id, role) values (?, ?)");
      role.run(facilitator!.userId, "facilitator");
      role.run(admin!.userId, "admin");
      role.run(councilAdmin!.userId, "admin");
      role.run(councilAdmin!.userId, "council");
      role.run(councilAdmin!.userId, "facilitator");
      role.run(council!.userId, "council");
      db.prepare("update users set display_name = ? where id = ?").run("Alexandra Mustermann-Oberndorfer", councilAdmin!.userId);
      const series = db.prepare(
        "insert into series (title, description, audience, contact_name, contact_email) values (?, ?, ?, ?, ?) returning id",
      );
      const { id: named } = series.get(
        "Terminseite mit Ansprechperson",
        "Was die Dienstvereinbarung für Ihren Alltag bedeutet.\n\n".repeat(6),
        "Alle Mitarbeitenden der Bürgerämter",
        "Kim Muster",
        "kim.muster@stadt.example",
      ) as { id: number };
      const { id: plain } = series.get("Terminseite ohne Ansprechperson", "Kurz und bündig.", "", null, null) as { id: number };
      const session = db.prepare(
        `insert into sessions (series_id, starts_at, ends_at, format, place, room, accessibility_notes, directions_url, online_tool,
           test_room_url, online_url, capacity, status, published_at)
         values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'published', ?) returning id`,
      );
      const start = Date.now() + 8 * DAY;
      hybridId = (
        session.get(
          named,
          start,
          start + 90 * 60_000,
          "hybrid",
          "Technisches Rathaus, Am Markt 5",
          "Raum 2.14",
          "Aufzug am Haupteingang, induktive Höranlage.",
          "https://stadtplan.stadt.example/?suche=Am%20Markt%205",
          "Webex",
          "https://video.stadt.example/testraum",
          "https://video.stadt.example/meine-sitzung",
          12,
          Date.now() - DAY,
        ) as { id: number }
      ).id;
      inPersonId = (
        session.get(
          plain,
          start + DAY,
          start + DAY + 90 * 60_000,
          "in_person",
          "Bauhof, Industriestraße 12",
          "Sozialraum",
          "",
          "https://stadtplan.stadt.example/?suche=Bauhof",
          "Webex",
          "https://video.stadt.example/testraum",
          null,
          15,
          Date.now() - DAY,
        ) as { id: number }
      ).id;
      // Written past the form, as old data or a direct import might be: never an href.
      hostileId = (
        session.get(
          plain,
          start + 2 * DAY,
          start + 2 * DAY + 90 * 60_000,
          "hybrid",
          "Rathaus",
          "",
          "",
          "javascript:alert(document.cookie)",
          "Webex",
          "data:text/html,<script>alert(1)</script>",
          null,
          15,
          Date.now() - DAY,
        ) as { id: number }
      ).id;
      db.prepare("insert or replace into settings (key, value) values ('working_time_note', ?)").run("Die Teilnahme ist Arbeitszeit.");
    });
  });

  afterAll(async () => {
    await browser?.close();
    expect(await server?.stop()).toBe(0);
  });

  async function contextFor(person: SignedInPerson | null, javaScript: boolean, viewport = { width: 1280, height: 800 }) {
    const context: BrowserContext = javaScript
      ? await browser.newContext({ locale: "de-DE", viewport })
      : await newContextWithoutJavaScript(browser);
    if (!javaScript) await context.newPage().then((p) => p.setViewportSize(viewport).then(() => p.close()));
    if (person) {
      await context.addCookies([{ name: "ki_login", value: person.cookie.split("=").slice(1).join("="), url: server.baseUrl }]);
    }
    return context;
  }

  async function expectNoSidewaysScrollAt320(page: Page) {
    const before = page.viewportSize();
    await page.setViewportSize({ width: 320, height: 640 });
    const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }));
    expect(widths.scroll, `page is wider than 320 px: ${page.url()}`).toBeLessThanOrEqual(widths.inner);
    if (before) await page.setViewportSize(before);
  }

  const text = async (page: Page, selector: string) => ((await page.locator(selector).textContent()) ?? "").replace(/\s+/g, " ").trim();

  for (const javaScript of [true, false]) {
    it(`shows what to decide first, the action early, when and where, contact and note (JavaScript ${javaScript ? "on" : "off"})`, async () => {
      const person = people.staff[javaScript ? 0 : 1]!;
      const context = await contextFor(person, javaScript);
      const page = await context.newPage();
      await page.goto(`${server.baseUrl}/sessions/${hybridId}`);
      const row = sessionRow(hybridId);

      // The order a person decides in.
      expect(await page.locator("main h2").allTextContents()).toEqual([
        "Worum es geht",
        "Ihre Anmeldung",
        "Wann und wo",
        "Kontakt",
        "Fragen vorab",
      ]);
      expect(await text(page, "[data-audience]")).toBe(`Für wen: ${row.audience}`);

      // When and where, as stored.
      expect(await text(page, "[data-place]")).toBe(`${row.place}, ${row.room}`);
      expect(await page.locator("[data-directions]").getAttribute("href")).toBe(row.directions_url);
      expect(await text(page, "[data-accessibility]")).toBe(row.accessibility_notes);
      expect(await text(page, "[data-online-tool]")).toBe(row.online_tool);
      expect(await page.locator("[data-test-room]").getAttribute("href")).toBe(row.test_room_url);
      // The meeting link only for a place.
      expect(await text(page, "[data-online-link]")).toBe("Den Link zur Videokonferenz sehen Sie hier, sobald Sie einen Platz haben.");
      expect(await page.locator(`a[href="${row.online_url}"]`).count()).toBe(0);

      // Contact and note.
      expect(await text(page, "[data-contact=named]")).toBe(`Ihre Ansprechperson: ${row.contact_name}, ${row.contact_email}`);
      expect(await page.locator("[data-contact] a").getAttribute("href")).toBe(`mailto:${row.contact_email}`);
      expect(await text(page, "[data-working-time-note]")).toBe(setting("working_time_note"));

      // Seats as the database counts them; no calendar button without a place.
      const free = Number(row.capacity) - Number(row.taken);
      expect(await text(page, ".session-page__jump span")).toBe(`${free} von ${row.capacity} Plätzen frei`);
      expect(await page.getByText("Zum Kalender hinzufügen").count()).toBe(0);
      await expectNoAxeViolations(page);
      await expectNoSidewaysScrollAt320(page);

      // On a phone the way to the action is in the first screen and leads to it (decision 025).
      // Measured at 360 × 640 as the page is in production: without the demo banner, whose height is
      // subtracted (removing it from the DOM raced with hydration, which put it back).
      await page.setViewportSize({ width: 360, height: 640 });
      await page.goto(`${server.baseUrl}/sessions/${hybridId}`);
      const banner = await page.evaluate(() => document.querySelector(".demo-banner")?.getBoundingClientRect().height ?? 0);
      const jump = page.locator("[data-jump-to-registration]");
      const button = page.getByRole("button", { name: "Jetzt anmelden" });
      const box = (await jump.boundingBox())!;
      expect(box.y + box.height - banner, "the link to the registration is in the first screen at 360 × 640").toBeLessThanOrEqual(640);
      expect((await button.boundingBox())!.y - banner, "the description pushes the button itself down").toBeGreaterThan(640);
      // It comes first in the content, before the description.
      expect(
        await page.evaluate(
          () =>
            document.querySelector("[data-jump-to-registration]")!.compareDocumentPosition(document.querySelector("#about")!) &
            Node.DOCUMENT_POSITION_FOLLOWING,
        ),
      ).toBeTruthy();
      await jump.click();
      await expect.poll(() => new URL(page.url()).hash).toBe("#registration");
      const target = (await button.boundingBox())!;
      expect(target.y).toBeGreaterThanOrEqual(0);
      expect(target.y + target.height).toBeLessThanOrEqual(640);
      if (javaScript) expect(await page.evaluate(() => document.activeElement?.id)).toBe("registration");
      if (SHOTS) await page.screenshot({ path: `${SHOTS}/session-360-${javaScript}.png`, fullPage: true });

      // With a place: the meeting link, and "Zum Kalender hinzufügen" as the quiet second way.
      await button.click();
      await expect.poll(() => page.locator("[data-online-link] a").getAttribute("href")).toBe(row.online_url);
      const calendar = page.getByRole("link", { name: "Zum Kalender hinzufügen (.ics)" });
      expect(await calendar.getAttribute("class")).toBe("button button--quiet");
      expect(await text(page, ".session-page__jump span")).toBe(`${free - 1} von ${row.capacity} Plätzen frei`);
      expect(await text(page, ".session-page__jump a")).toBe("Zu Ihrer Anmeldung");
      await expectNoAxeViolations(page);
      await expectNoSidewaysScrollAt320(page);
      await context.close();
    });
  }

  it("names the functional mailbox without a series contact, shows only what fits the format, and never links a non-web address", async () => {
    const context = await contextFor(null, true);
    const page = await context.newPage();
    await page.goto(`${server.baseUrl}/sessions/${inPersonId}`);
    const row = sessionRow(inPersonId);
    expect(await text(page, "[data-contact=mailbox]")).toBe("Fragen zur Veranstaltung beantwortet das Team unter ki-info@stadt.example");
    expect(await page.locator("[data-directions]").getAttribute("href")).toBe(row.directions_url);
    // An in-person date: tool and test room stay off the page even if stored.
    expect(await page.locator("[data-online-tool], [data-test-room], [data-online-link]").count()).toBe(0);
    // Not signed in: the way to the action is the sign-in.
    expect(await page.getByRole("link", { name: "Einloggen und anmelden" }).count()).toBe(1);
    await expectNoAxeViolations(page);

    await page.goto(`${server.baseUrl}/sessions/${hostileId}`);
    expect(await page.locator("[data-directions], [data-test-room]").count()).toBe(0);
    expect(await page.locator('a[href^="javascript:"], a[href^="data:"]').count()).toBe(0);
    expect(await text(page, "[data-online-tool]")).toBe("Webex");
    await context.close();
  });

  for (const javaScript of [true, false]) {
    it(`organiser forms refuse bad links and half a contact next to the field, keep the input, save good values (JavaScript ${javaScript ? "on" : "off"})`, async () => {
      const context = await contextFor(people.admin, javaScript);
      const page = await context.newPage();
      const row = sessionRow(inPersonId);
      const count = () => withDb((db) => (db.prepare("select count(*) n from sessions").get() as { n: number }).n);
      const before = count();

      await page.goto(`${server.baseUrl}/admin/series/${row.series_id}/sessions/new`);
      await page.getByLabel("Veranstaltungsort (Gebäude, Adresse)").fill("Stadthaus");
      await page.getByLabel("Link zu Anfahrt und Lageplan").fill("javascript:alert(1)");
      await page.getByLabel("Link für den Technik-Test").fill("data:text/html,hallo");
      await page.getByRole("button", { name: "Als Entwurf anlegen" }).click();
      const message = "Bitte geben Sie einen vollständigen Link an, der mit https:// (oder http://) beginnt.";
      await expect.poll(() => page.locator("#field-directionsUrl-error").textContent()).toBe(message);
      expect(await page.locator("#field-testRoomUrl-error").textContent()).toBe(message);
      expect(await page.getByLabel("Link zu Anfahrt und Lageplan").inputValue()).toBe("javascript:alert(1)");
      expect(await page.getByLabel("Link zu Anfahrt und Lageplan").getAttribute("aria-invalid")).toBe("true");
      expect(count()).toBe(before);
      await expectNoAxeViolations(page);
      await expectNoSidewaysScrollAt320(page);

      await page.getByLabel("Link zu Anfahrt und Lageplan").fill("https://stadtplan.stadt.example/?suche=Stadthaus");
      await page.getByLabel("Link für den Technik-Test").fill("");
      await page.getByLabel("Videokonferenz-Werkzeug").fill("MS Teams");
      await page.getByRole("button", { name: "Als Entwurf anlegen" }).click();
      await expect.poll(() => page.getByRole("status").first().textContent()).toContain("als Entwurf angelegt");
      const created = withDb((db) => db.prepare("select * from sessions order by id desc limit 1").get() as Record<string, unknown>);
      expect(created).toMatchObject({
        directions_url: "https://stadtplan.stadt.example/?suche=Stadthaus",
        online_tool: "MS Teams",
        test_room_url: null,
      });
      // The edit form shows what is stored.
      expect(await page.getByLabel("Link zu Anfahrt und Lageplan").inputValue()).toBe("https://stadtplan.stadt.example/?suche=Stadthaus");

      // Series contact: half is refused next to the missing half; both are saved.
      await page.goto(`${server.baseUrl}/admin/series/${row.series_id}/edit`);
      await page.getByLabel("Name der Ansprechperson").fill("Robin Beispiel");
      await page.getByRole("button", { name: "Speichern" }).click();
      await expect
        .poll(() => page.locator("#field-contactEmail-error").textContent())
        .toBe("Bitte geben Sie auch die E-Mail-Adresse der Ansprechperson an.");
      expect(await page.getByLabel("Name der Ansprechperson").inputValue()).toBe("Robin Beispiel");
      expect(sessionRow(inPersonId).contact_name).toBeNull();
      await expectNoAxeViolations(page);
      await page.getByLabel("E-Mail-Adresse der Ansprechperson").fill("robin@stadt.example");
      await page.getByRole("button", { name: "Speichern" }).click();
      await expect.poll(() => page.getByRole("status").first().textContent()).toContain("gespeichert");
      expect(sessionRow(inPersonId)).toMatchObject({ contact_name: "Robin Beispiel", contact_email: "robin@stadt.example" });
      // … and taken away again, so each run starts from the mailbox.
      await page.goto(`${server.baseUrl}/admin/series/${row.series_id}/edit`);
      await page.getByLabel("Name der Ansprechperson").fill("");
      await page.getByLabel("E-Mail-Adresse der Ansprechperson").fill("");
      await page.getByRole("button", { name: "Speichern" }).click();
      await expect.poll(() => sessionRow(inPersonId).contact_name).toBeNull();
      withDb((db) => db.prepare("delete from sessions where id = ?").run(created.id));
      await context.close();
    });
  }

  it("the working-time note is set on /admin/identity and shown on every session page; empty hides it", async () => {
    for (const javaScript of [true, false]) {
      const context = await contextFor(people.admin, javaScript);
      const page = await context.newPage();
      await page.goto(`${server.baseUrl}/admin/identity`);
      const field = page.getByLabel("Hinweis zur Arbeitszeit");
      await field.fill("x".repeat(301));
      await page.getByRole("button", { name: "Hinweis speichern" }).click();
      await expect.poll(() => page.locator("#field-workingTimeNote-error").textContent()).toBe("Höchstens 300 Zeichen (derzeit 301).");
      expect(await field.inputValue()).toBe("x".repeat(301));
      expect(setting("working_time_note")).toBe("Die Teilnahme ist Arbeitszeit.");
      await expectNoAxeViolations(page);

      await field.fill("");
      await page.getByRole("button", { name: "Hinweis speichern" }).click();
      await expect.poll(() => page.getByRole("status").first().textContent()).toContain("Der Hinweis zur Arbeitszeit ist entfernt.");
      expect(setting("working_time_note")).toBeUndefined();
      await page.goto(`${server.baseUrl}/sessions/${inPersonId}`);
      expect(await page.locator("[data-working-time-note]").count()).toBe(0);

      await page.goto(`${server.baseUrl}/admin/identity`);
      await page.getByLabel("Hinweis zur Arbeitszeit").fill("Die Teilnahme ist Arbeitszeit.");
      await page.getByRole("button", { name: "Hinweis speichern" }).click();
      await expect.poll(() => page.getByRole("status").first().textContent()).toContain("Der Hinweis zur Arbeitszeit ist gespeichert.");
      await page.goto(`${server.baseUrl}/sessions/${inPersonId}`);
      expect(await text(page, "[data-working-time-note]")).toBe(setting("working_time_note"));
      await context.close();
    }
  });

  /** Every top-level item of the header shares one line: their vertical middles lie within a few pixels. */
  async function headerLine(page: Page) {
    return page.$$eval(".site-header__brand, .site-nav > ul > li, .site-header__account > *", (items) =>
      items.map((item) => {
        const box = item.getBoundingClientRect();
        return { middle: Math.round(box.top + box.height / 2), text: (item.textContent ?? "").slice(0, 30) };
      }),
    );
  }

  for (const javaScript of [true, false]) {
    it(`fits the header on one line at 1280 px for staff, facilitator, admin and admin with council; the menu works (JavaScript ${javaScript ? "on" : "off"})`, async () => {
      const roles = [
        { person: people.staff[2]!, name: "staff", items: 5, menu: [] as string[] },
        { person: people.facilitator, name: "facilitator", items: 6, menu: [] },
        { person: people.admin, name: "admin", items: 6, menu: ["Moderation", "Verwaltung"] },
        // Admins reach the reports from the dashboard; the council through its own link.
        { person: people.council, name: "council", items: 6, menu: ["Personalrat", "Berichte"] },
        { person: people.councilAdmin, name: "council-admin", items: 6, menu: ["Moderation", "Personalrat", "Verwaltung"] },
      ];
      for (const role of roles) {
        const context = await contextFor(role.person, javaScript);
        const page = await context.newPage();
        await page.goto(`${server.baseUrl}/sessions`);
        const items = await headerLine(page);
        const middles = items.map((item) => item.middle);
        expect(Math.max(...middles) - Math.min(...middles), `${role.name}: ${JSON.stringify(items)}`).toBeLessThanOrEqual(8);
        expect(await page.locator(".site-nav > ul > li").count(), role.name).toBe(role.items);
        if (SHOTS) await page.screenshot({ path: `${SHOTS}/header-${role.name}-${javaScript}.png` });
        const summary = page.locator(".site-nav summary");
        if (role.menu.length === 0) {
          expect(await summary.count()).toBe(0);
          await context.close();
          continue;
        }
        expect(await summary.textContent()).toBe("Bereiche");
        const menu = page.locator(".site-nav details ul a");
        expect(await menu.allTextContents()).toEqual(role.menu);
        expect(await menu.first().isVisible()).toBe(false);
        if (javaScript) {
          // Keyboard: Tab to the summary, Enter opens, Escape closes and keeps the focus there.
          await summary.focus();
          await page.keyboard.press("Enter");
          await expect.poll(() => menu.first().isVisible()).toBe(true);
          // Open, it lies over the page: the header keeps its height.
          const items = await headerLine(page);
          expect(Math.max(...items.map((i) => i.middle)) - Math.min(...items.map((i) => i.middle))).toBeLessThanOrEqual(8);
          await expectNoAxeViolations(page);
          await page.keyboard.press("Escape");
          await expect.poll(() => menu.first().isVisible()).toBe(false);
          expect(await page.evaluate(() => document.activeElement?.tagName)).toBe("SUMMARY");
          // A click elsewhere closes it too.
          await summary.click();
          await expect.poll(() => menu.first().isVisible()).toBe(true);
          await page.locator("main h1").click();
          await expect.poll(() => menu.first().isVisible()).toBe(false);
        }
        await summary.click();
        await expect.poll(() => menu.first().isVisible()).toBe(true);
        // The last area of the menu: Verwaltung for admins, Berichte for the council.
        const last = role.menu.at(-1)!;
        await page.locator(".site-nav details").getByRole("link", { name: last }).click();
        await expect.poll(() => new URL(page.url()).pathname).toBe(last === "Berichte" ? "/reports" : "/admin");
        // On the new page the menu is closed; the summary marks where one is. (With JavaScript the
        // URL changes a moment before the new page renders: wait for it.)
        await expect.poll(() => menu.first().isVisible()).toBe(false);
        await expect.poll(() => summary.getAttribute("class")).toContain("site-nav__summary--current");
        expect(await page.locator('.site-nav a[aria-current="page"]').allTextContents()).toEqual([last]);
        // At 320 px the open menu pushes the page down, never sideways.
        await page.setViewportSize({ width: 320, height: 640 });
        await summary.click();
        await expect.poll(() => menu.first().isVisible()).toBe(true);
        await expectNoSidewaysScrollAt320(page);
        await expectNoAxeViolations(page);
        if (SHOTS) await page.screenshot({ path: `${SHOTS}/header-${role.name}-${javaScript}-320.png`, fullPage: true });
        await context.close();
      }
    });
  }
});
