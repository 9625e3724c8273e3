import { describe, expect, it } from 'vitest';
import { dateTicks, niceTicks } from './chart-axes.ts';

const DAY_MS = 86_400_000;

describe('chart axes', () => {
  it('chooses round value ticks covering the range', () => {
    expect(niceTicks(23.4, 97.1, 5)).toEqual({ min: 20, max: 100, ticks: [20, 40, 60, 80, 100] });
    expect(niceTicks(0, 11.2, 5).ticks).toEqual([0, 2.5, 5, 7.5, 10, 12.5]);
    expect(niceTicks(0.1, 0.3, 4).ticks).toEqual([0.1, 0.15, 0.2, 0.25, 0.3]);
    expect(niceTicks(5, 5).ticks.length).toBeGreaterThan(1);
  });

  it('chooses evenly spaced day ticks by span: Mondays for weeks, the 1st of each month for months, quarters beyond two years', () => {
    const from = Date.UTC(2026, 10, 3);
    const weekly = dateTicks(from, from + 40 * DAY_MS);
    expect(weekly.every((t) => new Date(t).getUTCDay() === 1)).toBe(true);
    expect(weekly.map((t) => new Date(t).toISOString().slice(5, 10))).toEqual(['11-09', '11-16', '11-23', '11-30', '12-07']);
    const fiveMonths = dateTicks(Date.UTC(2026, 7, 1), Date.UTC(2027, 0, 10));
    expect(fiveMonths.map((t) => new Date(t).toISOString().slice(0, 10))).toEqual(['2026-08-01', '2026-09-01', '2026-10-01', '2026-11-01', '2026-12-01', '2027-01-01']);
    const quarterly = dateTicks(Date.UTC(2024, 1, 10), Date.UTC(2026, 11, 31));
    expect(quarterly.every((t) => new Date(t).getUTCDate() === 1 && new Date(t).getUTCMonth() % 3 === 0)).toBe(true);
    const monthly = dateTicks(Date.UTC(2026, 0, 10), Date.UTC(2026, 11, 31));
    expect(monthly.map((t) => new Date(t).getUTCMonth())).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  });
});
