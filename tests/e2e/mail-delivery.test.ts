import Database from "better-sqlite3";
import { spawn } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeWithBrowser, expectNoAxeViolations, launchBrowser, newContextWithoutJavaScript } from "../support/browser";
import { startAppServer } from "../support/server";
import { signInDetails, startSmtpServer } from "../support/smtp";
import type { Browser } from "playwright-core";

const root = path.resolve(__dirname, "../..");

function postLogin(baseUrl: string, email: string) {
  return fetch(`${baseUrl}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { Origin: baseUrl, "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ email }),
  });
}

describe("mail delivery by the server's own job loop", () => {
  it("delivers a sign-in mail after the SMTP server answered 421 for a while", async () => {
    const smtp = await startSmtpServer({ rejectFirst: 3 });
    const server = await startAppServer({ SMTP_URL: smtp.url, OUTBOX_RETRY_SECONDS: "1", OUTBOX_POLL_SECONDS: "0.3" });
    try {
      expect((await postLogin(server.baseUrl, "geduld@stadt.example")).status).toBe(303);
      const [mail] = await smtp.waitFor(1, 20_000);
      expect(smtp.rejected()).toBe(3);
      expect(mail!.to).toEqual(["geduld@stadt.example"]);
      expect(signInDetails(mail!).code).toMatch(/^\d{6}$/);
      const db = new Database(server.databasePath, { readonly: true });
      const row = db.prepare("select status, attempts from outbox").get();
      db.close();
      expect(row).toEqual({ status: "sent", attempts: 4 });
    } finally {
      expect(await server.stop()).toBe(0);
      await smtp.close();
    }
  });

  it("sends each mail once when two `npm run jobs` runners share the database", async () => {
    const smtp = await startSmtpServer({ delayMs: 40 });
    // The web server only queues (JOBS=off); two separate runner processes compete.
    const settings = { SMTP_URL: smtp.url, OUTBOX_POLL_SECONDS: "0.2" };
    const server = await startAppServer({ ...settings, JOBS: "off" });
    const addresses = Array.from({ length: 40 }, (_, i) => `massen${i}@stadt.example`);
    const statuses = await Promise.all(addresses.map((email) => postLogin(server.baseUrl, email).then((r) => r.status)));
    expect(new Set(statuses)).toEqual(new Set([303]));
    expect(smtp.received.length).toBe(0);

    const runners = [0, 1].map(() => {
      const child = spawn(process.execPath, ["scripts/cli.mjs", "jobs"], {
        cwd: root,
        detached: true,
        stdio: ["ignore", "pipe", "pipe"],
        env: {
          PATH: process.env.PATH ?? "",
          NODE_ENV: "production",
          APP_MODE: "demo",
          DATABASE_PATH: server.databasePath,
          APP_URL: server.baseUrl,
          ...settings,
        },
      });
      let output = "";
      child.stdout!.on("data", (chunk) => (output += chunk));
      child.stderr!.on("data", (chunk) => (output += chunk));
      const exit = new Promise<number | null>((resolve) => child.on("exit", resolve));
      return { child, exit, output: () => output };
    });
    try {
      await smtp.waitFor(40, 30_000);
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const recipients = smtp.received.flatMap((mail) => mail.to).sort();
      expect(recipients).toEqual([...addresses].sort());
      const db = new Database(server.databasePath, { readonly: true });
      const senders = db.prepare("select sent_by, count(*) n from outbox group by sent_by").all() as { n: number }[];
      db.close();
      // Both runners took part: the test really had two of them competing.
      expect(senders.length).toBe(2);
    } finally {
      for (const runner of runners) {
        try {
          process.kill(-runner.child.pid!, "SIGTERM");
        } catch {
          // already gone: the exit code below says why
        }
        expect(await runner.exit, runner.output()).toBe(0);
      }
      expect(await server.stop()).toBe(0);
      await smtp.close();
    }
  });

  it("hides the mail viewer in production", async () => {
    const smtp = await startSmtpServer();
    const server = await startAppServer({
      APP_MODE: "production",
      SMTP_URL: smtp.url,
      SESSION_SECRET: "a-production-secret-that-is-long-enough-123",
      QUESTION_KEY: "a-production-question-key-that-is-long-enough-456",
    });
    try {
      const response = await fetch(`${server.baseUrl}/dev/mail`);
      expect(response.status).toBe(404);
      expect(await response.text()).toContain("Seite nicht gefunden");
      // Nothing was seeded either.
      expect(await (await fetch(`${server.baseUrl}/impressum`)).status).toBe(404);
    } finally {
      expect(await server.stop()).toBe(0);
      await smtp.close();
    }
  });
});

describeWithBrowser("demo mode without a mail server", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(() => browser?.close());

  it("writes mails to files and lists them at /dev/mail, where the sign-in link works", async () => {
    const server = await startAppServer();
    try {
      const context = await newContextWithoutJavaScript(browser);
      const page = await context.newPage();
      await page.goto(`${server.baseUrl}/login`);
      await page.getByLabel("Dienstliche E-Mail-Adresse").fill("admin@stadt.example");
      await page.getByRole("button", { name: "Login-Link anfordern" }).click();
      await page.getByRole("link", { name: "/dev/mail" }).click();
      await expect
        .poll(
          async () => {
            await page.reload();
            return page.locator(".mail h2").count();
          },
          { timeout: 10_000 },
        )
        .toBe(1);
      expect(await page.locator(".mail").textContent()).toContain("An admin@stadt.example");
      await expectNoAxeViolations(page);
      await page.locator(".mail a", { hasText: "/login/verify?token=" }).click();
      await page.getByRole("button", { name: "Jetzt einloggen" }).click();
      // The seeded admin has a profile already and lands on the sessions.
      await expect.poll(() => new URL(page.url()).pathname).toBe("/sessions");
      expect(await page.getByRole("navigation", { name: "Hauptnavigation" }).textContent()).toContain("Verwaltung");
      await context.close();
    } finally {
      expect(await server.stop()).toBe(0);
    }
  });
});
