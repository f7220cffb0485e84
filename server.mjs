// The app's HTTP server: security headers, request log, method, origin and body checks with
// body limits, static files, the Remix handler, background jobs after listen, and a clean
// stop on SIGTERM.
//
// It always runs the production build with NODE_ENV=production (no stack traces in
// responses); APP_MODE, not NODE_ENV, says whether this is a demo or the real thing.
process.env.NODE_ENV = "production";

import { createReadableStreamFromReadable, createRequestHandler, writeReadableStreamToWritable } from "@remix-run/node";
import express from "express";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import { Transform } from "node:stream";
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
function escapeHtml(text) {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
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

const SAFE_METHODS = new Set(["GET", "HEAD"]);
function announcesBody(req) {
  return req.headers["transfer-encoding"] !== undefined || Number(req.headers["content-length"] ?? 0) > 0;
}
// A refused request's body is not read: the answer goes out with `Connection: close` and the
// connection is closed behind it, so a client that keeps sending costs us nothing.
//
// Node closes such a connection right after the answer (socket.destroySoon: FIN, then close).
// With body bytes still unread, that close is a reset, and a client that is still sending can
// lose the answer it was about to read. So, as nginx does ("lingering close"): FIN after the
// answer, then discard what still arrives, for at most 2 s or 8 MB, then close. Nothing is
// kept, so memory stays flat whatever the client sends.
const LINGER_MS = 2_000;
const LINGER_BYTES = 8_000_000;
function closeAfterAnswer(req, res) {
  res.setHeader("Connection", "close");
  const socket = req.socket;
  if (!socket || socket.lingerAfterAnswer) return;
  socket.lingerAfterAnswer = true;
  socket.destroySoon = () => {
    socket.end();
    const timer = setTimeout(() => socket.destroy(), LINGER_MS);
    socket.once("close", () => clearTimeout(timer));
    let discarded = 0;
    req.unpipe();
    req.on("data", (chunk) => {
      discarded += chunk.length;
      if (discarded > LINGER_BYTES) socket.destroy();
    });
    req.resume();
  };
}
function refuse(req, res, status, title, text) {
  if (announcesBody(req) && !req.complete) closeAfterAnswer(req, res);
  sendPlainPage(res, status, title, text);
}
const clientIpOf = (req) => req.ip ?? req.socket.remoteAddress ?? "";

// A URL that cannot be decoded is the client's mistake, not a 500; so is a request target
// that is not a path (`*`, `http://other.example/…`): we are nobody's proxy.
app.use((req, res, next) => {
  try {
    if (!req.originalUrl.startsWith("/")) throw new URIError("not a path");
    decodeURIComponent(req.path);
    next();
  } catch {
    refuse(req, res, 400, "Ungültige Adresse", "Diese Adresse enthält ungültige Zeichen. Bitte prüfen Sie den Link.");
  }
});

// Pages are read with GET and HEAD and forms are sent with POST; nothing else reaches the app
// (TRACE, PUT, DELETE, OPTIONS …). Methods the HTTP parser does not know get the German
// 400 of `clientError` below.
app.use((req, res, next) => {
  if (SAFE_METHODS.has(req.method) || req.method === "POST") return next();
  res.setHeader("Allow", "GET, HEAD, POST");
  refuse(req, res, 405, "Aktion nicht möglich", "Diese Art von Anfrage unterstützt die Anwendung nicht.");
});
// A page request carries no body; one that announces one is not from a browser.
app.use((req, res, next) => {
  if (!SAFE_METHODS.has(req.method) || !announcesBody(req)) return next();
  refuse(req, res, 400, "Ungültige Anfrage", "Diese Anfrage kann die Anwendung nicht verarbeiten.");
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
const appHost = new URL(env.appUrl).host;
app.use((req, res, next) => {
  if (!SAFE_METHODS.has(req.method) && requestOrigin(req) !== env.appOrigin) {
    runtime.logSecurityEvent("origin_refused", {
      clientIp: clientIpOf(req),
      method: req.method,
      path: loggablePath(req.path),
      origin: req.get("origin") ?? (req.get("referer") ? "referer" : "none"),
    });
    const url = escapeHtml(env.appUrl);
    return refuse(
      req,
      res,
      403,
      "Anfrage abgelehnt",
      `Diese Aktion kam nicht von den Seiten dieser Anwendung unter ${url} und wurde daher aus Sicherheitsgründen abgelehnt. Das geschieht zum Beispiel, wenn die Anwendung unter einer anderen Adresse geöffnet wurde. Bitte öffnen Sie die Anwendung unter <a href="${url}/sessions">${url}</a> und versuchen Sie es dort noch einmal.`,
    );
  }
  // From here on the app trusts APP_URL, not what the client or a proxy says: Remix compares
  // `Origin` with `Host` (or `X-Forwarded-Host`) on every POST and answers a mismatch with a
  // 500, and a proxy that rewrites Host (nginx's default) would cause exactly that. The origin
  // was checked above, so Remix sees the one address that is right.
  req.headers.host = appHost;
  delete req.headers["x-forwarded-host"];
  // `Origin: null` with a same-site Referer passed the check above; Remix would refuse "null".
  if (req.headers.origin === "null") req.headers.origin = env.appOrigin;
  next();
});

// --- bodies: type and size, before anything reads them -----------------------------------
// One table of body limits per route (path as Remix routes it; `<path>.data` is the same
// route posted by JavaScript). Everything else gets the default. `multipart` is allowed only
// where a file is uploaded. Later issues add their routes here: agreement import and summary
// composer 1 MB, logo 1 MB, materials 20 MB (by pattern, below).
const DEFAULT_BODY_LIMIT = { maxBytes: 100_000, maxFields: 200, multipart: false };
const BODY_LIMITS = new Map([
  // CSV import, upload (multipart) and paste: the file may have 1 MB, and the confirm step
  // sends the checked CSV back url-encoded, which makes it longer.
  ["/admin/import", { maxBytes: 2_000_000, maxFields: 1000, multipart: true }],
  // Agreement import (decision 010): a Markdown file of at most 500 kB, or pasted; the save
  // step sends the checked text back url-encoded.
  ["/admin/agreement/import", { maxBytes: 2_000_000, maxFields: 20, multipart: true }],
  // The city's logo (decision 017): a file of at most 1 MB, which the action checks and
  // refuses with a message next to the field; some room above it for the form's other parts,
  // anything larger gets the German 413 page.
  ["/admin/identity", { maxBytes: 1_200_000, maxFields: 20, multipart: true }],
]);
// Materials (decision 022): a file of at most 20 MB on the new and edit pages; 21 MB of body
// leaves room for the form's other parts, so a file a little over 20 MB gets the message next
// to the field and anything larger the German 413 page — by Content-Length, or counted while
// it streams (BodyLimit), before the body is read whole.
const MATERIAL_BODY_LIMIT = { maxBytes: 21_000_000, maxFields: 200, multipart: true };
const BODY_LIMIT_PATTERNS = [[/^\/facilitate\/materials\/(new|[1-9]\d{0,15})$/, MATERIAL_BODY_LIMIT]];
function bodyLimitFor(pathname) {
  const route = pathname
    .toLowerCase()
    .replace(/\.data$/, "")
    .replace(/(.)\/+$/, "$1");
  return BODY_LIMITS.get(route) ?? BODY_LIMIT_PATTERNS.find(([pattern]) => pattern.test(route))?.[1] ?? DEFAULT_BODY_LIMIT;
}

// Our forms post url-encoded or multipart bodies; anything else would make Remix's
// request.formData() throw and answer a 500.
const FORM_TYPES = ["application/x-www-form-urlencoded", "multipart/form-data"];
const BOUNDARY = /;\s*boundary=(?:"([^"]{1,70})"|([^\s;"]{1,70}))/i;
const notAForm = (req, res) =>
  refuse(
    req,
    res,
    400,
    "Ungültige Anfrage",
    "Diese Anfrage kann die Anwendung nicht verarbeiten. Bitte nutzen Sie die Formulare auf den Seiten.",
  );
app.use((req, res, next) => {
  if (SAFE_METHODS.has(req.method)) return next();
  const contentType = req.get("content-type") ?? "";
  const type = contentType.split(";")[0].trim().toLowerCase();
  if (!FORM_TYPES.includes(type)) return notAForm(req, res);
  const limit = bodyLimitFor(req.path);
  if (type === "multipart/form-data") {
    if (!limit.multipart) {
      return refuse(
        req,
        res,
        415,
        "Ungültige Anfrage",
        "An diese Adresse können keine Dateien gesendet werden. Bitte nutzen Sie die Formulare auf den Seiten.",
      );
    }
    const match = BOUNDARY.exec(contentType);
    if (!match) return notAForm(req, res);
    res.locals.multipartBoundary = match[1] ?? match[2];
  }
  res.locals.bodyLimit = limit;
  if (Number(req.headers["content-length"] ?? 0) > limit.maxBytes) return refuseTooLarge(req, res, "content-length");
  next();
});

function refuseTooLarge(req, res, reason) {
  runtime.logSecurityEvent("body_too_large", {
    clientIp: clientIpOf(req),
    method: req.method,
    path: loggablePath(req.path),
    reason,
    limit: reason === "fields" ? res.locals.bodyLimit?.maxFields : res.locals.bodyLimit?.maxBytes,
  });
  res.locals.bodyRefused = true;
  if (res.headersSent) {
    req.socket?.destroy();
    return;
  }
  closeAfterAnswer(req, res);
  const megabytes = ((res.locals.bodyLimit?.maxBytes ?? DEFAULT_BODY_LIMIT.maxBytes) / 1_000_000).toLocaleString("de-DE");
  sendPlainPage(
    res,
    413,
    "Anfrage zu groß",
    reason === "fields"
      ? "Diese Anfrage enthält zu viele Felder und wurde daher nicht verarbeitet."
      : `Diese Anfrage ist größer als erlaubt (höchstens ${megabytes} MB) und wurde daher nicht verarbeitet.`,
  );
}

// Counts a body as it streams through, without keeping it: more bytes than the limit, or
// more form fields (`&` separators, multipart delimiters), and the stream fails, so Remix
// never parses a cut-off form and nothing is buffered beyond the stream's own 16 kB.
class BodyLimit extends Transform {
  constructor(limit, boundary) {
    super();
    this.limit = limit;
    this.bytes = 0;
    this.delimiter = boundary ? Buffer.from(`--${boundary}`) : null;
    // url-encoded: fields = separators + 1; multipart: parts = delimiters - 1 (the last closes).
    this.fields = this.delimiter ? -1 : 1;
    this.tail = Buffer.alloc(0);
  }
  _transform(chunk, _encoding, callback) {
    this.bytes += chunk.length;
    if (this.bytes > this.limit.maxBytes) return callback(Object.assign(new Error("body too large"), { reason: "streamed" }));
    this.fields += this.delimiter ? this.countDelimiters(chunk) : countByte(chunk, 0x26);
    if (this.fields > this.limit.maxFields) return callback(Object.assign(new Error("too many fields"), { reason: "fields" }));
    callback(null, chunk);
  }
  countDelimiters(chunk) {
    // The tail is shorter than the delimiter, so no delimiter is counted twice.
    const text = this.tail.length > 0 ? Buffer.concat([this.tail, chunk]) : chunk;
    let count = 0;
    for (let at = text.indexOf(this.delimiter); at !== -1; at = text.indexOf(this.delimiter, at + this.delimiter.length)) count++;
    this.tail = Buffer.from(text.subarray(Math.max(0, text.length - this.delimiter.length + 1)));
    return count;
  }
}
function countByte(buffer, byte) {
  let count = 0;
  for (let at = buffer.indexOf(byte); at !== -1; at = buffer.indexOf(byte, at + 1)) count++;
  return count;
}

// --- the live pages' poll (decision 016) ---------------------------------------------------
// While a session runs, every phone asks this every 5 s: it is answered here, before Remix, from
// one indexed row. The same tag again is an empty 304. (The Remix route /s/:code/version gives
// the same answer; this is its fast path.)
app.get(/^\/s\/([A-Za-z0-9]{6})\/version$/, (req, res, next) => {
  const tag = runtime.liveVersion(req.params[0]);
  if (!tag) return next();
  res.setHeader("Cache-Control", "no-cache");
  res.setHeader("ETag", tag);
  if (req.get("if-none-match") === tag) return res.status(304).end();
  res.type("text/plain").send(`${tag}\n`);
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
// Remix's Express adapter would hand Remix the raw request stream; this one hands it the
// counted body (BodyLimit) and builds the URL from APP_URL instead of the Host header.
const handleRemixRequest = createRequestHandler(build, "production");
const REPLACEABLE_HEADERS = new Set(["cache-control", "x-content-type-options"]);
const appBase = new URL(env.appUrl);
app.all("*", async (req, res, next) => {
  const controller = new AbortController();
  // A client that goes away before its answer is complete aborts loaders and actions.
  res.on("close", () => {
    if (!res.writableFinished) controller.abort();
  });
  const init = { method: req.method, headers: requestHeaders(req), signal: controller.signal };
  if (!SAFE_METHODS.has(req.method)) {
    const body = new BodyLimit(res.locals.bodyLimit ?? DEFAULT_BODY_LIMIT, res.locals.multipartBoundary);
    body.on("error", (error) => {
      controller.abort();
      if (error.reason) refuseTooLarge(req, res, error.reason);
    });
    // A client that breaks off mid-body fails the body too, instead of leaving Remix waiting.
    req.on("error", (error) => body.destroy(error));
    req.pipe(body);
    init.body = createReadableStreamFromReadable(body);
    init.duplex = "half";
  }
  try {
    const request = new Request(`${appBase.protocol}//${appBase.host}${req.originalUrl}`, init);
    const loadContext = runtime.loadContext({ cspNonce: res.locals.cspNonce, clientIp: clientIpOf(req) });
    const response = await runtime.withSecurityLogClient(clientIpOf(req), () => handleRemixRequest(request, loadContext));
    // The 413 has gone out already; what Remix made of the failed body does not matter.
    if (res.locals.bodyRefused) return;
    // An action that did not read the whole body: we will not read it either.
    if (!SAFE_METHODS.has(req.method) && !req.complete) closeAfterAnswer(req, res);
    res.statusMessage = response.statusText;
    res.status(response.status);
    // A route's own Cache-Control (theme, logo) replaces the no-store default above instead
    // of joining it; so does its X-Content-Type-Options. Other headers add up.
    for (const [key, value] of response.headers.entries()) {
      if (REPLACEABLE_HEADERS.has(key)) res.setHeader(key, value);
      else res.append(key, value);
    }
    if (response.body) await writeReadableStreamToWritable(response.body, res);
    else res.end();
  } catch (error) {
    if (res.locals.bodyRefused) return;
    next(error);
  }
});
function requestHeaders(req) {
  const headers = new Headers();
  for (const [key, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) for (const item of value) headers.append(key, item);
    else if (value !== undefined) headers.set(key, value);
  }
  return headers;
}

// Last resort: never a stack trace.
// eslint-disable-next-line no-unused-vars
app.use((error, _req, res, _next) => {
  if (res.locals.bodyRefused) return;
  console.error(error);
  if (res.headersSent) return res.end();
  sendPlainPage(res, 500, "Ein Fehler ist aufgetreten", "Bitte versuchen Sie es in einigen Minuten noch einmal.");
});

// Without a Host header the request is still ours: the app goes by APP_URL (see above).
const server = http.createServer({ requireHostHeader: false }, app);
server.listen(env.port, env.host, () => {
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
  if (env.demoIsPublic) {
    console.warn(
      `Warning: demo mode on ${env.host}, reachable from other machines (DEMO_PUBLIC=yes-i-know): ` +
        "anyone who can open /dev/mail can sign in as an organiser. Never use this with real data.",
    );
  }
  if (env.jobs) runtime.jobs.start();
});

// Requests the HTTP parser refuses (an unknown method, a broken header, a header block over
// 16 kB, e.g. a very long URL) get a German page too, not Node's empty 400; so does CONNECT,
// which Node hands past Express.
function answerRaw(socket, status, text, extraHeaders = "") {
  const reason = { 400: "Bad Request", 405: "Method Not Allowed", 408: "Request Timeout", 431: "Request Header Fields Too Large" }[status];
  const body = plainPage(status, status === 405 ? "Aktion nicht möglich" : "Ungültige Anfrage", text);
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
      `Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\n${extraHeaders}Connection: close\r\n\r\n${body}`,
  );
}
server.on("clientError", (error, socket) => {
  if (error.code === "ECONNRESET" || !socket.writable || socket._httpMessage?.headersSent) {
    socket.destroy();
    return;
  }
  const status = error.code === "HPE_HEADER_OVERFLOW" ? 431 : error.code === "ERR_HTTP_REQUEST_TIMEOUT" ? 408 : 400;
  answerRaw(
    socket,
    status,
    status === 431
      ? "Diese Adresse ist zu lang. Bitte prüfen Sie den Link."
      : "Diese Anfrage kann die Anwendung nicht verarbeiten. Bitte nutzen Sie die Seiten der Anwendung.",
  );
});
server.on("connect", (_req, socket) => {
  socket.on("error", () => socket.destroy());
  answerRaw(socket, 405, "Diese Art von Anfrage unterstützt die Anwendung nicht.", "Allow: GET, HEAD, POST\r\n");
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
