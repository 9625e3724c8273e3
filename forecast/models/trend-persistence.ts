import { selectPositions } from '../order-statistics.ts';

/**
 * How long a recent growth rate is trusted to last. A regime seen for m days, with a slope that
 * differs from the long-run rate by z standard errors, keeps its extra slope for about m/4 days,
 * longer when z is large (τ = m/4 · max(1, (z/4)³)): the extra slope then fades as exp(−h/τ).
 * A disk whose growth doubled a month ago with little noise (z in the tens or more) keeps the new
 * rate over any horizon we forecast; a noisy two-week burst (z of a few) adds a few days' worth of
 * its slope to the long-run rate.
 */

/** Above this many standard errors from the long-run rate, the evidence lengthens a regime's persistence (cubically). */
const Z_TRUSTED = 4;
/** Without strong evidence, a regime's extra slope fades over a quarter of the time it has been seen. */
const PERSIST_SHARE = 0.25;
/** τ beyond this many days is a straight line for any horizon we forecast. */
const FOREVER_DAYS = 36_500;

export interface Persistence {
  /** The slope the forecast tends to, per ms. */
  longRunSlopePerMs: number;
  /** Time constant of the recent slope's fade, ms; Infinity: the recent slope holds. */
  persistMs: number;
  /** Standard errors between the recent and the long-run slope (autocorrelation-corrected). */
  evidence: number;
}

/**
 * Long-run growth rate of seasonally adjusted values (times ascending, ms): the median of the
 * changes over `lagMs` (a year when the history allows, half of it otherwise) across the last year,
 * per ms. A median of year-on-year changes ignores a step or a burst that touches few of its pairs.
 */
export function longRunSlope(times: ArrayLike<number>, values: ArrayLike<number>, stepMs: number): number {
  const n = times.length;
  if (n < 3) return 0;
  const spanMs = times[n - 1]! - times[0]!;
  const yearMs = 365 * 86_400_000;
  const lagMs = Math.max(stepMs, Math.round(Math.min(yearMs, spanMs / 2) / stepMs) * stepMs);
  const fromMs = times[n - 1]! - Math.min(yearMs, spanMs - lagMs);
  const changes: number[] = [];
  // Two cursors: j walks to the observation lagMs before i's.
  let j = 0;
  for (let i = 0; i < n; i++) {
    if (times[i]! < fromMs) continue;
    const target = times[i]! - lagMs;
    while (j < i && times[j]! < target) j++;
    if (times[j] === target) changes.push((values[i]! - values[j]!) / lagMs);
  }
  if (changes.length === 0) return (values[n - 1]! - values[0]!) / Math.max(spanMs, 1);
  const sorted = Float64Array.from(changes);
  const m = sorted.length >> 1;
  // The middle one or two order statistics, selected rather than sorted.
  selectPositions(sorted, sorted.length % 2 ? [m] : [m - 1, m]);
  return sorted.length % 2 ? sorted[m]! : (sorted[m - 1]! + sorted[m]!) / 2;
}

/**
 * The persistence of a recent line (slope per ms, fitted on regimeTimes with these residuals)
 * against the long-run slope. `seasonsSeen` false: the history is shorter than a year, so however
 * clear the slope, it may be a season's (an electricity load falling from winter into summer), and
 * the evidence does not lengthen it beyond a quarter of the time it was seen.
 */
export function persistence(slopePerMs: number, longRunSlopePerMs: number, regimeTimes: ArrayLike<number>, residuals: ArrayLike<number>, seasonsSeen = true): Persistence {
  const m = residuals.length;
  const times = new Float64Array(m);
  for (let i = 0; i < m; i++) times[i] = regimeTimes[regimeTimes.length - m + i]!;
  if (m < 3) return { longRunSlopePerMs, persistMs: 0, evidence: 0 };
  let mean = 0;
  for (const t of times) mean += t / m;
  let stt = 0;
  let sse = 0;
  let lag = 0;
  for (let i = 0; i < m; i++) {
    stt += (times[i]! - mean) ** 2;
    sse += residuals[i]! ** 2;
    if (i > 0) lag += residuals[i]! * residuals[i - 1]!;
  }
  // Residuals that wander (a random walk, not noise around a line) make the slope far less certain
  // than independent noise would: the standard error grows by √((1+ρ)/(1−ρ)).
  const rho = sse > 0 ? Math.min(0.95, Math.max(0, lag / sse)) : 0;
  const se = Math.sqrt(sse / Math.max(1, m - 2) / Math.max(stt, 1e-9)) * Math.sqrt((1 + rho) / (1 - rho));
  const diff = Math.abs(slopePerMs - longRunSlopePerMs);
  const evidence = se > 0 ? diff / se : diff > 0 ? Infinity : 0;
  const regimeMs = times[m - 1]! - times[0]!;
  const persistMs = regimeMs * PERSIST_SHARE * (seasonsSeen ? Math.max(1, (evidence / Z_TRUSTED) ** 3) : 1);
  return { longRunSlopePerMs, persistMs: persistMs > FOREVER_DAYS * 86_400_000 ? Infinity : persistMs, evidence };
}

/** How far the trend has moved dtMs after its end: the long-run rate plus the recent extra slope, fading. */
export function trendOffset(slopePerMs: number, p: Pick<Persistence, 'longRunSlopePerMs' | 'persistMs'>, dtMs: number): number {
  const extra = slopePerMs - p.longRunSlopePerMs;
  if (p.persistMs === Infinity) return slopePerMs * dtMs;
  if (!(p.persistMs > 0)) return p.longRunSlopePerMs * dtMs;
  return p.longRunSlopePerMs * dtMs + extra * p.persistMs * (1 - Math.exp(-dtMs / p.persistMs));
}
