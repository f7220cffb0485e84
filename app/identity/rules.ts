// The city's identity (decision 017): pure rules, no I/O. The primary colour carries white
// text (buttons, the skip link), so a colour is accepted only where white on it reaches
// WCAG 2.1 AA for normal text (4.5:1); the same ratio then holds for the colour as link
// text on white.

export const DEFAULT_ORGANISATION_NAME = "Stadtverwaltung Musterstadt";
/** Today's colours in app.css; the theme falls back to them. */
export const DEFAULT_PRIMARY_COLOUR = "#0b4f8a";
export const MIN_CONTRAST_WITH_WHITE = 4.5;
export const MAX_ORGANISATION_NAME = 120;
export const MAX_FOOTER_ADDRESS = 500;

const HEX = /^#[0-9a-f]{6}$/;

/** "#0B4F8A", "0b4f8a", " #0b4f8a " → "#0b4f8a"; anything else → null. */
export function normaliseHexColour(input: string): string | null {
  const trimmed = input.trim().toLowerCase();
  const withHash = trimmed.startsWith("#") ? trimmed : `#${trimmed}`;
  return HEX.test(withHash) ? withHash : null;
}

function channels(hex: string): [number, number, number] {
  return [1, 3, 5].map((at) => Number.parseInt(hex.slice(at, at + 2), 16)) as [number, number, number];
}

/** WCAG 2.1 relative luminance of a #rrggbb colour (0 black … 1 white). */
export function relativeLuminance(hex: string): number {
  const [r, g, b] = channels(hex).map((value) => {
    const c = value / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG contrast ratio between two colours (1 … 21). */
export function contrastRatio(a: string, b: string): number {
  const [light, dark] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

export const contrastWithWhite = (hex: string) => contrastRatio(hex, "#ffffff");

/** The hover shade: the colour mixed with 25 % black, so white on it has even more contrast. */
export function darkerShade(hex: string): string {
  return `#${channels(hex)
    .map((value) =>
      Math.round(value * 0.75)
        .toString(16)
        .padStart(2, "0"),
    )
    .join("")}`;
}

export type ColourCheck = { ok: true; colour: string } | { ok: false; message: string };

/** A colour the admin typed: a hex value on which white text has at least 4.5:1. */
export function checkPrimaryColour(input: string): ColourCheck {
  const colour = normaliseHexColour(input);
  if (!colour) return { ok: false, message: "Bitte geben Sie die Farbe als Hex-Wert mit sechs Stellen an, zum Beispiel #0b4f8a." };
  const ratio = contrastWithWhite(colour);
  if (ratio < MIN_CONTRAST_WITH_WHITE) {
    const shown = (Math.floor(ratio * 100) / 100).toLocaleString("de-DE", { minimumFractionDigits: 2 });
    return {
      ok: false,
      message: `Weiße Schrift auf dieser Farbe hat nur einen Kontrast von ${shown}:1; nötig sind mindestens 4,5:1. Bitte wählen Sie eine dunklere Farbe.`,
    };
  }
  return { ok: true, colour };
}

/** The stylesheet /theme.css answers: only the two variables the settings decide. */
export function themeCss(primary: string): string {
  return `:root {\n  --color-primary: ${primary};\n  --color-primary-dark: ${darkerShade(primary)};\n}\n`;
}
