// Input that cannot stall or crash the server, configuration that fails safe, and the
// security log: raw HTTP against the built server (no browser), as an attacker would send it.
import Database from "better-sqlite3";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import http from "node:http";
import net from "node:net";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSignedInPeople, TEST_SECRET } from "../support/seeding";
import { startAppServer, type AppServer } from "../support/server";

const root = path.resolve(__dirname, "../..");
const MB = 1_000_000;

type Answer = { status: number; headers: http.IncomingHttpHeaders; text: string; bytesSent: number };

/**
 * One request with node:http. `body` is sent at once; `stream` sends that many bytes in 64 kB
 * chunks (chunked unless a Content-Length header is given), stopping as soon as the answer
 * arrives or the server closes the connection.
 */
function send(
  server: AppServer,
  options: { method?: string; path: string; headers?: Record<string, string>; body?: string | Buffer; stream?: number; chunk?: Buffer },
  whileSending?: () => void,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    let bytesSent = 0;
    let answered = false;
    const request = http.request({
      host: "127.0.0.1",
      port: server.port,
      method: options.method ?? "POST",
      path: options.path,
      headers: options.headers,
      agent: false,
    });
    const timer = setTimeout(() => reject(new Error(`no answer to ${options.method} ${options.path}`)), 30_000);
    request.on("response", (response) => {
      answered = true;
      let text = "";
      response.setEncoding("utf8");
      response.on("data", (part) => (text += part));
      response.on("end", () => {
        clearTimeout(timer);
        resolve({ status: response.statusCode!, headers: response.headers, text, bytesSent });
      });
      response.on("error", reject);
    });
    // The server closes the connection behind a refusal; writes after that fail here.
    request.on("error", (error) => {
      if (!answered) {
        clearTimeout(timer);
        reject(error);
      }
    });
    if (options.stream === undefined) {
      request.end(options.body);
      return;
    }
    const chunk = options.chunk ?? Buffer.alloc(64 * 1024, "a");
    let notified = false;
    const pump = () => {
      while (!answered && !request.destroyed && bytesSent < options.stream!) {
        const ok = request.write(chunk);
        bytesSent += chunk.length;
        if (!notified && whileSending) {
          notified = true;
          whileSending();
        }
        if (!ok) {
          request.once("drain", pump);
          return;
        }
      }
      if (!answered && !request.destroyed) request.end();
    };
    pump();
  });
}

/** Writes raw bytes on a new connection and reads until the server closes it. */
function sendRaw(server: AppServer, raw: string | Buffer): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(server.port, "127.0.0.1");
    let received = "";
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer to ${JSON.stringify(String(raw).slice(0, 120))}`));
    }, 15_000);
    socket.setEncoding("latin1");
    socket.on("data", (part) => (received += part));
    socket.on("error", () => {
      // a reset after the answer: the answer below counts
    });
    socket.on("close", () => {
      clearTimeout(timer);
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(received)?.[1] ?? 0);
      resolve({ status, text: Buffer.from(received, "latin1").toString("utf8") });
    });
    socket.write(raw);
  });
}

function rssKb(pid: number): number {
  return Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))![1]);
}

function securityLines(server: AppServer): Record<string, unknown>[] {
  return server
    .output()
    .split("\n")
    .filter((line) => line.startsWith('{"at"') && line.includes('"log":"security"'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

function expectGermanPage(answer: { status: number; text: string }, heading: string, label: string) {
  expect(answer.text, label).toContain('<html lang="de">');
  expect(answer.text, label).toContain(`<h1>${heading}</h1>`);
  expect(answer.text, label).not.toMatch(/\bat \S+ \(|\/work\/|node_modules|\.js:\d+/);
}

/** A deterministic source of "random" choices, so a failing fuzz case can be repeated. */
function prng(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]! };
}

describe("hardening: body limits, crafted input, proxies, security log", () => {
  let server: AppServer;
  let origin: string;
  let adminCookie: string;

  beforeAll(async () => {
    server = await startAppServer({ JOBS: "off", SESSION_SECRET: TEST_SECRET, RATE_LIMIT_PER_ADDRESS: "1" });
    origin = server.baseUrl;
    const [admin] = await createSignedInPeople(server.databasePath, 1, "haertung-admin");
    const db = new Database(server.databasePath);
    db.prepare("insert into user_roles (user_id, role) values (?, 'admin')").run(admin!.userId);
    db.close();
    adminCookie = admin!.cookie;
  });

  afterAll(async () => {
    expect(await server?.stop()).toBe(0);
  });

  const form = (extra: Record<string, string> = {}) => ({
    Origin: origin,
    "Content-Type": "application/x-www-form-urlencoded",
    ...extra,
  });

  it("refuses a body announced larger than the route's limit with a German 413, before it is sent", async () => {
    // 100 MB announced; the answer comes while the client has sent at most a few chunks.
    const answer = await send(server, { path: "/login", headers: form({ "Content-Length": String(100 * MB) }), stream: 100 * MB });
    expect(answer.status).toBe(413);
    expect(answer.headers.connection).toBe("close");
    expectGermanPage(answer, "Anfrage zu groß", "content-length");
    expect(answer.text).toContain("höchstens 0,1 MB");
    // Refused long before the planned 100 MB: the server drains at most 8 MB after its
    // answer (so the client reads the 413 instead of a reset), plus what the socket buffers.
    expect(answer.bytesSent).toBeLessThan(25 * MB);

    // The import allows 2 MB: 1.5 MB is not refused for its size (here: not signed in).
    const importBody = `--b\r\nContent-Disposition: form-data; name="csv"\r\n\r\n${"x".repeat(1.5 * MB)}\r\n--b--\r\n`;
    const allowed = await send(server, {
      path: "/admin/import",
      headers: { Origin: origin, "Content-Type": "multipart/form-data; boundary=b" },
      body: importBody,
    });
    expect(allowed.status).not.toBe(413);
    expect(allowed.status).toBeLessThan(500);
    const tooLarge = await send(server, {
      path: "/admin/import",
      headers: { Origin: origin, "Content-Type": "multipart/form-data; boundary=b", "Content-Length": String(2.5 * MB) },
      stream: 2.5 * MB,
    });
    expect(tooLarge.status).toBe(413);
  });

  it("refuses a chunked body once it grows past the limit, while it is still being sent", async () => {
    const answer = await send(server, { path: "/login", headers: form(), stream: 100 * MB });
    expect(answer.status).toBe(413);
    expect(answer.headers.connection).toBe("close");
    expectGermanPage(answer, "Anfrage zu groß", "chunked");
    // Refused long before the planned 100 MB: the server drains at most 8 MB after its
    // answer (so the client reads the 413 instead of a reset), plus what the socket buffers.
    expect(answer.bytesSent).toBeLessThan(25 * MB);

    // The import as an organiser reads up to 2 MB, then refuses.
    const upload = await send(server, {
      path: "/admin/import",
      headers: { Origin: origin, "Content-Type": "multipart/form-data; boundary=b", Cookie: adminCookie },
      stream: 100 * MB,
      chunk: Buffer.from(`--b\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\n${"x;".repeat(32 * 1024)}`),
    });
    expect(upload.status).toBe(413);
    expect(upload.text).toContain("höchstens 2 MB");
  });

  it("counts form fields: 200 pass, 201 are refused; 1000 parts for the import", async () => {
    const fields = (n: number) => Array.from({ length: n }, (_, i) => `f${i}=1`).join("&");
    const within = await send(server, { path: "/login", headers: form(), body: fields(200) });
    expect(within.status).toBe(400); // the sign-in form's own answer: no address given
    const over = await send(server, { path: "/login", headers: form(), body: fields(201) });
    expect(over.status).toBe(413);
    expect(over.text).toContain("zu viele Felder");

    const parts = (n: number) =>
      `${Array.from({ length: n }, (_, i) => `--b\r\nContent-Disposition: form-data; name="f${i}"\r\n\r\n1\r\n`).join("")}--b--\r\n`;
    const multipart = { Origin: origin, "Content-Type": "multipart/form-data; boundary=b", Cookie: adminCookie };
    const importWithin = await send(server, { path: "/admin/import", headers: multipart, body: parts(1000) });
    expect(importWithin.status).toBe(400); // the import's own answer: no CSV given
    expect(importWithin.text).toContain("Bitte wählen Sie eine CSV-Datei");
    const importOver = await send(server, { path: "/admin/import", headers: multipart, body: parts(1001) });
    expect(importOver.status).toBe(413);
  });

  it("answers 400, not 500, to a broken multipart body on the import", async () => {
    const multipart = { Origin: origin, "Content-Type": "multipart/form-data; boundary=XyZ", Cookie: adminCookie };
    const broken = await send(server, {
      path: "/admin/import",
      headers: multipart,
      body: '--XyZ\r\nContent-Disposition: form-data; name="file"; filename="t.csv"\r\n\r\nseries;starts_at',
    });
    expect(broken.status).toBe(400);
    expect(broken.text).toContain("Das Formular konnte nicht gelesen werden");
  });

  it("still imports a CSV by upload and by paste through the body limit", async () => {
    const multipart = { Origin: origin, "Content-Type": "multipart/form-data; boundary=XyZ", Cookie: adminCookie };
    const header = "series;starts_at;ends_at;format;place;room;capacity;facilitator_emails";
    const upload = `--XyZ\r\nContent-Disposition: form-data; name="file"; filename="t.csv"\r\nContent-Type: text/csv\r\n\r\n${header}\r\nUnbekannte Reihe;2030-03-03 10:00;2030-03-03 11:30;online;;;30;\r\n--XyZ\r\nContent-Disposition: form-data; name="intent"\r\n\r\npreview\r\n--XyZ--\r\n`;
    const preview = await send(server, { path: "/admin/import", headers: multipart, body: upload });
    expect(preview.status).toBeLessThan(500);
    expect(preview.text).toContain("Unbekannte Veranstaltungsreihe „Unbekannte Reihe“");
    // The JavaScript variant posts to `<path>.data` and falls under the same limit.
    const pasted = await send(server, {
      path: "/admin/import.data",
      headers: { ...form(), Cookie: adminCookie },
      body: new URLSearchParams({ csv: `${header}\nUnbekannte Reihe;x;y;online;;;30;`, intent: "preview" }).toString(),
    });
    expect(pasted.status).toBeLessThan(500);
    expect(pasted.text).toContain("Unbekannte Veranstaltungsreihe „Unbekannte Reihe“");
  });

  it("keeps its memory and answers /healthz while 100 MB posts are refused", async () => {
    // Warm up the paths the uploads take, so the first measurement already includes them.
    await send(server, { path: "/login", headers: form(), stream: MB });
    await fetch(`${server.baseUrl}/healthz`);
    const before = rssKb(server.process.pid!);

    const health: Promise<Response>[] = [];
    const uploads = await Promise.all([
      send(server, { path: "/login", headers: form(), stream: 100 * MB }, () => health.push(fetch(`${server.baseUrl}/healthz`))),
      send(server, { path: "/login", headers: form({ "Content-Length": String(100 * MB) }), stream: 100 * MB }, () =>
        health.push(fetch(`${server.baseUrl}/healthz`)),
      ),
      send(
        server,
        {
          path: "/admin/import",
          headers: { Origin: origin, "Content-Type": "multipart/form-data; boundary=b", Cookie: adminCookie },
          stream: 100 * MB,
        },
        () => health.push(fetch(`${server.baseUrl}/healthz`)),
      ),
    ]);
    expect(uploads.map((u) => u.status)).toEqual([413, 413, 413]);
    const answers = await Promise.all(health);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(await (await fetch(`${server.baseUrl}/healthz`)).text()).toBe("ok\n");

    const after = rssKb(server.process.pid!);
    const deltaMb = (after - before) / 1024;
    console.log(`server RSS before ${before} kB, after three refused 100 MB posts ${after} kB (${deltaMb.toFixed(1)} MB more)`);
    expect(deltaMb).toBeLessThan(20);
  });

  it("answers crafted requests with a German 4xx page, never a 5xx", async () => {
    const cases: {
      label: string;
      method?: string;
      path: string;
      headers: Record<string, string>;
      body?: string;
      status: number;
      heading: string;
    }[] = [
      {
        label: "multipart without a boundary",
        path: "/admin/import",
        headers: { Origin: origin, "Content-Type": "multipart/form-data", Cookie: adminCookie },
        body: "--x\r\n\r\n",
        status: 400,
        heading: "Ungültige Anfrage",
      },
      {
        label: "multipart where no file is uploaded",
        path: "/login",
        headers: { Origin: origin, "Content-Type": "multipart/form-data; boundary=b" },
        body: '--b\r\nContent-Disposition: form-data; name="email"\r\n\r\na@stadt.example\r\n--b--\r\n',
        status: 415,
        heading: "Ungültige Anfrage",
      },
      {
        label: "Origin: null without a Referer",
        path: "/login",
        headers: form({ Origin: "null" }),
        body: "email=x%40stadt.example",
        status: 403,
        heading: "Anfrage abgelehnt",
      },
      {
        label: "another site's Origin",
        path: "/login",
        headers: form({ Origin: "https://evil.example" }),
        body: "email=x%40stadt.example",
        status: 403,
        heading: "Anfrage abgelehnt",
      },
      {
        label: "TRACE with a valid origin and a form",
        method: "TRACE",
        path: "/login",
        headers: form(),
        body: "x=1",
        status: 405,
        heading: "Aktion nicht möglich",
      },
      {
        label: "PUT with a form",
        method: "PUT",
        path: "/login",
        headers: form(),
        body: "email=x%40stadt.example",
        status: 405,
        heading: "Aktion nicht möglich",
      },
      { label: "DELETE", method: "DELETE", path: "/me", headers: form(), body: "x=1", status: 405, heading: "Aktion nicht möglich" },
      { label: "OPTIONS", method: "OPTIONS", path: "/login", headers: {}, status: 405, heading: "Aktion nicht möglich" },
      {
        label: "GET with a body",
        method: "GET",
        path: "/sessions",
        headers: form(),
        body: "x=1",
        status: 400,
        heading: "Ungültige Anfrage",
      },
      {
        label: "JSON",
        path: "/login",
        headers: { Origin: origin, "Content-Type": "application/json" },
        body: "{}",
        status: 400,
        heading: "Ungültige Anfrage",
      },
      { label: "no content type", path: "/login", headers: { Origin: origin }, body: "x", status: 400, heading: "Ungültige Anfrage" },
      { label: "NUL in the path", method: "GET", path: "/sessions/%00", headers: {}, status: 404, heading: "Seite nicht gefunden" },
      { label: "broken escape", method: "GET", path: "/%E0%A4%A", headers: {}, status: 400, heading: "Ungültige Adresse" },
    ];
    for (const c of cases) {
      const answer = await send(server, { method: c.method, path: c.path, headers: c.headers, body: c.body });
      expect(answer.status, c.label).toBe(c.status);
      if (c.method !== "HEAD") expectGermanPage(answer, c.heading, c.label);
    }
    const trace = await send(server, { method: "TRACE", path: "/login", headers: form(), body: "x=1" });
    expect(trace.headers.allow).toBe("GET, HEAD, POST");

    // What the HTTP parser itself refuses gets a German page too.
    const raw: { label: string; request: string; status: number }[] = [
      { label: "unknown method", request: "BREW /login HTTP/1.1\r\nHost: x\r\n\r\n", status: 400 },
      { label: "request target *", request: "GET * HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", status: 400 },
      {
        label: "absolute-form target",
        request: "GET http://other.example/sessions HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        status: 400,
      },
      {
        label: "Transfer-Encoding gzip",
        request: `POST /login HTTP/1.1\r\nHost: x\r\nOrigin: ${origin}\r\nContent-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: gzip\r\n\r\nx=1`,
        status: 400,
      },
      {
        label: "Content-Length and chunked",
        request: `POST /login HTTP/1.1\r\nHost: x\r\nOrigin: ${origin}\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nx=1\r\n0\r\n\r\n`,
        status: 400,
      },
      { label: "URL over 16 kB", request: `GET /sessions?q=${"a".repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`, status: 431 },
      { label: "CONNECT", request: `CONNECT 127.0.0.1:${server.port} HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\n\r\n`, status: 405 },
      // Without a Host header the page is served as APP_URL's.
      { label: "no Host", request: "GET /sessions HTTP/1.1\r\nConnection: close\r\n\r\n", status: 200 },
    ];
    for (const c of raw) {
      const answer = await sendRaw(server, c.request);
      expect(answer.status, c.label).toBe(c.status);
      expect(answer.text, c.label).toContain('<html lang="de">');
    }
    const longButFine = await sendRaw(server, `GET /sessions/${"a".repeat(8000)} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
    expect(longButFine.status).toBe(404);
  });

  it("never answers 5xx to 80 requests of random methods, headers, paths and bodies", async () => {
    const random = prng(20260303);
    // Weighted towards what reaches the app (GET and POST with our origin), so the fuzz
    // exercises Remix, not only the refusals in front of it.
    const methods = ["GET", "GET", "GET", "HEAD", "POST", "POST", "POST", "POST", "PUT", "DELETE", "OPTIONS", "TRACE", "CONNECT", "FOO"];
    const paths = [
      "/",
      "/login",
      "/login?index",
      "/login.data",
      "/login/verify?token=%00",
      "/admin/import",
      "/admin/import.data",
      "/sessions/1",
      "/sessions/%00",
      "/sessions/%ff%fe",
      "/%2e%2e/%2e%2e/etc/passwd",
      "/..%2f..%2f",
      "//evil.example/x",
      "/sessions/1/participants.csv",
      "/calendar/%00.ics",
      "/me/calendar-feed",
      "/logout",
      `/${"x".repeat(4000)}`,
      `/sessions?${"a=1&".repeat(500)}`,
      "/build/../server.mjs",
      "/healthz",
    ];
    const hosts = [`127.0.0.1:${server.port}`, "other.example", "[::1", "a b", "", "localhost:99999", "x".repeat(300)];
    const origins = [origin, origin, origin, origin, "null", "https://evil.example", "garbage", "http://[::1", ""];
    const types = [
      "application/x-www-form-urlencoded",
      "multipart/form-data",
      "multipart/form-data; boundary=",
      "multipart/form-data; boundary=zz",
      'multipart/form-data; boundary="a b"',
      "text/plain",
      "application/json",
      "application/x-www-form-urlencoded; charset=\u00ff",
      "",
    ];
    const encodings = ["", "", "chunked", "gzip", "chunked, gzip", "identity", "chunked\u0000"];
    const bodies = [
      "",
      "email=a%40stadt.example",
      "%%%&&&===",
      '--zz\r\nContent-Disposition: form-data; name="csv"\r\n\r\na;b\r\n--zz--\r\n',
      "--zz\r\n\r\n",
      "intent=import&csv=%00",
      "\u0000\u0001\u00ff",
      "a=".padEnd(3000, "%"),
    ];
    const seen: string[] = [];
    for (let i = 0; i < 80; i++) {
      const method = random.pick(methods);
      const requestPath = random.pick(paths);
      const pageRequest = method === "GET" || method === "HEAD";
      const body = Buffer.from(pageRequest && random.next() < 0.8 ? "" : random.pick(bodies), "latin1");
      const lines = [`${method} ${requestPath} HTTP/1.1`];
      const host = random.pick(hosts);
      if (host || random.next() < 0.5) lines.push(`Host: ${host}`);
      const originValue = random.pick(origins);
      if (originValue) lines.push(`Origin: ${originValue}`);
      if (random.next() < 0.3) lines.push(`Referer: ${random.pick([`${origin}/login`, "https://evil.example/", "::::"])}`);
      if (random.next() < 0.3) lines.push(`X-Forwarded-Host: ${random.pick(["evil.example", "a b", ""])}`);
      if (random.next() < 0.3) lines.push(`X-Forwarded-For: ${random.pick(["1.2.3.4", "garbage", "::1, 10.0.0.1"])}`);
      const type = pageRequest && random.next() < 0.8 ? "" : random.pick(types);
      if (type) lines.push(`Content-Type: ${type}`);
      const encoding = pageRequest && random.next() < 0.8 ? "" : random.pick(encodings);
      let payload = body;
      if (encoding) {
        lines.push(`Transfer-Encoding: ${encoding}`);
        if (encoding === "chunked") {
          payload = Buffer.concat([Buffer.from(`${body.length.toString(16)}\r\n`), body, Buffer.from("\r\n0\r\n\r\n")]);
        }
      } else if (body.length > 0 || random.next() < 0.5) {
        lines.push(`Content-Length: ${body.length}`);
      }
      lines.push("Connection: close");
      const head = Buffer.from(`${lines.join("\r\n")}\r\n\r\n`, "latin1");
      const answer = await sendRaw(server, Buffer.concat([head, payload]));
      seen.push(
        `${answer.status} ${method} ${requestPath.slice(0, 40)} host=${JSON.stringify(host.slice(0, 20))} type=${type} te=${encoding}`,
      );
      expect(answer.status, seen.at(-1)).toBeGreaterThanOrEqual(200);
      expect(answer.status, seen.at(-1)).toBeLessThan(500);
    }
    // The server is still fine afterwards.
    expect(await (await fetch(`${server.baseUrl}/healthz`)).text()).toBe("ok\n");
  });

  it("trusts APP_URL, not the Host header: a proxy that rewrites Host breaks no form", async () => {
    const behindProxy = await send(server, {
      path: "/login",
      headers: form({ Host: "other.example:8443", "X-Forwarded-Host": "evil.example", "X-Forwarded-Proto": "a b" }),
      body: "email=proxy%40stadt.example",
    });
    expect(behindProxy.status).toBe(303);
    expect(behindProxy.headers.location).toBe("/login/verify");

    // `Origin: null` (a privacy setting) with a Referer from our own pages is let through.
    const nullOrigin = await send(server, {
      path: "/login",
      headers: form({ Origin: "null", Referer: `${origin}/login`, Host: "ki.intern" }),
      body: "email=null-origin%40stadt.example",
    });
    expect(nullOrigin.status).toBe(303);

    const page = await send(server, { method: "GET", path: "/sessions", headers: { Host: "[::1" } });
    expect(page.status).toBe(200);
  });

  it("says what is wrong when the origin does not match", async () => {
    const answer = await send(server, {
      path: "/login",
      headers: form({ Origin: "http://ki-info.stadt.example" }),
      body: "email=a%40stadt.example",
    });
    expect(answer.status).toBe(403);
    expect(answer.text).toContain(`Bitte öffnen Sie die Anwendung unter <a href="${origin}/sessions">${origin}</a>`);
  });

  it("writes one security line per event, with a keyed hash of the client and no address or token", async () => {
    await send(server, { path: "/login", headers: form({ Origin: "https://evil.example" }), body: "email=a%40stadt.example" });
    await send(server, { path: "/login", headers: form({ "Content-Length": String(5 * MB) }), stream: 5 * MB });
    // RATE_LIMIT_PER_ADDRESS=1: the second request for one address is refused.
    const email = "gesperrt@stadt.example";
    await send(server, { path: "/login", headers: form(), body: `email=${encodeURIComponent(email)}` });
    const limited = await send(server, { path: "/login", headers: form(), body: `email=${encodeURIComponent(email)}` });
    expect(limited.status).toBe(429);
    // A wrong code in the browser that asked for a link.
    const asked = await send(server, { path: "/login", headers: form(), body: "email=code%40stadt.example" });
    const binding = String(asked.headers["set-cookie"]?.[0] ?? "").split(";")[0]!;
    expect(binding).toContain("=");
    const wrong = await send(server, { path: "/login/verify", headers: form({ Cookie: binding }), body: "intent=code&code=000000" });
    expect(wrong.status).toBe(400);

    await expect
      .poll(() => securityLines(server).map((line) => line.event))
      .toEqual(expect.arrayContaining(["origin_refused", "body_too_large", "sign_in_rate_limited", "sign_in_wrong_code"]));
    const lines = securityLines(server);
    const hashes = new Set(lines.map((line) => line.client));
    // Every request came from 127.0.0.1: one hash, never the address itself.
    expect(hashes.size).toBe(1);
    expect([...hashes][0]).toMatch(/^[A-Za-z0-9_-]{16}$/);
    const text = lines.map((line) => JSON.stringify(line)).join("\n");
    expect(text).not.toContain("127.0.0.1");
    expect(text).not.toMatch(/@stadt\.example/);
    expect(text).not.toContain(adminCookie.split("=")[1]!);
    expect(lines.filter((line) => line.event === "origin_refused")).toContainEqual(
      expect.objectContaining({ method: "POST", path: "/login", origin: "https://evil.example" }),
    );
    expect(lines.find((line) => line.event === "sign_in_rate_limited")).toMatchObject({ limit: "address" });
    for (const line of lines) expect(Date.parse(String(line.at))).not.toBeNaN();
  });
});

describe("configuration that fails safe", () => {
  const start = (env: Record<string, string>) =>
    spawnSync(process.execPath, ["server.mjs"], {
      cwd: root,
      encoding: "utf8",
      timeout: 30_000,
      env: {
        PATH: process.env.PATH,
        NODE_ENV: "production",
        PORT: "0",
        DATABASE_PATH: path.join(mkdtempSync(path.join(tmpdir(), "ki-cfg-")), "a.db"),
        ...env,
      },
    });

  it("refuses production without ALLOWED_EMAIL_DOMAINS, in one line naming it", () => {
    const result = start({
      APP_MODE: "production",
      APP_URL: "https://ki-info.stadt.example",
      SESSION_SECRET: "a-production-secret-that-is-long-enough-123",
      SMTP_URL: "smtp://127.0.0.1:1",
    });
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toBe(
      "Configuration error: ALLOWED_EMAIL_DOMAINS: required when APP_MODE=production (comma list of domains, or * for any address)",
    );
  });

  it("refuses demo mode on a reachable address unless DEMO_PUBLIC=yes-i-know, and warns then", async () => {
    const refused = start({ APP_MODE: "demo", HOST: "0.0.0.0" });
    expect(refused.status).toBe(1);
    expect(refused.stderr.trim().split("\n")).toHaveLength(1);
    expect(refused.stderr).toMatch(/^Configuration error: HOST: demo mode binds only a loopback address.*DEMO_PUBLIC=yes-i-know/);

    const server = await startAppServer({ HOST: "0.0.0.0", DEMO_PUBLIC: "yes-i-know", JOBS: "off" });
    try {
      expect(server.output()).toContain("Warning: demo mode on 0.0.0.0");
    } finally {
      expect(await server.stop()).toBe(0);
    }
  });
});
