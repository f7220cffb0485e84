// Everything the running app needs beyond the request: configuration, the database, the
// job runner. server.mjs (and the CLI) create exactly one runtime from the server build.
import type { AppLoadContext } from "@remix-run/node";
import { seedDemoContent } from "~db/seed";
import { createJobRunner, type JobRunner } from "~/jobs/runner.server";
import { closeDatabase, migrateDatabase, migrationsFolder, openDatabase, type Db } from "~/lib/db.server";
import { loadEnv, type Env } from "~/lib/env.server";
import { configureSecurityLog, logSecurityEvent, withSecurityLogClient } from "~/lib/security-log.server";
import { OUTBOX_JOB, appJobs } from "~/jobs/jobs.server";
import { createMailTransport } from "~/mail/transport.server";
import { fillSearchIndexIfEmpty } from "~/search/index.server";
import { liveVersionByCode } from "~/room/live.server";
import { normaliseLiveCode } from "~/room/rules";

export type Runtime = {
  env: Env;
  db: Db;
  jobs: JobRunner;
  loadContext(input: { cspNonce: string; clientIp: string }): AppLoadContext;
  /** The security log, for server.mjs: the same lines the app writes (one format). */
  logSecurityEvent: typeof logSecurityEvent;
  /** Runs a request's handling so the app's security events carry its client's hash. */
  withSecurityLogClient: typeof withSecurityLogClient;
  /** The live pages' change tag for a code (decision 016), or null for an unknown code. */
  liveVersion(code: string): string | null;
  close(): Promise<void>;
};

export function createRuntime(rawEnv: Record<string, string | undefined> = process.env): Runtime {
  const env = loadEnv(rawEnv);
  // The client hash is keyed with the session secret: stable across restarts, unreadable
  // without the secret.
  configureSecurityLog({ secret: env.sessionSecret });
  const db = openDatabase(env.databasePath);
  migrateDatabase(db, migrationsFolder);
  fillSearchIndexIfEmpty(db);
  if (env.seed === "demo") seedDemoContent(db, { now: new Date(), onlyIfEmpty: true });

  const transport = createMailTransport(env);
  // The jobs may ask the runner to run another job now; the runner exists only after them.
  let runner: JobRunner | undefined;
  const jobs = createJobRunner(appJobs({ db, env, transport, runNow: (name) => runner?.trigger(name) ?? Promise.resolve() }));
  runner = jobs;
  // After a commit that queued mail people are waiting for (a sign-in link), send now
  // instead of at the next tick. Without the runner in this process, the runner elsewhere
  // picks it up on its next tick.
  const sendMailSoon = () => void jobs.trigger(OUTBOX_JOB);
  let closed = false;

  return {
    env,
    db,
    jobs,
    loadContext: ({ cspNonce, clientIp }) => ({ db, env, cspNonce, clientIp, sendMailSoon }),
    logSecurityEvent,
    withSecurityLogClient,
    liveVersion(code) {
      const normalised = normaliseLiveCode(code);
      return normalised ? liveVersionByCode(db, normalised, new Date()) : null;
    },
    async close() {
      if (closed) return;
      closed = true;
      await jobs.stop();
      transport.close();
      closeDatabase(db);
    },
  };
}
