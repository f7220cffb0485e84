import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, inject, onTestFinished } from "vitest";
import { getCurrentTest } from "vitest/suite";
import { closeDatabase, openDatabase, type Db } from "../../db/client";

/**
 * A real SQLite file with every migration applied. Made inside a test (or its `beforeEach`),
 * it is removed when that test finishes; made while a file is collected, after the file's tests.
 *
 * Make it inside the test: tests run in a random order, so a test must not see what another
 * test wrote. (vitest runs an `afterAll` registered inside a test never: such files were left in
 * the temp folder.)
 */
export function createTestDb(): { db: Db; file: string } {
  const dir = mkdtempSync(path.join(tmpdir(), "ki-info-test-"));
  const file = path.join(dir, "app.db");
  copyFileSync(inject("templateDbPath"), file);
  const db = openDatabase(file);
  const cleanUp = () => {
    closeDatabase(db);
    rmSync(dir, { recursive: true, force: true });
  };
  if (getCurrentTest()) onTestFinished(cleanUp);
  else afterAll(cleanUp);
  return { db, file };
}
