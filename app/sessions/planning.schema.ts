// Form input for organisers' planning pages: parsed and checked here, so use cases get
// clean values and people get German messages next to the field.
import { z } from "zod";
import { berlinWallTimeToInstant, formatDateNumeric, formatTime } from "~/lib/dates";
import { SESSION_FORMATS, WAITLIST_MODES } from "~db/schema";
import { isWebLink, MAX_LINK_LENGTH } from "./links";

const checkbox = z
  .union([z.literal("on"), z.literal("1"), z.literal("true")])
  .optional()
  .transform((value) => value !== undefined);

/** An optional web address: empty is null; anything but a complete http(s) link is refused (links.ts). */
const optionalWebLink = (message: string) =>
  z
    .string()
    .trim()
    .optional()
    .transform((value) => value || null)
    .refine((value) => value === null || (value.length <= MAX_LINK_LENGTH && isWebLink(value)), message);

/** Optional text: empty is null (the column is nullable: "not set" is not an empty string). */
const optionalText = (max: number, message: string) =>
  z
    .string()
    .trim()
    .max(max, message)
    .optional()
    .transform((value) => value || null);

const intIn = (min: number, max: number, message: string) =>
  z.string({ error: message }).trim().regex(/^\d+$/, message).transform(Number).pipe(z.number().int().min(min, message).max(max, message));

export const seriesInputSchema = z
  .object({
    title: z
      .string({ error: "Bitte geben Sie einen Titel ein." })
      .trim()
      .min(3, "Der Titel braucht mindestens 3 Zeichen.")
      .max(150, "Der Titel darf höchstens 150 Zeichen lang sein."),
    description: z.string().trim().max(10_000, "Die Beschreibung darf höchstens 10.000 Zeichen lang sein.").default(""),
    audience: z.string().trim().max(200, "Die Zielgruppe darf höchstens 200 Zeichen lang sein.").default(""),
    defaultDurationMinutes: intIn(15, 600, "Bitte eine Dauer zwischen 15 und 600 Minuten angeben."),
    defaultCapacity: intIn(1, 10_000, "Bitte eine Platzzahl zwischen 1 und 10.000 angeben."),
    waitlistMode: z.enum(WAITLIST_MODES, { error: "Bitte wählen Sie, wie die Warteliste nachrückt." }),
    offerHours: intIn(1, 168, "Bitte eine Frist zwischen 1 und 168 Stunden angeben."),
    oneSeatPerPerson: checkbox,
    // The series' own contact for the session page; without one, the page names the functional
    // mailbox. Name and address go together: a name without an address helps nobody.
    contactName: optionalText(120, "Höchstens 120 Zeichen."),
    contactEmail: z
      .string()
      .trim()
      .toLowerCase()
      .optional()
      .transform((value) => value || null)
      .pipe(
        z
          .email({ error: "Bitte geben Sie eine gültige E-Mail-Adresse an, z. B. name@stadt.example." })
          .max(254, "Höchstens 254 Zeichen.")
          .nullable(),
      ),
  })
  .superRefine((input, ctx) => {
    if (input.contactName && !input.contactEmail) {
      ctx.addIssue({ code: "custom", path: ["contactEmail"], message: "Bitte geben Sie auch die E-Mail-Adresse der Ansprechperson an." });
    }
    if (input.contactEmail && !input.contactName) {
      ctx.addIssue({ code: "custom", path: ["contactName"], message: "Bitte geben Sie auch den Namen der Ansprechperson an." });
    }
  });
export type SeriesInput = z.output<typeof seriesInputSchema>;

/** Berlin wall time from a datetime-local field; notes when a fall-back time was resolved. */
export const wallTime = (label: string, { optional = false } = {}) =>
  z
    .string()
    .trim()
    .optional()
    .transform((value, ctx): Date | null => {
      if (!value) {
        if (!optional) ctx.addIssue({ code: "custom", message: `Bitte geben Sie ${label} an.` });
        return null;
      }
      const result = berlinWallTimeToInstant(value);
      if (!result.ok) {
        ctx.addIssue({
          code: "custom",
          message:
            result.reason === "nonexistent"
              ? `Diese Uhrzeit gibt es in Deutschland nicht: In dieser Nacht werden die Uhren von 02:00 auf 03:00 Uhr vorgestellt. Bitte wählen Sie eine andere Uhrzeit.`
              : `Bitte geben Sie ${label} als Datum und Uhrzeit an, z. B. 2026-03-03 10:00.`,
        });
        return null;
      }
      return result.instant;
    });

export function ambiguityNote(value: string | undefined): string | null {
  if (!value) return null;
  const result = berlinWallTimeToInstant(value);
  if (!result.ok || !result.ambiguous) return null;
  return `${formatTime(result.instant)} Uhr kommt am ${formatDateNumeric(result.instant)} zweimal vor (Zeitumstellung); gespeichert wurde die erste, noch in der Sommerzeit.`;
}

const LINK_MESSAGE = "Bitte geben Sie einen vollständigen Link an, der mit https:// (oder http://) beginnt.";

export const sessionInputSchema = z
  .object({
    startsAt: wallTime("den Beginn"),
    endsAt: wallTime("das Ende"),
    format: z.enum(SESSION_FORMATS, { error: "Bitte wählen Sie ein Format." }),
    place: z.string().trim().max(200, "Höchstens 200 Zeichen.").default(""),
    room: z.string().trim().max(100, "Höchstens 100 Zeichen.").default(""),
    accessibilityNotes: z.string().trim().max(1000, "Höchstens 1.000 Zeichen.").default(""),
    directionsUrl: optionalWebLink(LINK_MESSAGE),
    onlineTool: optionalText(60, "Höchstens 60 Zeichen."),
    testRoomUrl: optionalWebLink(LINK_MESSAGE),
    onlineUrl: z
      .string()
      .trim()
      .optional()
      .transform((value) => value || null)
      .pipe(z.url({ protocol: /^https?$/, error: "Bitte geben Sie einen vollständigen Link an, der mit https:// beginnt." }).nullable()),
    capacity: intIn(1, 10_000, "Bitte eine Platzzahl zwischen 1 und 10.000 angeben."),
    registrationOpensAt: wallTime("den Beginn der Anmeldung", { optional: true }),
    registrationClosesAt: wallTime("den Anmeldeschluss", { optional: true }),
    noteForParticipants: z.string().trim().max(2000, "Höchstens 2.000 Zeichen.").default(""),
    facilitatorIds: z.array(z.string().regex(/^\d+$/).transform(Number)).default([]),
  })
  .superRefine((input, ctx) => {
    if (input.startsAt && input.endsAt && input.endsAt <= input.startsAt) {
      ctx.addIssue({ code: "custom", path: ["endsAt"], message: "Das Ende muss nach dem Beginn liegen." });
    }
    if (input.registrationClosesAt && input.endsAt && input.registrationClosesAt > input.endsAt) {
      ctx.addIssue({
        code: "custom",
        path: ["registrationClosesAt"],
        message: "Der Anmeldeschluss darf nicht nach dem Ende des Termins liegen.",
      });
    }
    if (input.registrationOpensAt && input.registrationClosesAt && input.registrationOpensAt >= input.registrationClosesAt) {
      ctx.addIssue({ code: "custom", path: ["registrationOpensAt"], message: "Die Anmeldung muss vor dem Anmeldeschluss beginnen." });
    }
    if (input.format !== "online" && !input.place) {
      ctx.addIssue({ code: "custom", path: ["place"], message: "Bitte geben Sie einen Veranstaltungsort an." });
    }
  });

export type SessionInput = {
  startsAt: Date;
  endsAt: Date;
  format: (typeof SESSION_FORMATS)[number];
  place: string;
  room: string;
  accessibilityNotes: string;
  directionsUrl: string | null;
  onlineTool: string | null;
  testRoomUrl: string | null;
  onlineUrl: string | null;
  capacity: number;
  registrationOpensAt: Date | null;
  registrationClosesAt: Date | null;
  noteForParticipants: string;
  facilitatorIds: number[];
};

export function parseSessionForm(form: FormData) {
  const raw = {
    ...Object.fromEntries(
      [
        "startsAt",
        "endsAt",
        "format",
        "place",
        "room",
        "accessibilityNotes",
        "directionsUrl",
        "onlineTool",
        "testRoomUrl",
        "onlineUrl",
        "capacity",
        "registrationOpensAt",
        "registrationClosesAt",
        "noteForParticipants",
      ].map((key) => [key, form.get(key) === null ? undefined : String(form.get(key))]),
    ),
    facilitatorIds: form.getAll("facilitatorIds").map(String),
  };
  const parsed = sessionInputSchema.safeParse(raw);
  return parsed.success
    ? { success: true as const, data: parsed.data as SessionInput, raw }
    : { success: false as const, error: parsed.error, raw };
}

export const cancelSchema = z.object({
  reason: z
    .string({ error: "Bitte nennen Sie einen Grund für die Absage." })
    .trim()
    .min(5, "Bitte nennen Sie einen Grund für die Absage (mindestens 5 Zeichen).")
    .max(1000, "Höchstens 1.000 Zeichen."),
});
