import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { agreementSections, agreementVersions, auditLog } from "~db/schema";
import { coveredSections, sectionCoverageForm, setCoveredSections } from "~/sessions/series-sections.server";
import { createTestDb } from "../support/db";
import { createSeries, createUser } from "../support/factories";

const NOW = new Date("2026-11-27T10:00:00Z");

function agreementInForce(db: ReturnType<typeof createTestDb>["db"]) {
  const version = db
    .insert(agreementVersions)
    .values({ title: "Muster-DV", status: "in_force", inForceFrom: new Date("2026-01-01T00:00:00Z"), updatedAt: NOW })
    .returning()
    .get();
  for (const [position, number, title] of [
    [4, "§ 4", "Freigegebene Anwendungen"],
    [6, "§ 6", "Datenschutz"],
    [9, "§ 9", "Keine Leistungskontrolle"],
  ] as const) {
    db.insert(agreementSections)
      .values({ versionId: version.id, position, number, title, anchor: `s${position}`, updatedAt: NOW })
      .run();
  }
}

describe("the sections a series covers", () => {
  it("are saved by anchor, listed in the agreement's order, audited; an unknown anchor changes nothing", () => {
    const { db } = createTestDb();
    agreementInForce(db);
    const admin = createUser(db);
    const series = createSeries(db);
    expect(coveredSections(db, series.id, NOW)).toEqual([]);

    expect(setCoveredSections(db, admin.id, series.id, ["s9", "s4", "s4"], NOW)).toEqual({ ok: true });
    expect(coveredSections(db, series.id, NOW).map((s) => s.anchor)).toEqual(["s4", "s9"]);
    expect(coveredSections(db, series.id, NOW)[0]!.heading).toContain("§ 4");
    expect(sectionCoverageForm(db, series.id, NOW).map((s) => [s.anchor, s.covered])).toEqual([
      ["s4", true],
      ["s6", false],
      ["s9", true],
    ]);

    expect(setCoveredSections(db, admin.id, series.id, ["s6", "s99"], NOW)).toEqual({ ok: false, reason: "unknown_section" });
    expect(coveredSections(db, series.id, NOW).map((s) => s.anchor)).toEqual(["s4", "s9"]);
    expect(setCoveredSections(db, admin.id, 987_654, ["s6"], NOW)).toEqual({ ok: false, reason: "not_found" });

    // Emptying is allowed; each change is in the audit log with who did it.
    expect(setCoveredSections(db, admin.id, series.id, [], NOW)).toEqual({ ok: true });
    expect(coveredSections(db, series.id, NOW)).toEqual([]);
    const entries = db.select().from(auditLog).where(eq(auditLog.action, "series_sections_set")).all();
    expect(entries.map((e) => [e.actorId, e.details])).toEqual([
      [admin.id, { from: [], to: ["s4", "s9"] }],
      [admin.id, { from: ["s4", "s9"], to: [] }],
    ]);
  });
});
