import { describe, expect, it } from 'vitest';
import { findCrossing } from './crossing.ts';
import { forecastSeries } from './forecast-series.ts';
import { growthRateSpread, rateChangeFactor, withGrowthSpread } from './growth-band.ts';
import { DAY_MS } from './series.ts';
import { dailySeries, seededNormal } from './synthetic-series.ts';

/** A disk that filled at 0.02 %/day its first year, 0.08 %/day its second and 0.05 %/day since. */
const pace = (i: number): number => (i < 365 ? 0.02 : i < 730 ? 0.08 : 0.05);
function unevenDisk(days: number): number[] {
  const noise = seededNormal(31);
  const out: number[] = [];
  let level = 10;
  for (let i = 0; i < days; i++) {
    level += pace(i);
    out.push(level + 0.02 * noise());
  }
  return out;
}

describe('growth-rate spread of a series own history', () => {
  it('is about nothing for a series that grew at one steady pace', () => {
    const values = Array.from({ length: 700 }, (_, i) => 5 + 0.1 * i);
    const s = growthRateSpread(values, 120, 80)!;
    expect(Math.max(...s.upper)).toBeLessThan(1e-9);
    expect(Math.min(...s.lower)).toBeGreaterThan(-1e-9);
  });

  it('spans the slow and fast paces the history showed, on both sides, widening with the lead', () => {
    const s = growthRateSpread(unevenDisk(3 * 365), 240, 80)!;
    // Over 60 days the change ranges from 60·0.02 = 1.2 to 60·0.08 = 4.8 around a median near 3.
    expect(s.upper[59]!).toBeGreaterThan(1);
    expect(s.lower[59]!).toBeLessThan(-1);
    for (let h = 1; h < 240; h++) {
      expect(s.upper[h]!).toBeGreaterThanOrEqual(s.upper[h - 1]!);
      expect(s.lower[h]!).toBeLessThanOrEqual(s.lower[h - 1]!);
    }
    // Beyond half the history the spread keeps growing with the lead.
    const short = growthRateSpread(unevenDisk(300), 240, 80)!;
    expect(short.upper[239]!).toBeGreaterThan(short.upper[149]!);
  });

  it('is null with too little history and leaves a forecast without one as it was', () => {
    expect(growthRateSpread([1, 2, 3, 4, 5], 30, 80)).toBeNull();
    const points = [{ timeMs: 0, value: 1, lower: 0.5, upper: 1.5 }];
    expect(withGrowthSpread(points, [1, 2, 3], 80, { min: 0, max: Infinity })).toEqual(points);
  });
});

describe('crossing band of a capacity series whose pace changed from year to year', () => {
  it('reaches toward the date at the fast pace and the date at the slow pace', () => {
    const days = 3 * 365;
    const values = unevenDisk(days);
    const series = dailySeries('2023-01-01', days, (_, i) => values[i]!);
    const f = forecastSeries(series, { horizonSteps: 240, levelPercent: 80, holidays: [], seasonality: 'additive', bounds: { min: 0, max: 100 }, capacity: true });
    const last = values.at(-1)!;
    const endMs = series.startMs + (days - 1) * DAY_MS;
    // 6 points of growth: 120 days at today's pace, 75 at the second year's, 300 at the first year's.
    const c = findCrossing(f.points, last + 6);
    expect(Math.abs(c.likely! - (endMs + 120 * DAY_MS))).toBeLessThanOrEqual(5 * DAY_MS);
    expect(c.earliest!).toBeLessThanOrEqual(endMs + 85 * DAY_MS);
    expect(c.latest === null || c.latest >= endMs + 180 * DAY_MS).toBe(true);
  });
});

describe('crossing band of a capacity series that grew at one steady pace', () => {
  it('still spans the fill rate doubling or halving over a quarter, and narrower soon', () => {
    expect(rateChangeFactor(91, 80)).toBeCloseTo(2, 9);
    expect(rateChangeFactor(23, 80)).toBeCloseTo(2 ** 0.5, 1);
    expect(rateChangeFactor(91, 50)).toBeLessThan(rateChangeFactor(91, 80));
    expect(rateChangeFactor(91, 95)).toBeGreaterThan(rateChangeFactor(91, 80));
  });

  it('counts the lead in days, so an hourly forecast is not widened as if each hour were a day', () => {
    const hour = 3_600_000;
    const points = Array.from({ length: 48 }, (_, h) => ({ timeMs: h * hour, value: 10 + 0.01 * h, lower: 10 + 0.01 * h, upper: 10 + 0.01 * h }));
    const wide = withGrowthSpread(points, [], 80, { min: 0, max: Infinity });
    const growth = 0.01 * 47;
    // Two days ahead the pace may differ by 2^√(2/91) ≈ ×1.11, not by the ×2 of a quarter.
    expect(wide[47]!.upper - wide[47]!.value).toBeCloseTo(growth * (rateChangeFactor(2, 80) - 1), 9);
    expect(wide[47]!.upper - wide[47]!.value).toBeLessThan(0.12 * growth);
  });

  it('reaches from a faster pace to a slower one, though the history never changed pace', () => {
    const days = 3 * 365;
    const noise = seededNormal(7);
    const series = dailySeries('2023-01-01', days, (_, i) => 40 + 0.04 * i + 0.01 * noise());
    const f = forecastSeries(series, { horizonSteps: 240, levelPercent: 80, holidays: [], seasonality: 'additive', bounds: { min: 0, max: 100 }, capacity: true });
    const endMs = series.startMs + (days - 1) * DAY_MS;
    const last = 40 + 0.04 * (days - 1);
    // 4 points: 100 days at today's pace; at twice the pace 50, but the band's factor at 50 days is under 2.
    const c = findCrossing(f.points, last + 4);
    expect(Math.abs(c.likely! - (endMs + 100 * DAY_MS))).toBeLessThanOrEqual(3 * DAY_MS);
    expect(c.earliest!).toBeGreaterThanOrEqual(endMs + 50 * DAY_MS);
    expect(c.earliest!).toBeLessThanOrEqual(endMs + 70 * DAY_MS);
    expect(c.latest === null || c.latest >= endMs + 160 * DAY_MS).toBe(true);
  });

  describe('a daily series seen for less than a year', () => {
    const forecast = (values: (i: number) => number, days: number) =>
      forecastSeries(dailySeries('2025-02-01', days, (_, i) => values(i)), { horizonSteps: 90, levelPercent: 80, holidays: [], seasonality: 'additive' }).points;

    it('spans at least the swings of its level so far, which its calm recent weeks do not show', () => {
      const noise = seededNormal(12);
      // A load that climbed from 50 to 100 over its first four months, then held.
      const climbThenHold = (i: number) => Math.min(100, 50 + (50 * i) / 120) + 0.5 * noise();
      const young = forecast(climbThenHold, 200);
      const width = (points: typeof young, h: number) => points[h]!.upper - points[h]!.lower;
      // Twelve weeks of its history have held rises of up to 40.
      expect(width(young, 83)).toBeGreaterThan(25);
      // The model's own interval, from backtests on the calm weeks, would be a few units wide; a
      // year of history shows the season, and keeps it.
      expect(width(forecast(climbThenHold, 400), 83)).toBeLessThan(10);
    });

    it('does not count its weekly pattern as a swing', () => {
      const noise = seededNormal(13);
      const weekly = (i: number) => 100 + 30 * Math.sin((2 * Math.PI * i) / 7) + noise();
      const points = forecast(weekly, 200);
      for (const h of [6, 27, 83]) expect(points[h]!.upper - points[h]!.lower).toBeLessThan(10);
    });
  });
});
