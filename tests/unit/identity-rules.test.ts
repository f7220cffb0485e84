import { describe, expect, it } from "vitest";
import {
  checkPrimaryColour,
  contrastRatio,
  contrastWithWhite,
  darkerShade,
  normaliseHexColour,
  relativeLuminance,
  themeCss,
} from "~/identity/rules";

describe("the primary colour must carry white text (WCAG 2.1, 4.5:1)", () => {
  it("computes WCAG luminance and contrast", () => {
    expect(relativeLuminance("#000000")).toBe(0);
    expect(relativeLuminance("#ffffff")).toBeCloseTo(1, 10);
    expect(contrastRatio("#000000", "#ffffff")).toBeCloseTo(21, 10);
    // Known values: #767676 is the lightest grey with 4.5:1 on white; #777777 falls below.
    expect(contrastWithWhite("#767676")).toBeCloseTo(4.54, 2);
    expect(contrastWithWhite("#777777")).toBeLessThan(4.5);
    expect(contrastRatio("#0b4f8a", "#ffffff")).toBe(contrastRatio("#ffffff", "#0b4f8a"));
  });

  it("accepts today's blue and dark colours, written in any case and with or without #", () => {
    expect(checkPrimaryColour("#0b4f8a")).toEqual({ ok: true, colour: "#0b4f8a" });
    expect(checkPrimaryColour(" #0B4F8A ")).toEqual({ ok: true, colour: "#0b4f8a" });
    expect(checkPrimaryColour("767676")).toEqual({ ok: true, colour: "#767676" });
    expect(checkPrimaryColour("#8f1414")).toMatchObject({ ok: true });
  });

  it("refuses light colours (white text on them is unreadable) with the ratio in German", () => {
    for (const light of ["#ffff00", "#ffffff", "#777777", "#4a90e2"]) {
      const result = checkPrimaryColour(light);
      expect(result, light).toMatchObject({ ok: false });
      if (!result.ok) expect(result.message).toMatch(/Kontrast von \d,\d\d:1; nötig sind mindestens 4,5:1/);
    }
    // Rounded down, so a refused colour never shows "4,50:1".
    const justBelow = checkPrimaryColour("#777777");
    expect(!justBelow.ok && justBelow.message).toContain("4,47:1");
  });

  it("refuses what is not a six-digit hex colour", () => {
    for (const bad of ["", "blue", "#fff", "#0b4f8a0", "#0b4f8g", "rgb(0,0,0)", "#0b4f8a; } body { display:none"]) {
      expect(checkPrimaryColour(bad), bad).toMatchObject({ ok: false, message: expect.stringContaining("Hex-Wert") });
      expect(normaliseHexColour(bad)).toBeNull();
    }
  });

  it("derives a darker hover shade on which white has more contrast still", () => {
    expect(darkerShade("#0b4f8a")).toBe("#083b68");
    expect(darkerShade("#ffffff")).toBe("#bfbfbf");
    for (const colour of ["#0b4f8a", "#767676", "#8f1414", "#14532d"]) {
      expect(contrastWithWhite(darkerShade(colour))).toBeGreaterThan(contrastWithWhite(colour));
    }
  });

  it("writes the theme stylesheet with both variables", () => {
    expect(themeCss("#14532d")).toBe(":root {\n  --color-primary: #14532d;\n  --color-primary-dark: #0f3e22;\n}\n");
  });
});
