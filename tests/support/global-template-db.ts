import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { closeDatabase, migrateDatabase, openDatabase } from "../../db/client";

// Migrates one template database per run; every test file copies it (tests/support/db.ts),
// so each file gets a real, migrated SQLite file of its own in a few milliseconds.
export default function setup(project: TestProject) {
  const dir = mkdtempSync(path.join(tmpdir(), "ki-info-template-"));
  const file = path.join(dir, "template.db");
  const db = openDatabase(file);
  migrateDatabase(db, path.resolve(__dirname, "../../db/migrations"));
  closeDatabase(db);
  project.provide("templateDbPath", file);
  return () => rmSync(dir, { recursive: true, force: true });
}

declare module "vitest" {
  export interface ProvidedContext {
    templateDbPath: string;
  }
}
