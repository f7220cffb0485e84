// What a facilitator sends on /facilitate: the queue's filters (a plain GET form) and the
// inputs of each review action, with the German message shown next to the field.
import { z } from "zod";
import { ANSWERED_HOW, QUESTION_STATUSES, type QuestionStatus } from "~db/schema";
import { QUESTION_TEXT_MAX, QUESTION_TEXT_MIN } from "./rules";

export const QUEUE_PAGE_SIZE = 50;
/** At most this many questions in one bulk action (two pages' worth). */
export const BULK_MAX = 100;
export const REJECT_REASON_MIN = 3;
export const REJECT_REASON_MAX = 1000;
export const ANSWER_MAX = 10_000;
/** "Im Termin beantwortet" comes with a short note, not a second written answer. */
export const IN_SESSION_NOTE_MAX = 500;

/** The facilitator's short names of the states (staff read QUESTION_STATUS_LABELS). */
export const REVIEW_STATUS_LABELS: Record<QuestionStatus, string> = {
  submitted: "Eingereicht",
  accepted: "Angenommen",
  answered: "Beantwortet",
  rejected: "Nicht angenommen",
  merged: "Zusammengeführt",
  withdrawn: "Zurückgezogen",
};

export const QUEUE_SORTS = ["votes", "oldest", "newest"] as const;
export type QueueSort = (typeof QUEUE_SORTS)[number];
export const QUEUE_SORT_LABELS: Record<QueueSort, string> = {
  votes: "Meiste Stimmen zuerst",
  oldest: "Älteste zuerst",
  newest: "Neueste zuerst",
};

/**
 * States the queue lists. A withdrawn question was taken back by its author before anyone
 * reviewed it: it is counted, never shown.
 */
export const LISTED_STATUSES = QUESTION_STATUSES.filter((status): status is Exclude<QuestionStatus, "withdrawn"> => status !== "withdrawn");
export type ListedStatus = (typeof LISTED_STATUSES)[number];

const id = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);

// Unknown or malformed filter values are ignored, so an old bookmarked URL still works.
const queueFiltersSchema = z.object({
  session: id.optional().catch(undefined),
  series: id.optional().catch(undefined),
  section: z
    .union([z.literal("none"), id])
    .optional()
    .catch(undefined),
  status: z
    .enum([...LISTED_STATUSES, "all"])
    .default("submitted")
    .catch("submitted"),
  q: z
    .string()
    .trim()
    .max(200)
    .optional()
    .catch(undefined)
    .transform((value) => value || undefined),
  sort: z.enum(QUEUE_SORTS).default("votes").catch("votes"),
  page: z.coerce.number().int().min(1).max(100_000).default(1).catch(1),
});

export type QueueFilters = z.infer<typeof queueFiltersSchema>;

export function parseQueueFilters(searchParams: URLSearchParams): QueueFilters {
  const raw = Object.fromEntries(
    ["session", "series", "section", "status", "q", "sort", "page"].map((key) => [key, searchParams.get(key) || undefined]),
  );
  return queueFiltersSchema.parse(raw);
}

/** The queue's URL for these filters (defaults left out), e.g. for links and pagination. */
export function queueSearch(filters: Partial<QueueFilters>): string {
  const params = new URLSearchParams();
  if (filters.session) params.set("session", String(filters.session));
  if (filters.series) params.set("series", String(filters.series));
  if (filters.section) params.set("section", String(filters.section));
  if (filters.status && filters.status !== "submitted") params.set("status", filters.status);
  if (filters.q) params.set("q", filters.q);
  if (filters.sort && filters.sort !== "votes") params.set("sort", filters.sort);
  if (filters.page && filters.page > 1) params.set("page", String(filters.page));
  const search = params.toString();
  return search ? `?${search}` : "";
}

export const questionIdSchema = id;

/** The ticked questions of a bulk action; none ticked is a message, not an error page. */
export const questionIdsSchema = z
  .array(z.string())
  .transform((values) => [...new Set(values)])
  .pipe(
    z
      .array(
        z
          .string()
          .regex(/^[1-9]\d{0,15}$/, "Ungültige Auswahl.")
          .transform(Number),
      )
      .min(1, "Bitte wählen Sie mindestens eine Frage aus.")
      .max(BULK_MAX, `Bitte wählen Sie höchstens ${BULK_MAX} Fragen auf einmal aus.`),
  );

export const rejectReasonSchema = z
  .string()
  .trim()
  .min(REJECT_REASON_MIN, "Bitte geben Sie einen Grund an; er wird der fragenden Person mitgeteilt.")
  .max(REJECT_REASON_MAX, `Höchstens ${REJECT_REASON_MAX} Zeichen.`);

export const mergeTargetSchema = z
  .string()
  .trim()
  .transform((value) => value.replace(/^(nr\.?|#)\s*/i, ""))
  .pipe(
    z
      .string()
      .regex(/^[1-9]\d{0,15}$/, "Bitte geben Sie die Nummer der Frage an, in die diese Frage aufgeht (z. B. 12).")
      .transform(Number),
  );

/** "none" takes the section away again ("weiß ich nicht"). */
export const sectionChoiceSchema = z.union([z.literal("none").transform(() => null), id], "Bitte wählen Sie einen Abschnitt.");

export const wordingSchema = z
  .string()
  .trim()
  .min(QUESTION_TEXT_MIN, `Die Frage braucht mindestens ${QUESTION_TEXT_MIN} Zeichen.`)
  .max(QUESTION_TEXT_MAX, `Höchstens ${QUESTION_TEXT_MAX} Zeichen.`);

export const answerSchema = z
  .object({
    how: z.enum(ANSWERED_HOW, "Bitte wählen Sie, wie die Frage beantwortet wurde."),
    answer: z.string().trim(),
    // Answering ties the question to a section in the same step (absent = keep the section it has).
    sectionId: sectionChoiceSchema.optional(),
  })
  .superRefine((value, ctx) => {
    if (!value.answer) {
      ctx.addIssue({
        code: "custom",
        path: ["answer"],
        message:
          value.how === "in_session" ? "Bitte notieren Sie kurz, was im Termin geantwortet wurde." : "Bitte schreiben Sie eine Antwort.",
      });
      return;
    }
    const max = value.how === "in_session" ? IN_SESSION_NOTE_MAX : ANSWER_MAX;
    if (value.answer.length > max) {
      ctx.addIssue({ code: "custom", path: ["answer"], message: `Höchstens ${max} Zeichen.` });
    }
  });

export type AnswerInput = z.infer<typeof answerSchema>;
