import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

const root = path.resolve(__dirname, "../..");

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export type AppServer = {
  baseUrl: string;
  port: number;
  dataDir: string;
  databasePath: string;
  process: ChildProcess;
  /** Everything the server printed so far. */
  output(): string;
  /** Sends a signal to the server's process group and waits for it to exit. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
};

/**
 * Starts `node server.mjs` from the build as a detached child (its own process group) on a
 * free port with a fresh database, and waits until /healthz answers.
 */
export async function startAppServer(env: Record<string, string> = {}): Promise<AppServer> {
  const port = await freePort();
  const dataDir = mkdtempSync(path.join(tmpdir(), "ki-info-e2e-"));
  const databasePath = path.join(dataDir, "app.db");
  const baseUrl = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ["server.mjs"], {
    cwd: root,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      PATH: process.env.PATH ?? "",
      TZ: process.env.TZ ?? "",
      NODE_ENV: "production",
      APP_MODE: "demo",
      HOST: "127.0.0.1",
      PORT: String(port),
      APP_URL: baseUrl,
      DATABASE_PATH: databasePath,
      // Production refuses to start without a decision on who may sign in; `*` (anyone) is
      // what tests meant before it was required, in demo mode as in production.
      ALLOWED_EMAIL_DOMAINS: "*",
      ...env,
    },
  });
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));

  let exitCode: number | null | undefined;
  void exited.then((code) => (exitCode = code));
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (exitCode !== undefined) throw new Error(`server exited with ${exitCode}:\n${output}`);
    try {
      const response = await fetch(`${baseUrl}/healthz`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`server did not start:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }

  let stopped: Promise<number | null> | undefined;
  return {
    baseUrl,
    port,
    dataDir,
    databasePath,
    process: child,
    output: () => output,
    stop(signal = "SIGTERM") {
      if (!stopped) {
        stopped = (async () => {
          if (exitCode === undefined) {
            try {
              process.kill(-child.pid!, signal);
            } catch {
              // already gone
            }
          }
          const code = await exited;
          rmSync(dataDir, { recursive: true, force: true });
          return code;
        })();
      }
      return stopped;
    },
  };
}
