import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

// The project root is found by walking up to our package.json, so paths like
// db/migrations resolve the same from the source tree (tests) and from build/index.js.
function findProjectRoot(start: string): string {
  let dir = start;
  for (;;) {
    const candidate = path.join(dir, "package.json");
    if (existsSync(candidate)) {
      const pkg = JSON.parse(readFileSync(candidate, "utf8")) as { name?: string };
      if (pkg.name === "ki-infoveranstaltungen") return dir;
    }
    const parent = path.dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
}

export const projectRoot = findProjectRoot(path.dirname(fileURLToPath(import.meta.url)));

export function fromProjectRoot(...segments: string[]): string {
  return path.resolve(projectRoot, ...segments);
}
