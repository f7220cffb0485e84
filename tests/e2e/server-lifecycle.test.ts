import Database from "better-sqlite3";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { startAppServer } from "../support/server";

const root = path.resolve(__dirname, "../..");

describe("server lifecycle", () => {
  it("stops on SIGTERM after finishing open requests, with exit code 0 and a complete database", async () => {
    const server = await startAppServer();
    const databasePath = server.databasePath;
    const dataDir = mkdtempSync(path.join(tmpdir(), "ki-copy-"));
    // Requests in flight when the signal arrives still get their answer.
    const inFlight = Array.from({ length: 20 }, () => fetch(server.baseUrl + "/sessions").then((r) => r.status));
    await new Promise((resolve) => setTimeout(resolve, 5));
    const exit = server.stop("SIGTERM");
    const statuses = await Promise.allSettled(inFlight);
    const answered = statuses.filter((s) => s.status === "fulfilled").map((s) => (s as PromiseFulfilledResult<number>).value);
    expect(answered.every((status) => status === 200)).toBe(true);
    expect(answered.length).toBeGreaterThan(0);
    void dataDir;
    // stop() removes the data folder after exit: read the database before that.
    expect(existsSync(databasePath)).toBe(true);
    expect(await exit).toBe(0);
    expect(server.output()).toContain("Stopped cleanly.");
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
      env: { PATH: process.env.PATH, NODE_ENV: "production", APP_MODE: "production", DATABASE_PATH: path.join(mkdtempSync(path.join(tmpdir(), "ki-cfg-")), "a.db") },
    });
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toBe("Configuration error: APP_URL: required when APP_MODE=production");
  });
});
