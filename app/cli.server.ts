// Command-line entry points, run from the same server build as the web app
// (scripts/cli.mjs): `db:migrate`, `db:seed`, `jobs`, `sessions:import FILE.csv [--publish]`,
// `people:grant ADDRESS ROLE`, `people:revoke ADDRESS ROLE [--replace-with=ADDRESS|--unassign]`,
// `search:rebuild`, `retention:run [--dry-run]`.
import { readFileSync } from "node:fs";
import { seedDemoContent } from "~db/seed";
import { grantRoleByAddress, revokeRoleByAddress } from "~/people/people.server";
import { emailSchema } from "~/people/people.schema";
import { rebuildSearchIndex } from "~/search/index.server";
import { MANAGED_ROLES, isManagedRole } from "~/people/roles";
import { importSessionsCsv } from "~/sessions/csv-import.server";
import { COMMAND_LINE_ACTOR } from "~/sessions/planning.server";
import { createRuntime } from "~/runtime.server";
import { runRetention } from "~/privacy/retention.server";
import { RETENTION_KINDS, type RetentionKind } from "~/privacy/retention-rules";

type Io = { out: (line: string) => void; err: (line: string) => void };

export async function runCli(
  argv: string[],
  io: Io = { out: console.log, err: console.error },
  rawEnv: Record<string, string | undefined> = process.env,
): Promise<number> {
  const [command] = argv;
  switch (command) {
    case "db:migrate": {
      // Opening the runtime applies pending migrations.
      const runtime = createRuntime({ ...rawEnv, SEED: "off", JOBS: "off" });
      await runtime.close();
      io.out(`Database migrated: ${runtime.env.databasePath}`);
      return 0;
    }
    case "db:seed": {
      const runtime = createRuntime({ ...rawEnv, SEED: "off", JOBS: "off" });
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
      const runtime = createRuntime({ ...rawEnv, SEED: "off" });
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
      const runtime = createRuntime({ ...rawEnv, SEED: "off", JOBS: "off" });
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
    case "search:rebuild": {
      const runtime = createRuntime({ ...rawEnv, SEED: "off", JOBS: "off" });
      try {
        const counts = rebuildSearchIndex(runtime.db);
        io.out(
          `Search index rebuilt: ${counts.sections} section(s), ${counts.qa} Q&A item(s), ${counts.questions} question(s), ${counts.materials} material(s).`,
        );
        return 0;
      } finally {
        await runtime.close();
      }
    }
    case "retention:run": {
      const unknown = argv.slice(1).find((arg) => arg !== "--dry-run");
      if (unknown !== undefined) {
        io.err("Usage: npm run cli -- retention:run [--dry-run]");
        return 2;
      }
      const dryRun = argv.includes("--dry-run");
      const runtime = createRuntime({ ...rawEnv, SEED: "off", JOBS: "off" });
      try {
        const run = runRetention(runtime.db, new Date(), { dryRun, dataDir: runtime.env.dataDir });
        io.out(dryRun ? "Dry run: nothing was changed. Would go:" : "Retention run done:");
        for (const kind of Object.keys(RETENTION_KINDS) as RetentionKind[]) {
          io.out(`  ${String(run.counts[kind]).padStart(6)}  ${RETENTION_KINDS[kind]}`);
        }
        return 0;
      } finally {
        await runtime.close();
      }
    }
    case "people:grant":
    case "people:revoke":
      return changeRole(command, argv.slice(1), io, rawEnv);
    default:
      io.err(
        `Unknown command ${JSON.stringify(command ?? "")}. Commands: db:migrate, db:seed, jobs, sessions:import, people:grant, people:revoke, search:rebuild, retention:run`,
      );
      return 2;
  }
}

/** `people:grant ADDRESS ROLE` and `people:revoke ADDRESS ROLE`: every refusal is one line on stderr and exit 1. */
async function changeRole(
  command: "people:grant" | "people:revoke",
  args: string[],
  io: Io,
  rawEnv: Record<string, string | undefined>,
): Promise<number> {
  const [address, role, ...options] = args;
  if (!address || !role) {
    io.err(
      command === "people:grant"
        ? `Usage: npm run cli -- people:grant ADDRESS ${MANAGED_ROLES.join("|")}`
        : `Usage: npm run cli -- people:revoke ADDRESS ${MANAGED_ROLES.join("|")} [--replace-with=ADDRESS | --unassign]`,
    );
    return 2;
  }
  if (!isManagedRole(role)) {
    io.err(`Unknown role ${JSON.stringify(role)}. Roles: ${MANAGED_ROLES.join(", ")}.`);
    return 1;
  }
  const email = emailSchema.safeParse(address);
  if (!email.success) {
    io.err(`${JSON.stringify(address)} is not an e-mail address.`);
    return 1;
  }
  const replaceWith = options.find((option) => option.startsWith("--replace-with="))?.slice("--replace-with=".length);
  const unassign = options.includes("--unassign");
  const unknownOption = options.find((option) => option !== "--unassign" && !option.startsWith("--replace-with="));
  if (unknownOption || (replaceWith !== undefined && unassign) || (command === "people:grant" && options.length > 0)) {
    io.err(`Unexpected option ${JSON.stringify(unknownOption ?? options.join(" "))}.`);
    return 2;
  }

  const runtime = createRuntime({ ...rawEnv, SEED: "off", JOBS: "off" });
  try {
    const { db, env } = runtime;
    const readOnlyAdmin = `The admin role is read-only while ADMIN_EMAILS is set (${env.adminEmails.join(", ")}); change that variable instead.`;
    if (command === "people:grant") {
      const result = grantRoleByAddress(db, COMMAND_LINE_ACTOR, env, { email: email.data, role });
      if (!result.ok) {
        io.err(
          result.reason === "admin_read_only"
            ? readOnlyAdmin
            : result.reason === "domain_not_allowed"
              ? `${email.data} is not in ALLOWED_EMAIL_DOMAINS (${env.allowedEmailDomains.join(", ")}).`
              : "Not allowed.",
        );
        return 1;
      }
      io.out(
        !result.changed
          ? `${email.data} already has the role ${role}.`
          : `${result.created ? `Added ${email.data} and granted` : `Granted ${email.data}`} the role ${role}; the mail goes out with the job runner.`,
      );
      return 0;
    }
    const handover = replaceWith !== undefined || unassign ? { replacementEmail: replaceWith ?? null } : undefined;
    const result = revokeRoleByAddress(db, COMMAND_LINE_ACTOR, env, { email: email.data, role, handover });
    if (!result.ok) {
      const messages: Record<Exclude<typeof result.reason, "needs_handover">, string> = {
        forbidden: "Not allowed.",
        not_found: `No person with the address ${email.data}.`,
        admin_read_only: readOnlyAdmin,
        last_admin: `${email.data} is the last admin; grant admin to someone else first.`,
        invalid_replacement: `${replaceWith ?? ""} is not a facilitator (or is the same person).`,
        unknown_replacement: `No person with the address ${replaceWith ?? ""}.`,
      };
      io.err(
        result.reason === "needs_handover"
          ? `${email.data} facilitates ${result.sessions.length} session(s) that have not ended (ids ${result.sessions.map((s) => s.id).join(", ")}); repeat with --replace-with=ADDRESS or --unassign.`
          : messages[result.reason],
      );
      return 1;
    }
    io.out(
      !result.changed
        ? `${email.data} did not have the role ${role}.`
        : `Revoked the role ${role} from ${email.data}${result.sessionsHandedOver > 0 ? `; ${result.sessionsHandedOver} session(s) ${replaceWith ? `handed over to ${replaceWith}` : "left without this facilitator"}` : ""}.`,
    );
    return 0;
  } finally {
    await runtime.close();
  }
}
