// The sign-in mails the outbox holds for an address, for tests that sign in without SMTP.
import { eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { outbox } from "../../db/schema";

/** Every sign-in mail to `email` so far, oldest first, with its link token and code. */
export function signInMails(db: Db, email: string) {
  return db
    .select()
    .from(outbox)
    .where(eq(outbox.recipient, email))
    .all()
    .filter((mail) => mail.kind === "login")
    .map((mail) => ({
      mail,
      token: /token=([A-Za-z0-9_-]+)/.exec(mail.text)![1]!,
      code: /Code ein: (\d{6})/.exec(mail.text)![1]!,
    }));
}
