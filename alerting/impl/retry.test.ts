import { describe, expect, it } from 'vitest';
import { withRetries, type AttemptOutcome } from './retry.ts';

const policy = { maxAttempts: 4, deadlineMs: 10_000, baseDelayMs: 2, maxDelayMs: 10 };
const failing = (outcomes: AttemptOutcome[]) => {
  const seen: number[] = [];
  return { seen, attempt: async (n: number) => (seen.push(n), outcomes[n - 1] ?? { ok: true as const }) };
};
const transient = (error: string, retryAfterMs?: number): AttemptOutcome => ({ ok: false, error, permanent: false, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) });

describe('withRetries', () => {
  it('tries again after transient failures, a Retry-After included, until one goes through', async () => {
    const { seen, attempt } = failing([transient('503'), transient('429', 5)]);
    expect(await withRetries(attempt, policy)).toEqual({ ok: true, attempts: 3, lastError: '', permanent: false });
    expect(seen).toEqual([1, 2, 3]);
  });

  it('stops at a refusal for good, and says so', async () => {
    const { seen, attempt } = failing([transient('503'), { ok: false, error: '550 no such user', permanent: true }]);
    expect(await withRetries(attempt, policy)).toEqual({ ok: false, attempts: 2, lastError: '550 no such user', permanent: true });
    expect(seen).toEqual([1, 2]);
  });

  it('gives up after the attempts allowed, with the last reason; a thrown error counts as transient', async () => {
    const { seen, attempt } = failing([transient('a'), transient('b'), transient('c'), transient('d'), transient('e')]);
    expect(await withRetries(attempt, policy)).toEqual({ ok: false, attempts: 4, lastError: 'd', permanent: false });
    expect(seen).toEqual([1, 2, 3, 4]);
    const throwing = await withRetries(async () => { throw new Error('ECONNREFUSED'); }, { ...policy, maxAttempts: 2 });
    expect(throwing).toEqual({ ok: false, attempts: 2, lastError: 'ECONNREFUSED', permanent: false });
  });
});
