// Reports and the audit view (decision 023) in Chromium: every figure on /reports and
// /admin/reports equals SQL over the server's database, department cells under 5 never show a
// number, roles are enforced (403), the CSV is German, and the pages pass axe and do not
// scroll sideways at 320 px, with JavaScript on and off. The department list on
// /admin/settings refuses a bad list next to the field and the profile then offers a select.
import Database from "better-sqlite3";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeWithBrowser, expectNoAxeViolations, launchBrowser, newContextWithoutJavaScript } from "../support/browser";
import { createSignedInPeople, TEST_SECRET, type SignedInPerson } from "../support/seeding";
import { startAppServer, type AppServer } from "../support/server";

const DAY = 24 * 3600_000;
// A long German compound as the series title: the tables must still reflow at 320 px.
const TITLE = "Informationsveranstaltungsreihe zur Dienstvereinbarungsumsetzungsbegleitung";

function seed(databasePath: string, people: SignedInPerson[]) {
  const db = new Database(databasePath);
  db.pragma("busy_timeout = 5000");
  const now = Date.now();
  db.transaction(() => {
    db.prepare("insert into settings (key, value) values ('departments', ?) on conflict(key) do update set value = excluded.value").run(
      JSON.stringify(["Amt für Digitalisierung", "Bürgeramt"]),
    );
    const { id: seriesId } = db.prepare("insert into series (title) values (?) returning id").get(TITLE) as { id: number };
    const addSession = db.prepare(
      "insert into sessions (series_id, starts_at, ends_at, format, place, room, capacity, status, published_at) values (?, ?, ?, 'in_person', 'Rathaus', 'Ratssaal', ?, 'published', ?) returning id",
    );
    const addRegistration = db.prepare(
      "insert into registrations (session_id, user_id, status, end_reason, queued_at, updated_at) values (?, ?, ?, ?, ?, ?) returning id",
    );
    const addAudit = db.prepare(
      "insert into audit_log (actor_id, action, subject_type, subject_id, details, created_at) values (?, ?, 'registration', ?, ?, ?)",
    );
    const setDepartment = db.prepare("update users set department = ? where id = ?");
    // Two held sessions ~20 and ~50 days ago (so in this or the last two months).
    const plans = [
      { ago: 20, capacity: 8, attended: 6, confirmed: 1, cancelled: 2, waited: 3 },
      { ago: 50, capacity: 12, attended: 0, confirmed: 9, cancelled: 1, waited: 0 },
    ];
    let p = 0;
    for (const plan of plans) {
      const start = now - plan.ago * DAY;
      const { id } = addSession.get(seriesId, start, start + 90 * 60_000, plan.capacity, start - 30 * DAY) as { id: number };
      const departments = ["Amt für Digitalisierung", "Amt für Digitalisierung", "Bürgeramt", "Hauptamt", null];
      const person = () => {
        const who = people[p++]!;
        setDepartment.run(departments[p % departments.length], who.userId);
        return who.userId;
      };
      for (let i = 0; i < plan.attended; i++) addRegistration.get(id, person(), "attended", null, start - 10 * DAY, start);
      for (let i = 0; i < plan.confirmed; i++) addRegistration.get(id, person(), "confirmed", null, start - 10 * DAY, start);
      for (let i = 0; i < plan.cancelled; i++) addRegistration.get(id, person(), "cancelled", "self", start - 10 * DAY, start);
      // A waitlist of `waited` that all moved up one after another.
      for (let i = 0; i < plan.waited; i++) {
        const { id: registrationId } = addRegistration.get(id, person(), "confirmed", null, start - 9 * DAY, start) as { id: number };
        addAudit.run(
          registrationId,
          "registration_waitlisted",
          String(registrationId),
          JSON.stringify({ sessionId: id }),
          start - 9 * DAY + i,
        );
        addAudit.run(null, "registration_promoted", String(registrationId), JSON.stringify({ sessionId: id }), start - 5 * DAY + i);
      }
    }
  })();
  db.close();
}

function truth(databasePath: string) {
  const db = new Database(databasePath, { readonly: true });
  const rows = db
    .prepare(
      `select s.id, s.capacity,
         (select count(*) from registrations r where r.session_id = s.id) as registrations,
         (select count(*) from registrations r where r.session_id = s.id and r.status = 'cancelled' and r.end_reason = 'self') as cancellations,
         (select count(*) from registrations r where r.session_id = s.id and r.status = 'attended') as attended,
         (select count(*) from registrations r where r.session_id = s.id and r.status = 'confirmed') as confirmed,
         (select count(*) from audit_log a where a.action = 'registration_promoted' and json_extract(a.details, '$.sessionId') = s.id) as promotions
       from sessions s order by s.starts_at desc`,
    )
    .all() as { capacity: number; registrations: number; cancellations: number; attended: number; confirmed: number; promotions: number }[];
  db.close();
  return rows;
}

describeWithBrowser("reports and the audit view", () => {
  let server: AppServer;
  let browser: Browser;
  let admin: SignedInPerson;
  let council: SignedInPerson;
  let participant: SignedInPerson;

  beforeAll(async () => {
    server = await startAppServer({ SESSION_SECRET: TEST_SECRET, JOBS: "off", LOG_REQUESTS: "off" });
    browser = await launchBrowser();
    [admin, council, participant] = (await createSignedInPeople(server.databasePath, 3, "bericht")) as [
      SignedInPerson,
      SignedInPerson,
      SignedInPerson,
    ];
    const db = new Database(server.databasePath);
    db.prepare("insert into user_roles (user_id, role) values (?, 'admin')").run(admin.userId);
    db.prepare("insert into user_roles (user_id, role) values (?, 'council')").run(council.userId);
    db.close();
    seed(server.databasePath, await createSignedInPeople(server.databasePath, 40, "teilnehmend"));
  });

  afterAll(async () => {
    await browser?.close();
    expect(await server?.stop()).toBe(0);
  });

  async function as(person: SignedInPerson, javaScript: boolean): Promise<BrowserContext> {
    const context = javaScript ? await browser.newContext({ locale: "de-DE" }) : await newContextWithoutJavaScript(browser);
    await context.addCookies([{ name: "ki_login", value: person.cookie.split("=").slice(1).join("="), url: server.baseUrl }]);
    return context;
  }

  async function expectReflow(page: Page) {
    await page.setViewportSize({ width: 320, height: 640 });
    await page.reload();
    const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }));
    expect(widths.scroll).toBeLessThanOrEqual(widths.inner);
  }

  async function readFigures(page: Page) {
    const rows = [];
    for (const row of await page.locator("table[data-report=figures] tbody tr").all()) {
      const figure = async (name: string) => ((await row.locator(`[data-figure=${name}]`).textContent()) ?? "").trim();
      rows.push({
        placesOffered: Number(await figure("placesOffered")),
        registrations: Number(await figure("registrations")),
        cancellations: Number(await figure("cancellations")),
        promotions: Number(await figure("promotions")),
        waitlistPeak: Number(await figure("waitlistPeak")),
        attendanceRate: await figure("attendanceRate"),
        noShowRate: await figure("noShowRate"),
      });
    }
    return rows;
  }

  for (const javaScript of [true, false]) {
    for (const [who, path] of [
      ["council", "/reports"],
      ["admin", "/admin/reports"],
    ] as const) {
      it(`${path} as ${who}: figures equal the database, small cells are hidden (JavaScript ${javaScript ? "on" : "off"})`, async () => {
        const context = await as(who === "council" ? council : admin, javaScript);
        const page = await context.newPage();
        // Two months back to now, so both sessions are in the period whatever today is.
        const from = new Date(Date.now() - 70 * DAY).toISOString().slice(0, 7);
        await page.goto(`${server.baseUrl}${path}`);
        await page.locator("#report-from").fill(from);
        await page.getByRole("button", { name: "Anzeigen" }).click();
        await page.waitForURL((url) => url.searchParams.get("from") === from);
        await page.locator("table[data-report=figures]").waitFor();
        const expected = truth(server.databasePath).map((s) => {
          const base = s.attended + (s.attended > 0 ? s.confirmed : 0);
          const pct = (n: number) =>
            base === 0 ? "–" : new Intl.NumberFormat("de-DE", { style: "percent", maximumFractionDigits: 0 }).format(n / base);
          return {
            placesOffered: s.capacity,
            registrations: s.registrations,
            cancellations: s.cancellations,
            promotions: s.promotions,
            waitlistPeak: s.promotions > 0 ? 1 : 0,
            attendanceRate: pct(s.attended),
            noShowRate: s.attended > 0 ? pct(s.confirmed) : "–",
          };
        });
        // The page lists months oldest first; truth() newest first. Each session is its own month
        // or shares one: compare as sums when they share.
        const shown = await readFigures(page);
        if (shown.length === 2) expect(shown).toEqual([...expected].reverse());
        else expect(shown[0]!.registrations).toBe(expected[0]!.registrations + expected[1]!.registrations);
        // No department cell shows a number under 5.
        for (const cell of await page.locator("[data-report=departments] td[data-cell]").all()) {
          const text = ((await cell.textContent()) ?? "").trim();
          if (/^\d+$/.test(text)) expect(Number(text)).toBeGreaterThanOrEqual(5);
        }
        expect(await page.locator('[data-report=departments] td[data-cell="small"]').count()).toBeGreaterThan(0);
        await expectNoAxeViolations(page);
        await expectReflow(page);
        await context.close();
      });
    }

    it(`/admin/audit lists the system's promotions without names, passes axe and reflows (JavaScript ${javaScript ? "on" : "off"})`, async () => {
      const context = await as(admin, javaScript);
      const page = await context.newPage();
      const from = new Date(Date.now() - 80 * DAY).toISOString().slice(0, 10);
      await page.goto(`${server.baseUrl}/admin/audit?kind=system&from=${from}`);
      await page.locator("table[data-audit=entries]").waitFor();
      const db = new Database(server.databasePath, { readonly: true });
      const promotions = (db.prepare("select count(*) as n from audit_log where action = 'registration_promoted'").get() as { n: number })
        .n;
      db.close();
      expect(await page.locator("table[data-audit=entries] tbody td[data-label=Was]", { hasText: "Nachgerückt" }).count()).toBe(promotions);
      expect(await page.locator("table[data-audit=entries]").textContent()).not.toContain("Person teilnehmend");
      await expectNoAxeViolations(page);
      await expectReflow(page);
      // A reversed period is refused next to the field, with what was typed.
      await page.goto(`${server.baseUrl}/admin/audit?from=2027-03-20&to=2027-03-01`);
      expect(await page.locator("#audit-to-error").textContent()).toBe("Der letzte Tag liegt vor dem ersten.");
      expect(await page.locator("#audit-from").inputValue()).toBe("2027-03-20");
      await context.close();
    });
  }

  it("refuses the pages to the wrong roles with 403 and offers a German CSV", async () => {
    const asCouncil = await as(council, true);
    const page = await asCouncil.newPage();
    for (const path of ["/admin/reports", "/admin/audit"]) expect((await page.goto(`${server.baseUrl}${path}`))!.status()).toBe(403);
    const csv = await page.request.get(`${server.baseUrl}/reports.csv?table=abteilungen&from=2020-01&to=2020-12`);
    expect(csv.status()).toBe(200);
    expect(csv.headers()["content-type"]).toBe("text/csv; charset=utf-8");
    const body = await csv.text();
    expect(body.startsWith("\uFEFFVeranstaltungsreihe;Monat;Amt für Digitalisierung;Bürgeramt;Sonstige;ohne Angabe;Zusammen")).toBe(true);
    // An empty period is an empty state, not an error.
    await page.goto(`${server.baseUrl}/reports?from=2020-01&to=2020-12`);
    expect(await page.locator("[data-report-empty]").count()).toBe(1);
    await asCouncil.close();
    const asParticipant = await as(participant, false);
    const other = await asParticipant.newPage();
    for (const path of ["/reports", "/admin/reports", "/admin/audit", "/reports.csv?table=termine"]) {
      expect((await other.goto(`${server.baseUrl}${path}`).catch(() => null))?.status() ?? 403).toBe(403);
    }
    await asParticipant.close();
  });

  for (const javaScript of [true, false]) {
    it(`the department list is refused next to the field, then offered in the profile (JavaScript ${javaScript ? "on" : "off"})`, async () => {
      const context = await as(admin, javaScript);
      const page = await context.newPage();
      await page.goto(`${server.baseUrl}/admin/settings`);
      const field = page.locator("#field-departments");
      await field.fill("Amt für Digitalisierung\nBürgeramt\nbürgeramt");
      await page.getByRole("button", { name: "Liste übernehmen" }).click();
      await page.locator("#field-departments-error").waitFor();
      expect(await page.locator("#field-departments-error").textContent()).toContain("steht zweimal in der Liste");
      expect(await field.inputValue()).toBe("Amt für Digitalisierung\nBürgeramt\nbürgeramt");
      await expectNoAxeViolations(page);
      // Each run saves a different list, so a "changed" message is due in any order.
      const third = javaScript ? "Kämmerei" : "Stadtkasse";
      await field.fill(`Amt für Digitalisierung\nBürgeramt\n${third}`);
      await page.getByRole("button", { name: "Liste übernehmen" }).click();
      await page.getByText("Die Liste der Abteilungen ist gespeichert (3 Einträge).").waitFor();
      await page.goto(`${server.baseUrl}/me/profile`);
      const options = await page.locator("#field-department option").allTextContents();
      expect(options).toEqual(["keine Angabe", "Amt für Digitalisierung", "Bürgeramt", third, "Sonstige"]);
      await page.locator("#field-department").selectOption(third);
      await page.getByRole("button", { name: "Speichern", exact: true }).click();
      await page.getByText("Ihre Angaben sind gespeichert.").waitFor();
      const db = new Database(server.databasePath, { readonly: true });
      expect((db.prepare("select department from users where id = ?").get(admin.userId) as { department: string }).department).toBe(third);
      db.close();
      await expectNoAxeViolations(page);
      await expectReflow(page);
      await context.close();
    });
  }
});
