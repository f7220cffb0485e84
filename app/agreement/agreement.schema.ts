// Form input for the agreement's admin pages, with German messages next to the field.
import { z } from "zod";
import { berlinWallTimeToInstant } from "~/lib/dates";
import { ANCHOR_PATTERN, RESERVED_ANCHORS } from "./anchors";

// The server accepts 2 MB on the import route and 100 kB elsewhere (server.mjs): the saved
// text goes back url-encoded, which can make it several times longer.
export const MAX_MARKDOWN_CHARS = 300_000;
export const MAX_SECTION_CHARS = 15_000;

/** A calendar date from <input type="date">: midnight in Berlin, when the version takes over. */
const inForceDate = z
  .string()
  .trim()
  .optional()
  .transform((value, ctx): Date | null => {
    if (!value) return null;
    const result = /^(19|20)\d{2}-\d{2}-\d{2}$/.test(value) ? berlinWallTimeToInstant(`${value}T00:00`) : null;
    if (!result?.ok) {
      ctx.addIssue({ code: "custom", message: "Bitte geben Sie ein gültiges Datum an, z. B. 2027-03-01." });
      return null;
    }
    return result.instant;
  });

export const agreementImportSchema = z.object({
  title: z.string().trim().max(200, "Der Titel darf höchstens 200 Zeichen lang sein.").default(""),
  inForceDate,
});
export type AgreementImportInput = z.output<typeof agreementImportSchema> & { markdown: string };

export const agreementScheduleSchema = z.object({ inForceDate }).transform((value, ctx) => {
  if (!value.inForceDate) {
    ctx.addIssue({ code: "custom", path: ["inForceDate"], message: "Bitte geben Sie das Datum an, an dem die Fassung in Kraft tritt." });
    return z.NEVER;
  }
  return { inForceFrom: value.inForceDate };
});

export const agreementSectionSchema = z
  .object({
    number: z.string().trim().max(30, "Die Nummer darf höchstens 30 Zeichen lang sein.").default(""),
    title: z.string().trim().max(200, "Der Titel darf höchstens 200 Zeichen lang sein.").default(""),
    anchor: z
      .string({ error: "Bitte geben Sie eine Sprungmarke an." })
      .trim()
      .min(1, "Bitte geben Sie eine Sprungmarke an.")
      .regex(
        ANCHOR_PATTERN,
        "Die Sprungmarke darf nur Kleinbuchstaben, Ziffern und Bindestriche enthalten, beginnt mit einem Buchstaben und hat höchstens 80 Zeichen, z. B. „s6“.",
      )
      .refine((anchor) => !RESERVED_ANCHORS.has(anchor), "Diese Sprungmarke verwendet die Seite selbst. Bitte wählen Sie eine andere."),
    text: z.string().max(MAX_SECTION_CHARS, "Der Text darf höchstens 15.000 Zeichen lang sein.").default(""),
  })
  .refine((value) => value.number !== "" || value.title !== "", {
    path: ["title"],
    message: "Bitte geben Sie eine Nummer oder einen Titel an.",
  });
export type AgreementSectionInput = z.output<typeof agreementSectionSchema>;
