import { describe, expect, it } from 'vitest';
import type { DeliveryProgress } from '../delivery/outbox.ts';
import { applyDeliveryProgress } from './delivery-journal.ts';

const pending = (id: string, attempts = 0): DeliveryProgress => ({ id, attempts, nextAttemptMs: 1000, deliveredMs: null, gaveUpMs: null, lastError: null });

describe('applyDeliveryProgress', () => {
  it('moves entries forward in the order the attempts were made', () => {
    const [a, b] = applyDeliveryProgress([pending('a'), pending('b')], [
      { ...pending('a', 1), nextAttemptMs: 16_000, lastError: 'HTTP 503' },
      { ...pending('b', 1), deliveredMs: 2000 },
      { ...pending('a', 2), deliveredMs: 17_000 },
      { ...pending('gone', 1), deliveredMs: 3000 }, // pruned from the state since: ignored
    ]);
    expect(a).toMatchObject({ attempts: 2, deliveredMs: 17_000, lastError: null });
    expect(b).toMatchObject({ attempts: 1, deliveredMs: 2000 });
  });

  it('never reopens an entry from lines older than the state file (a crash before the journal was emptied)', () => {
    const delivered = { ...pending('a', 2), deliveredMs: 17_000 };
    const [a] = applyDeliveryProgress([{ ...delivered }], [{ ...pending('a', 1), nextAttemptMs: 16_000, lastError: 'HTTP 503' }, { ...delivered }]);
    expect(a).toEqual(delivered);
  });

  it('closes an entry without an attempt: its recipient is no longer configured', () => {
    const [a] = applyDeliveryProgress([pending('a')], [{ ...pending('a'), gaveUpMs: 5000, lastError: 'sms recipient +1 is no longer configured' }]);
    expect(a).toMatchObject({ attempts: 0, gaveUpMs: 5000 });
  });
});
