// Runs a command of app/cli.server.ts from the server build: `node scripts/cli.mjs db:seed`.
process.env.NODE_ENV = "production";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const build = await import(pathToFileURL(path.join(root, "build", "index.js")).href);
try {
  process.exitCode = await build.entry.module.runCli(process.argv.slice(2));
} catch (error) {
  if (error?.name === "ConfigError") {
    console.error(`Configuration error: ${error.message}`);
    process.exitCode = 1;
  } else {
    throw error;
  }
}
