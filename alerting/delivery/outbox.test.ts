import { describe, expect, it } from 'vitest';
import { firingNotifications, runwayRow } from '../test-rows.ts';
import { Outbox, type DropReason, type OutboxObserver } from './outbox.ts';

const [notification] = firingNotifications([runwayRow({ daysLeft: 5 })]);
const T0 = Date.UTC(2026, 10, 21, 9);

/** Counts what the outbox reports, as the Prometheus metrics do. */
function counting(): OutboxObserver & { drops: string[]; retries: number; deliveries: number } {
  const c = { drops: [] as string[], retries: 0, deliveries: 0 };
  return Object.assign(c, {
    delivered: () => void c.deliveries++,
    retried: () => void c.retries++,
    dropped: (channel: string, reason: DropReason) => void c.drops.push(`${channel}:${reason}`),
  });
}

const entry = (id: string, recipient = '+1') => ({ id, channel: 'sms', recipient, notification: notification! });

describe('Outbox', () => {
  it('backs off with jitter from 15 s, doubling, unless the receiver asks for longer', () => {
    const outbox = new Outbox([], {}, counting());
    outbox.enqueue(entry('a'), T0);
    outbox.markFailed('a', { error: 'HTTP 503', permanent: false }, T0);
    const first = outbox.get('a')!.nextAttemptMs - T0;
    expect(first).toBeGreaterThanOrEqual(7_500);
    expect(first).toBeLessThanOrEqual(15_000);
    outbox.markFailed('a', { error: 'HTTP 503', permanent: false }, T0);
    const second = outbox.get('a')!.nextAttemptMs - T0;
    expect(second).toBeGreaterThanOrEqual(15_000);
    expect(second).toBeLessThanOrEqual(30_000);
    outbox.markFailed('a', { error: 'HTTP 429', permanent: false, retryAfterMs: 600_000 }, T0);
    expect(outbox.get('a')!.nextAttemptMs).toBe(T0 + 600_000);
    expect(outbox.nextDueMs()).toBe(T0 + 600_000);
    expect(outbox.due(T0 + 599_999)).toEqual([]);
    expect(outbox.due(T0 + 600_000).map((e) => e.id)).toEqual(['a']);
  });

  it('drops, and counts by reason: refused for good, attempts run out, outbox full, recipient gone', () => {
    const observer = counting();
    const outbox = new Outbox([], { maxAttempts: 2, maxEntries: 3 }, observer);
    for (const id of ['a', 'b', 'c']) outbox.enqueue(entry(id), T0);
    outbox.markFailed('a', { error: 'HTTP 400', permanent: true }, T0);
    outbox.markFailed('b', { error: 'HTTP 503', permanent: false }, T0);
    outbox.markFailed('b', { error: 'HTTP 503', permanent: false }, T0);
    outbox.markUnconfigured('c', T0);
    expect(observer.drops).toEqual(['sms:refused', 'sms:gave_up', 'sms:unconfigured']);
    expect(observer.retries).toBe(1);
    expect(outbox.depth().size).toBe(0);
    // Full of closed entries: the oldest closed one makes room, nothing pending is lost.
    expect(outbox.enqueue(entry('d'), T0 + 1)).toBe(true);
    expect(outbox.enqueue(entry('e'), T0 + 2)).toBe(true);
    expect(outbox.enqueue(entry('f'), T0 + 3)).toBe(true);
    expect(observer.drops).toEqual(['sms:refused', 'sms:gave_up', 'sms:unconfigured']);
    // Full of pending entries: the oldest pending one is dropped, and counted.
    expect(outbox.enqueue(entry('g'), T0 + 4)).toBe(true);
    expect(observer.drops.at(-1)).toBe('sms:overflow');
    expect(outbox.depth().get('sms')).toBe(3);
  });

  it('enqueues an id once, delivered or not, so a replayed transition is never sent again', () => {
    const observer = counting();
    const outbox = new Outbox([], {}, observer);
    expect(outbox.enqueue(entry('a'), T0)).toBe(true);
    outbox.markDelivered('a', T0);
    expect(outbox.enqueue(entry('a'), T0 + 1)).toBe(false);
    expect(outbox.due(T0 + 1)).toEqual([]);
    expect(observer.deliveries).toBe(1);
  });
});
