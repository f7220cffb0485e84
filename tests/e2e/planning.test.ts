import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import Database from "better-sqlite3";
import {
  describeWithBrowser,
  expectNoAxeViolations,
  launchBrowser,
  newContextWithoutJavaScript,
  watchPageProblems,
} from "../support/browser";
import { startAppServer, type AppServer } from "../support/server";
import { signIn } from "../support/sign-in";

const root = path.resolve(__dirname, "../..");

describeWithBrowser("organisers plan sessions; staff see them", () => {
  let server: AppServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startAppServer();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    expect(await server?.stop()).toBe(0);
  });

  async function createAndPublish(page: Page, title: string, start: string, end: string) {
    await page.goto(`${server.baseUrl}/admin`);
    await expectNoAxeViolations(page);
    await page.getByRole("link", { name: "Neue Veranstaltungsreihe" }).click();
    await expect.poll(() => page.locator("h1").textContent()).toBe("Neue Veranstaltungsreihe");
    await expectNoAxeViolations(page);
    // Bad input first: a too short title gets a message next to the field and keeps the rest.
    await page.getByLabel("Titel").fill("KI");
    await page.getByLabel("Zielgruppe").fill("Sachbearbeitung");
    await page.getByRole("button", { name: "Reihe anlegen" }).click();
    await expect.poll(() => page.locator("#field-title-error").textContent()).toContain("mindestens 3 Zeichen");
    expect(await page.getByLabel("Zielgruppe").inputValue()).toBe("Sachbearbeitung");
    await expectNoAxeViolations(page);
    await page.getByLabel("Titel").fill(title);
    await page.getByLabel("Beschreibung").fill("Was die **Dienstvereinbarung** für Ihre Arbeit bedeutet.");
    await page.getByRole("button", { name: "Reihe anlegen" }).click();
    await expect.poll(() => page.locator("h1").textContent()).toBe(title);
    await expectNoAxeViolations(page);

    await page.getByRole("link", { name: "Neuen Termin anlegen" }).click();
    await expect.poll(() => page.locator("h1").textContent()).toBe("Neuer Termin");
    await expectNoAxeViolations(page);
    // A time that does not exist on the spring-forward night is refused next to the field.
    await page.getByLabel("Beginn", { exact: true }).fill("2027-03-28T02:30");
    await page.getByLabel("Ende", { exact: true }).fill("2027-03-28T04:00");
    await page.getByLabel("Veranstaltungsort (Gebäude, Adresse)").fill("Rathaus, Rathausplatz 1");
    await page.getByLabel("Raum").fill("Ratssaal");
    await page.getByLabel("Plätze", { exact: true }).fill("25");
    await page.getByLabel("Kim Moderation").check();
    await page.getByRole("button", { name: "Als Entwurf anlegen" }).click();
    await expect.poll(() => page.locator("#field-startsAt-error").textContent()).toContain("von 02:00 auf 03:00 Uhr");
    expect(await page.getByLabel("Raum").inputValue()).toBe("Ratssaal");
    await expectNoAxeViolations(page);

    await page.getByLabel("Beginn", { exact: true }).fill(start);
    await page.getByLabel("Ende", { exact: true }).fill(end);
    await page.getByRole("button", { name: "Als Entwurf anlegen" }).click();
    await expect.poll(() => page.locator("h1").textContent()).toBe("Termin bearbeiten");
    await expectNoAxeViolations(page);
    const sessionId = Number(new URL(page.url()).pathname.split("/").pop());

    // A draft is invisible to staff: 404.
    const draft = await fetch(`${server.baseUrl}/sessions/${sessionId}`);
    expect(draft.status).toBe(404);

    await page.getByRole("button", { name: "Veröffentlichen" }).click();
    await expect.poll(() => page.getByRole("status").first().textContent()).toContain("veröffentlicht");
    return sessionId;
  }

  async function expectStaffSee(sessionId: number, title: string, when: string) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${server.baseUrl}/sessions`);
    const section = page.locator("section", { has: page.getByRole("heading", { name: title }) });
    await expect.poll(() => section.locator("time").first().textContent()).toContain(when);
    await page.goto(`${server.baseUrl}/sessions/${sessionId}`);
    expect(await page.locator("h1").textContent()).toBe(title);
    expect(await page.locator(".lead time").textContent()).toContain(when);
    expect(await page.locator(".facts").textContent()).toContain("Rathaus, Rathausplatz 1, Ratssaal");
    expect(await page.locator(".facts").textContent()).toContain("Kim Moderation");
    await expectNoAxeViolations(page);
    await context.close();
  }

  it("creates, publishes and shows a session with JavaScript", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, server, "admin@stadt.example");
    // 29 March 2027 is a Monday in summer time: 10:00 Berlin is 08:00 UTC.
    const id = await createAndPublish(page, "KI im Bürgerservice", "2027-03-29T10:00", "2027-03-29T11:30");
    await expectStaffSee(id, "KI im Bürgerservice", "Mo., 29. März 2027, 10:00–11:30\u00a0Uhr");
    await duplicateDiscardAndCancel(page, id, "2027-04-05T10:00", { original: "Ostermontag", copy: null });
    await context.close();
  });

  it("does the same with JavaScript disabled", async () => {
    const context = await newContextWithoutJavaScript(browser);
    const page = await context.newPage();
    await signIn(page, server, "admin@stadt.example");
    const id = await createAndPublish(page, "KI im Ordnungsamt", "2027-10-31T10:00", "2027-10-31T11:00");
    await expectStaffSee(id, "KI im Ordnungsamt", "So., 31. Oktober 2027, 10:00–11:00\u00a0Uhr");

    await duplicateDiscardAndCancel(page, id, "2027-11-07T10:00", { original: "Sonntag", copy: "Sonntag" });
    await context.close();
  });

  /**
   * Duplicate a week later (a draft), discard that draft (it leaves no trace), then refuse a
   * cancellation without a reason and cancel the published original with one.
   */
  async function duplicateDiscardAndCancel(
    page: Page,
    id: number,
    expectedCopyStart: string,
    dayOff: { original: string; copy: string | null },
  ) {
    const warning = () => page.locator("[data-day-off]");
    await page.goto(`${server.baseUrl}/admin/sessions/${id}`);
    // A holiday or a weekend is pointed out (nothing is refused).
    expect(await warning().textContent()).toContain(dayOff.original);
    await page.getByRole("button", { name: "Weiteren Termin anlegen (eine Woche später)" }).click();
    await expect.poll(() => page.getByRole("status").first().textContent()).toContain("eine Woche später");
    expect(await page.getByLabel("Beginn", { exact: true }).inputValue()).toBe(expectedCopyStart);
    if (dayOff.copy) expect(await warning().textContent()).toContain(dayOff.copy);
    else expect(await warning().count()).toBe(0);
    const copyId = Number(new URL(page.url()).pathname.split("/").pop());
    expect(copyId).not.toBe(id);
    // A draft offers no cancellation, only "verwerfen".
    expect(await page.getByRole("button", { name: "Termin absagen" }).count()).toBe(0);
    await page.getByRole("button", { name: "Entwurf verwerfen" }).click();
    await expect.poll(() => page.getByRole("status").first().textContent()).toContain("Entwurf ist verworfen");
    const db = new Database(server.databasePath, { readonly: true });
    try {
      expect(db.prepare("select id from sessions where id = ?").get(copyId)).toBeUndefined();
    } finally {
      db.close();
    }
    expect((await page.goto(`${server.baseUrl}/sessions/${copyId}`))?.status()).toBe(404);

    await page.goto(`${server.baseUrl}/admin/sessions/${id}`);
    await page.getByRole("button", { name: "Termin absagen" }).click();
    await expect.poll(() => page.locator("#field-reason-error").textContent()).toContain("Grund");
    await page.getByLabel("Grund der Absage").fill("Doppelt angelegt");
    await page.getByRole("button", { name: "Termin absagen" }).click();
    await expect.poll(() => page.locator(".status").first().textContent()).toBe("Abgesagt");
    await expectNoAxeViolations(page);
  }

  it("keeps non-admins out of /admin with a 403 page", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, server, "moderation@stadt.example");
    const response = await page.goto(`${server.baseUrl}/admin`);
    expect(response?.status()).toBe(403);
    expect(await page.locator("h1").textContent()).toBe("Kein Zugriff");
    await context.close();
  });

  // A page must not scroll sideways on a 320 px phone (WCAG 1.4.10 Reflow).
  async function expectNoSidewaysScrollAt320(page: Page) {
    const size = page.viewportSize();
    await page.setViewportSize({ width: 320, height: 640 });
    try {
      const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }));
      expect(widths.scroll, `page is ${widths.scroll} px wide at ${widths.inner} px`).toBeLessThanOrEqual(widths.inner);
    } finally {
      if (size) await page.setViewportSize(size);
    }
  }

  const importedSessions = (title: string) => {
    const db = new Database(server.databasePath, { readonly: true });
    try {
      return db
        .prepare(
          `select s.starts_at as startsAt, s.status, s.place, s.room, s.capacity,
                  (select count(*) from session_facilitators f where f.session_id = s.id) as facilitators
             from sessions s join series r on r.id = s.series_id
            where r.title = ? and s.starts_at >= ? order by s.starts_at`,
        )
        .all(title, Date.parse("2027-01-01T00:00:00Z")) as {
        startsAt: number;
        status: string;
        place: string;
        room: string;
        capacity: number;
        facilitators: number;
      }[];
    } finally {
      db.close();
    }
  };

  for (const javaScriptEnabled of [false, true]) {
    it(`imports dates from a CSV: a bad row shows its error and nothing is imported; then all are (JavaScript ${javaScriptEnabled ? "on" : "off"})`, async () => {
      const context = javaScriptEnabled ? await browser.newContext({ locale: "de-DE" }) : await newContextWithoutJavaScript(browser);
      const page = await context.newPage();
      const problems = watchPageProblems(page);
      await signIn(page, server, "admin@stadt.example");
      const dir = mkdtempSync(path.join(tmpdir(), "ki-csv-"));
      const header = "series;starts_at;ends_at;format;place;room;capacity;facilitator_emails";
      const series = "KI im Team einführen – für Führungskräfte";
      // Each run imports its own dates (Mondays), so the two runs do not collide as duplicates.
      const [first, second, third] = javaScriptEnabled
        ? ["2027-06-07", "2027-06-14", "2027-06-21"]
        : ["2027-02-01", "2027-02-08", "2027-02-15"];
      const good = [
        `${series};${first} 09:00;${first} 11:00;in_person;Rathaus, Rathausplatz 1;Raum 3;12;moderation@stadt.example|referent@stadt.example`,
        `${series};${second} 09:00;${second} 11:00;online;;;12;moderation@stadt.example`,
      ];
      const bad = `${series};${third} 09:00;${third} 11:00;in_person;Rathaus;Raum 3;12;unbekannt@stadt.example`;
      const badCsv = `\uFEFF${[header, ...good, bad].join("\r\n")}`;
      writeFileSync(path.join(dir, "bad.csv"), badCsv);
      writeFileSync(path.join(dir, "good.csv"), [header, ...good].join("\n"));
      const before = importedSessions(series);

      await page.goto(`${server.baseUrl}/admin/import`);
      await expect.poll(() => page.locator("h1").textContent()).toBe("Termine aus CSV importieren");
      // Hydration runs the page's code in the browser, where a crash shows up as a page error.
      if (javaScriptEnabled) await page.waitForLoadState("networkidle");
      expect(problems).toEqual([]);
      await expectNoAxeViolations(page);
      await expectNoSidewaysScrollAt320(page);
      // With JavaScript the content is pasted, without it the file is uploaded.
      if (javaScriptEnabled) await page.getByLabel("oder Inhalt einfügen").fill(badCsv);
      else await page.getByLabel("CSV-Datei").setInputFiles(path.join(dir, "bad.csv"));
      await page.getByRole("button", { name: "Prüfen" }).click();
      await expect
        .poll(() => page.locator("#csv-errors + ul").textContent())
        .toContain("Zeile 4: „unbekannt@stadt.example“ ist keine bekannte Person mit der Rolle Moderation.");
      expect(await page.getByRole("alert").first().textContent()).toContain("Es wurde nichts importiert");
      expect(await page.locator("#csv-preview").textContent()).toBe("Vorschau: 2 gültige Zeilen");
      expect(await page.getByRole("button", { name: /Jetzt .* importieren/ }).count()).toBe(0);
      await expectNoAxeViolations(page);
      await expectNoSidewaysScrollAt320(page);
      expect(importedSessions(series)).toEqual(before);

      // The CLI refuses the same file with the row error on stderr and a non-zero exit.
      const cli = (file: string, ...flags: string[]) =>
        spawnSync(process.execPath, ["scripts/cli.mjs", "sessions:import", path.join(dir, file), ...flags], {
          cwd: root,
          encoding: "utf8",
          env: {
            PATH: process.env.PATH,
            NODE_ENV: "production",
            APP_MODE: "demo",
            DATABASE_PATH: server.databasePath,
            APP_URL: server.baseUrl,
          },
        });
      const refused = cli("bad.csv");
      expect(refused.status).toBe(1);
      expect(refused.stderr).toContain("bad.csv:4: „unbekannt@stadt.example“ ist keine bekannte Person");
      expect(refused.stderr).toContain("Nothing was imported.");

      await page.getByLabel("CSV-Datei").setInputFiles(path.join(dir, "good.csv"));
      await page.getByLabel("Alle Termine sofort veröffentlichen").check();
      await page.getByRole("button", { name: "Prüfen" }).click();
      // The bad file's preview had the same two valid rows: wait for the import button.
      await expect.poll(() => page.getByRole("button", { name: "Jetzt 2 Termine importieren" }).count()).toBe(1);
      expect(await page.locator("#csv-errors").count()).toBe(0);
      expect(await page.locator("#csv-preview").textContent()).toBe("Vorschau: 2 gültige Zeilen");
      await expectNoAxeViolations(page);
      await expectNoSidewaysScrollAt320(page);
      await page.getByRole("button", { name: "Jetzt 2 Termine importieren" }).click();
      await expect.poll(() => page.getByRole("status").first().textContent()).toContain("2 Termine importiert, davon 2 veröffentlicht");

      const imported = importedSessions(series).filter((row) => !before.some((old) => old.startsAt === row.startsAt));
      expect(imported).toEqual([
        // Berlin winter time is UTC+1, summer time UTC+2.
        {
          startsAt: Date.parse(javaScriptEnabled ? `${first}T07:00:00Z` : `${first}T08:00:00Z`),
          status: "published",
          place: "Rathaus, Rathausplatz 1",
          room: "Raum 3",
          capacity: 12,
          facilitators: 2,
        },
        {
          startsAt: Date.parse(javaScriptEnabled ? `${second}T07:00:00Z` : `${second}T08:00:00Z`),
          status: "published",
          place: "",
          room: "",
          capacity: 12,
          facilitators: 1,
        },
      ]);

      // The same rows again are duplicates now: the CLI says so and imports nothing.
      const again = cli("good.csv", "--publish");
      expect(again.status).toBe(1);
      expect(again.stderr).toContain("gibt es schon");

      const staff = await (await fetch(`${server.baseUrl}/sessions`)).text();
      expect(staff).toContain(javaScriptEnabled ? "Mo., 7. Juni 2027, 09:00–11:00" : "Mo., 1. Februar 2027, 09:00–11:00");
      // The refused file is answered with 400, which the browser reports; nothing else may show up.
      expect(problems.filter((p) => !/status of 400/.test(p))).toEqual([]);
      await context.close();
    });
  }
});
