// The Teilnahmebestätigung as an A4 document: letterhead, issue date, a number an organiser can
// look up on /admin/certificates, "maschinell erstellt", and a print button with JavaScript.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeWithBrowser, expectNoAxeViolations, launchBrowser, newContextWithoutJavaScript } from "../support/browser";
import { TEST_SECRET, createPublishedSession, createSignedInPeople, insertRegistration, type SignedInPerson } from "../support/seeding";
import { startAppServer, type AppServer } from "../support/server";
import { signIn } from "../support/sign-in";

describeWithBrowser("Teilnahmebestätigung", () => {
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

  it("carries a number the organiser can check; a number without attendance or of another year is not confirmed", async () => {
    const [person, absent] = (await createSignedInPeople(server.databasePath, 2, "cert")) as [SignedInPerson, SignedInPerson];
    const sessionId = createPublishedSession(server.databasePath, { capacity: 5, title: "Bestätigt", startsAt: Date.now() - 3 * 3600_000 });
    const registrationId = insertRegistration(server.databasePath, sessionId, person.userId, "attended");
    const absentId = insertRegistration(server.databasePath, sessionId, absent.userId, "confirmed");

    const staff = await browser.newContext({ locale: "de-DE" });
    await staff.addCookies([{ name: "ki_login", value: person.cookie.split("=").slice(1).join("="), url: server.baseUrl }]);
    const page = await staff.newPage();
    await page.goto(`${server.baseUrl}/me/certificates/${registrationId}`);
    const number = await page.locator("[data-certificate-number]").textContent();
    expect(number).toBe(`TB-${new Date(Date.now() - 3 * 3600_000).getUTCFullYear()}-${String(registrationId).padStart(6, "0")}`);
    expect(await page.locator("article").textContent()).toContain("maschinell erstellt");
    expect(await page.locator("article").textContent()).toContain("Ausgestellt am");
    // With JavaScript a real print button; the hint names the keys without it.
    // The button appears once the page has hydrated: wait for it (it raced in CI).
    await expect.poll(() => page.getByRole("button", { name: "Drucken" }).count()).toBe(1);
    await expectNoAxeViolations(page);
    await staff.close();

    const admin = await newContextWithoutJavaScript(browser);
    const adminPage = await admin.newPage();
    await signIn(adminPage, server, "admin@stadt.example");
    await adminPage.goto(`${server.baseUrl}/admin/certificates`);
    await adminPage.getByLabel("Nummer der Teilnahmebestätigung").fill(` ${number!.toLowerCase()} `);
    await adminPage.getByRole("button", { name: "Prüfen" }).click();
    expect(await adminPage.locator("[data-attended]").getAttribute("data-attended")).toBe("true");
    expect(await adminPage.locator("#found").textContent()).toBe(number);
    await expectNoAxeViolations(adminPage);

    // Someone who was not marked present: the number exists, but no certificate should.
    const absentNumber = number!.replace(/\d{6}$/, String(absentId).padStart(6, "0"));
    await adminPage.goto(`${server.baseUrl}/admin/certificates?nr=${absentNumber}`);
    expect(await adminPage.locator("[data-attended]").getAttribute("data-attended")).toBe("false");
    // The wrong year, and nonsense: a message next to the field.
    await adminPage.goto(`${server.baseUrl}/admin/certificates?nr=${number!.replace(/^TB-\d{4}/, "TB-1999")}`);
    expect(await adminPage.locator("#field-nr-error").textContent()).toContain("keine Teilnahmebestätigung");
    await adminPage.goto(`${server.baseUrl}/admin/certificates?nr=${encodeURIComponent('"; drop table')}`);
    expect(await adminPage.locator("#field-nr-error").textContent()).toContain("TB-Jahr-Nummer");
    await adminPage.setViewportSize({ width: 320, height: 640 });
    expect(await adminPage.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    // Staff without the role do not get the page.
    const refused = await fetch(`${server.baseUrl}/admin/certificates`, { headers: { Cookie: person.cookie } });
    expect(refused.status).toBe(403);
    await admin.close();
  });
});
