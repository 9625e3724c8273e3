import { RunwayError } from '../../core/errors.ts';
import type { FittedModel } from '../model.ts';
import { zForLevel } from '../normal-quantile.ts';
import { DAY_MS, type ForecastPoint } from '../series.ts';
import type { Design } from './runway-design.ts';

/** Everything a fit on one prefix leaves behind for predicting and describing. */
export interface RunwayFit {
  design: Design;
  /** Start of the last bucket of the fitted prefix, ms. */
  endMs: number;
  rows: number;
  keep: number[];
  /** Kept seasonal and holiday columns: what the forecast adds to the trend line. */
  effects: number[];
  beta: Float64Array;
  bounds: { min: number; max: number };
  residualSd: number;
  outliers: number;
  trend: { levelAtEnd: number; slopePerMs: number; windowDays: number | null; breakMs: number | null; n: number };
}

export function fittedRunway(fit: RunwayFit): FittedModel {
  const { design, endMs, bounds, residualSd, trend } = fit;
  const clamp = (v: number): number => Math.min(bounds.max, Math.max(bounds.min, v));
  const stepMs = design.series.stepMs;
  return {
    name: 'runway',
    predict(horizonSteps: number, levelPercent: number): ForecastPoint[] {
      checkPredictArgs(horizonSteps, levelPercent);
      const z = zForLevel(levelPercent);
      return Array.from({ length: horizonSteps }, (_, i) => {
        const timeMs = endMs + (i + 1) * stepMs;
        const value = valueAt(fit, timeMs);
        // Uncalibrated spread: noise plus the uncertainty of the line's level and slope.
        const half = z * residualSd * Math.sqrt(1 + (i + 1) / Math.max(1, trend.n) + (3 * (i + 1) ** 2) / Math.max(1, trend.n) ** 3);
        return { timeMs, value: clamp(value), lower: clamp(value - half), upper: clamp(value + half) };
      });
    },
    describe: () => describeRunway(fit),
  };
}

/** Trend line plus seasonal and holiday effects at time t. */
export function valueAt(fit: RunwayFit, t: number): number {
  let v = fit.trend.levelAtEnd + fit.trend.slopePerMs * (t - fit.endMs);
  for (const j of fit.effects) v += fit.beta[j]! * fit.design.columns[j]!.at(t);
  return v;
}

export function checkPredictArgs(horizonSteps: number, levelPercent: number): void {
  if (!Number.isInteger(horizonSteps) || horizonSteps < 0) {
    throw new RunwayError('RUNWAY_ERR_FORECAST_ARGUMENT', { reason: `horizon must be a whole number of steps ≥ 0, got ${horizonSteps}` });
  }
  if (!(levelPercent > 0 && levelPercent < 100)) {
    throw new RunwayError('RUNWAY_ERR_FORECAST_ARGUMENT', { reason: `level must be between 0 and 100 (exclusive), got ${levelPercent}` });
  }
}

function describeRunway(fit: RunwayFit): Record<string, unknown> {
  const { design, keep, beta } = fit;
  const finiteOrNull = (v: number): number | null => (Number.isFinite(v) ? v : null);
  const maxOrder = (kind: string): number => Math.max(0, ...keep.filter((j) => design.columns[j]!.kind === kind).map((j) => design.columns[j]!.order));
  return {
    name: 'runway',
    n: fit.rows,
    nEff: fit.trend.n,
    parameters: keep.length,
    residualSd: fit.residualSd,
    outliersDropped: fit.outliers,
    stepMs: design.series.stepMs,
    fittedFrom: new Date(design.series.startMs).toISOString(),
    fittedTo: new Date(fit.endMs).toISOString(),
    trend: {
      levelAtEnd: fit.trend.levelAtEnd,
      slopePerDay: fit.trend.slopePerMs * DAY_MS,
      recentWindowDays: fit.trend.windowDays,
      trendBreak: fit.trend.breakMs === null ? null : new Date(fit.trend.breakMs).toISOString(),
      hinges: keep.filter((j) => design.columns[j]!.kind === 'hinge').length,
    },
    seasonality: { dailyOrder: maxOrder('daily'), weeklyOrder: maxOrder('weekly'), yearlyOrder: maxOrder('yearly') },
    // Effect in the series' unit on a bucket wholly inside the window.
    holidays: keep.flatMap((j) => (design.columns[j]!.holiday ? [{ ...design.columns[j]!.holiday!, effect: beta[j]! }] : [])),
    bounds: { min: finiteOrNull(fit.bounds.min), max: finiteOrNull(fit.bounds.max) },
  };
}
