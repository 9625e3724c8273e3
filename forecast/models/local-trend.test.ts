import { describe, expect, it } from 'vitest';
import { DAY_MS } from '../series.ts';
import { fitLine, localLinearTrend } from './local-trend.ts';

const days = (n: number, skip: (i: number) => boolean = () => false): number[] =>
  Array.from({ length: n }, (_, i) => i).filter((i) => !skip(i)).map((i) => 1.7e12 + i * DAY_MS);

describe('localLinearTrend', () => {
  it('reproduces a straight line, also with gaps', () => {
    const times = days(400, (i) => i % 5 === 2);
    const values = times.map((t) => 1e12 + 3e6 * ((t - 1.7e12) / DAY_MS));
    const trend = localLinearTrend(times, values, 30 * DAY_MS);
    trend.forEach((v, i) => expect(v / values[i]!).toBeCloseTo(1, 12));
  });

  it('averages out a cycle as long as its window', () => {
    const times = days(1000);
    const values = times.map((_, i) => 50 + 10 * Math.sin((2 * Math.PI * i) / 364));
    const trend = localLinearTrend(times, values, 182 * DAY_MS);
    expect(Math.abs(trend[500]! - 50)).toBeLessThan(0.1);
  });
});

describe('fitLine', () => {
  it('fits level at the origin, slope and residuals', () => {
    const times = [0, 10, 20, 30];
    const line = fitLine(times, [1, 3, 5, 8], 30);
    expect(line.slope).toBeCloseTo(0.23, 12);
    expect(line.level).toBeCloseTo(7.7, 12);
    expect(Array.from(line.residuals).reduce((a, b) => a + b, 0)).toBeCloseTo(0, 12);
  });
});
