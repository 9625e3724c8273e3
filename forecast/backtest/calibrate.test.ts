import { describe, expect, it } from 'vitest';
import { forecastSeries } from '../forecast-series.ts';
import { DAY_MS } from '../series.ts';
import { dailySeries, seededNormal } from '../synthetic-series.ts';
import { intervalOffsets } from './calibrate.ts';

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
    expect(f.choice.origins).toBe(5);
    expect(f.choice.coverage).toBeGreaterThan(0.4);
    expect(f.points[0]!.timeMs).toBe(series.startMs + 700 * DAY_MS);
  });

  it('chooses per series: seasonal naive wins a pure weekly pattern it repeats exactly', () => {
    const series = dailySeries('2025-01-01', 300, (_, i) => [5, 9, 2, 7, 7, 1, 3][i % 7]! * (1 + 0.2 * Math.sin(i / 3)));
    const f = forecastSeries(series, { horizonSteps: 30, levelPercent: 80, holidays: [], seasonality: 'additive' });
    expect(f.choice.scores.map((s) => s.model)).toEqual(['seasonal-linear', 'seasonal-naive', 'augurs-mstl']);
    expect(f.model.backtest).toMatchObject({ origins: 5, calibrated: true });
    expect(f.choice.mase).toBe(Math.min(...f.choice.scores.map((s) => s.mase)));
  });
});
