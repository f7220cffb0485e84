// Input of the staff side of questions: submitting, editing, withdrawing, voting, and the
// colleagues' list filters. Messages are German and appear next to their field.
import { z } from "zod";
import { ANCHOR_PATTERN } from "~/agreement/anchors";
import { parseTargetValue, QUESTION_SORTS, QUESTION_TEXT_MAX, QUESTION_TEXT_MIN } from "./rules";

const numberFormat = new Intl.NumberFormat("de-DE");

// Line breaks and tabs belong to a question; other control characters do not (a NUL cuts
// text short elsewhere, others hide text).
// biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

/** Characters as a person counts them (an emoji is one), after line breaks are normalised. */
export function questionLength(text: string): number {
  return Array.from(text).length;
}

export const questionTextSchema = z
  .string({ error: "Bitte geben Sie Ihre Frage ein." })
  .transform((value) => value.replace(/\r\n?/g, "\n").trim())
  .superRefine((value, ctx) => {
    const length = questionLength(value);
    if (length === 0) ctx.addIssue({ code: "custom", message: "Bitte geben Sie Ihre Frage ein." });
    else if (length < QUESTION_TEXT_MIN) {
      ctx.addIssue({ code: "custom", message: `Bitte formulieren Sie Ihre Frage mit mindestens ${QUESTION_TEXT_MIN} Zeichen.` });
    } else if (length > QUESTION_TEXT_MAX) {
      ctx.addIssue({
        code: "custom",
        message: `Ihre Frage ist ${numberFormat.format(length)} Zeichen lang; höchstens ${numberFormat.format(QUESTION_TEXT_MAX)} sind möglich. Bitte kürzen Sie sie.`,
      });
    } else if (CONTROL_CHARACTERS.test(value)) {
      ctx.addIssue({ code: "custom", message: "Die Frage enthält Steuerzeichen. Bitte geben Sie nur Text ein." });
    }
  });

const SECTION_MESSAGE = "Bitte wählen Sie einen Abschnitt aus der Liste oder „Weiß ich nicht“.";

/** "" = "weiß ich nicht" (null); otherwise a section id. */
export const sectionIdSchema = z
  .string({ error: SECTION_MESSAGE })
  .optional()
  .transform((value, ctx) => {
    if (value === undefined || value === "") return null;
    if (!/^[1-9]\d{0,15}$/.test(value)) {
      ctx.addIssue({ code: "custom", message: SECTION_MESSAGE });
      return z.NEVER;
    }
    return Number(value);
  });

const idSchema = z
  .string({ error: "Diese Frage gibt es nicht." })
  .regex(/^[1-9]\d{0,15}$/, "Diese Frage gibt es nicht.")
  .transform(Number);

export const submitQuestionSchema = z.object({
  target: z.string({ error: "Bitte wählen Sie, wozu Ihre Frage gehört." }).transform((value, ctx) => {
    const target = parseTargetValue(value);
    if (!target) {
      ctx.addIssue({ code: "custom", message: "Bitte wählen Sie, wozu Ihre Frage gehört." });
      return z.NEVER;
    }
    return target;
  }),
  sectionId: sectionIdSchema,
  text: questionTextSchema,
  // A checkbox sends its value only when checked.
  anonymous: z
    .string()
    .optional()
    .transform((value) => value === "1"),
});

export const editQuestionSchema = z.object({
  questionId: idSchema,
  sectionId: sectionIdSchema,
  text: questionTextSchema,
});

export const questionIdSchema = z.object({ questionId: idSchema });

/** The colleagues' list: anything unreadable falls back to the default, never an error page. */
export const colleagueFiltersSchema = z.object({
  section: z.string().regex(ANCHOR_PATTERN).optional().catch(undefined),
  series: z
    .string()
    .regex(/^[1-9]\d{0,15}$/)
    .transform(Number)
    .optional()
    .catch(undefined),
  sort: z.enum(QUESTION_SORTS).default("votes").catch("votes"),
  page: z.coerce.number().int().min(1).max(100_000).default(1).catch(1),
  // A link to one question (from the search): the list opens at the page that holds it.
  frage: z.coerce.number().int().min(1).optional().catch(undefined),
});

export type ColleagueFilters = z.infer<typeof colleagueFiltersSchema>;
