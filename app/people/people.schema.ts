// Form input of /admin/people: parsed here, so the use cases get clean values and the
// organiser gets a German message next to the field.
import { z } from "zod";
import { MANAGED_ROLES } from "./roles";

const id = (message: string) =>
  z
    .string({ error: message })
    .regex(/^[1-9]\d{0,15}$/, message)
    .transform(Number);

export const searchSchema = z.object({
  q: z.string().trim().max(100, "Der Suchbegriff darf höchstens 100 Zeichen lang sein.").default(""),
});

export const emailSchema = z
  .string({ error: "Bitte geben Sie die dienstliche E-Mail-Adresse ein." })
  .trim()
  .toLowerCase()
  .min(1, "Bitte geben Sie die dienstliche E-Mail-Adresse ein.")
  .max(254, "Diese E-Mail-Adresse ist zu lang.")
  .pipe(z.email("Bitte geben Sie eine gültige E-Mail-Adresse ein, z. B. vorname.nachname@stadt.example."));

export const addPersonSchema = z.object({
  email: emailSchema,
  displayName: z
    .string({ error: "Bitte geben Sie den Namen ein." })
    .trim()
    .min(2, "Bitte geben Sie den Namen ein (mindestens 2 Zeichen).")
    .max(100, "Der Name darf höchstens 100 Zeichen lang sein."),
});
export type AddPersonInput = z.output<typeof addPersonSchema>;

export const roleChangeSchema = z.object({
  userId: id("Unbekannte Person."),
  role: z.enum(MANAGED_ROLES, { error: "Unbekannte Rolle." }),
});

/**
 * The confirmation step of revoking `facilitator`: the sessions that were listed, and who
 * takes them over ("none": the person is only taken off them).
 */
export const handoverSchema = z.object({
  sessionIds: z
    .string()
    .regex(/^(\d+(,\d+)*)?$/)
    .transform((value) => (value ? value.split(",").map(Number) : [])),
  replacementId: z.union(
    [z.literal("none").transform(() => null), id("Bitte wählen Sie eine Person für die Moderation oder „ohne Ersatz“.")],
    { error: "Bitte wählen Sie eine Person für die Moderation oder „ohne Ersatz“." },
  ),
});
