import { count } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { agreementParagraphs, agreementSections, agreementVersions, contentPages, series, sessions, users } from "~db/schema";
import { seedDemoContent } from "~db/seed";
import { listUpcomingSessions } from "~/sessions/sessions.server";
import { loadPublicAgreement } from "~/agreement/agreement.server";
import { readWorkingTimeNote } from "~/sessions/working-time-note.server";
import { createTestDb } from "../support/db";

describe("demo seed", () => {
  const now = new Date();

  it("fills an empty database with legal pages, people and upcoming sessions", () => {
    const { db } = createTestDb();
    expect(seedDemoContent(db, { now, onlyIfEmpty: true })).toEqual({ seeded: true });
    const pages = db
      .select()
      .from(contentPages)
      .all()
      .map((p) => p.slug)
      .sort();
    expect(pages).toEqual(["barrierefreiheit", "datenschutz", "impressum"]);
    const upcoming = listUpcomingSessions(db, now);
    expect(upcoming.length).toBeGreaterThanOrEqual(5);
    expect(upcoming.every((s) => s.startsAt > now)).toBe(true);
    // The session page's facts (decision 025) are in the demo.
    const all = db.select().from(sessions).all();
    expect(all.some((s) => s.directionsUrl && s.format !== "online")).toBe(true);
    expect(all.some((s) => s.onlineTool && s.testRoomUrl && s.format !== "in_person")).toBe(true);
    expect(
      db
        .select()
        .from(series)
        .all()
        .some((s) => s.contactName && s.contactEmail),
    ).toBe(true);
    expect(readWorkingTimeNote(db)).toContain("Arbeitszeit");
  });

  it("is idempotent", () => {
    const { db } = createTestDb();
    expect(seedDemoContent(db, { now, onlyIfEmpty: true })).toEqual({ seeded: true });
    const before = [series, sessions, users, contentPages, agreementVersions, agreementSections, agreementParagraphs].map(
      (t) => db.select({ n: count() }).from(t).get()!.n,
    );
    expect(seedDemoContent(db, { now, onlyIfEmpty: true })).toEqual({ seeded: false });
    seedDemoContent(db, { now });
    const after = [series, sessions, users, contentPages, agreementVersions, agreementSections, agreementParagraphs].map(
      (t) => db.select({ n: count() }).from(t).get()!.n,
    );
    expect(after).toEqual(before);
  });
});

describe("demo seed: the agreement", () => {
  const now = new Date();

  it("puts the Muster-Dienstvereinbarung in force, labelled as an example", () => {
    const { db } = createTestDb();
    expect(seedDemoContent(db, { now, onlyIfEmpty: true })).toEqual({ seeded: true });
    const agreement = loadPublicAgreement(db, now);
    expect(agreement?.title).toBe("Muster-Dienstvereinbarung KI");
    expect(agreement?.introHtml).toContain("Beispieltext – keine echte Dienstvereinbarung");
    // Präambel, §§ 1–14, Anlage 1.
    expect(agreement?.sections).toHaveLength(16);
    expect(agreement?.sections[0]?.anchor).toBe("praeambel");
  });
});
