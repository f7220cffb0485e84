import Database from "better-sqlite3";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeWithBrowser, expectNoAxeViolations, launchBrowser, newContextWithoutJavaScript } from "../support/browser";
import { TEST_SECRET, createPublishedSession, createSignedInPeople, registerDirectly } from "../support/seeding";
import { startAppServer, type AppServer } from "../support/server";
import { signIn } from "../support/sign-in";

describeWithBrowser("participants, sign-in sheet, attendance, certificate", () => {
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

  it("lets the facilitator print the sheet and take attendance by keyboard; the participant gets a certificate", async () => {
    // A session that began ten minutes ago, with three people in it.
    const sessionId = createPublishedSession(server.databasePath, {
      capacity: 10,
      title: "Laufender Termin",
      startsAt: Date.now() - 10 * 60_000,
      facilitatorEmail: "moderation@stadt.example",
    });
    const people = await createSignedInPeople(server.databasePath, 3, "tuer");
    registerDirectly(
      server.databasePath,
      sessionId,
      people.map((p) => p.userId),
      "Rollstuhlgerechter Platz",
    );

    const facilitator = await browser.newContext();
    const page = await facilitator.newPage();
    await signIn(page, server, "moderation@stadt.example");
    await page.goto(`${server.baseUrl}/sessions/${sessionId}/participants`);
    expect(await page.locator("h1").textContent()).toBe("Teilnehmende");
    expect(await page.locator("tbody tr").count()).toBe(3);
    expect(await page.locator("tbody").textContent()).toContain("Rollstuhlgerechter Platz");
    await expectNoAxeViolations(page);
    // Support needs never leave the list page: not in the sheet's data, not in the export.
    const sheetData = await page.request.get(`${server.baseUrl}/sessions/${sessionId}/sign-in-sheet.data`);
    expect(sheetData.status()).toBe(200);
    expect(await sheetData.text()).not.toContain("Rollstuhl");

    // The printed sign-in sheet: names sorted, a column to sign, no navigation.
    await page.getByRole("link", { name: "Unterschriftenliste drucken" }).click();
    await expect.poll(() => page.locator("h1").textContent()).toBe("Unterschriftenliste");
    await expectNoAxeViolations(page);
    await page.emulateMedia({ media: "print" });
    expect(await page.locator("header.site-header").isVisible()).toBe(false);
    expect(await page.locator("footer.site-footer").isVisible()).toBe(false);
    const names = await page.locator("table.sheet tbody tr td:nth-child(2)").allTextContents();
    expect(names.slice(0, 3)).toEqual(["Person tuer0", "Person tuer1", "Person tuer2"]);
    expect(await page.getByRole("columnheader", { name: "Unterschrift" }).isVisible()).toBe(true);
    await page.screenshot({ path: `${server.dataDir}/sheet.png` });
    await page.emulateMedia({ media: "screen" });

    // Attendance by keyboard: focus the first button and press Enter.
    await page.goto(`${server.baseUrl}/sessions/${sessionId}/participants`);
    await page.getByRole("button", { name: "Als anwesend erfassen (Person tuer0)" }).focus();
    await page.keyboard.press("Enter");
    await expect.poll(() => page.getByRole("button", { name: "Anwesend – zurücknehmen (Person tuer0)" }).count()).toBe(1);
    // Everyone at once asks first, in a modal dialog that takes the focus.
    await page.getByRole("button", { name: "Alle Bestätigten als anwesend" }).focus();
    await page.keyboard.press("Enter");
    const dialog = page.getByRole("dialog", { name: "Alle Bestätigten als anwesend erfassen?" });
    await expect.poll(() => dialog.isVisible()).toBe(true);
    expect(await dialog.textContent()).toContain("2 Personen mit bestätigtem Platz werden als anwesend erfasst");
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Ja, alle als anwesend erfassen");
    await expectNoAxeViolations(page);
    await page.keyboard.press("Enter");
    await expect.poll(() => page.getByRole("status").first().textContent()).toContain("2 Personen als anwesend erfasst");
    // The counters: present and not yet present, from the database.
    expect(await page.locator('[data-figure="not-yet-present"]').textContent()).toBe("0");
    const attendedInDb = (() => {
      const db = new Database(server.databasePath, { readonly: true });
      try {
        return (
          db.prepare("select count(*) n from registrations where session_id = ? and status = 'attended'").get(sessionId) as { n: number }
        ).n;
      } finally {
        db.close();
      }
    })();
    expect(Number(await page.locator('[data-figure="attended"]').textContent())).toBe(attendedInDb);
    // Sorting is a plain link: "not yet present first" keeps everyone on the list.
    await page.locator('[data-sort="offen"]').click();
    await expect.poll(() => new URL(page.url()).searchParams.get("sort")).toBe("offen");
    expect(await page.locator('[data-sort="offen"]').getAttribute("aria-current")).toBe("true");

    // The export opens with a BOM and semicolons and leaves out support needs.
    const exportResponse = await page.request.get(`${server.baseUrl}/sessions/${sessionId}/participants.csv`);
    const csv = await exportResponse.text();
    expect(exportResponse.headers()["content-type"]).toBe("text/csv; charset=utf-8");
    expect(csv.startsWith("\uFEFF")).toBe(true);
    expect(csv).toContain("Person tuer1;;tuer1@stadt.example;Anwesend");
    expect(csv).not.toContain("Rollstuhl");
    await facilitator.close();

    // The participant downloads the Teilnahmebestätigung from /me.
    const participant = await newContextWithoutJavaScript(browser);
    await participant.addCookies([{ name: "ki_login", value: people[0]!.cookie.split("=").slice(1).join("="), url: server.baseUrl }]);
    const me = await participant.newPage();
    await me.goto(`${server.baseUrl}/me`);
    await me.getByRole("link", { name: /^Teilnahmebestätigung \(Termin/ }).click();
    expect(await me.locator("h1").textContent()).toBe("Teilnahmebestätigung");
    expect(await me.locator(".certificate__name").textContent()).toBe("Person tuer0");
    expect(await me.locator("article").textContent()).toContain("90 Minuten");
    await expectNoAxeViolations(me);
    await participant.close();
  });

  it("refuses the list to participants and to facilitators of other sessions, and attendance before the start", async () => {
    const sessionId = createPublishedSession(server.databasePath, {
      capacity: 10,
      title: "Später",
      facilitatorEmail: "referent@stadt.example",
    });
    const [outsider] = await createSignedInPeople(server.databasePath, 1, "draussen");
    for (const path of ["participants", "participants.csv", "sign-in-sheet"]) {
      const response = await fetch(`${server.baseUrl}/sessions/${sessionId}/${path}`, { headers: { Cookie: outsider!.cookie } });
      expect(response.status, path).toBe(403);
    }
    const other = await browser.newContext();
    const page = await other.newPage();
    await signIn(page, server, "moderation@stadt.example");
    const response = await page.goto(`${server.baseUrl}/sessions/${sessionId}/participants`);
    expect(response?.status()).toBe(403);
    expect(await page.locator("h1").textContent()).toBe("Kein Zugriff");
    await expectNoAxeViolations(page);

    // The own facilitator sees it, but cannot take attendance before the start.
    const own = await browser.newContext();
    const ownPage = await own.newPage();
    await signIn(ownPage, server, "referent@stadt.example");
    await ownPage.goto(`${server.baseUrl}/sessions/${sessionId}/participants`);
    expect(await ownPage.locator("main").textContent()).toContain("ab Beginn des Termins erfassen");
    const refused = await ownPage.request.post(`${server.baseUrl}/sessions/${sessionId}/participants`, {
      form: { intent: "attend-all", confirmed: "1" },
      headers: { Origin: server.baseUrl },
      maxRedirects: 0,
    });
    expect(refused.status()).toBe(303);
    await ownPage.goto(`${server.baseUrl}/sessions/${sessionId}/participants`);
    expect(await ownPage.getByRole("alert").first().textContent()).toContain("erst ab Beginn");
    await other.close();
    await own.close();
  });
});

describeWithBrowser("registration by hand", () => {
  let server: AppServer;
  let browser: Browser;
  beforeAll(async () => {
    server = await startAppServer({ SESSION_SECRET: TEST_SECRET, JOBS: "off", LOG_REQUESTS: "off" });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    expect(await server?.stop()).toBe(0);
  });

  it("keeps hand registrations within capacity under concurrency, and prints a confirmation without a mailbox", async () => {
    const sessionId = createPublishedSession(server.databasePath, { capacity: 5, title: "Bauhof" });
    const [organiser] = await createSignedInPeople(server.databasePath, 1, "orga");
    const Database = (await import("better-sqlite3")).default;
    const db = new Database(server.databasePath);
    db.prepare("insert into user_roles (user_id, role) values (?, 'admin')").run(organiser!.userId);
    db.close();
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        fetch(`${server.baseUrl}/sessions/${sessionId}/participants`, {
          method: "POST",
          redirect: "manual",
          headers: { Origin: server.baseUrl, Cookie: organiser!.cookie, "Content-Type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams({ intent: "register-by-hand", displayName: `Beschäftigte ${i}`, department: "Bauhof" }),
        }).then((r) => r.status),
      ),
    );
    expect(new Set(results)).toEqual(new Set([303]));
    const check = new Database(server.databasePath, { readonly: true });
    const statuses = (
      check.prepare("select status from registrations where session_id = ? order by id").all(sessionId) as { status: string }[]
    ).map((r) => r.status);
    check.close();
    expect(statuses).toEqual([...Array(5).fill("confirmed"), ...Array(15).fill("waitlisted")]);

    const context = await newContextWithoutJavaScript(browser);
    await context.addCookies([{ name: "ki_login", value: organiser!.cookie.split("=").slice(1).join("="), url: server.baseUrl }]);
    const page = await context.newPage();
    await page.goto(`${server.baseUrl}/sessions/${sessionId}/participants`);
    await expectNoAxeViolations(page);
    await page.getByRole("link", { name: "Bestätigung drucken für Beschäftigte 0" }).click();
    expect(await page.locator("h1").textContent()).toBe("Anmeldebestätigung");
    expect(await page.locator(".certificate__name").textContent()).toBe("Beschäftigte 0");
    await expectNoAxeViolations(page);
    await context.close();
  });
});
