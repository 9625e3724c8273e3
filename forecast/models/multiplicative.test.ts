import { describe, expect, it } from 'vitest';
import { DAY_MS } from '../series.ts';
import { dailySeries } from '../synthetic-series.ts';
import { multiplicative } from './multiplicative.ts';
import { seasonalLinear } from './seasonal-linear.ts';

/** Daily traffic growing 40 % a year whose weekend doubles it: the weekend uplift grows with the level. */
const level = (i: number) => 10 * Math.exp((Math.log(1.4) / 365) * i);
const series = dailySeries('2024-01-01', 730, (t, i) => level(i) * ([0, 6].includes(new Date(t).getUTCDay()) ? 2 : 1));

describe('multiplicative seasonality', () => {
  it('scales a seasonal uplift with the level, where the additive model lags behind', () => {
    const weekendIndex = (points: { timeMs: number }[]) => points.findIndex((p) => new Date(p.timeMs).getUTCDay() === 6);
    const mult = multiplicative(seasonalLinear).fit(series).predict(14, 80);
    const add = seasonalLinear().fit(series).predict(14, 80);
    const i = weekendIndex(mult);
    const truth = level(730 + i) * 2;
    expect(Math.abs(mult[i]!.value - truth) / truth).toBeLessThan(0.03);
    expect(Math.abs(add[i]!.value - truth)).toBeGreaterThan(3 * Math.abs(mult[i]!.value - truth));
  });

  it('keeps bounds and interval order on the original scale, with zeros in the data', () => {
    const withZeros = dailySeries('2026-01-01', 120, (_, i) => (i % 10 === 0 ? 0 : 1 + (i % 7) / 10));
    const points = multiplicative(seasonalLinear, { bounds: { min: 0, max: 1.5 } }).fit(withZeros).predict(30, 80);
    for (const p of points) {
      expect(p.lower).toBeGreaterThanOrEqual(0);
      expect(p.upper).toBeLessThanOrEqual(1.5);
      expect(p.lower <= p.value && p.value <= p.upper).toBe(true);
    }
    expect(points[1]!.timeMs - points[0]!.timeMs).toBe(DAY_MS);
  });
});
