import { z } from "zod";

export const signInRequestSchema = z.object({
  email: z
    .string({ error: "Bitte geben Sie Ihre dienstliche E-Mail-Adresse ein." })
    .trim()
    .toLowerCase()
    .min(1, "Bitte geben Sie Ihre dienstliche E-Mail-Adresse ein.")
    .max(254, "Diese E-Mail-Adresse ist zu lang.")
    .pipe(z.email("Bitte geben Sie eine gültige E-Mail-Adresse ein, z. B. vorname.nachname@stadt.example.")),
  redirectTo: z.string().optional(),
});

export const signInCodeSchema = z.object({
  code: z
    .string({ error: "Bitte geben Sie den 6-stelligen Code aus der E-Mail ein." })
    .transform((value) => value.replace(/\s+/g, ""))
    .pipe(z.string().regex(/^\d{6}$/, "Der Code besteht aus 6 Ziffern.")),
});

/**
 * Control characters (C0 incl. tab, CR, LF and NUL; DEL; C1) have no place in a name: a line
 * break would end a header or a calendar line, a NUL cuts the name short in other programs.
 * Checked before trimming, so a trailing line break is refused too, not silently dropped.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
export const NO_CONTROL_CHARACTERS = /^[^\u0000-\u001f\u007f-\u009f]*$/;
export const CONTROL_CHARACTERS_IN_NAME = "Der Name darf keine Steuerzeichen wie Zeilenumbrüche oder Tabulatoren enthalten.";

export const profileSchema = z.object({
  displayName: z
    .string({ error: "Bitte geben Sie Ihren Namen ein." })
    .regex(NO_CONTROL_CHARACTERS, CONTROL_CHARACTERS_IN_NAME)
    .trim()
    .min(2, "Bitte geben Sie Ihren Namen ein (mindestens 2 Zeichen).")
    .max(100, "Der Name darf höchstens 100 Zeichen lang sein."),
  department: z
    .string()
    .trim()
    .max(120, "Die Angabe darf höchstens 120 Zeichen lang sein.")
    .optional()
    .transform((value) => (value ? value : null)),
});
