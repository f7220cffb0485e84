import Database from "better-sqlite3";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { startAppServer } from "../support/server";

const root = path.resolve(__dirname, "../..");

describe("server lifecycle", () => {
  it("stops on SIGTERM after finishing open requests: exit code 0, no lost write", async () => {
    const server = await startAppServer({ JOBS: "off" });
    const keep = mkdtempSync(path.join(tmpdir(), "ki-keep-"));
    // Sign-in requests write a token and an outbox row each; some are in flight at SIGTERM.
    const emails = Array.from({ length: 30 }, (_, i) => `stopp${i}@stadt.example`);
    const inFlight = emails.map((email) =>
      fetch(`${server.baseUrl}/login`, {
        method: "POST",
        redirect: "manual",
        headers: { Origin: server.baseUrl, "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ email }),
      }).then((response) => ({ email, status: response.status })),
    );
    await new Promise((resolve) => setTimeout(resolve, 15));
    process.kill(-server.process.pid!, "SIGTERM");
    const results = await Promise.allSettled(inFlight);
    await new Promise<void>((resolve) => (server.process.exitCode !== null ? resolve() : server.process.on("exit", () => resolve())));
    expect(server.process.exitCode).toBe(0);
    expect(server.output()).toContain("Stopped cleanly.");

    const answered = results
      .filter((r): r is PromiseFulfilledResult<{ email: string; status: number }> => r.status === "fulfilled")
      .map((r) => r.value);
    // Every request the server accepted got its full answer; none was cut off half-way.
    expect(answered.length).toBeGreaterThan(0);
    expect(answered.every((r) => r.status === 303)).toBe(true);

    const copy = path.join(keep, "app.db");
    spawnSync("cp", [server.databasePath, copy]);
    const db = new Database(copy, { readonly: true });
    const stored = new Set((db.prepare("select email from login_tokens").all() as { email: string }[]).map((r) => r.email));
    const queued = new Set((db.prepare("select recipient from outbox").all() as { recipient: string }[]).map((r) => r.recipient));
    db.close();
    for (const { email } of answered) {
      expect(stored.has(email), email).toBe(true);
      expect(queued.has(email), email).toBe(true);
    }
    await server.stop();
  });

  it("leaves the database checkpointed and consistent after SIGTERM", async () => {
    const server = await startAppServer({});
    const file = server.databasePath;
    const wal = `${file}-wal`;
    const keep = mkdtempSync(path.join(tmpdir(), "ki-keep-"));
    const copy = path.join(keep, "app.db");
    // Stop with a signal but read the files before the harness removes them.
    process.kill(-server.process.pid!, "SIGTERM");
    await new Promise<void>((resolve) => server.process.on("exit", () => resolve()));
    expect(server.process.exitCode).toBe(0);
    expect(!existsSync(wal) || statSync(wal).size === 0).toBe(true);
    spawnSync("cp", [file, copy]);
    const db = new Database(copy, { readonly: true });
    expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
    expect((db.prepare("select count(*) n from sessions").get() as { n: number }).n).toBeGreaterThan(0);
    db.close();
    await server.stop();
  });

  it("refuses to start with a readable line naming a bad variable", () => {
    const result = spawnSync(process.execPath, ["server.mjs"], {
      cwd: root,
      encoding: "utf8",
      env: {
        PATH: process.env.PATH,
        NODE_ENV: "production",
        APP_MODE: "production",
        DATABASE_PATH: path.join(mkdtempSync(path.join(tmpdir(), "ki-cfg-")), "a.db"),
      },
    });
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toBe("Configuration error: APP_URL: required when APP_MODE=production");
  });
});
