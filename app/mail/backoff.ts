// Retry rules for the outbox, kept pure so they can be tested without a clock or a server.
export const MAX_ATTEMPTS = 10;

/** Delay after the n-th failed attempt (1-based): 1, 5, 30 minutes, then hourly by default. */
export function retryDelayMs(failedAttempts: number, delaysMs: number[]): number {
  const index = Math.min(failedAttempts, delaysMs.length) - 1;
  return delaysMs[Math.max(0, index)] ?? 3600_000;
}
