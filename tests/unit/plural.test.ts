import { describe, expect, it } from "vitest";
import { plural } from "~/lib/plural";

describe("German plurals", () => {
  it("uses the singular for exactly one and the plural otherwise", () => {
    expect(plural(1, "gültige Zeile", "gültige Zeilen")).toBe("1 gültige Zeile");
    expect(plural(0, "gültige Zeile", "gültige Zeilen")).toBe("0 gültige Zeilen");
    expect(plural(2, "Termin", "Termine")).toBe("2 Termine");
    expect(`Jetzt ${plural(1, "Termin", "Termine")} importieren`).toBe("Jetzt 1 Termin importieren");
  });

  it("writes large numbers the German way", () => {
    expect(plural(10_000, "Platz", "Plätzen")).toBe("10.000 Plätzen");
  });
});
