import { RunwayError } from '../../core/errors.ts';
import type { FittedModel, ForecastModel, HolidayRange, ModelOptions } from '../model.ts';
import type { Series } from '../series.ts';
import { DAY_MS } from '../series.ts';
import { fitLine, fitRecentTrend } from './local-trend.ts';
import { type NormalSystem, prefixSystems, solveKept, withoutRows } from './normal-equations.ts';
import { buildDesign, type Design, keptColumns } from './runway-design.ts';
import { fittedRunway, type RunwayFit } from './runway-fitted.ts';

export const RUNWAY_MODEL = 'runway';

/** The forecast slope is the one of this many most recent days (when the history is 1.5 times longer). */
const RECENT_TREND_DAYS = 180;
/** Fewer finite values than this cannot give a trend and a residual spread. */
const MIN_VALUES = 3;
/** A residual beyond this many robust sd (1.4826 · MAD) is an outlier: a one-off spike, not a pattern. */
const OUTLIER_SDS = 4;
/** At most this share of rows is dropped as outliers, the most extreme first. */
const MAX_OUTLIER_SHARE = 0.05;

/** A model that can fit many prefixes of one series at the cost of about one fit (for backtests). */
export interface PrefixFitting {
  /** One fitted model per prefix length (in buckets, ascending, each ≤ series length). */
  fitPrefixes(series: Series, lengths: readonly number[]): FittedModel[];
}

/**
 * Runway's model: y = trend + weekly (and daily, for sub-daily steps) + yearly Fourier seasonality
 * + holiday and event windows, fitted jointly by ridge least squares with a hinge trend (a knot
 * every 13 weeks, shrunk) so that changes in growth do not leak into the seasonal effects. Spikes
 * beyond 4 robust sd are dropped and the fit repeated. The forecast continues the line through
 * the seasonally adjusted last 180 days, or through its later part when a changepoint (a step or a
 * new growth rate) is clear there (fitRecentTrend): recent change wins over old history.
 */
export function runwayModel(options: ModelOptions = {}): ForecastModel & PrefixFitting {
  const { min = -Infinity, max = Infinity } = options.bounds ?? {};
  if (!(min <= max)) throw new RunwayError('RUNWAY_ERR_FORECAST_ARGUMENT', { reason: `bounds min ${min} > max ${max}` });
  const holidays: readonly HolidayRange[] = options.holidays ?? [];
  const fitPrefixes = (series: Series, lengths: readonly number[]): FittedModel[] => {
    const design = buildDesign(series, holidays);
    const cuts = lengths.map((len) => rowsBefore(design, series.startMs + len * series.stepMs));
    const systems = prefixSystems(design.values, design.y, cuts);
    return lengths.map((len, k) => fittedRunway(fitPrefix(design, systems[k]!, len, { min, max })));
  };
  return {
    name: RUNWAY_MODEL,
    fit: (series) => fitPrefixes(series, [series.values.length])[0]!,
    fitPrefixes,
  };
}

function rowsBefore(d: Design, endMs: number): number {
  let lo = 0;
  let hi = d.times.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (d.times[mid]! < endMs) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function fitPrefix(d: Design, system: NormalSystem, length: number, bounds: { min: number; max: number }): RunwayFit {
  const rows = system.rows;
  if (rows < MIN_VALUES) throw new RunwayError('RUNWAY_ERR_FORECAST_SERIES', { reason: `need at least ${MIN_VALUES} values, got ${rows}` });
  const endMs = d.series.startMs + (length - 1) * d.series.stepMs;
  const keep = keptColumns(d, rows);
  let beta = solveKept(system, keep, d.penalty);
  // Two passes, most extreme rows first: a big spike bends the first fit enough to make ordinary
  // rows look odd, and those must not be thrown out with it.
  const cap = Math.floor(MAX_OUTLIER_SHARE * rows);
  let outliers: number[] = [];
  for (let pass = 0; pass < 2 && cap > 0; pass++) {
    const flagged = outlierRows(residualsOf(d, keep, beta, rows), new Set(outliers));
    if (flagged.length === 0) break;
    outliers = [...outliers, ...flagged].slice(0, cap);
    beta = solveKept(withoutRows(system, d.values, d.y, outliers), keep, d.penalty);
  }
  const effects = keep.filter((j) => d.columns[j]!.kind !== 'base' && d.columns[j]!.kind !== 'hinge');
  const dropped = new Set(outliers);
  const times: number[] = [];
  const adjusted: number[] = [];
  const recentFrom = endMs - RECENT_TREND_DAYS * DAY_MS;
  const useRecent = endMs - d.times[0]! >= 1.5 * RECENT_TREND_DAYS * DAY_MS;
  for (let i = 0; i < rows; i++) {
    if (dropped.has(i) || (useRecent && d.times[i]! <= recentFrom)) continue;
    let s = d.y[i]!;
    for (const j of effects) s -= beta[j]! * d.values[j]![i]!;
    times.push(d.times[i]!);
    adjusted.push(s);
  }
  const line = times.length >= 2 ? (useRecent ? fitRecentTrend(times, adjusted, endMs) : { ...fitLine(times, adjusted, endMs), breakMs: null, n: times.length }) : { level: adjusted[0] ?? d.y[rows - 1]!, slope: 0, residuals: new Float64Array(1), breakMs: null, n: 1 };
  const dof = Math.max(1, line.n - 2 - (effects.length * line.n) / rows);
  const residualSd = Math.sqrt(line.residuals.reduce((sum, r) => sum + r * r, 0) / dof);
  return {
    design: d, endMs, rows, keep, effects, beta, bounds, residualSd, outliers: outliers.length,
    trend: { levelAtEnd: line.level, slopePerMs: line.slope, windowDays: useRecent ? RECENT_TREND_DAYS : null, breakMs: line.breakMs, n: line.n },
  };
}

function residualsOf(d: Design, keep: readonly number[], beta: Float64Array, rows: number): Float64Array {
  const r = Float64Array.from(d.y.subarray(0, rows));
  for (const j of keep) {
    const b = beta[j]!;
    const v = d.values[j]!;
    for (let i = 0; i < rows; i++) r[i] = r[i]! - b * v[i]!;
  }
  return r;
}

/** Rows (not already dropped) beyond OUTLIER_SDS robust sd of the others, largest first. */
function outlierRows(residuals: Float64Array, dropped: ReadonlySet<number>): number[] {
  const kept = Array.from(residuals).filter((_, i) => !dropped.has(i)).sort((a, b) => a - b);
  const median = kept[kept.length >> 1] ?? 0;
  const deviations = kept.map((r) => Math.abs(r - median)).sort((a, b) => a - b);
  const sd = 1.4826 * (deviations[deviations.length >> 1] ?? 0);
  if (!(sd > 0)) return [];
  const out: number[] = [];
  residuals.forEach((r, i) => {
    if (!dropped.has(i) && Math.abs(r - median) > OUTLIER_SDS * sd) out.push(i);
  });
  return out.sort((a, b) => Math.abs(residuals[b]! - median) - Math.abs(residuals[a]! - median));
}
