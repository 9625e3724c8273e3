/**
 * Bounded retries shared by every notifier and the notice sender: a number of attempts and a
 * deadline for all of them together, backoff with jitter between them, and a server's own
 * "retry after" when it gives one.
 */
export interface RetryPolicy {
  /** Attempts per delivery, the first included. */
  maxAttempts: number;
  /** Deadline for all attempts together, in milliseconds from the first. */
  deadlineMs: number;
  /** Backoff before the second attempt, in milliseconds; doubles per attempt, with jitter. */
  baseDelayMs: number;
  /** Longest single backoff, in milliseconds. */
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 5, deadlineMs: 60_000, baseDelayMs: 500, maxDelayMs: 30_000 };

/** What one attempt came to. A permanent failure (a refusal retrying cannot change) ends the loop. */
export type AttemptOutcome = { ok: true } | { ok: false; error: string; permanent: boolean; retryAfterMs?: number };

export interface RetryResult {
  ok: boolean;
  attempts: number;
  /** The last failure's reason, empty when the delivery went through. */
  lastError: string;
}

export async function withRetries(attempt: (n: number) => Promise<AttemptOutcome>, policy: RetryPolicy): Promise<RetryResult> {
  const deadline = Date.now() + policy.deadlineMs;
  let lastError = '';
  let n = 0;
  while (n < policy.maxAttempts && Date.now() < deadline) {
    n++;
    const outcome = await attempt(n).catch((e: unknown): AttemptOutcome => ({ ok: false, error: (e as Error).message, permanent: false }));
    if (outcome.ok) return { ok: true, attempts: n, lastError: '' };
    lastError = outcome.error;
    if (outcome.permanent || n >= policy.maxAttempts) break;
    const backoff = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (n - 1)) * (0.5 + Math.random() / 2);
    const wait = outcome.retryAfterMs ?? backoff;
    await sleep(Math.max(0, Math.min(wait, deadline - Date.now())));
  }
  return { ok: false, attempts: n, lastError };
}

/** Retry-After as seconds or an HTTP date, in milliseconds from now; undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, nowMs = Date.now()): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const at = Date.parse(header);
  return Number.isFinite(at) ? Math.max(0, at - nowMs) : undefined;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
