import { existsSync, mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, isLoopbackHost, loadEnv } from "~/lib/env.server";

function tempDbPath() {
  return path.join(mkdtempSync(path.join(tmpdir(), "ki-env-")), "app.db");
}

describe("configuration", () => {
  it("runs as a demo on localhost with a generated, persisted secret", () => {
    const databasePath = tempDbPath();
    const env = loadEnv({ DATABASE_PATH: databasePath });
    expect(env).toMatchObject({ mode: "demo", port: 3000, host: "127.0.0.1", seed: "demo", appUrl: "http://localhost:3000" });
    expect(env.sessionSecret.length).toBeGreaterThanOrEqual(32);
    expect(readFileSync(path.join(path.dirname(databasePath), "session-secret"), "utf8").trim()).toBe(env.sessionSecret);
    expect(loadEnv({ DATABASE_PATH: databasePath }).sessionSecret).toBe(env.sessionSecret);
  });

  it("requires APP_URL, SESSION_SECRET and SMTP_URL in production and never seeds there", () => {
    const base = { APP_MODE: "production", DATABASE_PATH: tempDbPath() };
    expect(() => loadEnv(base)).toThrow(/^APP_URL: required/);
    expect(() => loadEnv({ ...base, APP_URL: "https://ki.stadt.example" })).toThrow(/^SESSION_SECRET: required/);
    const complete = {
      ...base,
      APP_URL: "https://ki.stadt.example/",
      SESSION_SECRET: "x".repeat(40),
      SMTP_URL: "smtp://mail.stadt.example:587",
      ALLOWED_EMAIL_DOMAINS: "stadt.example",
      QUESTION_KEY: "q".repeat(40),
    };
    const env = loadEnv(complete);
    expect(env).toMatchObject({ host: "0.0.0.0", seed: "off", appUrl: "https://ki.stadt.example", appOrigin: "https://ki.stadt.example" });
    expect(() => loadEnv({ ...complete, SEED: "demo" })).toThrow(ConfigError);
  });

  it("names the variable in one readable line", () => {
    expect(() => loadEnv({ PORT: "lots" })).toThrow(/^PORT: .*\(got "lots"\)$/);
    expect(() => loadEnv({ APP_MODE: "staging" })).toThrow(/^APP_MODE: /);
    expect(() => loadEnv({ APP_URL: "ftp://x" })).toThrow(/^APP_URL: /);
  });

  it("reads comma lists lower-cased", () => {
    const env = loadEnv({
      DATABASE_PATH: tempDbPath(),
      ADMIN_EMAILS: " A@Stadt.example, b@stadt.example ,",
      ALLOWED_EMAIL_DOMAINS: "@Stadt.example",
    });
    expect(env.adminEmails).toEqual(["a@stadt.example", "b@stadt.example"]);
    expect(env.allowedEmailDomains).toEqual(["stadt.example"]);
  });

  it("requires a decision on ALLOWED_EMAIL_DOMAINS in production; * means any address", () => {
    const production = {
      APP_MODE: "production",
      DATABASE_PATH: tempDbPath(),
      APP_URL: "https://ki.stadt.example",
      SESSION_SECRET: "x".repeat(40),
      SMTP_URL: "smtp://mail.stadt.example:587",
      QUESTION_KEY: "q".repeat(40),
    };
    expect(() => loadEnv(production)).toThrow(/^ALLOWED_EMAIL_DOMAINS: required when APP_MODE=production/);
    expect(() => loadEnv({ ...production, ALLOWED_EMAIL_DOMAINS: " , " })).toThrow(/^ALLOWED_EMAIL_DOMAINS: required/);
    expect(loadEnv({ ...production, ALLOWED_EMAIL_DOMAINS: "*" }).allowedEmailDomains).toEqual([]);
    expect(loadEnv({ ...production, ALLOWED_EMAIL_DOMAINS: "stadt.example, *" }).allowedEmailDomains).toEqual([]);
    expect(loadEnv({ ...production, ALLOWED_EMAIL_DOMAINS: "stadt.example,eigenbetrieb.example" }).allowedEmailDomains).toEqual([
      "stadt.example",
      "eigenbetrieb.example",
    ]);
    // Demo mode keeps "empty = any".
    expect(loadEnv({ DATABASE_PATH: tempDbPath() }).allowedEmailDomains).toEqual([]);
  });

  it("binds demo mode to loopback only, unless DEMO_PUBLIC=yes-i-know", () => {
    const demo = { DATABASE_PATH: tempDbPath() };
    for (const host of ["0.0.0.0", "::", "192.168.1.20", "ki-demo.stadt.example"]) {
      expect(() => loadEnv({ ...demo, HOST: host }), host).toThrow(
        /^HOST: demo mode binds only a loopback address.*DEMO_PUBLIC=yes-i-know/,
      );
      expect(loadEnv({ ...demo, HOST: host, DEMO_PUBLIC: "yes-i-know" })).toMatchObject({ host, demoIsPublic: true });
    }
    for (const host of ["127.0.0.1", "127.0.1.1", "::1", "[::1]", "localhost"]) {
      expect(loadEnv({ ...demo, HOST: host }), host).toMatchObject({ host, demoIsPublic: false });
    }
    expect(loadEnv(demo)).toMatchObject({ host: "127.0.0.1", demoIsPublic: false });
    expect(() => loadEnv({ ...demo, HOST: "0.0.0.0", DEMO_PUBLIC: "yes" })).toThrow(/^DEMO_PUBLIC: .*\(got "yes"\)$/);
    // Production binds every address by default and never counts as a public demo.
    const production = loadEnv({
      APP_MODE: "production",
      DATABASE_PATH: tempDbPath(),
      APP_URL: "https://ki.stadt.example",
      SESSION_SECRET: "x".repeat(40),
      SMTP_URL: "smtp://mail.stadt.example:587",
      ALLOWED_EMAIL_DOMAINS: "stadt.example",
      QUESTION_KEY: "q".repeat(40),
    });
    expect(production).toMatchObject({ host: "0.0.0.0", demoIsPublic: false });
  });

  it("tells loopback addresses from reachable ones", () => {
    expect(["127.0.0.1", "127.255.0.9", "::1", "[::1]", "::ffff:127.0.0.1", "LOCALHOST"].map(isLoopbackHost)).toEqual([
      true,
      true,
      true,
      true,
      true,
      true,
    ]);
    expect(["0.0.0.0", "::", "10.0.0.1", "128.0.0.1", "127.0.0.1.example", "localhost.example"].map(isLoopbackHost)).toEqual([
      false,
      false,
      false,
      false,
      false,
      false,
    ]);
  });

  it("ends logins after 14 idle days and 30 days at most, unless configured otherwise", () => {
    expect(loadEnv({ DATABASE_PATH: tempDbPath() })).toMatchObject({ loginIdleDays: 14, loginMaxDays: 30 });
    expect(loadEnv({ DATABASE_PATH: tempDbPath(), LOGIN_IDLE_DAYS: "7", LOGIN_MAX_DAYS: "7" })).toMatchObject({
      loginIdleDays: 7,
      loginMaxDays: 7,
    });
    expect(() => loadEnv({ LOGIN_IDLE_DAYS: "0" })).toThrow(/^LOGIN_IDLE_DAYS: .*\(got "0"\)$/);
    expect(() => loadEnv({ LOGIN_MAX_DAYS: "ewig" })).toThrow(/^LOGIN_MAX_DAYS: /);
    expect(() => loadEnv({ LOGIN_MAX_DAYS: "10" })).toThrow(/^LOGIN_IDLE_DAYS: must not be more than LOGIN_MAX_DAYS \(10\)/);
  });
  it("keeps the question key apart: generated once in demo (mode 0600), required in production, never the session secret", () => {
    const databasePath = tempDbPath();
    const env = loadEnv({ DATABASE_PATH: databasePath });
    const file = path.join(path.dirname(databasePath), "question-key");
    expect(env.questionKey.length).toBeGreaterThanOrEqual(32);
    expect(env.questionKey).not.toBe(env.sessionSecret);
    expect(readFileSync(file, "utf8").trim()).toBe(env.questionKey);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(loadEnv({ DATABASE_PATH: databasePath }).questionKey).toBe(env.questionKey);
    expect(loadEnv({ DATABASE_PATH: tempDbPath(), QUESTION_KEY: "k".repeat(32) }).questionKey).toBe("k".repeat(32));
    expect(() => loadEnv({ DATABASE_PATH: tempDbPath(), QUESTION_KEY: "short" })).toThrow(/^QUESTION_KEY: must be at least 32/);

    const production = {
      APP_MODE: "production",
      DATABASE_PATH: tempDbPath(),
      APP_URL: "https://ki.stadt.example",
      SESSION_SECRET: "x".repeat(40),
      SMTP_URL: "smtp://mail.stadt.example:587",
      ALLOWED_EMAIL_DOMAINS: "stadt.example",
    };
    expect(() => loadEnv(production)).toThrow(/^QUESTION_KEY: required when APP_MODE=production$/);
    expect(() => loadEnv({ ...production, QUESTION_KEY: "x".repeat(40) })).toThrow(/^QUESTION_KEY: must differ from SESSION_SECRET$/);
    expect(loadEnv({ ...production, QUESTION_KEY: "q".repeat(40) }).questionKey).toBe("q".repeat(40));
    expect(existsSync(path.join(path.dirname(production.DATABASE_PATH), "question-key"))).toBe(false);
  });
});
