import { checkPredictArgs, type FittedModel } from '../model.ts';
import { zForLevel } from '../normal-quantile.ts';
import { DAY_MS, type ForecastPoint, type Series } from '../series.ts';
import type { Column } from './design.ts';

export const SEASONAL_LINEAR = 'seasonal-linear';

export interface Bounds {
  min: number;
  max: number;
}

/** Everything a fit leaves behind for predicting and describing. */
export interface FitResult {
  series: Series;
  /** Start of the last bucket of the fitted series, ms. */
  endMs: number;
  columns: Column[];
  beta: Float64Array;
  bounds: Bounds;
  n: number;
  /** Values behind the forecast line: the interval widens as √(1 + h / nEff). */
  nEff: number;
  residualSd: number;
  trend: { levelAtEnd: number; slopePerMs: number; windowDays: number | null; breakMs: number | null };
  /** Fourier orders; yearlyRejected: the yearly terms lost the holdout comparison. */
  orders: { daily: number; weekly: number; yearly: number; yearlyRejected: boolean };
}

export function fittedSeasonalLinear(fit: FitResult): FittedModel {
  const { series, endMs, columns, residualSd, nEff, bounds } = fit;
  const clamp = (v: number): number => Math.min(bounds.max, Math.max(bounds.min, v));
  const at = (t: number): number => valueAt(fit, columns, endMs, t);
  return {
    name: SEASONAL_LINEAR,
    predict(horizonSteps: number, levelPercent: number): ForecastPoint[] {
      checkPredictArgs(horizonSteps, levelPercent);
      const z = zForLevel(levelPercent);
      return Array.from({ length: horizonSteps }, (_, i) => {
        const timeMs = endMs + (i + 1) * series.stepMs;
        const value = at(timeMs);
        const half = z * residualSd * Math.sqrt(1 + (i + 1) / nEff);
        return { timeMs, value: clamp(value), lower: clamp(value - half), upper: clamp(value + half) };
      });
    },
    describe: () => describeFit(fit),
  };
}

/** Trend line plus seasonal and holiday effects at time t. */
export function valueAt(fit: Pick<FitResult, 'beta' | 'trend'>, columns: readonly Column[], endMs: number, t: number): number {
  const line = fit.trend.levelAtEnd + fit.trend.slopePerMs * (t - endMs);
  return columns.reduce((sum, c, j) => sum + c.at(t) * fit.beta[j]!, line);
}


function describeFit(fit: FitResult): Record<string, unknown> {
  const finiteOrNull = (v: number): number | null => (Number.isFinite(v) ? v : null);
  return {
    name: SEASONAL_LINEAR,
    n: fit.n,
    nEff: fit.nEff,
    parameters: fit.columns.length + 2,
    residualSd: fit.residualSd,
    stepMs: fit.series.stepMs,
    fittedFrom: new Date(fit.series.startMs).toISOString(),
    fittedTo: new Date(fit.endMs).toISOString(),
    trend: {
      levelAtEnd: fit.trend.levelAtEnd,
      slopePerDay: fit.trend.slopePerMs * DAY_MS,
      recentWindowDays: fit.trend.windowDays,
      trendBreak: fit.trend.breakMs === null ? null : new Date(fit.trend.breakMs).toISOString(),
    },
    seasonality: {
      dailyOrder: fit.orders.daily,
      weeklyOrder: fit.orders.weekly,
      yearlyOrder: fit.orders.yearly,
      yearlyRejectedByHoldout: fit.orders.yearlyRejected,
    },
    // Effect in the series' unit on a bucket wholly inside the window.
    holidays: fit.columns.flatMap((c, j) => (c.holiday ? [{ ...c.holiday, effect: fit.beta[j]! }] : [])),
    bounds: { min: finiteOrNull(fit.bounds.min), max: finiteOrNull(fit.bounds.max) },
  };
}
