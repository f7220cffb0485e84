import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { describe, expect, it, onTestFinished } from "vitest";
import { auditLog, outbox, settings } from "~db/schema";
import { renderMail } from "~emails/layout";
import { readIdentity, readLogo, removeLogo, saveIdentity, setLogo, themeStylesheet } from "~/identity/identity.server";
import { queueMail } from "~/mail/outbox.server";
import { deliverDueMails } from "~/mail/sender.server";
import { createMailTransport } from "~/mail/transport.server";
import { createTestDb } from "../support/db";
import { testEnv } from "../support/env";
import { createUser } from "../support/factories";
import { HTML_PAGE, SVG_WITH_SCRIPT, TINY_JPEG, TINY_PNG } from "../support/images";
import { startSmtpServer } from "../support/smtp";

const now = new Date("2026-03-03T09:00:00Z");
const input = {
  organisationName: "Stadt Beispielhausen",
  footerAddress: "Rathaus\r\nMarkt 1\n12345 Beispielhausen",
  primaryColour: "#14532D",
};

/** A person with these roles, as the use cases get them (the signed-in user). */
function actor(db: Parameters<typeof createUser>[0], roles: ("participant" | "facilitator" | "admin")[]) {
  return { id: createUser(db, { roles }).id, roles };
}

/** A data folder of this test's own, removed when the test finishes. */
function tempDataDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "ki-identity-"));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A real SMTP server of this test's own, closed when the test finishes. */
async function smtpServer() {
  const smtp = await startSmtpServer();
  onTestFinished(() => smtp.close());
  return smtp;
}
const logoFiles = (dataDir: string) => {
  try {
    return readdirSync(path.join(dataDir, "uploads", "branding"));
  } catch {
    return [];
  }
};

describe("the city's identity in the settings", () => {
  it("shows today's look until an admin changes it", () => {
    const { db } = createTestDb();
    expect(readIdentity(db)).toMatchObject({
      organisationName: "Stadtverwaltung Musterstadt",
      footerAddress: "",
      primaryColour: "#0b4f8a",
      logo: null,
    });
    expect(themeStylesheet(db).css).toContain("--color-primary: #0b4f8a;");
  });

  it("saves name, address and colour together, audited; the theme and its version follow", () => {
    const { db } = createTestDb();
    const admin = actor(db, ["participant", "admin"]);
    const before = themeStylesheet(db).version;
    expect(saveIdentity(db, admin, input, now)).toEqual({ ok: true, changed: true });
    expect(readIdentity(db)).toMatchObject({
      organisationName: "Stadt Beispielhausen",
      footerAddress: "Rathaus\nMarkt 1\n12345 Beispielhausen",
      primaryColour: "#14532d",
    });
    const theme = themeStylesheet(db);
    expect(theme.css).toContain("--color-primary: #14532d;");
    expect(theme.css).toContain("--color-primary-dark: #0f3e22;");
    expect(theme.version).not.toBe(before);
    const [entry] = db.select().from(auditLog).where(eq(auditLog.action, "identity_changed")).all();
    expect(entry).toMatchObject({ actorId: admin.id, subjectId: "identity" });
    expect(entry!.details).toMatchObject({ primaryColour: { old: "#0b4f8a", new: "#14532d" } });
    // The same values again: nothing to write, nothing to audit.
    expect(saveIdentity(db, admin, input, now)).toEqual({ ok: true, changed: false });
    expect(db.select().from(auditLog).where(eq(auditLog.action, "identity_changed")).all()).toHaveLength(1);
  });

  it("refuses a light colour and an empty name and changes nothing; only admins may save", () => {
    const { db } = createTestDb();
    const admin = actor(db, ["participant", "admin"]);
    const facilitator = actor(db, ["participant", "facilitator"]);
    const result = saveIdentity(db, admin, { ...input, organisationName: "  ", primaryColour: "#ffff00" }, now);
    expect(result).toMatchObject({
      ok: false,
      reason: "invalid",
      errors: { organisationName: expect.stringContaining("Namen"), primaryColour: expect.stringContaining("4,5:1") },
    });
    // A valid name with a bad colour is not saved either: all or nothing.
    expect(saveIdentity(db, admin, { ...input, primaryColour: "#ffff00" }, now)).toMatchObject({ ok: false });
    expect(saveIdentity(db, facilitator, input, now)).toEqual({ ok: false, reason: "forbidden" });
    expect(db.select().from(settings).all()).toEqual([]);
    expect(readIdentity(db)).toMatchObject({ organisationName: "Stadtverwaltung Musterstadt", primaryColour: "#0b4f8a" });
    expect(db.select().from(auditLog).all()).toHaveLength(0);
  });

  it("stores a PNG or JPEG logo in the data folder, replaces and removes it; refuses SVG and HTML", () => {
    const { db } = createTestDb();
    const dataDir = tempDataDir();
    const admin = actor(db, ["participant", "admin"]);
    const participant = actor(db, ["participant"]);

    expect(setLogo(db, dataDir, admin, SVG_WITH_SCRIPT, now)).toEqual({ ok: false, reason: "not_an_image" });
    expect(setLogo(db, dataDir, admin, HTML_PAGE, now)).toEqual({ ok: false, reason: "not_an_image" });
    expect(setLogo(db, dataDir, participant, TINY_PNG, now)).toEqual({ ok: false, reason: "forbidden" });
    expect(logoFiles(dataDir)).toEqual([]);
    expect(readLogo(db, dataDir)).toBeNull();

    const png = setLogo(db, dataDir, admin, TINY_PNG, now);
    expect(png).toMatchObject({ ok: true, logo: { contentType: "image/png" } });
    expect(readLogo(db, dataDir)).toMatchObject({ contentType: "image/png", content: TINY_PNG });
    expect(logoFiles(dataDir)).toEqual([png.ok && png.logo.file]);

    const jpeg = setLogo(db, dataDir, admin, TINY_JPEG, now);
    expect(jpeg).toMatchObject({ ok: true, logo: { contentType: "image/jpeg" } });
    expect(jpeg.ok && png.ok && jpeg.logo.version).not.toBe(png.ok && png.logo.version);
    // The replaced file is gone; no temp file is left behind.
    expect(logoFiles(dataDir)).toEqual([jpeg.ok && jpeg.logo.file]);
    expect(readLogo(db, dataDir)?.content).toEqual(TINY_JPEG);

    expect(removeLogo(db, dataDir, participant, now)).toEqual({ ok: false, reason: "forbidden" });
    expect(removeLogo(db, dataDir, admin, now)).toEqual({ ok: true, removed: true });
    expect(readLogo(db, dataDir)).toBeNull();
    expect(readIdentity(db).logo).toBeNull();
    expect(logoFiles(dataDir)).toEqual([]);
    expect(removeLogo(db, dataDir, admin, now)).toEqual({ ok: true, removed: false });
    expect(
      db
        .select({ action: auditLog.action })
        .from(auditLog)
        .all()
        .map((a) => a.action),
    ).toEqual(["logo_changed", "logo_changed", "logo_removed"]);
  });
});

describe("mails carry the city's name, address, colour and logo", () => {
  const mail = (n: number) =>
    renderMail({
      subject: `Nachricht ${n}`,
      paragraphs: [`Text ${n} mit $& und <b>`],
      action: { label: "Öffnen", url: "http://x/" },
      reason: "Test.",
    });

  it("attaches the logo as an inline CID part and keeps the text part readable", async () => {
    const smtp = await smtpServer();
    const { db } = createTestDb();
    const dataDir = tempDataDir();
    const admin = actor(db, ["participant", "admin"]);
    saveIdentity(db, admin, { ...input, organisationName: "Stadt $& Beispielhausen" }, now);
    setLogo(db, dataDir, admin, TINY_PNG, now);
    queueMail(db, { dedupeKey: "test:1", kind: "test", recipient: "person@stadt.example", mail: mail(1) }, now);

    const row = db.select().from(outbox).get()!;
    expect(row.html).toContain('src="cid:logo@ki-infoveranstaltungen"');
    expect(row.html).toContain("Stadt $&amp; Beispielhausen");
    expect(row.html).toContain('style="color:#14532d;font-weight:bold"');
    expect(row.text).toMatch(
      /KI-Infoveranstaltungen zur Dienstvereinbarung KI\nStadt \$& Beispielhausen\nRathaus\nMarkt 1\n12345 Beispielhausen\n$/,
    );
    expect(row.text).not.toContain("cid:");

    const transport = createMailTransport(testEnv({ SMTP_URL: smtp.url }));
    expect(
      await deliverDueMails(db, transport, { owner: "a", from: "ki@stadt.example", retryDelaysMs: [1000], now: () => now, dataDir }),
    ).toMatchObject({
      sent: 1,
    });
    const [received] = await smtp.waitFor(1);
    const [logo] = received!.parsed.attachments;
    expect(logo).toMatchObject({ cid: "logo@ki-infoveranstaltungen", contentType: "image/png", contentDisposition: "inline" });
    expect(logo!.content).toEqual(TINY_PNG);
    expect(received!.parsed.text).toContain("Stadt $& Beispielhausen");
    transport.close();
  });

  it("sends a mail queued with the logo without the image once the logo is removed", async () => {
    const smtp = await smtpServer();
    const { db } = createTestDb();
    const dataDir = tempDataDir();
    const admin = actor(db, ["participant", "admin"]);
    setLogo(db, dataDir, admin, TINY_PNG, now);
    queueMail(db, { dedupeKey: "test:2", kind: "test", recipient: "other@stadt.example", mail: mail(2) }, now);
    removeLogo(db, dataDir, admin, now);
    const transport = createMailTransport(testEnv({ SMTP_URL: smtp.url }));
    await deliverDueMails(db, transport, { owner: "a", from: "ki@stadt.example", retryDelaysMs: [1000], now: () => now, dataDir });
    const received = (await smtp.waitFor(1)).find((m) => m.to.includes("other@stadt.example"))!;
    expect(received.parsed.attachments).toHaveLength(0);
    expect(received.parsed.html).not.toContain("cid:");
    expect(received.parsed.html).toContain("Stadtverwaltung Musterstadt");
    transport.close();
  });
});
