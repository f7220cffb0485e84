import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { loadEnv, type Env } from "~/lib/env.server";

/** A configuration as the app would load it, in a temporary data folder. */
export function testEnv(overrides: Record<string, string> = {}): Env {
  const dir = mkdtempSync(path.join(tmpdir(), "ki-env-"));
  return loadEnv({
    DATABASE_PATH: path.join(dir, "app.db"),
    APP_URL: "http://127.0.0.1:9",
    SESSION_SECRET: "test-secret-that-is-long-enough-0123456789",
    ...overrides,
  });
}
