import { describe, expect, it } from 'vitest';
import { findCrossing } from './crossing.ts';
import { forecastSeries, type SeriesForecastOptions } from './forecast-series.ts';
import { DAY_MS } from './series.ts';
import { dailySeries, seededNormal } from './synthetic-series.ts';

const YEAR_MS = 365.2425 * DAY_MS;
const plain: SeriesForecastOptions = { horizonSteps: 90, levelPercent: 80, holidays: [], seasonality: 'additive' };
const disk: SeriesForecastOptions = { ...plain, bounds: { min: 0, max: 100 }, capacity: true };

describe('forecasts that hold on series nobody tuned them for', () => {
  it('does not extrapolate a short noisy regime at the end of a series into a runaway', () => {
    // Log page views: three years around 8 with a weekly cycle, then 16 days climbing 0.13 a day.
    const noise = seededNormal(21);
    const days = 3 * 365;
    const series = dailySeries('2023-01-01', days, (_, i) => 8 + 0.3 * Math.sin((2 * Math.PI * i) / 7) + 0.2 * noise() + (i >= days - 16 ? 0.13 * (i - (days - 16)) : 0));
    const last = series.values.at(-1)!;
    const { points } = forecastSeries(series, plain);
    // Full strength would add 0.13 × 90 ≈ 11.7 (a 120,000-fold rise on the original scale).
    expect(Math.max(...points.map((p) => p.value))).toBeLessThan(last + 1.5);
    expect(points.at(-1)!.value).toBeGreaterThan(7);
  });

  it('forecasts a yearly series with a mild trend, cut on its seasonal descent, through its next peak within 10 %', () => {
    const noise = seededNormal(22);
    const truth = (t: number, i: number): number => 100 + 0.01 * i + 30 * Math.sin((2 * Math.PI * t) / YEAR_MS);
    // Cut at the end of June, halfway down from the April peak of sin(2πt/year) (t from 1970) to
    // the October trough: the next 300 days run through the trough and up to the next April peak.
    const full = dailySeries('2022-07-01', 3 * 365 + 300, (t, i) => truth(t, i) + 2 * noise());
    const n = 3 * 365;
    const history = { ...full, values: full.values.slice(0, n) };
    expect(history.values[n - 1]!).toBeLessThan(history.values[n - 60]!);
    const { points } = forecastSeries(history, { ...plain, horizonSteps: 300 });
    const peak = points.reduce((best, p) => (p.value > best.value ? p : best));
    expect(peak.timeMs).toBeGreaterThan(points[240]!.timeMs);
    points.forEach((p, h) => expect(Math.abs(p.value - truth(p.timeMs, n + h)) / truth(p.timeMs, n + h)).toBeLessThan(0.1));
  });

  it('dates a disk whose growth doubled 30 days ago at the new rate', () => {
    const noise = seededNormal(23);
    const days = 2 * 365;
    const used = (i: number): number => (i < days - 30 ? 20 + 0.04 * i : 20 + 0.04 * (days - 30) + 0.08 * (i - (days - 30)));
    const series = dailySeries('2024-06-01', days, (_, i) => used(i) + 0.05 * noise());
    const f = forecastSeries(series, disk);
    const endMs = series.startMs + (days - 1) * DAY_MS;
    // At the new rate the disk reaches 56 % in about 71 days; at the old rate it would take 142.
    const expected = endMs + ((56 - used(days - 1)) / 0.08) * DAY_MS;
    const { likely } = findCrossing(f.points, 56);
    expect(likely).not.toBeNull();
    expect(Math.abs(likely! - expected)).toBeLessThanOrEqual(3 * DAY_MS);
  });

  it('does not read a glitch on the last day as a new level or a new rate', () => {
    // A weekly series around 10, and 1000 on its last day (a broken reading, a partial day's
    // artefact): extrapolated, the one day would pass for a step or a steep new rate.
    for (const [seed, glitch] of [[25, 1000], [26, 0]] as const) {
      const noise = seededNormal(seed);
      const series = dailySeries('2023-01-01', 1000, (t, i) => (i === 999 ? glitch : 10 + Math.sin((2 * Math.PI * t) / (7 * DAY_MS)) + 0.3 * noise()));
      for (const choice of ['runway', 'backtest'] as const) {
        const { points } = forecastSeries(series, { ...plain, choice });
        for (const p of points) expect(Math.abs(p.value - 10)).toBeLessThan(2.5);
      }
    }
  });

  it('keeps the level where a short new climb would stop inside the band, whichever models are combined', () => {
    // Log page views with weekly and yearly seasons, climbing 0.13 a day for the last 13 days. The
    // forecast keeps part of the climb; its band must also hold the future where the climb stops.
    const noise = seededNormal(28);
    const days = 1000;
    const series = dailySeries('2023-01-01', days, (t, i) => 8 + ((i + 5) % 7 >= 5 ? -0.1 : 0.02) + 0.3 * Math.sin((2 * Math.PI * t) / YEAR_MS) + 0.25 * noise() + (i > days - 14 ? 0.13 * (i - (days - 14)) : 0));
    const { points } = forecastSeries(series, { ...plain, horizonSteps: 180 });
    const stopped = 8 + 0.13 * 13 + 0.3 * Math.sin((2 * Math.PI * points[179]!.timeMs) / YEAR_MS);
    expect(points[179]!.lower).toBeLessThanOrEqual(stopped);
    expect(points[179]!.upper).toBeGreaterThan(points[179]!.value);
  });

  it('gives a crossing band that widens with lead time and is never one-sided, even on a perfectly smooth disk', () => {
    const series = dailySeries('2024-06-01', 2 * 365, (_, i) => 20 + 0.05 * i);
    const f = forecastSeries(series, disk);
    const level = series.values.at(-1)!;
    const band = (leadDays: number) => {
      const c = findCrossing(f.points, level + 0.05 * leadDays);
      expect(c.earliest).not.toBeNull();
      expect(c.earliest!).toBeLessThan(c.likely!);
      expect(c.latest === null || c.latest > c.likely!).toBe(true);
      return { before: c.likely! - c.earliest!, after: (c.latest ?? Infinity) - c.likely! };
    };
    const near = band(20);
    const far = band(70);
    expect(far.before).toBeGreaterThan(near.before);
    expect(far.after).toBeGreaterThan(near.after);
  });

  it('keeps a store that fills in steps growing at its own pace: no yearly curve, no flat model, even without a threshold', () => {
    // A repository's size: about 10 a day, with imports landing as steps, the last 75 days ago.
    // Yearly terms fitted these steps and forecast a fall below today's level (−560 at worst, and
    // +106 in 90 days).
    const noise = seededNormal(24);
    const steps = [300, 660, 1020];
    const series = dailySeries('2023-01-01', 3 * 365, (_, i) => 10_000 + 10 * i + steps.filter((d) => i >= d).length * 4_000 + 5 * Math.abs(noise()) + (i % 7 === 0 ? 20 : 0));
    const f = forecastSeries(series, plain);
    const seasonality = f.model.seasonality as { yearlyOrder: number };
    expect(seasonality.yearlyOrder).toBe(0);
    expect(f.choice.combination.map((c) => c.model)).toEqual(['seasonal-linear']);
    const last = series.values.at(-1)!;
    // At about 10 a day: 900 in 90 days, without falling back below today's level first.
    for (const p of f.points) expect(p.value).toBeGreaterThan(last - 50);
    expect(f.points.at(-1)!.value).toBeGreaterThan(last + 500);
  });
});

