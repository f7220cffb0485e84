import { spawnSync } from "node:child_process";
import path from "node:path";

// Builds the app once for all end-to-end tests, so they always run the code under test.
export default function setup() {
  const root = path.resolve(__dirname, "../..");
  const result = spawnSync("npx", ["remix", "build"], {
    cwd: root,
    encoding: "utf8",
    // Vitest sets NODE_ENV=test, which would make a development JSX build.
    env: { ...process.env, NODE_ENV: "production" },
  });
  if (result.status !== 0) {
    throw new Error(`remix build failed:\n${result.stdout}\n${result.stderr}`);
  }
}
