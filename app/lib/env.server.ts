// All configuration in one place, validated once at start-up. A bad value stops the app
// with one readable line naming the variable, instead of failing later mid-request.
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { fromProjectRoot } from "./project-root.server";

export class ConfigError extends Error {
  override name = "ConfigError";
}

const commaList = z
  .string()
  .default("")
  .transform((value) =>
    value
      .split(",")
      .map((item) => item.trim().toLowerCase())
      .filter(Boolean),
  );

const flag = (defaultValue: boolean) =>
  z
    .enum(["on", "off", "true", "false", "1", "0", ""])
    .optional()
    .transform((value) => (value === undefined || value === "" ? defaultValue : ["on", "true", "1"].includes(value)));

const schema = z.object({
  APP_MODE: z.enum(["demo", "production"]).default("demo"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).optional(),
  DEMO_PUBLIC: z.literal("yes-i-know", "must be yes-i-know (or unset)").optional(),
  DATABASE_PATH: z.string().min(1).default("data/app.db"),
  APP_URL: z.url({ protocol: /^https?$/ }).optional(),
  SESSION_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  QUESTION_KEY: z.string().min(32, "must be at least 32 characters").optional(),
  LOGIN_IDLE_DAYS: z.coerce.number().int().min(1).max(3650).default(14),
  LOGIN_MAX_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  SEED: z.enum(["demo", "off"]).optional(),
  JOBS: flag(true),
  MAIL_FROM: z.string().min(3).default("KI-Infoveranstaltungen <ki-info@stadt.example>"),
  SMTP_URL: z.url({ protocol: /^smtps?$/ }).optional(),
  ADMIN_EMAILS: commaList,
  ALLOWED_EMAIL_DOMAINS: commaList,
  RATE_LIMIT_PER_ADDRESS: z.coerce.number().int().min(1).default(5),
  RATE_LIMIT_PER_IP: z.coerce.number().int().min(1).default(5000),
  TRUST_PROXY: flag(false),
  LOG_REQUESTS: flag(true),
  ALARM_MINUTES: z.coerce.number().int().min(0).max(10_080).default(15),
  REMINDER_HOURS: z.coerce.number().min(0).max(720).default(24),
  OUTBOX_POLL_SECONDS: z.coerce.number().min(0.2).default(5),
  OUTBOX_RETRY_SECONDS: z
    .string()
    .regex(/^\d+(,\d+)*$/, "must be a comma list of whole seconds")
    .default("60,300,1800,3600")
    .transform((value) => value.split(",").map(Number)),
});

export type Env = {
  mode: "demo" | "production";
  port: number;
  host: string;
  databasePath: string;
  dataDir: string;
  mailDir: string;
  appUrl: string;
  appOrigin: string;
  sessionSecret: string;
  /** Keys the values that let an anonymous question's author find it again (decision 011). */
  questionKey: string;
  /** A login session ends after this many days without use … */
  loginIdleDays: number;
  /** … and this many days after the sign-in at the latest, however often it is used. */
  loginMaxDays: number;
  seed: "demo" | "off";
  jobs: boolean;
  mailFrom: string;
  smtpUrl: string | undefined;
  adminEmails: string[];
  allowedEmailDomains: string[];
  rateLimitPerAddress: number;
  rateLimitPerIp: number;
  trustProxy: boolean;
  logRequests: boolean;
  /** Demo mode on a non-loopback address, explicitly allowed with DEMO_PUBLIC=yes-i-know. */
  demoIsPublic: boolean;
  /** VALARM in invites: minutes before the start (0 = none). */
  alarmMinutes: number;
  /** Reminder mail this many hours before the start (0 = none). */
  reminderHours: number;
  outboxPollMs: number;
  /** Delay before the 1st, 2nd, … retry of a mail; the last value repeats. */
  outboxRetryDelaysMs: number[];
};

type RawEnv = Record<string, string | undefined>;

export function loadEnv(raw: RawEnv = process.env): Env {
  // An empty variable means "not set", so `SMTP_URL= npm start` behaves as expected.
  const cleaned = Object.fromEntries(Object.entries(raw).filter(([, value]) => value !== undefined && value !== ""));
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const variable = issue.path.join(".");
    throw new ConfigError(`${variable}: ${issue.message} (got ${JSON.stringify(cleaned[variable] ?? "")})`);
  }
  const values = parsed.data;
  const mode = values.APP_MODE;
  if (values.LOGIN_IDLE_DAYS > values.LOGIN_MAX_DAYS) {
    throw new ConfigError(
      `LOGIN_IDLE_DAYS: must not be more than LOGIN_MAX_DAYS (${values.LOGIN_MAX_DAYS}) (got "${values.LOGIN_IDLE_DAYS}")`,
    );
  }
  if (mode === "production") {
    if (!values.APP_URL) throw new ConfigError("APP_URL: required when APP_MODE=production");
    if (!values.SESSION_SECRET) {
      throw new ConfigError("SESSION_SECRET: required when APP_MODE=production");
    }
    if (!values.SMTP_URL) throw new ConfigError("SMTP_URL: required when APP_MODE=production");
    if (values.SEED === "demo") {
      throw new ConfigError("SEED: demo content is never seeded when APP_MODE=production");
    }
    // Who may sign in is a decision, not a default: `*` is the explicit "any address".
    if (values.ALLOWED_EMAIL_DOMAINS.length === 0) {
      throw new ConfigError("ALLOWED_EMAIL_DOMAINS: required when APP_MODE=production (comma list of domains, or * for any address)");
    }
    if (!values.QUESTION_KEY) throw new ConfigError("QUESTION_KEY: required when APP_MODE=production");
  }
  // Its own secret: whoever may rotate the login secret (logging everyone out) must not
  // thereby cut authors off from their anonymous questions, nor the other way round.
  if (values.QUESTION_KEY && values.QUESTION_KEY === values.SESSION_SECRET) {
    throw new ConfigError("QUESTION_KEY: must differ from SESSION_SECRET");
  }
  const host = values.HOST ?? (mode === "demo" ? "127.0.0.1" : "0.0.0.0");
  // In demo mode /dev/mail shows every sign-in mail: on a reachable address anyone could
  // sign in as the seeded organiser.
  const demoIsPublic = mode === "demo" && !isLoopbackHost(host);
  if (demoIsPublic && values.DEMO_PUBLIC !== "yes-i-know") {
    throw new ConfigError(
      `HOST: demo mode binds only a loopback address (127.0.0.1, ::1, localhost), because /dev/mail lets anyone sign in as an organiser; set DEMO_PUBLIC=yes-i-know to bind ${JSON.stringify(host)} anyway`,
    );
  }

  const databasePath = fromProjectRoot(values.DATABASE_PATH);
  const dataDir = path.dirname(databasePath);
  const appUrl = (values.APP_URL ?? `http://localhost:${values.PORT}`).replace(/\/+$/, "");

  return {
    mode,
    port: values.PORT,
    host,
    databasePath,
    dataDir,
    mailDir: path.join(dataDir, "mail"),
    appUrl,
    appOrigin: new URL(appUrl).origin,
    sessionSecret: values.SESSION_SECRET ?? demoSessionSecret(dataDir),
    questionKey: values.QUESTION_KEY ?? demoSecret(dataDir, "question-key"),
    loginIdleDays: values.LOGIN_IDLE_DAYS,
    loginMaxDays: values.LOGIN_MAX_DAYS,
    seed: values.SEED ?? (mode === "demo" ? "demo" : "off"),
    jobs: values.JOBS,
    mailFrom: values.MAIL_FROM,
    smtpUrl: values.SMTP_URL,
    adminEmails: values.ADMIN_EMAILS,
    // `*` anywhere in the list means any address, which the sign-in reads as an empty list.
    allowedEmailDomains: values.ALLOWED_EMAIL_DOMAINS.includes("*") ? [] : values.ALLOWED_EMAIL_DOMAINS.map((d) => d.replace(/^@/, "")),
    rateLimitPerAddress: values.RATE_LIMIT_PER_ADDRESS,
    rateLimitPerIp: values.RATE_LIMIT_PER_IP,
    trustProxy: values.TRUST_PROXY,
    logRequests: values.LOG_REQUESTS,
    demoIsPublic,
    alarmMinutes: values.ALARM_MINUTES,
    reminderHours: values.REMINDER_HOURS,
    outboxPollMs: values.OUTBOX_POLL_SECONDS * 1000,
    outboxRetryDelaysMs: values.OUTBOX_RETRY_SECONDS.map((seconds) => seconds * 1000),
  };
}

/** 127.0.0.0/8, ::1 and localhost: addresses no other machine can reach. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[(.*)\]$/, "$1").toLowerCase();
  if (bare === "localhost" || bare === "::1" || bare === "0:0:0:0:0:0:0:1") return true;
  const v4 = bare.replace(/^::ffff:/, "");
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4);
}

// Demo mode generates a secret once and keeps it beside the database, so sign-ins survive
// a restart without anyone having to invent a secret.
function demoSessionSecret(dataDir: string): string {
  return demoSecret(dataDir, "session-secret");
}

/** A secret generated once into the data folder (mode 0600) and read from there afterwards. */
function demoSecret(dataDir: string, name: string): string {
  const file = path.join(dataDir, name);
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString("base64url");
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}
