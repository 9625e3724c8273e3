/**
 * Trend estimators on irregular (gappy) observations, sorted by time. Times are ms; slopes per ms.
 */

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
    const [st, sy, stt, sty, syy] = this.s as [Float64Array, Float64Array, Float64Array, Float64Array, Float64Array];
    const m = b - a;
    const t = st[b]! - st[a]!;
    const y = sy[b]! - sy[a]!;
    const sxx = stt[b]! - stt[a]! - (t * t) / m;
    const sxy = sty[b]! - sty[a]! - (t * y) / m;
    const syyc = syy[b]! - syy[a]! - (y * y) / m;
    return Math.max(0, sxx > 1e-12 ? syyc - (sxy * sxy) / sxx : syyc);
  }
}
