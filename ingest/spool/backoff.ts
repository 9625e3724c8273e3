/** Delays between replay attempts (p-retry spaces them): exponential, capped, with jitter so that retries do not march in step. */
export interface BackoffOptions {
  /** Ceiling of the first delay, in milliseconds. */
  baseDelayMs: number;
  /** No delay is longer than this, however many attempts failed, in milliseconds. */
  maxDelayMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseDelayMs: 200, maxDelayMs: 30_000 };
