import { describe, expect, it } from 'vitest';
import { isRunwayError } from '../../core/errors.ts';
import { BodyBudget } from './body-budget.ts';

const granted = async (r: ReturnType<BodyBudget['acquire']>) => (typeof r === 'function' ? r : await r);

describe('BodyBudget', () => {
  it('grants at once within the budget, queues past it in order, and grants the queue as room is given back', async () => {
    const budget = new BodyBudget(100, 10_000);
    const a = await granted(budget.acquire(60));
    const order: string[] = [];
    const b = budget.acquire(50);
    const c = budget.acquire(10); // fits, but waits behind b: first come, first served
    void Promise.resolve(b).then(() => order.push('b'));
    void Promise.resolve(c).then(() => order.push('c'));
    await new Promise((r) => setTimeout(r, 10));
    expect(order).toEqual([]);
    expect(budget.waiting).toBe(2);
    a();
    await Promise.all([b, c]);
    expect(order).toEqual(['b', 'c']);
    expect(budget.bytesInUse).toBe(60);
  });

  it('gives a body larger than the whole budget the budget alone', async () => {
    const budget = new BodyBudget(100, 10_000);
    const big = await granted(budget.acquire(500));
    expect(budget.bytesInUse).toBe(100);
    const next = budget.acquire(1);
    big();
    expect(typeof (await granted(next))).toBe('function');
  });

  it('refuses, as overloaded, a write that waited too long, and lets the ones behind it through', async () => {
    const budget = new BodyBudget(100, 30);
    const a = await granted(budget.acquire(90));
    const refused = await Promise.resolve(budget.acquire(50)).catch((e: unknown) => e);
    expect(isRunwayError(refused, 'RUNWAY_ERR_INGEST_OVERLOADED')).toBe(true);
    expect(budget.waiting).toBe(0);
    a();
    expect(budget.bytesInUse).toBe(0);
  });
});
