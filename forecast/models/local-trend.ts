/**
 * Trend estimators on irregular (gappy) observations, sorted by time. Times are ms; slopes per ms.
 */
import { DAY_MS } from '../series.ts';

export interface LineFit {
  /** Value of the line at originMs. */
  level: number;
  /** Per ms. */
  slope: number;
  /** Observed minus fitted, in input order. */
  residuals: Float64Array;
}

/** Ordinary least-squares line through (times, values), parameterised at originMs. */
export function fitLine(times: ArrayLike<number>, values: ArrayLike<number>, originMs: number): LineFit {
  const n = times.length;
  let meanT = 0;
  let meanY = 0;
  for (let i = 0; i < n; i++) {
    meanT += (times[i]! - originMs) / n;
    meanY += values[i]! / n;
  }
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    const dt = times[i]! - originMs - meanT;
    sxx += dt * dt;
    sxy += dt * (values[i]! - meanY);
  }
  const slope = sxx > 0 ? sxy / sxx : 0;
  const level = meanY - slope * meanT;
  const residuals = new Float64Array(n);
  for (let i = 0; i < n; i++) residuals[i] = values[i]! - level - slope * (times[i]! - originMs);
  return { level, slope, residuals };
}

export interface RecentTrend extends LineFit {
  /** Start of the segment the line was fitted on, when a break was found; null for one line. */
  breakMs: number | null;
  /** Observations behind the line. */
  n: number;
}

/** A new growth rate must show on this many days on each side of its break: two weeks, less is noise. */
const MIN_SEGMENT = 14;
/** A step (a level that jumped, the rate unchanged) shows sooner: this many days after it. */
const MIN_STEP_SEGMENT = 3;
/**
 * How much better (in BIC) two regimes must explain the window than one line before the later
 * one is trusted: a strong-evidence margin, so noise and sawtooth do not pass for a change.
 */
const BREAK_BIC_MARGIN = 10;

/**
 * The line to extrapolate from a recent window: one line through it, or, when the window clearly
 * holds two regimes, the later one. Two kinds of break are weighed by BIC: a new growth rate (a
 * separate line after the break, at least two weeks of it) and a step (a new level with the same
 * rate on both sides, from three days after it). A step thus re-bases the level days after it
 * happened instead of passing for a steeper slope, and a growth that doubled is followed at the
 * new rate. A later regime with a clear break of its own is followed to its own last regime.
 */
export function fitRecentTrend(times: ArrayLike<number>, values: ArrayLike<number>, originMs: number): RecentTrend {
  const n = times.length;
  const whole = fitLine(times, values, originMs);
  const single = { ...whole, breakMs: null, n };
  // The minimum stretches are days: as many observations as a day holds, on an hourly step 24 each.
  const perDay = n > 1 ? Math.max(1, Math.round(DAY_MS / ((times[n - 1]! - times[0]!) / (n - 1)))) : 1;
  const minSegment = MIN_SEGMENT * perDay;
  const minStep = MIN_STEP_SEGMENT * perDay;
  if (n < minSegment + minStep) return single;
  const logN = Math.log(n);
  const bic = (sse: number, parameters: number) => n * Math.log(Math.max(sse, 1e-12) / n) + parameters * logN;
  const sums = new SegmentSums(times, values, originMs);
  const wholeBic = bic(sums.sse(0, n), 2);
  let best = { bic: wholeBic, k: -1, step: false };
  // The residual sum of squares below which a break with this many parameters could beat the best
  // so far, a little generous: a candidate's BIC (two logarithms) is computed only under it, and
  // the comparison made on it is the same as ever.
  const under = (parameters: number): number => n * Math.exp((best.bic - parameters * logN) / n) * (1 + 1e-9);
  let stepUnder = under(4);
  let rateUnder = under(5);
  const consider = (sse: number, parameters: number, limit: number, k: number, step: boolean): void => {
    if (!(sse < limit)) return;
    const candidate = bic(sse, parameters);
    if (!(candidate < best.bic)) return;
    best = { bic: candidate, k, step };
    stepUnder = under(4);
    rateUnder = under(5);
  };
  // Prefix sums make each candidate break O(1), so scanning every day of the window stays cheap.
  for (let k = minSegment; k <= n - minStep; k++) {
    consider(sums.stepSse(k, n), 4, stepUnder, k, true);
    if (k <= n - minSegment) consider(sums.sse(0, k) + sums.sse(k, n), 5, rateUnder, k, false);
  }
  if (best.k < 0 || wholeBic - best.bic < BREAK_BIC_MARGIN) return single;
  const breakMs = times[best.k]!;
  if (best.step) return { ...sums.stepLine(best.k, n, times, values), breakMs, n };
  // The later regime may itself hold two (an import's ramp, then a plateau): it is split again on
  // the same terms, so the line extrapolated is the last regime's, not one drawn through both.
  const later = fitRecentTrend(tail(times, best.k), tail(values, best.k), originMs);
  return later.breakMs !== null ? later : { ...later, breakMs, n: n - best.k };
}

/** The values from index k on: a view of a typed array, a copy of anything else. */
function tail(xs: ArrayLike<number>, k: number): ArrayLike<number> {
  if (xs instanceof Float64Array) return xs.subarray(k);
  const out = new Float64Array(xs.length - k);
  for (let i = 0; i < out.length; i++) out[i] = xs[k + i]!;
  return out;
}

/** Centred sums of one segment. */
interface Segment {
  m: number;
  tMean: number;
  yMean: number;
  stt: number;
  sty: number;
  syy: number;
}

/** Running sums of t, y, t², t·y, y² (t in days from the origin, y centred) for O(1) segment fits. */
class SegmentSums {
  private readonly s: Float64Array[];
  private readonly mean: number;
  private readonly originMs: number;
  private readonly scratch = new Float64Array(6);
  constructor(times: ArrayLike<number>, values: ArrayLike<number>, originMs: number) {
    this.originMs = originMs;
    const n = times.length;
    let mean = 0;
    for (let i = 0; i < n; i++) mean += values[i]! / n;
    this.mean = mean;
    this.s = Array.from({ length: 5 }, () => new Float64Array(n + 1));
    const [st, sy, stt, sty, syy] = this.s as [Float64Array, Float64Array, Float64Array, Float64Array, Float64Array];
    for (let i = 0; i < n; i++) {
      const t = (times[i]! - originMs) / DAY_MS;
      const y = values[i]! - mean;
      st[i + 1] = st[i]! + t;
      sy[i + 1] = sy[i]! + y;
      stt[i + 1] = stt[i]! + t * t;
      sty[i + 1] = sty[i]! + t * y;
      syy[i + 1] = syy[i]! + y * y;
    }
  }

  /** Observations a..b-1, centred on their own means (y still relative to the window's mean). */
  segment(a: number, b: number): Segment {
    const [st, sy, stt, sty, syy] = this.s as [Float64Array, Float64Array, Float64Array, Float64Array, Float64Array];
    const m = b - a;
    const t = st[b]! - st[a]!;
    const y = sy[b]! - sy[a]!;
    return {
      m, tMean: t / m, yMean: y / m,
      stt: stt[b]! - stt[a]! - (t * t) / m,
      sty: sty[b]! - sty[a]! - (t * y) / m,
      syy: syy[b]! - syy[a]! - (y * y) / m,
    };
  }

  /** Residual sum of squares of the least-squares line through observations a..b-1. */
  sse(a: number, b: number): number {
    const c = this.centred(a, b, 0);
    const stt = c[0]!;
    const sty = c[1]!;
    const syy = c[2]!;
    return Math.max(0, stt > 1e-12 ? syy - (sty * sty) / stt : syy);
  }

  /** Residual sum of squares of two lines with one slope, through 0..k-1 and k..n-1 (a step at k). */
  stepSse(k: number, n: number): number {
    this.centred(0, k, 0);
    const c = this.centred(k, n, 3);
    const stt = c[0]! + c[3]!;
    const sty = c[1]! + c[4]!;
    return Math.max(0, stt > 1e-12 ? c[2]! + c[5]! - (sty * sty) / stt : c[2]! + c[5]!);
  }

  /**
   * segment(a, b)'s stt, sty and syy, written to a scratch buffer at `at` instead of a new object:
   * the break scan asks for three segments at every day of the window.
   */
  private centred(a: number, b: number, at: number): Float64Array {
    const [st, sy, stt, sty, syy] = this.s as [Float64Array, Float64Array, Float64Array, Float64Array, Float64Array];
    const m = b - a;
    const t = st[b]! - st[a]!;
    const y = sy[b]! - sy[a]!;
    const c = this.scratch;
    c[at] = stt[b]! - stt[a]! - (t * t) / m;
    c[at + 1] = sty[b]! - sty[a]! - (t * y) / m;
    c[at + 2] = syy[b]! - syy[a]! - (y * y) / m;
    return c;
  }

  /** The line after a step at k: the shared slope, the later segment's level at the origin, residuals on both sides. */
  stepLine(k: number, n: number, times: ArrayLike<number>, values: ArrayLike<number>): LineFit {
    const [l, r] = [this.segment(0, k), this.segment(k, n)];
    const stt = l.stt + r.stt;
    const slopePerDay = stt > 1e-12 ? (l.sty + r.sty) / stt : 0;
    const levelOf = (seg: Segment): number => this.mean + seg.yMean - slopePerDay * seg.tMean;
    const residuals = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const t = (times[i]! - this.originMs) / DAY_MS;
      residuals[i] = values[i]! - levelOf(i < k ? l : r) - slopePerDay * t;
    }
    return { level: levelOf(r), slope: slopePerDay / DAY_MS, residuals };
  }
}
