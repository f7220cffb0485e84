import { z } from "zod";

export const registrationIntentSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("register"),
    supportNeeds: z
      .string()
      .trim()
      .max(500, "Bitte fassen Sie sich kürzer (höchstens 500 Zeichen).")
      .optional()
      .transform((value) => value || null),
  }),
  // `confirmed`: the person has seen that their place goes to the next person on the waitlist.
  z.object({ intent: z.literal("cancel"), confirmed: z.literal("1").optional() }),
  z.object({ intent: z.literal("accept-offer") }),
  z.object({ intent: z.literal("decline-offer") }),
  z.object({ intent: z.literal("rebook") }),
  z.object({ intent: z.literal("switch") }),
]);
