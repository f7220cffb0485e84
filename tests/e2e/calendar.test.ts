import { readFileSync } from "node:fs";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeWithBrowser, expectNoAxeViolations, launchBrowser, newContextWithoutJavaScript } from "../support/browser";
import { parseCalendar } from "../support/ical";
import { createPublishedSession } from "../support/seeding";
import { startAppServer, type AppServer } from "../support/server";
import { signIn } from "../support/sign-in";
import { smtpLinkSource, startSmtpServer, type TestSmtpServer } from "../support/smtp";

describeWithBrowser("calendar: invites on change, downloads, personal feed", () => {
  let smtp: TestSmtpServer;
  let server: AppServer;
  let browser: Browser;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    server = await startAppServer({ SMTP_URL: smtp.url, OUTBOX_POLL_SECONDS: "0.3" });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    expect(await server?.stop()).toBe(0);
    await smtp?.close();
  });

  const invitesTo = (email: string) =>
    smtp.received
      .filter((m) => m.to.includes(email))
      // One invite per mail: the text/calendar part and the attached copy carry the same text.
      .flatMap((m) =>
        m.parsed.attachments
          .filter((a) => a.filename === "einladung.ics")
          .slice(0, 1)
          .map((a) => parseCalendar(a.content.toString("utf8"))),
      );

  it("tells registrants about a moved session after the organiser saw the preview and confirmed", async () => {
    const sessionId = createPublishedSession(server.databasePath, { capacity: 5, title: "Umzug" });
    const participant = await browser.newContext();
    const page = await participant.newPage();
    await signIn(page, server, "teilnahme@stadt.example", { linkSource: smtpLinkSource(smtp) });
    await page.goto(`${server.baseUrl}/sessions/${sessionId}`);
    // Without a place there is nothing to put in a calendar.
    expect(await page.getByRole("link", { name: "Zum Kalender hinzufügen (.ics)" }).count()).toBe(0);
    await page.getByRole("button", { name: "Jetzt anmelden" }).click();
    await expect.poll(() => invitesTo("teilnahme@stadt.example").length, { timeout: 10_000 }).toBe(1);
    const first = invitesTo("teilnahme@stadt.example")[0]!;
    expect(first.method).toBe("REQUEST");

    // Download the .ics from the session page and parse it.
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("link", { name: "Zum Kalender hinzufügen (.ics)" }).click(),
    ]);
    const file = parseCalendar(readFileSync((await download.path())!, "utf8"));
    expect(file.method).toBe("PUBLISH");
    expect(file.events[0]!.uid).toBe(first.events[0]!.uid);

    const admin = await newContextWithoutJavaScript(browser);
    const adminPage = await admin.newPage();
    await signIn(adminPage, server, "admin@stadt.example", { linkSource: smtpLinkSource(smtp) });
    await adminPage.goto(`${server.baseUrl}/admin/sessions/${sessionId}`);
    await adminPage.getByLabel("Raum").fill("Kleiner Sitzungssaal");
    await adminPage.getByRole("button", { name: "Änderungen speichern" }).click();
    await expect.poll(() => adminPage.getByRole("alert").first().textContent()).toContain("Raum: Ratssaal → Kleiner Sitzungssaal");
    // Another room than the previewed one, sent with the preview's confirmation: nothing is
    // saved or mailed; the new change is previewed instead.
    await adminPage.getByLabel("Raum").fill("Großer Sitzungssaal");
    await adminPage.getByRole("button", { name: "Speichern und 1 Person benachrichtigen" }).click();
    await expect
      .poll(() => adminPage.getByRole("alert").first().textContent())
      .toContain("Die Änderung weicht von der Vorschau ab. Bitte prüfen Sie die neue Vorschau.");
    expect(await adminPage.getByRole("alert").first().textContent()).toContain("Noch nicht gespeichert");
    expect(await adminPage.getByRole("alert").first().textContent()).toContain("Raum: Ratssaal → Großer Sitzungssaal");
    expect(await adminPage.getByRole("alert").first().textContent()).toContain("Benachrichtigt werden: Test Person");
    await expectNoAxeViolations(adminPage);
    await adminPage.getByRole("button", { name: "Speichern und 1 Person benachrichtigen" }).click();
    await expect.poll(() => adminPage.getByRole("status").first().textContent()).toContain("1 Person wird per E-Mail informiert");

    await expect.poll(() => invitesTo("teilnahme@stadt.example").length, { timeout: 10_000 }).toBe(2);
    const update = invitesTo("teilnahme@stadt.example")[1]!;
    expect(update.method).toBe("REQUEST");
    expect(update.events[0]!.uid).toBe(first.events[0]!.uid);
    expect(update.events[0]!.sequence).toBeGreaterThan(first.events[0]!.sequence);
    expect(update.events[0]!.location).toContain("Großer Sitzungssaal");
    const changeMail = smtp.received.find(
      (m) => m.to.includes("teilnahme@stadt.example") && m.parsed.subject?.startsWith("Termin geändert"),
    )!;
    expect(changeMail.parsed.text).toContain("Raum: Ratssaal → Großer Sitzungssaal");
    // The refused save mailed nothing: one change, one message.
    expect(
      smtp.received.filter((m) => m.to.includes("teilnahme@stadt.example") && m.parsed.subject?.startsWith("Termin geändert")),
    ).toHaveLength(1);
    await admin.close();
    await participant.close();
  });

  it("gives each person a private feed on /me that a new link replaces", async () => {
    const sessionId = createPublishedSession(server.databasePath, { capacity: 5, title: "Feed" });
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, server, "feed@stadt.example", { linkSource: smtpLinkSource(smtp) });
    await page.goto(`${server.baseUrl}/sessions/${sessionId}`);
    await page.getByRole("button", { name: "Jetzt anmelden" }).click();
    await expect.poll(() => page.getByRole("status").first().textContent()).toContain("angemeldet");
    await page.goto(`${server.baseUrl}/me`);
    await expectNoAxeViolations(page);
    const feedUrl = await page.getByLabel("Link zum Kopieren").inputValue();
    expect(await page.getByRole("link", { name: "Kalender abonnieren" }).getAttribute("href")).toBe(feedUrl.replace(/^http:/, "webcal:"));
    const response = await fetch(feedUrl);
    expect(response.headers.get("content-type")).toBe("text/calendar; charset=utf-8");
    const feed = parseCalendar(await response.text());
    expect(feed.events.map((e) => e.summary)).toEqual(["Feed"]);

    await page.getByRole("button", { name: "Neuen Link erzeugen" }).click();
    await expect.poll(() => page.getByRole("status").first().textContent()).toContain("neu erzeugt");
    expect((await fetch(feedUrl)).status).toBe(404);
    const newUrl = await page.getByLabel("Link zum Kopieren").inputValue();
    expect(newUrl).not.toBe(feedUrl);
    expect((await fetch(newUrl)).status).toBe(200);
    // The token never reaches the log.
    expect(server.output()).not.toContain(new URL(feedUrl).pathname.split("/").pop()!.replace(".ics", ""));
    await context.close();
  });
});
