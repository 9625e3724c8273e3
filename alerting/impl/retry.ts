import pRetry, { AbortError } from 'p-retry';

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
  /** Whether the last failure was a refusal that ended the retries. */
  permanent: boolean;
}

/** A failed attempt, carried through p-retry to its callbacks. */
class AttemptFailed extends Error {
  readonly retryAfterMs: number | undefined;
  constructor(message: string, retryAfterMs: number | undefined) {
    super(message);
    this.retryAfterMs = retryAfterMs;
  }
}

/**
 * Runs `attempt` until it succeeds, fails for good, or the policy's attempts or deadline run out;
 * never throws. p-retry spaces the attempts: exponential from baseDelayMs, jittered (p-retry
 * multiplies by 1 to 2, so its minimum is half our base and the delays span half to all of
 * base × 2^(n−1)), capped at maxDelayMs, and shortened to the deadline. A server's Retry-After
 * is honoured as the least wait.
 */
export async function withRetries(attempt: (n: number) => Promise<AttemptOutcome>, policy: RetryPolicy): Promise<RetryResult> {
  const deadline = Date.now() + policy.deadlineMs;
  let attempts = 0;
  try {
    await pRetry(
      async (n) => {
        attempts = n;
        const outcome = await attempt(n).catch((e: unknown): AttemptOutcome => ({ ok: false, error: (e as Error).message, permanent: false }));
        if (outcome.ok) return;
        if (outcome.permanent) throw new AbortError(outcome.error);
        throw new AttemptFailed(outcome.error, outcome.retryAfterMs);
      },
      {
        retries: Math.max(0, policy.maxAttempts - 1),
        minTimeout: policy.baseDelayMs / 2,
        maxTimeout: policy.maxDelayMs,
        factor: 2,
        randomize: true,
        maxRetryTime: policy.deadlineMs,
        // p-retry waits retryDelay after this; a longer Retry-After is made up here, within the deadline.
        onFailedAttempt: async ({ error, retryDelay }) => {
          const wanted = error instanceof AttemptFailed ? (error.retryAfterMs ?? 0) : 0;
          const extra = Math.min(wanted - retryDelay, deadline - Date.now() - retryDelay);
          if (retryDelay > 0 && extra > 0) await sleep(extra);
        },
      },
    );
    return { ok: true, attempts, lastError: '', permanent: false };
  } catch (e) {
    return { ok: false, attempts, lastError: (e as Error).message, permanent: !(e instanceof AttemptFailed) };
  }
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
