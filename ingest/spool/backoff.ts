/** Delays between attempts: exponential, capped, with jitter so that retries do not march in step. */
export interface BackoffOptions {
  /** Ceiling of the first delay, in milliseconds. */
  baseDelayMs: number;
  /** No delay is longer than this, however many attempts failed, in milliseconds. */
  maxDelayMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseDelayMs: 200, maxDelayMs: 30_000 };

/** The delay before retry number `attempt` (0 for the first retry): between half and all of the ceiling. */
export function backoffDelayMs(attempt: number, opts: BackoffOptions, random: () => number = Math.random): number {
  const ceiling = Math.min(opts.maxDelayMs, opts.baseDelayMs * 2 ** Math.min(attempt, 30));
  return ceiling / 2 + (random() * ceiling) / 2;
}

/** Waits `ms`, or less when `signal` aborts (the spool is closing); never rejects. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
