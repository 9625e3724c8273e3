/**
 * Trend estimators on irregular (gappy) observations, sorted by time. Times are ms; slopes per ms.
 */

/**
 * Local linear regression with a flat window of ±halfWindowMs around each observation, evaluated
 * there. With a year-wide window a periodic yearly pattern averages out of it, so the trend
 * follows changes in growth without soaking up the seasonality.
 */
export function localLinearTrend(times: readonly number[], values: ArrayLike<number>, halfWindowMs: number): Float64Array {
  const n = times.length;
  const out = new Float64Array(n);
  // Running sums with time in days from the first observation and values centred, so adding and
  // later subtracting byte-sized values keeps its precision.
  const t0 = times[0]!;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += values[i]! / n;
  const day = (i: number): number => (times[i]! - t0) / 86_400_000;
  let s0 = 0;
  let st = 0;
  let stt = 0;
  let sy = 0;
  let sty = 0;
  const add = (i: number, sign: number): void => {
    const t = day(i);
    const y = values[i]! - mean;
    s0 += sign;
    st += sign * t;
    stt += sign * t * t;
    sy += sign * y;
    sty += sign * t * y;
  };
  let lo = 0;
  let hi = 0; // the window holds observations lo..hi-1
  for (let i = 0; i < n; i++) {
    while (hi < n && times[hi]! <= times[i]! + halfWindowMs) add(hi++, 1);
    while (times[lo]! < times[i]! - halfWindowMs) add(lo++, -1);
    const spread = s0 * stt - st * st;
    const slope = spread > 1e-9 * s0 * s0 ? (s0 * sty - st * sy) / spread : 0;
    out[i] = mean + (sy - slope * st) / s0 + slope * day(i);
  }
  return out;
}

export interface LineFit {
  /** Value of the line at originMs. */
  level: number;
  /** Per ms. */
  slope: number;
  /** Observed minus fitted, in input order. */
  residuals: Float64Array;
}

/** Ordinary least-squares line through (times, values), parameterised at originMs. */
export function fitLine(times: readonly number[], values: ArrayLike<number>, originMs: number): LineFit {
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
  const residuals = Float64Array.from({ length: n }, (_, i) => values[i]! - level - slope * (times[i]! - originMs));
  return { level, slope, residuals };
}

export interface RecentTrend extends LineFit {
  /** Start of the segment the line was fitted on, when a break was found; null for one line. */
  breakMs: number | null;
  /** Observations behind the line. */
  n: number;
}

/** A break must leave this many observations on each side: two weeks show a new rate, less is noise. */
const MIN_SEGMENT = 14;
/**
 * How much better (in BIC) two separate lines must explain the window than one line before the
 * later one is trusted: a strong-evidence margin, so noise and sawtooth do not pass for a change.
 */
const BREAK_BIC_MARGIN = 10;

/**
 * The line to extrapolate from a recent window: one line through it, or, when the window clearly
 * holds two regimes (a step from a new application, a growth rate that doubled), the line through
 * the later regime only. Separate lines on either side of the break, not a hinge, so a step
 * re-bases the level instead of passing for a steeper slope.
 */
export function fitRecentTrend(times: readonly number[], values: ArrayLike<number>, originMs: number): RecentTrend {
  const n = times.length;
  const whole = fitLine(times, values, originMs);
  const single = { ...whole, breakMs: null, n };
  if (n < 2 * MIN_SEGMENT) return single;
  const bic = (sse: number, parameters: number) => n * Math.log(Math.max(sse, 1e-12) / n) + parameters * Math.log(n);
  const sums = new SegmentSums(times, values, originMs);
  const wholeBic = bic(sums.sse(0, n), 2);
  let best = { bic: wholeBic, k: -1 };
  // Prefix sums make each candidate break O(1), so scanning every day of the window stays cheap.
  for (let k = MIN_SEGMENT; k <= n - MIN_SEGMENT; k++) {
    const candidate = bic(sums.sse(0, k) + sums.sse(k, n), 5);
    if (candidate < best.bic) best = { bic: candidate, k };
  }
  if (best.k < 0 || wholeBic - best.bic < BREAK_BIC_MARGIN) return single;
  const all = Array.from(values as ArrayLike<number>);
  const later = fitLine(times.slice(best.k), all.slice(best.k), originMs);
  return { ...later, breakMs: times[best.k]!, n: n - best.k };
}

/** Running sums of t, y, t², t·y, y² (t in days from the origin, y centred) for O(1) segment fits. */
class SegmentSums {
  private readonly s: Float64Array[];
  constructor(times: readonly number[], values: ArrayLike<number>, originMs: number) {
    const n = times.length;
    let mean = 0;
    for (let i = 0; i < n; i++) mean += values[i]! / n;
    this.s = Array.from({ length: 5 }, () => new Float64Array(n + 1));
    const [st, sy, stt, sty, syy] = this.s as [Float64Array, Float64Array, Float64Array, Float64Array, Float64Array];
    for (let i = 0; i < n; i++) {
      const t = (times[i]! - originMs) / 86_400_000;
      const y = values[i]! - mean;
      st[i + 1] = st[i]! + t;
      sy[i + 1] = sy[i]! + y;
      stt[i + 1] = stt[i]! + t * t;
      sty[i + 1] = sty[i]! + t * y;
      syy[i + 1] = syy[i]! + y * y;
    }
  }

  /** Residual sum of squares of the least-squares line through observations a..b-1. */
  sse(a: number, b: number): number {
    const m = b - a;
    const d = (k: number): number => this.s[k]![b]! - this.s[k]![a]!;
    const [t, y, tt, ty, yy] = [d(0), d(1), d(2), d(3), d(4)];
    const sxx = tt - (t * t) / m;
    const sxy = ty - (t * y) / m;
    const syy = yy - (y * y) / m;
    return Math.max(0, sxx > 1e-12 ? syy - (sxy * sxy) / sxx : syy);
  }
}
