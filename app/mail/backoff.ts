// Retry rules for the outbox, kept pure so they can be tested without a clock or a server.
export const MAX_ATTEMPTS = 10;

/** Delay after the n-th failed attempt (1-based): 1, 5, 30 minutes, then hourly by default. */
export function retryDelayMs(failedAttempts: number, delaysMs: number[]): number {
  const index = Math.min(failedAttempts, delaysMs.length) - 1;
  return delaysMs[Math.max(0, index)] ?? 3600_000;
}

// `lastError` starts with one of these markers, so /admin/mail can say whose problem a
// failed mail is without a schema change: the recipient's address, or our mail server.
export const RECIPIENT_REFUSED = "recipient_refused:";
export const SERVER_PROBLEM = "server:";

export type SendFailure = {
  /** No retry will help: the row fails at once. */
  permanent: boolean;
  /** What is stored in `lastError`: a marker and the server's answer. */
  lastError: string;
};

type SmtpError = {
  message?: unknown;
  code?: unknown;
  command?: unknown;
  response?: unknown;
  responseCode?: unknown;
  rejectedErrors?: { response?: unknown; responseCode?: unknown }[];
};

const isPermanentAnswer = (code: unknown) => typeof code === "number" && code >= 500 && code < 600 && code !== 503;

/**
 * Decides what a failed send means. Only the mail server's permanent refusal of the
 * recipient (a 5xx answer to RCPT TO; nodemailer reports it as EENVELOPE with the address
 * in `rejected`) fails the mail at once: the address does not exist or takes no mail, and
 * asking again would not change that. Everything else is our side or passing and is
 * retried with backoff: no connection, TLS, AUTH, any 4xx, and a 5xx to MAIL FROM or
 * DATA (the relay refuses our sender or our message: a misconfigured relay, which must
 * not turn every queued mail into a failure). 503 "bad sequence of commands" is a
 * protocol problem between us and the relay, not a verdict on the address.
 */
export function classifySendError(error: unknown): SendFailure {
  const e = (typeof error === "object" && error !== null ? error : {}) as SmtpError;
  const message = error instanceof Error ? error.message : String(error);
  const rejected = Array.isArray(e.rejectedErrors) ? e.rejectedErrors : [];
  const recipientRefused =
    e.code === "EENVELOPE" &&
    e.command === "RCPT TO" &&
    isPermanentAnswer(e.responseCode) &&
    rejected.length > 0 &&
    rejected.every((r) => isPermanentAnswer(r.responseCode));
  if (recipientRefused) {
    const answer = rejected.map((r) => String(r.response ?? "")).find((r) => r !== "") ?? String(e.response ?? message);
    return { permanent: true, lastError: clip(`${RECIPIENT_REFUSED}${answer}`) };
  }
  return { permanent: false, lastError: clip(`${SERVER_PROBLEM}${message}`) };
}

// SMTP answers can quote the recipient; keep the reason, not a novel.
const clip = (text: string) => text.slice(0, 500);
