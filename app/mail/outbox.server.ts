// Writing a mail = inserting an outbox row inside the transaction of the change that causes
// it. The dedupe key names that cause precisely, so a repeated request is swallowed while a
// second real change (a new token, a higher calendar sequence) gets its own mail.
import { brandMail, type RenderedMail } from "~emails/layout";
import { readIdentity } from "~/identity/identity.server";
import { schema } from "~/lib/db.server";
import type { DbOrTx } from "~/lib/db.server";

export type MailToQueue = {
  dedupeKey: string;
  kind: string;
  recipient: string;
  mail: RenderedMail;
  ics?: { method: "REQUEST" | "CANCEL"; content: string };
  /** Past this instant the mail is pointless and is dropped instead of sent. */
  discardAfter?: Date;
};

/** Returns false when a mail with this dedupe key was queued before (nothing is written). */
export function queueMail(tx: DbOrTx, input: MailToQueue, now: Date = new Date()): boolean {
  // The city's name, colour and address as they are when the change is made (decision 017).
  const identity = readIdentity(tx);
  const mail = brandMail(input.mail, {
    organisationName: identity.organisationName,
    footerAddress: identity.footerAddress,
    primaryColour: identity.primaryColour,
    hasLogo: identity.logo !== null,
  });
  const result = tx
    .insert(schema.outbox)
    .values({
      dedupeKey: input.dedupeKey,
      kind: input.kind,
      recipient: input.recipient.toLowerCase(),
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      ics: input.ics?.content ?? null,
      icsMethod: input.ics?.method ?? null,
      nextAttemptAt: now,
      discardAfter: input.discardAfter ?? null,
    })
    .onConflictDoNothing({ target: schema.outbox.dedupeKey })
    .run();
  return result.changes > 0;
}
