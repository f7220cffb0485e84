import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, inject } from "vitest";
import { closeDatabase, openDatabase, type Db } from "../../db/client";

/** A real SQLite file with every migration applied, removed after the file's tests. */
export function createTestDb(): { db: Db; file: string } {
  const dir = mkdtempSync(path.join(tmpdir(), "ki-info-test-"));
  const file = path.join(dir, "app.db");
  copyFileSync(inject("templateDbPath"), file);
  const db = openDatabase(file);
  afterAll(() => {
    closeDatabase(db);
    rmSync(dir, { recursive: true, force: true });
  });
  return { db, file };
}
