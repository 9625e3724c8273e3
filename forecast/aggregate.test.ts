import { describe, expect, it } from 'vitest';
import { aggregate } from './aggregate.ts';
import { DAY_MS, HOUR_MS } from './series.ts';

const at = (iso: string): number => Date.parse(iso);

describe('aggregate', () => {
  const samples = [
    { timeMs: at('2026-03-02T18:00:00Z'), value: 4 },
    { timeMs: at('2026-03-01T00:00:00Z'), value: 1 },
    { timeMs: at('2026-03-02T06:00:00Z'), value: 8 },
    { timeMs: at('2026-03-01T23:59:59.999Z'), value: 3 },
    { timeMs: at('2026-03-04T12:00:00Z'), value: 5 },
  ];

  it('buckets into UTC days from the first to the last sample, NaN for empty days', () => {
    const s = aggregate(samples, DAY_MS, 'mean');
    expect(s.startMs).toBe(at('2026-03-01T00:00:00Z'));
    expect(s.stepMs).toBe(DAY_MS);
    expect(s.values).toEqual([2, 6, NaN, 5]);
  });

  it('takes the maximum', () => {
    expect(aggregate(samples, DAY_MS, 'max').values).toEqual([3, 8, NaN, 5]);
  });

  it('takes the latest sample by time, whatever the input order', () => {
    expect(aggregate(samples, DAY_MS, 'last').values).toEqual([3, 4, NaN, 5]);
    expect(aggregate([...samples].reverse(), DAY_MS, 'last').values).toEqual([3, 4, NaN, 5]);
  });

  it('aligns buckets to multiples of the step from the epoch', () => {
    const s = aggregate([{ timeMs: at('2026-03-01T05:59:00Z'), value: 1 }, { timeMs: at('2026-03-01T06:01:00Z'), value: 2 }], 6 * HOUR_MS, 'mean');
    expect(s.startMs).toBe(at('2026-03-01T00:00:00Z'));
    expect(s.values).toEqual([1, 2]);
  });

  it('handles times before the epoch', () => {
    const s = aggregate([{ timeMs: -1, value: 7 }], DAY_MS, 'mean');
    expect(s).toEqual({ startMs: -DAY_MS, stepMs: DAY_MS, values: [7] });
  });

  it('ignores non-finite values and times', () => {
    const s = aggregate(
      [
        { timeMs: at('2026-03-01T01:00:00Z'), value: NaN },
        { timeMs: at('2026-03-01T02:00:00Z'), value: 2 },
        { timeMs: at('2026-03-02T02:00:00Z'), value: Infinity },
        { timeMs: NaN, value: 3 },
        { timeMs: at('2026-03-03T02:00:00Z'), value: 6 },
      ],
      DAY_MS,
      'mean',
    );
    expect(s.values).toEqual([2, NaN, 6]);
    expect(aggregate([{ timeMs: 0, value: NaN }], DAY_MS, 'max').values).toEqual([]);
  });

  it('refuses a non-positive step and an absurd number of buckets', () => {
    expect(() => aggregate(samples, 0, 'mean')).toThrow(expect.objectContaining({ code: 'RUNWAY_ERR_FORECAST_SERIES' }));
    const far = [{ timeMs: 0, value: 1 }, { timeMs: 1e12, value: 1 }];
    expect(() => aggregate(far, 1000, 'mean')).toThrow(/use a longer step/);
  });

  it('reads one sample per bucket in time order as the general pass does, gaps and every aggregation alike', () => {
    const daily = [0, 1, 2, 5, 6, 9].map((d, i) => ({ timeMs: at('2026-03-01T00:00:00Z') + d * DAY_MS + (i % 2) * HOUR_MS, value: i * 1.5 - 2 }));
    for (const agg of ['mean', 'max', 'last'] as const) {
      // Reversed, the same samples take the general pass.
      const general = aggregate([...daily].reverse(), DAY_MS, agg);
      expect(aggregate(daily, DAY_MS, agg)).toEqual(general);
      expect(general.values).toEqual([-2, -0.5, 1, NaN, NaN, 2.5, 4, NaN, NaN, 5.5]);
    }
  });
});
