import path from "node:path";
import { defineConfig } from "vitest/config";

const alias = {
  "~db": path.resolve(__dirname, "db"),
  "~emails": path.resolve(__dirname, "emails"),
  "~": path.resolve(__dirname, "app"),
};

export default defineConfig({
  resolve: { alias },
  test: {
    reporters: ["default", "./tests/support/summary-reporter.ts"],
    projects: [
      {
        resolve: { alias },
        test: {
          name: "unit",
          include: ["tests/unit/**/*.test.ts", "tests/integration/**/*.test.ts"],
          // Every test creates what it needs: `npm run test:unit` runs files and tests in a new
          // order each time with --sequence.shuffle (vitest prints the seed; --sequence.seed=N
          // repeats an order). Not here: vitest 4.1 reads `sequence` from the root config only.
          globalSetup: ["tests/support/global-template-db.ts"],
          setupFiles: ["tests/support/fail-on-console-error.ts"],
          environment: "node",
          testTimeout: 20_000,
        },
      },
      {
        resolve: { alias },
        test: {
          name: "e2e",
          include: ["tests/e2e/**/*.test.ts"],
          globalSetup: ["tests/support/global-build.ts"],
          setupFiles: ["tests/support/fail-on-console-error.ts"],
          environment: "node",
          // Each file starts its own server and browser; two cores run them one at a time.
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
