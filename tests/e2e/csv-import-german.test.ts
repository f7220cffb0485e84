// The CSV import as a German organiser uses it (decision 018): the template downloads and
// imports as it is; German column names, dates and format words are read as Berlin wall time;
// holidays are pointed out in the preview; a bad date is named by its row; counts read
// "1 gültige Zeile". With JavaScript on and off; axe on every state; no sideways scroll at 320 px.
import Database from "better-sqlite3";
import { readFileSync } from "node:fs";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeWithBrowser, expectNoAxeViolations, launchBrowser, newContextWithoutJavaScript } from "../support/browser";
import { TEST_SECRET, createSignedInPeople, type SignedInPerson } from "../support/seeding";
import { startAppServer, type AppServer } from "../support/server";

const SERIES = "Import auf Deutsch";

function sessionsOf(databasePath: string) {
  const db = new Database(databasePath, { readonly: true });
  const rows = db
    .prepare(
      "select s.starts_at as startsAt, s.ends_at as endsAt, s.format, s.place, s.capacity, s.status, se.title from sessions s join series se on se.id = s.series_id order by s.id",
    )
    .all() as { startsAt: number; endsAt: number; format: string; place: string; capacity: number; status: string; title: string }[];
  db.close();
  return rows;
}

async function expectNoSidewaysScrollAt320(page: Page) {
  const before = page.viewportSize();
  await page.setViewportSize({ width: 320, height: 640 });
  const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }));
  expect(widths.scroll, `${page.url()} at 320 px`).toBeLessThanOrEqual(widths.inner);
  if (before) await page.setViewportSize(before);
}

const flash = (page: Page) => page.getByRole("status").first().textContent();

describeWithBrowser("CSV import in German", () => {
  let server: AppServer;
  let browser: Browser;
  let admin: SignedInPerson;

  beforeAll(async () => {
    server = await startAppServer({ SESSION_SECRET: TEST_SECRET, JOBS: "off", LOG_REQUESTS: "off" });
    browser = await launchBrowser();
    admin = (await createSignedInPeople(server.databasePath, 1, "import"))[0]!;
    const db = new Database(server.databasePath);
    db.prepare("insert into user_roles (user_id, role) values (?, 'admin')").run(admin.userId);
    db.prepare("insert into series (title) values (?)").run(SERIES);
    db.close();
  });

  afterAll(async () => {
    await browser?.close();
    expect(await server?.stop()).toBe(0);
  });

  async function asAdmin(javaScript: boolean): Promise<BrowserContext> {
    const context = javaScript
      ? await browser.newContext({ locale: "de-DE", acceptDownloads: true })
      : await newContextWithoutJavaScript(browser);
    await context.addCookies([{ name: "ki_login", value: admin.cookie.split("=").slice(1).join("="), url: server.baseUrl }]);
    return context;
  }

  it("downloads the template, which imports as it is", async () => {
    const context = await asAdmin(true);
    const page = await context.newPage();
    await page.goto(`${server.baseUrl}/admin/import`);
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("link", { name: /Vorlage herunterladen/ }).click(),
    ]);
    const file = (await download.path())!;
    const bytes = readFileSync(file);
    // UTF-8 with a BOM, semicolons, the German header and one example row.
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.toString("utf8").slice(1).trim().split("\r\n");
    expect(lines[0]).toBe("Reihe;Beginn;Ende;Format;Ort;Raum;Plätze;Moderation;Status");
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/;\d{2}\.\d{2}\.\d{4} 10:00;\d{2}\.\d{2}\.\d{4} 11:30;Präsenz;/);

    const before = sessionsOf(server.databasePath).length;
    await page.locator("#field-file").setInputFiles(file);
    await page.getByRole("button", { name: "Prüfen" }).click();
    await expect.poll(() => page.locator("#csv-preview").textContent()).toBe("Vorschau: 1 gültige Zeile");
    await expectNoAxeViolations(page);
    await page.getByRole("button", { name: "Jetzt 1 Termin importieren" }).click();
    await expect.poll(() => flash(page)).toBe("1 Termin importiert, davon 0 veröffentlicht.");
    const after = sessionsOf(server.databasePath);
    expect(after).toHaveLength(before + 1);
    expect(after.at(-1)).toMatchObject({ format: "in_person", place: "Rathaus, Rathausplatz 1", capacity: 20, status: "draft" });
    await context.close();
  });

  for (const javaScript of [true, false]) {
    it(`reads German names, dates and format words, and points out holidays (JavaScript ${javaScript ? "on" : "off"})`, async () => {
      // Different years, so that the second run is no duplicate of the first.
      const year = javaScript ? 2027 : 2029; // 15 January is a weekday in both
      const context = await asAdmin(javaScript);
      const page = await context.newPage();
      await page.goto(`${server.baseUrl}/admin/import`);
      expect(await page.locator("h1").textContent()).toBe("Termine aus CSV importieren");
      await expectNoAxeViolations(page);
      await expectNoSidewaysScrollAt320(page);

      // A bad German date: the row is named, what was pasted stays, nothing is imported.
      const before = sessionsOf(server.databasePath).length;
      const bad = [
        "Reihe;Beginn;Ende;Format;Ort;Raum;Plätze;Moderation",
        `${SERIES};31.02.${year} 14:00;31.02.${year} 15:00;Präsenz;Rathaus;A;10;`,
      ].join("\n");
      await page.locator("#field-csv").fill(bad);
      await page.getByRole("button", { name: "Prüfen" }).click();
      await expect
        .poll(() => page.locator("#csv-errors + ul").textContent())
        .toContain(`Zeile 2: Beginn „31.02.${year} 14:00“ ist kein gültiges Datum`);
      expect(await page.locator("#field-csv").inputValue()).toBe(bad);
      await expectNoAxeViolations(page);
      expect(sessionsOf(server.databasePath)).toHaveLength(before);

      const csv = [
        "Reihe;Beginn;Ende;Format;Ort;Raum;Kapazität;Moderation",
        `${SERIES};15.01.${year} 14:00;15.01.${year} 15:30;Präsenz;Rathaus, Rathausplatz 1;Ratssaal;20;`,
        `${SERIES};03.10.${year}, 10:00 Uhr;03.10.${year}, 11:00 Uhr;Online;;;50;`,
      ].join("\n");
      await page.locator("#field-csv").fill(csv);
      await page.getByRole("button", { name: "Prüfen" }).click();
      await expect.poll(() => page.locator("#csv-preview").textContent()).toBe("Vorschau: 2 gültige Zeilen");
      const markers = page.locator("[data-day-off]");
      expect(await markers.count()).toBe(1);
      expect(await markers.textContent()).toContain("Tag der Deutschen Einheit");
      await expectNoAxeViolations(page);
      await expectNoSidewaysScrollAt320(page);

      await page.getByRole("button", { name: "Jetzt 2 Termine importieren" }).click();
      await expect.poll(() => flash(page)).toBe("2 Termine importiert, davon 0 veröffentlicht.");
      const imported = sessionsOf(server.databasePath).slice(-2);
      expect(
        imported.map((s) => [new Date(s.startsAt).toISOString(), new Date(s.endsAt).toISOString(), s.format, s.capacity, s.title]),
      ).toEqual([
        // Berlin wall time: winter (UTC+1), summer (UTC+2).
        [`${year}-01-15T13:00:00.000Z`, `${year}-01-15T14:30:00.000Z`, "in_person", 20, SERIES],
        [`${year}-10-03T08:00:00.000Z`, `${year}-10-03T09:00:00.000Z`, "online", 50, SERIES],
      ]);
      await context.close();
    });
  }
});
