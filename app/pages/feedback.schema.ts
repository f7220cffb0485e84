// The accessibility feedback form (decision 024): no sign-in, so everything typed here is
// checked as text from anyone. Pure: no I/O.
import { z } from "zod";
import { NO_CONTROL_CHARACTERS } from "~/auth/sign-in.schema";

export const MAX_FEEDBACK_MESSAGE = 5000;
export const MAX_FEEDBACK_NAME = 100;
export const MAX_FEEDBACK_PAGE = 500;

/**
 * Per browser (a random value in a cookie, hashed) and in total, per hour – not per client
 * address: the administration's staff may all come through one proxy address.
 */
export const FEEDBACK_PER_BROWSER_PER_HOUR = 5;
export const FEEDBACK_TOTAL_PER_HOUR = 60;
export const FEEDBACK_WINDOW_MS = 60 * 60_000;

export const FEEDBACK_FIELDS = ["message", "name", "replyTo", "page"] as const;
export type FeedbackField = (typeof FEEDBACK_FIELDS)[number];

export const FEEDBACK_LABELS: Record<FeedbackField, string> = {
  message: "Ihre Nachricht",
  name: "Ihr Name (freiwillig)",
  replyTo: "Ihre E-Mail-Adresse für eine Antwort (freiwillig)",
  page: "Auf welcher Seite ist Ihnen die Barriere begegnet? (freiwillig)",
};

export const feedbackSchema = z.object({
  message: z
    .string()
    .trim()
    .min(1, "Bitte beschreiben Sie, was Ihnen aufgefallen ist.")
    .max(MAX_FEEDBACK_MESSAGE, `Die Nachricht darf höchstens ${MAX_FEEDBACK_MESSAGE.toLocaleString("de-DE")} Zeichen haben.`),
  name: z
    .string()
    .regex(NO_CONTROL_CHARACTERS, "Der Name darf keine Zeilenumbrüche oder Tabulatoren enthalten.")
    .trim()
    .max(MAX_FEEDBACK_NAME, `Der Name darf höchstens ${MAX_FEEDBACK_NAME} Zeichen haben.`),
  replyTo: z
    .string()
    .trim()
    .max(254, "Diese E-Mail-Adresse ist zu lang.")
    .pipe(z.union([z.literal(""), z.email("Bitte geben Sie eine gültige E-Mail-Adresse ein, z. B. vorname.nachname@stadt.example.")])),
  page: z
    .string()
    .regex(NO_CONTROL_CHARACTERS, "Bitte geben Sie die Seite in einer Zeile an.")
    .trim()
    .max(MAX_FEEDBACK_PAGE, `Die Angabe darf höchstens ${MAX_FEEDBACK_PAGE} Zeichen haben.`),
});

export type FeedbackInput = z.infer<typeof feedbackSchema>;

/**
 * The page to prefill: `?seite=` (the footer's link passes the page it was on) or else the
 * Referer, only when it is a page of this app other than the statement itself.
 */
export function pageToPrefill(seite: string | null, referer: string | null, appOrigin: string): string {
  const candidate = seite ?? referer;
  if (!candidate) return "";
  try {
    const url = new URL(candidate, appOrigin);
    if (url.origin !== appOrigin) return "";
    if (url.pathname === "/barrierefreiheit") return "";
    // Sign-in tokens never belong in a mail: the path and a harmless query only.
    const path = `${url.pathname}${url.search}`;
    if (/token|code/i.test(url.search)) return url.pathname;
    return path.slice(0, MAX_FEEDBACK_PAGE);
  } catch {
    return "";
  }
}
