import type { ErrorScale, FittedModel } from '../model.ts';
import { checkPredictArgs } from '../model.ts';
import { zForLevel } from '../normal-quantile.ts';
import type { ForecastPoint } from '../series.ts';
import type { Backtest } from './backtest.ts';

export interface Bounds {
  min: number;
  max: number;
}

/**
 * A growth rate is never known better than this (standard deviation, as a share of the rate): a
 * disk that filled at one pace for months can speed up or slow down next month, which no backtest
 * of a smooth history shows. So an interval (and the crossing band read from it) is at least
 * ± z · 15 % of the forecast growth so far, on both sides, widening with the horizon.
 */
export const GROWTH_RATE_SD = 0.15;

/** Horizons pooled per horizon, at most (about). */
const POOL_HORIZONS = 11;

/**
 * Interval offsets (lower ≤ 0 ≤ upper, on the error scale) for horizons 1..steps, from backtest
 * errors pooled over origins and neighbouring horizons (±25 %, at least ±2 steps). Upper offsets
 * never shrink with the horizon and lower ones never rise, so intervals widen as the forecast
 * reaches further. Beyond the backtested horizons they grow in proportion to the horizon, the way
 * an error in the slope does. Null without any backtest error.
 */
export function intervalOffsets(errors: readonly Float64Array[], steps: number, levelPercent: number): { lower: Float64Array; upper: Float64Array } | null {
  const reached = errors.reduce((m, e) => Math.max(m, lastFinite(e) + 1), 0);
  if (reached === 0) return null;
  const lower = new Float64Array(steps);
  const upper = new Float64Array(steps);
  const q = levelPercent / 100;
  const shares = sharesFor(errors.length, reached);
  let lo = 0;
  let hi = 0;
  for (let h = 1; h <= steps; h++) {
    if (h <= reached) {
      const m = gatherShares(errors, h, reached, shares);
      lo = Math.min(lo, leftOutQuantile(shares, errors.length, -1, m, (1 - q) / 2));
      hi = Math.max(hi, leftOutQuantile(shares, errors.length, -1, m, (1 + q) / 2));
      lower[h - 1] = lo;
      upper[h - 1] = hi;
    } else {
      lower[h - 1] = (lower[reached - 1]! * h) / reached;
      upper[h - 1] = (upper[reached - 1]! * h) / reached;
    }
  }
  return { lower, upper };
}

/**
 * A fitted model whose intervals come from its rolling-origin backtest instead of its own
 * assumptions: what it got wrong on held-out history is what it is expected to get wrong next.
 * Without backtest errors the model's own intervals stay. `trend`: the growth per step whose rate
 * uncertainty the interval holds at least (growthSpread); the model's own by default.
 */
export function calibrated(fitted: FittedModel, backtest: Backtest, scale: ErrorScale, bounds: Bounds, trend: number | null = trendPerStep(fitted)): FittedModel {
  const clamp = (v: number): number => Math.min(bounds.max, Math.max(bounds.min, v));
  return {
    name: fitted.name,
    predict(horizonSteps: number, levelPercent: number): ForecastPoint[] {
      checkPredictArgs(horizonSteps, levelPercent);
      const points = fitted.predict(horizonSteps, levelPercent);
      const offsets = intervalOffsets(backtest.errors, horizonSteps, levelPercent);
      if (!offsets) return points;
      const growth = growthSpread(points, levelPercent, trend);
      return points.map((p, h) => {
        const centre = scale.forward(p.value);
        const lower = clamp(scale.inverse(centre + offsets.lower[h]!));
        const upper = clamp(scale.inverse(centre + offsets.upper[h]!));
        return { timeMs: p.timeMs, value: p.value, lower: Math.min(lower, clamp(p.value - growth(h))), upper: Math.max(upper, clamp(p.value + growth(h))) };
      });
    },
    describe: () => fitted.describe(),
  };
}

/**
 * The half-width growth-rate uncertainty alone gives at step h (0-based): z · GROWTH_RATE_SD ·
 * |mean growth per step over the horizon| · (h + 1). Zero for a forecast that does not grow.
 */
export function growthSpread(points: readonly ForecastPoint[], levelPercent: number, trend: number | null = null): (h: number) => number {
  const n = points.length;
  const rate = trend !== null ? Math.abs(trend) : n > 1 ? Math.abs(points[n - 1]!.value - points[0]!.value) / (n - 1) : 0;
  const z = zForLevel(levelPercent);
  return (h) => z * GROWTH_RATE_SD * rate * (h + 1);
}

/**
 * The trend's growth per step, on the series' own scale, where the model describes one (Runway's
 * model: the larger of its recent and long-run slopes, a seasonal swing not counted as growth);
 * null otherwise.
 */
export function trendPerStep(fitted: FittedModel): number | null {
  const d = fitted.describe() as { trend?: { slopePerDay?: unknown; longRunSlopePerDay?: unknown }; stepMs?: unknown; scale?: unknown };
  const slope = d.trend?.slopePerDay;
  if (typeof slope !== 'number' || typeof d.stepMs !== 'number' || d.scale === 'log') return null;
  // The recent rate or the long-run one, whichever is larger: a store that paused between bulk
  // imports can grow at its long-run rate again.
  const longRun = typeof d.trend?.longRunSlopePerDay === 'number' ? d.trend.longRunSlopePerDay : 0;
  return (Math.max(Math.abs(slope), Math.abs(longRun)) * d.stepMs) / 86_400_000;
}

/**
 * Coverage of the calibrated interval on held-out outcomes, each origin judged by offsets learnt
 * from the other origins only (leave one origin out), so it is not flattered by its own errors.
 * NaN with fewer than two origins.
 */
export function heldOutCoverage(backtest: Backtest, levelPercent: number): number {
  const { errors, horizonSteps } = backtest;
  if (errors.length < 2) return NaN;
  const reach = errors.map(lastFinite);
  if (reach.every((r) => r === reach[0]) && reach[0]! >= 0) return leaveOneOutInOnePass(errors, reach[0]! + 1, levelPercent);
  let inside = 0;
  let total = 0;
  errors.forEach((e, k) => {
    const offsets = intervalOffsets(errors.filter((_, j) => j !== k), horizonSteps, levelPercent);
    if (!offsets) return;
    e.forEach((v, h) => {
      if (!Number.isFinite(v)) return;
      total++;
      if (v >= offsets.lower[h]! && v <= offsets.upper[h]!) inside++;
    });
  });
  return total > 0 ? inside / total : NaN;
}

/**
 * heldOutCoverage when every origin reaches the same horizon (the usual case), so every
 * leave-one-out pool is the other origins' shares of one pool: each origin's share at a horizon is
 * sorted once (a dozen values, in the order of a smooth error path), and each leave-one-out
 * quantile is read by merging the others' shares from the nearer end, a few values deep. The same
 * offsets as intervalOffsets on the other origins, at a fraction of the cost of one call per origin.
 */
function leaveOneOutInOnePass(errors: readonly Float64Array[], reached: number, levelPercent: number): number {
  const origins = errors.length;
  const q = levelPercent / 100;
  const shares = sharesFor(origins, reached);
  const lower = new Float64Array(origins);
  const upper = new Float64Array(origins);
  let inside = 0;
  let total = 0;
  for (let h = 1; h <= reached; h++) {
    const m = gatherShares(errors, h, reached, shares);
    for (let j = 0; j < origins; j++) {
      const left = m - (shares.to[j]! - shares.from[j]!);
      lower[j] = Math.min(lower[j]!, leftOutQuantile(shares, origins, j, left, (1 - q) / 2));
      upper[j] = Math.max(upper[j]!, leftOutQuantile(shares, origins, j, left, (1 + q) / 2));
      const v = errors[j]![h - 1]!;
      if (!Number.isFinite(v)) continue;
      total++;
      if (v >= lower[j]! && v <= upper[j]!) inside++;
    }
  }
  return total > 0 ? inside / total : NaN;
}

/** Each origin's sorted share of a pool: values[from[j], to[j]); `at` is a merge's cursor per share. */
interface Share {
  values: Float64Array;
  from: Int32Array;
  to: Int32Array;
  at: Int32Array;
}

/** Room for every horizon's pool of `origins` origins' errors up to `reached`. */
function sharesFor(origins: number, reached: number): Share {
  const values = new Float64Array(origins * (2 * Math.max(2, Math.round(reached / 4)) + 1));
  return { values, from: new Int32Array(origins), to: new Int32Array(origins), at: new Int32Array(origins) };
}

/**
 * The pool of errors horizon h is calibrated from, one sorted share per origin (a dozen values, in
 * the order of a smooth error path, so sorting by insertion is cheap); returns the pool's size.
 * Neighbouring horizons' errors move together, so a wide window (±25 %, at least ±2 steps) is
 * sampled at about POOL_HORIZONS of its horizons: as informative, and each pool stays small.
 */
function gatherShares(errors: readonly Float64Array[], h: number, reached: number, shares: Share): number {
  const w = Math.max(2, Math.round(h / 4));
  const stride = Math.max(1, Math.floor((2 * w + 1) / POOL_HORIZONS));
  let m = 0;
  for (let j = 0; j < errors.length; j++) {
    const e = errors[j]!;
    shares.from[j] = m;
    for (let k = Math.max(1, h - w); k <= Math.min(reached, h + w); k += stride) {
      const v = e[k - 1]!;
      if (!Number.isFinite(v)) continue;
      let i = m++;
      for (; i > shares.from[j]! && shares.values[i - 1]! > v; i--) shares.values[i] = shares.values[i - 1]!;
      shares.values[i] = v;
    }
    shares.to[j] = m;
  }
  return m;
}

/**
 * The type-7 quantile p of the `left` values of the shares but origin `skip`'s (−1: of all of
 * them), interpolated between its two order statistics (order-statistics.ts); 0 for none.
 */
function leftOutQuantile(shares: Share, origins: number, skip: number, left: number, p: number): number {
  if (left === 0) return 0;
  const x = p * (left - 1);
  const i = Math.floor(x);
  const f = x - i;
  // Ranks i and i + 1, merged from the nearer end.
  const fromTop = i >= left / 2;
  const steps = fromTop ? left - 1 - i : i + 1;
  for (let j = 0; j < origins; j++) shares.at[j] = fromTop ? shares.to[j]! - 1 : shares.from[j]!;
  let a = NaN;
  let b = NaN;
  for (let s = 0; s <= steps && s < left; s++) {
    let pick = -1;
    for (let j = 0; j < origins; j++) {
      if (j === skip) continue;
      const c = shares.at[j]!;
      if (fromTop ? c < shares.from[j]! : c >= shares.to[j]!) continue;
      if (pick < 0 || (fromTop ? shares.values[c]! > shares.values[shares.at[pick]!]! : shares.values[c]! < shares.values[shares.at[pick]!]!)) pick = j;
    }
    const v = shares.values[shares.at[pick]!]!;
    shares.at[pick] = shares.at[pick]! + (fromTop ? -1 : 1);
    // From the bottom the walk meets rank i then i + 1; from the top, i + 1 then i.
    if (fromTop) {
      if (s === steps - 1) b = v;
      if (s === steps) a = v;
    } else {
      if (s === steps - 1) a = v;
      if (s === steps) b = v;
    }
  }
  return i + 1 < left ? a * (1 - f) + b * f : a;
}

function lastFinite(e: Float64Array): number {
  for (let i = e.length - 1; i >= 0; i--) if (Number.isFinite(e[i]!)) return i;
  return -1;
}
