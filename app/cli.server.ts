// Command-line entry points, run from the same server build as the web app
// (scripts/cli.mjs): `db:migrate`, `db:seed`, `jobs`, `sessions:import FILE.csv [--publish]`.
import { readFileSync } from "node:fs";
import { seedDemoContent } from "~db/seed";
import { importSessionsCsv } from "~/sessions/csv-import.server";
import { COMMAND_LINE_ACTOR } from "~/sessions/planning.server";
import { createRuntime } from "~/runtime.server";

type Io = { out: (line: string) => void; err: (line: string) => void };

export async function runCli(argv: string[], io: Io = { out: console.log, err: console.error }): Promise<number> {
  const [command] = argv;
  switch (command) {
    case "db:migrate": {
      // Opening the runtime applies pending migrations.
      const runtime = createRuntime({ ...process.env, SEED: "off", JOBS: "off" });
      await runtime.close();
      io.out(`Database migrated: ${runtime.env.databasePath}`);
      return 0;
    }
    case "db:seed": {
      const runtime = createRuntime({ ...process.env, SEED: "off", JOBS: "off" });
      if (runtime.env.mode === "production") {
        io.err("Demo content is never seeded when APP_MODE=production.");
        await runtime.close();
        return 1;
      }
      seedDemoContent(runtime.db, { now: new Date() });
      await runtime.close();
      io.out(`Demo content is in place: ${runtime.env.databasePath}`);
      return 0;
    }
    case "jobs": {
      const runtime = createRuntime({ ...process.env, SEED: "off" });
      runtime.jobs.start();
      io.out(`Job runner started (${runtime.jobs.jobNames.join(", ") || "no jobs"}); stop with SIGTERM.`);
      // The job timers do not hold the process open (the web server does that normally).
      const keepAlive = setInterval(() => {}, 60_000);
      await new Promise<void>((resolve) => {
        process.once("SIGTERM", resolve);
        process.once("SIGINT", resolve);
      });
      clearInterval(keepAlive);
      await runtime.close();
      io.out("Job runner stopped.");
      return 0;
    }
    case "sessions:import": {
      const file = argv.slice(1).find((arg) => !arg.startsWith("--"));
      if (!file) {
        io.err("Usage: npm run cli -- sessions:import FILE.csv [--publish]");
        return 2;
      }
      let text: string;
      try {
        text = readFileSync(file, "utf8");
      } catch {
        io.err(`Cannot read ${file}`);
        return 2;
      }
      const runtime = createRuntime({ ...process.env, SEED: "off", JOBS: "off" });
      try {
        const result = importSessionsCsv(runtime.db, COMMAND_LINE_ACTOR, text, {
          publish: argv.includes("--publish"),
          appUrl: runtime.env.appUrl,
        });
        if (!result.ok) {
          for (const error of result.reason === "invalid" ? result.errors : []) io.err(`${file}:${error.line}: ${error.message}`);
          io.err("Nothing was imported.");
          return 1;
        }
        io.out(`Imported ${result.imported} session(s), ${result.published} published.`);
        return 0;
      } finally {
        await runtime.close();
      }
    }
    default:
      io.err(`Unknown command ${JSON.stringify(command ?? "")}. Commands: db:migrate, db:seed, jobs, sessions:import`);
      return 2;
  }
}
