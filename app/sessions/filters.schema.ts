import { z } from "zod";
import { SESSION_FORMATS } from "~db/schema";

// The staff list's filters come from a plain GET form: unknown or malformed values are
// ignored rather than answered with an error, so an old bookmarked URL still works.
export const sessionFiltersSchema = z.object({
  format: z.enum(SESSION_FORMATS).optional().catch(undefined),
  month: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/)
    .optional()
    .catch(undefined),
  free: z
    .literal("1")
    .optional()
    .catch(undefined)
    .transform((value) => value === "1"),
});

export function parseSessionFilters(searchParams: URLSearchParams) {
  const raw = Object.fromEntries(["format", "month", "free"].map((key) => [key, searchParams.get(key) || undefined]));
  const parsed = sessionFiltersSchema.parse(raw);
  return { format: parsed.format, month: parsed.month, onlyWithFreeSeats: parsed.free };
}
