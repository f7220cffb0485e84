import { describe, expect, it } from "vitest";
import { certificateNumber, parseCertificateNumber } from "~/participants/certificate-number";

describe("certificate number", () => {
  it("is the session's year and the registration id, and reads back as typed by a person", () => {
    const number = certificateNumber(812, new Date("2026-03-03T09:00:00Z"));
    expect(number).toBe("TB-2026-000812");
    expect(parseCertificateNumber(number)).toEqual({ registrationId: 812, year: 2026 });
    expect(parseCertificateNumber(" tb-2026-000812 ")).toEqual({ registrationId: 812, year: 2026 });
    expect(parseCertificateNumber("TB-2026-1234567")).toEqual({ registrationId: 1_234_567, year: 2026 });
  });

  it("refuses anything else", () => {
    for (const input of [
      "",
      "812",
      "TB-26-000812",
      "TB-2026-000000",
      "TB-2026-81",
      "TB-2026-000812; drop",
      "TB-2026-99999999999999999999",
    ]) {
      expect(parseCertificateNumber(input), input).toBeNull();
    }
  });
});
