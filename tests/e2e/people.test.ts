import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import {
  describeWithBrowser,
  expectNoAxeViolations,
  launchBrowser,
  newContextWithoutJavaScript,
  watchPageProblems,
} from "../support/browser";
import { TEST_SECRET, createPublishedSession, createSignedInPeople } from "../support/seeding";
import { startAppServer, type AppServer } from "../support/server";
import { signIn } from "../support/sign-in";

describeWithBrowser("people and roles (/admin/people)", () => {
  let server: AppServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startAppServer({ SESSION_SECRET: TEST_SECRET, ALLOWED_EMAIL_DOMAINS: "stadt.example", LOG_REQUESTS: "off" });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    expect(await server?.stop()).toBe(0);
  });

  const query = <T>(sql: string, ...params: unknown[]): T[] => {
    const db = new Database(server.databasePath, { readonly: true });
    try {
      return db.prepare(sql).all(...params) as T[];
    } finally {
      db.close();
    }
  };
  const rolesOf = (email: string) =>
    query<{ role: string }>("select role from user_roles join users on users.id = user_id where email = ? order by role", email).map(
      (r) => r.role,
    );

  async function expectNoSidewaysScrollAt320(page: Page) {
    const before = page.viewportSize();
    await page.setViewportSize({ width: 320, height: 640 });
    const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }));
    expect(widths.scroll, `page is wider than 320 px: ${page.url()}`).toBeLessThanOrEqual(widths.inner);
    if (before) await page.setViewportSize(before);
  }

  it("with JavaScript: adds a person, refuses a bad address next to the field, grants facilitator and revokes it", async () => {
    const context = await browser.newContext({ locale: "de-DE" });
    const page = await context.newPage();
    const problems = watchPageProblems(page);
    await signIn(page, server, "admin@stadt.example");
    await page.goto(`${server.baseUrl}/admin`);
    await page.getByRole("link", { name: "Personen und Rollen" }).click();
    await expect.poll(() => page.locator("h1").textContent()).toBe("Personen und Rollen");
    // Without a search: the people with roles, the seeded facilitators among them.
    expect(await page.locator("main").textContent()).toContain("Kim Moderation");
    await expectNoAxeViolations(page);
    await expectNoSidewaysScrollAt320(page);

    // A bad address: a message next to the field, what was typed stays, nothing is written.
    await page.getByLabel("Dienstliche E-Mail-Adresse").fill("robin.neu@firma.example");
    await page.getByLabel("Name", { exact: true }).fill("Robin Neu");
    await page.getByRole("button", { name: "Person hinzufügen" }).click();
    await expect.poll(() => page.locator("#field-email-error").textContent()).toContain("Zugelassen sind Adressen in: stadt.example");
    expect(await page.getByLabel("Name", { exact: true }).inputValue()).toBe("Robin Neu");
    expect(await page.getByLabel("Dienstliche E-Mail-Adresse").getAttribute("aria-invalid")).toBe("true");
    expect(query("select id from users where email = ?", "robin.neu@firma.example")).toEqual([]);
    await expectNoAxeViolations(page);

    await page.getByLabel("Dienstliche E-Mail-Adresse").fill("robin.neu@stadt.example");
    await page.getByRole("button", { name: "Person hinzufügen" }).click();
    await expect.poll(() => page.getByRole("status").first().textContent()).toContain("Robin Neu ist angelegt");
    expect(new URL(page.url()).searchParams.get("q")).toBe("robin.neu@stadt.example");
    expect(await page.getByLabel("Dienstliche E-Mail-Adresse").inputValue()).toBe("");

    await page.getByRole("button", { name: "Moderation freischalten für Robin Neu" }).click();
    await expect.poll(() => page.getByRole("status").first().textContent()).toContain("Robin Neu hat jetzt die Rolle „Moderation“");
    expect(await page.locator(".session-card").textContent()).toContain("Rollen: Moderation");
    expect(rolesOf("robin.neu@stadt.example")).toEqual(["facilitator", "participant"]);
    await expectNoAxeViolations(page);
    await expectNoSidewaysScrollAt320(page);

    // The one mail about the role arrives (demo mode writes it to the mail folder).
    await expect
      .poll(() => {
        try {
          return readdirSync(path.join(server.dataDir, "mail"))
            .filter((f) => f.endsWith(".json"))
            .map((f) => JSON.parse(readFileSync(path.join(server.dataDir, "mail", f), "utf8")) as { to: string; text: string })
            .filter((m) => m.to === "robin.neu@stadt.example" && m.text.includes("Rolle „Moderation“")).length;
        } catch {
          return 0;
        }
      })
      .toBe(1);

    // The planning picker offers the new facilitator.
    const [series] = query<{ id: number }>("select id from series order by id limit 1");
    await page.goto(`${server.baseUrl}/admin/series/${series!.id}/sessions/new`);
    expect(await page.getByLabel("Robin Neu").count()).toBe(1);

    // Revoking while Robin is assigned to a session: the confirmation step, here "nobody takes over".
    const sessionId = createPublishedSession(server.databasePath, {
      capacity: 10,
      title: "Robins Termin",
      facilitatorEmail: "robin.neu@stadt.example",
    });
    await page.goto(`${server.baseUrl}/admin/people?q=robin`);
    await page.getByRole("button", { name: "Moderation entziehen für Robin Neu" }).click();
    await expect.poll(() => page.locator("h2").first().textContent()).toBe("Moderation entziehen: Robin Neu");
    expect(await page.getByRole("alert").textContent()).toContain("Robins Termin");
    expect(rolesOf("robin.neu@stadt.example")).toContain("facilitator");
    await expectNoAxeViolations(page);
    await expectNoSidewaysScrollAt320(page);
    await page.getByLabel("Wer übernimmt die Moderation?").selectOption({ label: "Niemand – Robin Neu nur aus den Terminen austragen" });
    await page.getByRole("button", { name: "Moderation entziehen und Termine übergeben" }).click();
    await expect.poll(() => page.getByRole("status").first().textContent()).toContain("Robin Neu hat die Rolle „Moderation“ nicht mehr");
    expect(query("select user_id from session_facilitators where session_id = ?", sessionId)).toEqual([]);
    expect(rolesOf("robin.neu@stadt.example")).toEqual(["participant"]);
    expect(await page.locator(".session-card", { hasText: "robin.neu@stadt.example" }).textContent()).toContain("Rollen: keine");
    // The refused address answered 400 on purpose; nothing else may go wrong in the browser.
    expect(problems.filter((p) => !/status of 400/.test(p))).toEqual([]);
    await context.close();
  });

  it("without JavaScript: revoking facilitator from someone with upcoming sessions asks who takes over, then does both", async () => {
    const sessionId = createPublishedSession(server.databasePath, {
      capacity: 10,
      title: "Übergabe der Moderation",
      facilitatorEmail: "moderation@stadt.example",
    });
    const context = await newContextWithoutJavaScript(browser);
    const page = await context.newPage();
    await signIn(page, server, "admin@stadt.example");
    await page.goto(`${server.baseUrl}/admin/people?q=moderation%40stadt.example`);
    await page.getByRole("button", { name: "Moderation entziehen für Kim Moderation" }).click();

    // The confirmation step: the sessions that have not ended, nothing changed yet.
    await expect.poll(() => page.locator("h2").first().textContent()).toBe("Moderation entziehen: Kim Moderation");
    expect(await page.getByRole("alert").textContent()).toContain("Übergabe der Moderation");
    expect(rolesOf("moderation@stadt.example")).toContain("facilitator");
    await expectNoAxeViolations(page);
    await expectNoSidewaysScrollAt320(page);

    // No choice made: a message next to the select, still nothing changed.
    await page.getByRole("button", { name: "Moderation entziehen und Termine übergeben" }).click();
    await expect.poll(() => page.locator("#field-replacementId-error").textContent()).toContain("Bitte wählen Sie");
    expect(rolesOf("moderation@stadt.example")).toContain("facilitator");
    await expectNoAxeViolations(page);

    await page.getByLabel("Wer übernimmt die Moderation?").selectOption({ label: "Sam Referent" });
    await page.getByRole("button", { name: "Moderation entziehen und Termine übergeben" }).click();
    await expect
      .poll(() => page.getByRole("status").first().textContent())
      .toContain("Kim Moderation hat die Rolle „Moderation“ nicht mehr");
    expect(rolesOf("moderation@stadt.example")).toEqual(["participant"]);
    expect(
      query<{ email: string }>(
        "select email from session_facilitators join users on users.id = user_id where session_id = ? order by email",
        sessionId,
      ),
    ).toEqual([{ email: "referent@stadt.example" }]);
    // Every session of Kim's that had not ended changed hands with it.
    expect(
      query(
        "select 1 from session_facilitators sf join sessions s on s.id = sf.session_id join users u on u.id = sf.user_id where u.email = ? and s.ends_at > ?",
        "moderation@stadt.example",
        Date.now(),
      ),
    ).toEqual([]);

    // Granting again, without JavaScript, shows the role in the list.
    await page.getByRole("button", { name: "Moderation freischalten für Kim Moderation" }).click();
    await expect.poll(() => page.locator(".session-card").first().textContent()).toContain("Rollen: Moderation");

    // A bad address without JavaScript: the message next to the field, the name kept.
    await page.getByLabel("Dienstliche E-Mail-Adresse").fill("keine-adresse");
    await page.getByLabel("Name", { exact: true }).fill("Ohne Adresse");
    await page.getByRole("button", { name: "Person hinzufügen" }).click();
    await expect.poll(() => page.locator("#field-email-error").textContent()).toContain("gültige E-Mail-Adresse");
    expect(await page.getByLabel("Name", { exact: true }).inputValue()).toBe("Ohne Adresse");
    await expectNoAxeViolations(page);
    await context.close();
  });

  it("is for admins only: 403 for anyone else, also for a form post", async () => {
    const [person] = await createSignedInPeople(server.databasePath, 1, "ohnerolle");
    const page = await fetch(`${server.baseUrl}/admin/people`, { headers: { Cookie: person!.cookie } });
    expect(page.status).toBe(403);
    const post = await fetch(`${server.baseUrl}/admin/people`, {
      method: "POST",
      headers: { Cookie: person!.cookie, Origin: server.baseUrl, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ intent: "grant", userId: String(person!.userId), role: "admin" }),
      redirect: "manual",
    });
    expect(post.status).toBe(403);
    expect(query("select role from user_roles where user_id = ? order by role", person!.userId)).toEqual([{ role: "participant" }]);

    const signedOut = await fetch(`${server.baseUrl}/admin/people`, { redirect: "manual" });
    expect(signedOut.status).toBe(302);
  });
});
