/**
 * The numbers the real-corpus tables print, as plain functions over scored cases, so that each can
 * be checked on a handful of hand-made cases (metrics.test.ts).
 */

/** One method on one series, from one origin, for one horizon. */
export interface ScoredCase {
  /** series@origin-date+horizon: the same key for every method. */
  key: string;
  series: string;
  horizon: number;
  trainDays: number;
  /** Mean absolute error over the outcomes. */
  mae: number;
  /** MAE ÷ in-sample seasonal naive MAE of the training window (MASE). */
  mase: number;
  /** Outcomes inside the interval, per level (LEVELS order). */
  inside: number[];
  outcomes: number;
  ms: number;
  cpuMs: number;
}

export const geometricMean = (xs: readonly number[]): number =>
  xs.length === 0 ? NaN : Math.exp(xs.reduce((s, x) => s + Math.log(x), 0) / xs.length);

export const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s.length % 2 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

/** Nearest-rank percentile (p in 0..1). */
export const percentile = (xs: readonly number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))]!;
};

/**
 * In-sample MAE of the seasonal naive forecast (each value predicted by the one `lag` before),
 * the MASE denominator; pairs with a gap are skipped. NaN when no pair is left.
 */
export function naiveScale(values: readonly number[], lag = 7): number {
  let sum = 0;
  let n = 0;
  for (let i = lag; i < values.length; i++) {
    const d = Math.abs(values[i]! - values[i - lag]!);
    if (Number.isFinite(d)) {
      sum += d;
      n++;
    }
  }
  return n === 0 ? NaN : sum / n;
}

/** Keeps only the cases every method scored, so all methods are compared on the same ones. */
export function sameCases<T extends { key: string }>(byMethod: ReadonlyMap<string, readonly T[]>): Map<string, T[]> {
  const counts = new Map<string, number>();
  for (const rs of byMethod.values()) for (const r of rs) counts.set(r.key, (counts.get(r.key) ?? 0) + 1);
  return new Map([...byMethod].map(([name, rs]) => [name, rs.filter((r) => counts.get(r.key) === byMethod.size)]));
}

export interface RealSummary {
  cases: number;
  /** Geometric mean over cases of MASE ÷ seasonal naive's MASE on the same case. */
  geoRatio: number;
  meanMase: number;
  /** The case with the largest ratio to seasonal naive. */
  worst: { ratio: number; key: string } | null;
  /** Cases whose MASE is more than twice seasonal naive's. */
  blowUps: number;
  /** Share of outcomes inside the interval, per level. */
  coverage: number[];
  medianMs: number;
  medianCpuMs: number;
}

/** A method's cases against seasonal naive's; ratios need a positive naive error (a flat stretch has none). */
export function summarise(results: readonly ScoredCase[], naive: readonly ScoredCase[]): RealSummary {
  const naiveMae = new Map(naive.map((r) => [r.key, r.mae]));
  const ratios: { ratio: number; key: string }[] = [];
  for (const r of results) {
    const base = naiveMae.get(r.key);
    if (base === undefined || !(base > 0)) continue;
    // A perfect forecast's ratio of 0 would zero the geometric mean: floor it at a millionth.
    ratios.push({ ratio: Math.max(1e-6, r.mae / base), key: r.key });
  }
  const worst = ratios.reduce<{ ratio: number; key: string } | null>((w, x) => (w === null || x.ratio > w.ratio ? x : w), null);
  const outcomes = results.reduce((s, r) => s + r.outcomes, 0);
  const levels = results[0]?.inside.length ?? 0;
  const mases = results.map((r) => r.mase).filter(Number.isFinite);
  return {
    cases: results.length,
    geoRatio: geometricMean(ratios.map((x) => x.ratio)),
    meanMase: mases.reduce((s, x) => s + x, 0) / Math.max(1, mases.length),
    worst,
    blowUps: ratios.filter((x) => x.ratio > 2).length,
    coverage: Array.from({ length: levels }, (_, l) => results.reduce((s, r) => s + r.inside[l]!, 0) / Math.max(1, outcomes)),
    medianMs: median(results.map((r) => r.ms)),
    medianCpuMs: median(results.map((r) => r.cpuMs)),
  };
}
