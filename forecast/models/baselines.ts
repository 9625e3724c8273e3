import { seasonLag } from '../backtest/backtest.ts';
import type { FittedModel, ForecastModel, ModelOptions } from '../model.ts';
import { zForLevel } from '../normal-quantile.ts';
import type { ForecastPoint, Series } from '../series.ts';
import { DAY_MS } from '../series.ts';
import { checkPredictArgs } from '../model.ts';
import { fitLine } from './local-trend.ts';

export const SEASONAL_NAIVE = 'seasonal-naive';
export const LINEAR_TREND = 'linear-trend';

type Bounds = { min: number; max: number };
const boundsOf = (o: ModelOptions): Bounds => ({ min: o.bounds?.min ?? -Infinity, max: o.bounds?.max ?? Infinity });

/**
 * Seasonal naive: each step repeats the value one season (a week of days; a day of sub-daily
 * steps) before it, the last observed season carried forward. MASE is measured against it.
 */
export function seasonalNaive(options: ModelOptions = {}): ForecastModel {
  const bounds = boundsOf(options);
  return {
    name: SEASONAL_NAIVE,
    fit(series: Series): FittedModel {
      const lag = Math.min(seasonLag(series.stepMs), Math.max(1, series.values.length));
      const n = series.values.length;
      // The last season, gaps filled from the season before (or the last value seen).
      const last: number[] = [];
      let fallback = NaN;
      for (const v of series.values) if (Number.isFinite(v)) fallback = v;
      for (let k = 0; k < lag; k++) {
        let v = NaN;
        for (let i = n - lag + k; i >= 0 && !Number.isFinite(v); i -= lag) v = series.values[i]!;
        last.push(Number.isFinite(v) ? v : fallback);
      }
      const diffs: number[] = [];
      for (let i = lag; i < n; i++) {
        const d = series.values[i]! - series.values[i - lag]!;
        if (Number.isFinite(d)) diffs.push(d);
      }
      const sd = Math.sqrt(diffs.reduce((s, d) => s + d * d, 0) / Math.max(1, diffs.length));
      const endMs = series.startMs + (n - 1) * series.stepMs;
      return fitted(SEASONAL_NAIVE, endMs, series.stepMs, bounds, (h) => last[(h - 1) % lag]!, (h) => sd * Math.sqrt(Math.ceil(h / lag)), { lag });
    },
  };
}

/** Days of history the linear-trend baseline fits: the window of a "last quarter" trend line. */
export const LINEAR_WINDOW_DAYS = 90;

/**
 * Straight line through the last 90 days, extrapolated (what predict_linear and Zabbix timeleft
 * do, over a longer window). Interval: normal with the line's residual sd and slope uncertainty.
 */
export function linearTrend(options: ModelOptions = {}): ForecastModel {
  const bounds = boundsOf(options);
  return {
    name: LINEAR_TREND,
    fit(series: Series): FittedModel {
      const n = series.values.length;
      const endMs = series.startMs + (n - 1) * series.stepMs;
      const times: number[] = [];
      const values: number[] = [];
      series.values.forEach((v, i) => {
        const t = series.startMs + i * series.stepMs;
        if (Number.isFinite(v) && t > endMs - LINEAR_WINDOW_DAYS * DAY_MS) {
          times.push(t);
          values.push(v);
        }
      });
      const line = fitLine(times, values, endMs);
      const m = Math.max(1, times.length);
      const sd = Math.sqrt(line.residuals.reduce((s, r) => s + r * r, 0) / Math.max(1, m - 2));
      const span = Math.max(series.stepMs, LINEAR_WINDOW_DAYS * DAY_MS);
      return fitted(LINEAR_TREND, endMs, series.stepMs, bounds, (h) => line.level + line.slope * h * series.stepMs,
        (h) => sd * Math.sqrt(1 + 1 / m + (12 * (h * series.stepMs + span / 2) ** 2) / (m * span * span)), { slopePerDay: line.slope * DAY_MS });
    },
  };
}

function fitted(name: string, endMs: number, stepMs: number, bounds: Bounds, point: (h: number) => number, sd: (h: number) => number, extra: Record<string, unknown>): FittedModel {
  const clamp = (v: number): number => Math.min(bounds.max, Math.max(bounds.min, v));
  return {
    name,
    predict(horizonSteps: number, levelPercent: number): ForecastPoint[] {
      checkPredictArgs(horizonSteps, levelPercent);
      const z = zForLevel(levelPercent);
      return Array.from({ length: horizonSteps }, (_, i) => {
        const v = point(i + 1);
        const half = z * sd(i + 1);
        return { timeMs: endMs + (i + 1) * stepMs, value: clamp(v), lower: clamp(v - half), upper: clamp(v + half) };
      });
    },
    describe: () => ({ name, ...extra }),
  };
}
