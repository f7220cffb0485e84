import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { expect } from "vitest";
import type { AppServer } from "./server";

/** Demo mode: the newest sign-in link mailed to `email`, read from the mail folder. */
export async function latestSignInLink(server: AppServer, email: string, after = 0): Promise<string> {
  const dir = path.join(server.dataDir, "mail");
  let link: string | undefined;
  await expect
    .poll(
      () => {
        let files: string[] = [];
        try {
          files = readdirSync(dir)
            .filter((f) => f.endsWith(".json"))
            .sort();
        } catch {
          return undefined;
        }
        const mails = files
          .map((f) => JSON.parse(readFileSync(path.join(dir, f), "utf8")) as { to: string; text: string; writtenAt: string })
          .filter((m) => m.to === email && Date.parse(m.writtenAt) >= after);
        link = /(http\S+\/login\/verify\?token=[\w-]+)/.exec(mails.at(-1)?.text ?? "")?.[1];
        return link;
      },
      { timeout: 10_000 },
    )
    .toBeTruthy();
  return link!;
}

/** Where the newest sign-in link for an address is found (mail folder or SMTP sink). */
export type LinkSource = (email: string, after: number) => Promise<string>;

/** Signs in through the real login page and mail; fills the profile on first sign-in. */
export async function signIn(
  page: Page,
  server: AppServer,
  email: string,
  options: { name?: string; linkSource?: LinkSource } = {},
): Promise<void> {
  const name = options.name ?? "Test Person";
  const linkSource = options.linkSource ?? ((address, after) => latestSignInLink(server, address, after));
  const started = Date.now() - 1000;
  await page.goto(`${server.baseUrl}/login`);
  await page.getByLabel("Dienstliche E-Mail-Adresse").fill(email);
  await page.getByRole("button", { name: "Login-Link anfordern" }).click();
  await expect.poll(() => page.locator("h1").textContent()).toBe("Login bestätigen");
  await page.goto(await linkSource(email, started));
  await page.getByRole("button", { name: "Jetzt einloggen" }).click();
  await expect.poll(() => page.locator("h1").textContent()).not.toBe("Login bestätigen");
  if ((await page.locator("h1").textContent()) === "Willkommen! Wie dürfen wir Sie nennen?") {
    await page.getByLabel("Name", { exact: true }).fill(name);
    await page.getByRole("button", { name: "Speichern" }).click();
    await expect.poll(() => page.locator("h1").textContent()).not.toBe("Willkommen! Wie dürfen wir Sie nennen?");
  }
}
