import { checkPredictArgs, type FittedModel } from '../model.ts';
import { zForLevel } from '../normal-quantile.ts';
import { DAY_MS, type ForecastPoint, type Series } from '../series.ts';
import type { Column } from './design.ts';
import { trendOffset } from './trend-persistence.ts';

export const SEASONAL_LINEAR = 'seasonal-linear';

export const SEASONAL_LEVEL = 'seasonal-level';

/**
 * 'line': the line fitted to the recent history; 'anchored': that line moved to the level of the
 * last days; 'flat': the level of the last days, at the long-run rate; 'level' (the seasonal-level
 * model only): the level of the last eight weeks, without growth.
 */
export type TrendForm = 'line' | 'anchored' | 'flat' | 'level';

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
  /** The columns on the buckets from startMs (at least the fitted ones), for predicting without evaluating them again. */
  onBuckets: { startMs: number; values: Float64Array[] };
  beta: Float64Array;
  bounds: Bounds;
  n: number;
  /** One-off spikes left out of the fit. */
  spikesIgnored: number;
  /** Values behind the forecast line: the interval widens as √(1 + h / nEff). */
  nEff: number;
  residualSd: number;
  /** form: which trend the forecast continues, chosen on a holdout (see TrendForm). */
  /**
   * slopePerMs: the recent line's; longRunSlopePerMs: the rate it fades to, with time constant
   * persistMs (Infinity: it holds), trusted by `evidence` standard errors (see trend-persistence.ts).
   */
  trend: { levelAtEnd: number; slopePerMs: number; longRunSlopePerMs: number; persistMs: number; evidence: number; windowDays: number | null; breakMs: number | null; form: TrendForm };
  /** Fourier orders; yearlyRejected: the yearly terms lost the holdout comparison. */
  orders: { daily: number; weekly: number; yearly: number; yearlyRejected: boolean };
}

export function fittedSeasonalLinear(fit: FitResult): FittedModel {
  const { series, endMs, columns, residualSd, nEff, bounds, onBuckets } = fit;
  const clamp = (v: number): number => Math.min(bounds.max, Math.max(bounds.min, v));
  const known = onBuckets.values[0]?.length ?? 0;
  const name = nameOf(fit);
  const timeOf = (i: number): number => endMs + (i + 1) * series.stepMs;
  /** The point forecast before clamping: the trend, then each column's term in column order. */
  const unclamped = (horizonSteps: number): Float64Array => {
    // Bucket of the first forecast step in the columns evaluated on the series' own grid; past
    // their end (or off the grid) a column is evaluated at the time itself.
    const first = (timeOf(0) - onBuckets.startMs) / series.stepMs;
    const onGrid = Number.isInteger(first) ? Math.max(0, Math.min(horizonSteps, known - first)) : 0;
    // A backtest's origin forecasts within the history: nothing to evaluate past the grid.
    const ahead = onGrid < horizonSteps ? columnsAhead(columns, timeOf, onGrid, horizonSteps) : [];
    // Plain loops throughout: the generic Array.from / Float64Array.from with a callback were a
    // visible cost at a dozen predictions per forecast.
    const values = new Float64Array(horizonSteps);
    for (let i = 0; i < horizonSteps; i++) values[i] = fit.trend.levelAtEnd + trendOffset(fit.trend.slopePerMs, fit.trend, timeOf(i) - endMs);
    // Column by column, each read in order; every step still adds its terms in column order.
    let j = 0;
    // Four columns per pass over the steps on the grid: one load and store of each value per
    // four terms, added in the same order.
    for (; j + 3 < columns.length; j += 4) {
      const [b0, b1, b2, b3] = [fit.beta[j]!, fit.beta[j + 1]!, fit.beta[j + 2]!, fit.beta[j + 3]!];
      const [g0, g1, g2, g3] = [onBuckets.values[j]!, onBuckets.values[j + 1]!, onBuckets.values[j + 2]!, onBuckets.values[j + 3]!];
      for (let i = 0; i < onGrid; i++) values[i] = values[i]! + b0 * g0[first + i]! + b1 * g1[first + i]! + b2 * g2[first + i]! + b3 * g3[first + i]!;
      for (let i = onGrid; i < horizonSteps; i++) {
        const at = i - onGrid;
        values[i] = values[i]! + b0 * ahead[j]![at]! + b1 * ahead[j + 1]![at]! + b2 * ahead[j + 2]![at]! + b3 * ahead[j + 3]![at]!;
      }
    }
    for (; j < columns.length; j++) {
      const b = fit.beta[j]!;
      const grid = onBuckets.values[j]!;
      const later = ahead[j]!;
      for (let i = 0; i < onGrid; i++) values[i] = values[i]! + b * grid[first + i]!;
      for (let i = onGrid; i < horizonSteps; i++) values[i] = values[i]! + b * later[i - onGrid]!;
    }
    return values;
  };
  return {
    name,
    predict(horizonSteps: number, levelPercent: number): ForecastPoint[] {
      checkPredictArgs(horizonSteps, levelPercent);
      const z = zForLevel(levelPercent);
      const values = unclamped(horizonSteps);
      const points: ForecastPoint[] = new Array(horizonSteps);
      for (let i = 0; i < horizonSteps; i++) {
        const value = values[i]!;
        const half = z * residualSd * Math.sqrt(1 + (i + 1) / nEff);
        points[i] = { timeMs: timeOf(i), value: clamp(value), lower: clamp(value - half), upper: clamp(value + half) };
      }
      return points;
    },
    pointForecast(horizonSteps: number): Float64Array {
      const values = unclamped(horizonSteps);
      for (let i = 0; i < horizonSteps; i++) values[i] = clamp(values[i]!);
      return values;
    },
    describe: () => describeFit(fit),
  };
}

/** The last columns evaluated past the grid, by the columns array and the steps asked. */
let lastAhead: { columns: readonly Column[]; key: string; values: Float64Array[] } | null = null;

/**
 * Each column at steps from..to−1 (timeOf(i)), past the grid it was evaluated on: on a grid of its
 * own, as the fit evaluated it (the Fourier terms by their recurrence, a holiday by its ranges),
 * not by a call per step. A series' final fit is predicted by its seasonal-linear and
 * seasonal-level variants, which share their columns, and again when calibrated or combined: the
 * columns are evaluated once for all of them.
 */
function columnsAhead(columns: readonly Column[], timeOf: (i: number) => number, from: number, to: number): Float64Array[] {
  const startMs = timeOf(from);
  const stepMs = timeOf(from + 1) - startMs;
  const key = `${startMs}/${stepMs}/${to - from}`;
  if (lastAhead?.columns === columns && lastAhead.key === key) return lastAhead.values;
  const values = columns.map((c) => c.onGrid(startMs, stepMs, to - from));
  lastAhead = { columns, key, values };
  return values;
}

const nameOf = (fit: FitResult): string => (fit.trend.form === 'level' ? SEASONAL_LEVEL : SEASONAL_LINEAR);

function describeFit(fit: FitResult): Record<string, unknown> {
  const finiteOrNull = (v: number): number | null => (Number.isFinite(v) ? v : null);
  return {
    name: nameOf(fit),
    n: fit.n,
    nEff: fit.nEff,
    spikesIgnored: fit.spikesIgnored,
    parameters: fit.columns.length + 2,
    residualSd: fit.residualSd,
    stepMs: fit.series.stepMs,
    fittedFrom: new Date(fit.series.startMs).toISOString(),
    fittedTo: new Date(fit.endMs).toISOString(),
    trend: {
      levelAtEnd: fit.trend.levelAtEnd,
      slopePerDay: fit.trend.slopePerMs * DAY_MS,
      longRunSlopePerDay: fit.trend.longRunSlopePerMs * DAY_MS,
      // How long the recent slope's difference from the long-run rate lasts (null: it holds).
      recentSlopeFadesOverDays: Number.isFinite(fit.trend.persistMs) ? fit.trend.persistMs / DAY_MS : null,
      evidence: Number.isFinite(fit.trend.evidence) ? fit.trend.evidence : null,
      recentWindowDays: fit.trend.windowDays,
      trendBreak: fit.trend.breakMs === null ? null : new Date(fit.trend.breakMs).toISOString(),
      form: fit.trend.form,
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
