import type { z } from "zod";

export type FieldErrors = Partial<Record<string, string>>;

/** First message per field, for rendering next to the field. */
export function fieldErrors(error: z.ZodError): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? "form");
    errors[key] ??= issue.message;
  }
  return errors;
}

/** Form values as plain strings, to give back to a form after a refused submit. */
export function formValues(form: FormData, keys: string[]): Record<string, string> {
  return Object.fromEntries(keys.map((key) => [key, String(form.get(key) ?? "")]));
}
