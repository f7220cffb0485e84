// The app's HTTP server: security headers, request log, origin check, static files, the
// Remix handler, background jobs after listen, and a clean stop on SIGTERM.
//
// It always runs the production build with NODE_ENV=production (no stack traces in
// responses); APP_MODE, not NODE_ENV, says whether this is a demo or the real thing.
process.env.NODE_ENV = "production";

import { createRequestHandler } from "@remix-run/express";
import express from "express";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = path.dirname(fileURLToPath(import.meta.url));
const buildFile = path.join(root, "build", "index.js");
if (!existsSync(buildFile)) {
  console.error("No server build found at build/index.js: run `npm run build` (npm start does it for you).");
  process.exit(1);
}
const build = await import(pathToFileURL(buildFile).href);
const { createRuntime } = build.entry.module;

let runtime;
try {
  runtime = createRuntime(process.env);
} catch (error) {
  if (error?.name === "ConfigError") {
    console.error(`Configuration error: ${error.message}`);
    process.exit(1);
  }
  throw error;
}
const { env } = runtime;

const app = express();
app.disable("x-powered-by");
// One proxy hop is trusted when TRUST_PROXY is set: req.ip is then the address that proxy saw.
app.set("trust proxy", env.trustProxy ? 1 : false);

// --- request log: method, path without query string, status, duration -----------------
const TOKEN_LIKE = /^[A-Za-z0-9_-]{20,}(\.[a-z]+)?$/;
function loggablePath(pathname) {
  return pathname
    .split("/")
    .map((segment) => (TOKEN_LIKE.test(segment) ? "[redacted]" : segment))
    .join("/");
}

let openRequests = 0;
let stopping = false;
app.use((req, res, next) => {
  const started = process.hrtime.bigint();
  openRequests++;
  res.on("close", () => {
    openRequests--;
    if (env.logRequests) {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      console.log(`${req.method} ${loggablePath(req.path)} ${res.statusCode} ${ms.toFixed(0)}ms`);
    }
    if (stopping) afterResponseWhileStopping();
  });
  if (stopping) res.setHeader("Connection", "close");
  next();
});

// --- security headers on every response: pages, .data, .ics, static files ---------------
app.use((_req, res, next) => {
  const nonce = randomBytes(16).toString("base64");
  res.locals.cspNonce = nonce;
  res.setHeader(
    "Content-Security-Policy",
    [
      "default-src 'self'",
      `script-src 'self' 'nonce-${nonce}'`,
      "style-src 'self'",
      "img-src 'self' data:",
      "font-src 'self'",
      "connect-src 'self'",
      "form-action 'self'",
      "frame-ancestors 'none'",
      "base-uri 'none'",
      "object-src 'none'",
    ].join("; "),
  );
  res.setHeader("Referrer-Policy", "same-origin");
  res.setHeader("X-Content-Type-Options", "nosniff");
  res.setHeader("X-Frame-Options", "DENY");
  res.setHeader("Cross-Origin-Opener-Policy", "same-origin");
  res.setHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()");
  if (env.appUrl.startsWith("https:")) {
    res.setHeader("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
  }
  next();
});

// --- pages with a German face for what fails before Remix runs ---------------------------
function plainPage(status, title, text) {
  return `<!doctype html><html lang="de"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title} – KI-Infoveranstaltungen</title></head><body><main><h1>${title}</h1><p>${text}</p><p>Fehlercode ${status}</p><p><a href="/sessions">Zu den Veranstaltungen</a></p></main></body></html>`;
}
function sendPlainPage(res, status, title, text) {
  res
    .status(status)
    .set("Cache-Control", "no-store")
    .type("html")
    .send(plainPage(status, title, text));
}

// A URL that cannot be decoded is the client's mistake, not a 500.
app.use((req, res, next) => {
  try {
    decodeURIComponent(req.path);
    next();
  } catch {
    sendPlainPage(res, 400, "Ungültige Adresse", "Diese Adresse enthält ungültige Zeichen. Bitte prüfen Sie den Link.");
  }
});

// --- cross-site requests: every state change must come from our own pages ----------------
function requestOrigin(req) {
  const origin = req.get("origin");
  if (origin && origin !== "null") return origin;
  const referer = req.get("referer");
  if (!referer) return null;
  try {
    return new URL(referer).origin;
  } catch {
    return null;
  }
}
app.use((req, res, next) => {
  if (req.method === "GET" || req.method === "HEAD" || req.method === "OPTIONS") return next();
  if (requestOrigin(req) === env.appOrigin) return next();
  sendPlainPage(
    res,
    403,
    "Anfrage abgelehnt",
    `Diese Aktion wurde nicht über die Seiten dieser Anwendung ausgelöst und daher aus Sicherheitsgründen abgelehnt. Bitte öffnen Sie die Anwendung über <a href="${env.appUrl}/sessions">${env.appUrl}</a> und versuchen Sie es dort noch einmal.`,
  );
});

// Our forms post url-encoded or multipart bodies; anything else would make Remix's
// request.formData() throw and answer a 500.
const FORM_TYPES = ["application/x-www-form-urlencoded", "multipart/form-data"];
app.use((req, res, next) => {
  if (req.method === "GET" || req.method === "HEAD" || req.method === "OPTIONS") return next();
  const type = (req.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
  if (FORM_TYPES.includes(type)) return next();
  sendPlainPage(
    res,
    400,
    "Ungültige Anfrage",
    "Diese Anfrage kann die Anwendung nicht verarbeiten. Bitte nutzen Sie die Formulare auf den Seiten.",
  );
});

// --- static files ------------------------------------------------------------------------
app.use("/build", express.static(path.join(root, "public", "build"), { immutable: true, maxAge: "1y" }));
app.use(express.static(path.join(root, "public"), { maxAge: "1h" }));

// --- the app -----------------------------------------------------------------------------
// Personal pages must not be kept by shared caches or the back/forward cache of a kiosk PC;
// routes that are safe to cache can override this with their own header.
app.use((_req, res, next) => {
  res.setHeader("Cache-Control", "private, no-store");
  next();
});
app.all(
  "*",
  createRequestHandler({
    build,
    mode: "production",
    getLoadContext: (req, res) =>
      runtime.loadContext({ cspNonce: res.locals.cspNonce, clientIp: req.ip ?? req.socket.remoteAddress ?? "" }),
  }),
);

// Last resort: never a stack trace.
// eslint-disable-next-line no-unused-vars
app.use((error, _req, res, _next) => {
  console.error(error);
  if (res.headersSent) return res.end();
  sendPlainPage(res, 500, "Ein Fehler ist aufgetreten", "Bitte versuchen Sie es in einigen Minuten noch einmal.");
});

const server = app.listen(env.port, env.host, () => {
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : env.port;
  console.log(`KI-Infoveranstaltungen (${env.mode}) listening on http://${env.host}:${port}`);
  console.log(`Open ${env.appUrl}/sessions`);
  if (env.mode === "demo") {
    console.log(
      `Demo: sign in as admin@stadt.example (organiser) or moderation@stadt.example (facilitator); ` +
        `the sign-in mail appears at ${env.appUrl}/dev/mail`,
    );
  }
  if (env.jobs) runtime.jobs.start();
});

// --- clean stop ------------------------------------------------------------------------------
// SIGTERM: refuse new connections, let open requests run to their end (their writes commit),
// then stop the jobs (waiting for a run in progress), close the database and exit 0.
function stop(signal) {
  if (stopping) return;
  stopping = true;
  console.log(`${signal} received: finishing ${openRequests} open request(s), then stopping.`);
  server.close(async () => {
    await runtime.close();
    console.log("Stopped cleanly.");
    process.exit(0);
  });
  server.closeIdleConnections();
  const force = setTimeout(() => {
    console.error("Open requests did not finish within 20 s; closing their connections.");
    server.closeAllConnections();
  }, 20_000);
  force.unref();
}
// A keep-alive connection whose request just ended would hold the stop up: close it.
function afterResponseWhileStopping() {
  setImmediate(() => server.closeIdleConnections());
}
process.on("SIGTERM", () => stop("SIGTERM"));
process.on("SIGINT", () => stop("SIGINT"));
