import { describe, expect, it } from 'vitest';
import { forecastSeries } from '../forecast-series.ts';
import { DAY_MS } from '../series.ts';
import { dailySeries, seededNormal } from '../synthetic-series.ts';
import { heldOutCoverage, intervalOffsets } from './calibrate.ts';
import type { Backtest } from './backtest.ts';

describe('calibrated intervals', () => {
  it('take their width from backtest errors and widen with the horizon', () => {
    const errors = [0, 1, 2, 3, 4].map((k) => Float64Array.from({ length: 30 }, (_, h) => (k - 2) * 0.1 * (h + 1)));
    const o = intervalOffsets(errors, 60, 80)!;
    for (let h = 1; h < 60; h++) {
      expect(o.upper[h]!).toBeGreaterThanOrEqual(o.upper[h - 1]!);
      expect(o.lower[h]!).toBeLessThanOrEqual(o.lower[h - 1]!);
    }
    expect(o.upper[29]!).toBeGreaterThan(2);
    expect(o.upper[59]!).toBeCloseTo(2 * o.upper[29]!, 9);
  });

  it('widen with the horizon on a forecast, and hold about their level on a random walk', () => {
    const noise = seededNormal(9);
    let level = 100;
    const series = dailySeries('2024-01-01', 700, () => (level += noise()));
    const f = forecastSeries(series, { horizonSteps: 90, levelPercent: 80, holidays: [], seasonality: 'additive', choice: 'runway' });
    const width = (h: number) => f.points[h]!.upper - f.points[h]!.lower;
    expect(width(89)).toBeGreaterThan(width(0));
    expect(width(29)).toBeGreaterThanOrEqual(width(6));
    expect(f.choice.calibrated).toBe(true);
    expect(f.choice.origins).toBe(4);
    expect(f.choice.coverage).toBeGreaterThan(0.4);
    expect(f.points[0]!.timeMs).toBe(series.startMs + 700 * DAY_MS);
  });

  it('chooses per series: seasonal naive wins a weekly shape that keeps changing', () => {
    const noise = seededNormal(5);
    // Each weekday wanders on its own, so only last week knows this week's shape.
    const weekdays = [50, 90, 20, 70, 70, 10, 30];
    const series = dailySeries('2025-01-01', 300, (_, i) => (weekdays[i % 7] = weekdays[i % 7]! + 3 * noise()));
    const f = forecastSeries(series, { horizonSteps: 30, levelPercent: 80, holidays: [], seasonality: 'additive' });
    expect(f.choice.scores.map((s) => s.model)).toEqual(['seasonal-linear', 'seasonal-level', 'seasonal-naive']);
    expect(f.model.backtest).toMatchObject({ origins: 4, calibrated: true });
    // The best candidate leads; candidates the backtest cannot tell from it are averaged in, with less weight.
    const best = f.choice.scores.reduce((a, b) => (b.mase < a.mase ? b : a));
    expect(f.choice.combination[0]!.model).toBe(best.model);
    expect(f.choice.model).toBe(best.model);
    expect(f.choice.model).not.toBe('seasonal-linear');
    for (const c of f.choice.combination.slice(1)) expect(c.weight).toBeLessThan(f.choice.combination[0]!.weight);
  });

  it('gives a capacity series that grew only the model that can forecast growth', () => {
    const noise = seededNormal(4);
    const series = dailySeries('2025-01-01', 500, (_, i) => 20 + 0.05 * i + noise());
    const capacity = forecastSeries(series, { horizonSteps: 30, levelPercent: 80, holidays: [], seasonality: 'additive', capacity: true });
    expect(capacity.choice.scores.map((s) => s.model)).toEqual(['seasonal-linear']);
    const plain = forecastSeries(series, { horizonSteps: 30, levelPercent: 80, holidays: [], seasonality: 'additive' });
    expect(plain.choice.scores.map((s) => s.model)).toEqual(['seasonal-linear', 'seasonal-level', 'seasonal-naive']);
    // A steady rise: the models without growth lose the backtest clearly.
    expect(plain.choice.model).toBe('seasonal-linear');
  });

  it('judge each origin by the offsets the others give, as intervalOffsets computes them', () => {
    const noise = seededNormal(21);
    for (const [origins, steps, level] of [[2, 30, 80], [4, 90, 80], [5, 180, 95]] as const) {
      // Error paths that drift, as a forecast's do, with ties among them.
      const errors = Array.from({ length: origins }, () => {
        let drift = 0;
        return Float64Array.from({ length: steps }, () => Math.round(4 * (drift += 0.3 * noise()) + 4 * noise()) / 4);
      });
      let inside = 0;
      let total = 0;
      errors.forEach((e, k) => {
        const o = intervalOffsets(errors.filter((_, j) => j !== k), steps, level)!;
        e.forEach((v, h) => {
          total++;
          if (v >= o.lower[h]! && v <= o.upper[h]!) inside++;
        });
      });
      expect(heldOutCoverage({ errors, horizonSteps: steps } as unknown as Backtest, level)).toBe(inside / total);
    }
  });
});
