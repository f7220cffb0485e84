import { describe, expect, it } from "vitest";
import {
  RETENTION_DEFAULTS,
  certificateDeletionDate,
  parseDays,
  parseRetentionInput,
  questionLinkDueAt,
  retentionRunDue,
  retentionSettingsFrom,
} from "~/privacy/retention-rules";
import { storedDataItems } from "~/privacy/stored-data";

const DAY = 24 * 3600_000;

describe("retention rules", () => {
  it("reads whole days between 1 and 3,650, as Germans write them", () => {
    expect(parseDays("365")).toEqual({ ok: true, days: 365 });
    expect(parseDays("3.650")).toEqual({ ok: true, days: 3650 });
    expect(parseDays(" 1 ")).toEqual({ ok: true, days: 1 });
    for (const refused of ["0", "3651", "1.5", "1,5", "-3", "", "ein Jahr", "10.00"]) expect(parseDays(refused).ok, refused).toBe(false);
  });

  it("saves all fields or none, with a message per refused field", () => {
    const values = Object.fromEntries(Object.entries(RETENTION_DEFAULTS).map(([k, v]) => [k, String(v)]));
    expect(parseRetentionInput(values)).toEqual({ ok: true, settings: RETENTION_DEFAULTS });
    const refused = parseRetentionInput({ ...values, auditDays: "99999" });
    expect(refused.ok).toBe(false);
    expect(Object.keys(refused.ok ? {} : refused.errors)).toEqual(["auditDays"]);
  });

  it("falls back to the default for a missing or damaged stored value", () => {
    expect(retentionSettingsFrom({ "retention.questionDays": "12", "retention.auditDays": "kaputt" })).toEqual({
      ...RETENTION_DEFAULTS,
      questionDays: 12,
    });
  });

  it("dates: a certificate goes its period after the session's end; a question after the later of session and publication", () => {
    const end = new Date("2027-01-10T11:30:00Z");
    expect(certificateDeletionDate(end, { attendanceDays: 10 })).toEqual(new Date(end.getTime() + 10 * DAY));
    const published = new Date("2027-03-01T00:00:00Z");
    expect(questionLinkDueAt(end, published, { questionDays: 5 })).toEqual(new Date(published.getTime() + 5 * DAY));
    expect(questionLinkDueAt(published, end, { questionDays: 5 })).toEqual(new Date(published.getTime() + 5 * DAY));
    expect(questionLinkDueAt(end, null, { questionDays: 5 })).toEqual(new Date(end.getTime() + 5 * DAY));
  });

  it("runs once per Berlin calendar day", () => {
    expect(retentionRunDue(null, new Date())).toBe(true);
    // 23:30 and 00:30 Berlin time (CET) are different days, though one hour apart.
    expect(retentionRunDue(new Date("2027-01-10T22:30:00Z"), new Date("2027-01-10T23:30:00Z"))).toBe(true);
    expect(retentionRunDue(new Date("2027-01-10T00:30:00Z"), new Date("2027-01-10T22:00:00Z"))).toBe(false);
  });

  it("the privacy page's section words the live periods with German plurals", () => {
    const items = storedDataItems(
      { ...RETENTION_DEFAULTS, registrationDays: 1, signInAuditDays: 1 },
      { loginIdleDays: 14, loginMaxDays: 30 },
    );
    const text = (id: string) => items.find((item) => item.id === id)?.howLong ?? "";
    expect(text("anmeldungen")).toContain("1 Tag nach dem Ende des Termins");
    expect(text("teilnahme")).toContain("1.095 Tage nach dem Ende des Termins");
    expect(text("protokoll-einloggen")).toContain("Nach 1 Tag gelöscht");
    expect(text("protokoll")).toContain("nach 730 Tagen");
    expect(text("login")).toContain("nach 14 Tagen ohne Nutzung, spätestens nach 30 Tagen");
  });
});
