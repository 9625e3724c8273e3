import { errorFunction } from 'simple-statistics';
import { zForLevel } from './normal-quantile.ts';
import type { ForecastPoint } from './series.ts';

/** When a forecast first reaches a threshold, in ms since the epoch; null: not within the forecast. */
export interface Crossing {
  /** Pessimistic: the band's early end. */
  earliest: number | null;
  /** The day the crossing is as likely to have happened by as not. */
  likely: number | null;
  /** Optimistic: the band's late end. */
  latest: number | null;
}

/**
 * The scatter of single days around the forecast (day-noise.ts), in the series' unit at step i
 * of the forecast, whose point value is `value`.
 */
export type DayScatter = (i: number, value: number) => number;

/** What dates a crossing by its first day: the band's level, the day scatter, and how many days scatter as one. */
export interface CrossingNoise {
  levelPercent: number;
  dayScatter: DayScatter;
  /** 1: days scatter independently; k: in spells of about k days, each one chance to reach the threshold. */
  spellDays: number;
}

/**
 * First upward crossings of `threshold` ("reaches" means ≥). Points must be in time order. Only the
 * forecast is searched: a series already above the threshold crosses at its first forecast step.
 *
 * Without `noise`, the crossings of the upper bound, the point forecast and the lower bound.
 * With it, the quantiles of the first day that reaches the threshold (firstPassage below).
 */
export function findCrossing(points: readonly ForecastPoint[], threshold: number, noise?: CrossingNoise): Crossing {
  if (noise) return firstPassage(points, threshold, noise);
  const first = (pick: (p: ForecastPoint) => number): number | null =>
    points.find((p) => pick(p) >= threshold)?.timeMs ?? null;
  return { earliest: first((p) => p.upper), likely: first((p) => p.value), latest: first((p) => p.lower) };
}

/** Normal scores of the forecast's paths, every 0.25 from −4 to 4, with their weights. */
const PATHS = Array.from({ length: 33 }, (_, k) => -4 + k * 0.25);
const WEIGHTS = ((): number[] => {
  const w = PATHS.map((u) => Math.exp((-u * u) / 2));
  const sum = w.reduce((a, b) => a + b, 0);
  return w.map((x) => x / sum);
})();

/** Days further than this many day scatters below the threshold do not reach it. */
const FAR = 8;

const normalCdf = (x: number): number => 0.5 * (1 + errorFunction(x / Math.SQRT2));

/**
 * A forecast's band at step i mixes two kinds of uncertainty: where the path goes (the level, the
 * growth, next season's height), which holds from day to day, and the scatter of single days around
 * it, which does not. The threshold is reached on the first day any peak reaches it, so on a noisy
 * approach that is days before the point path gets there.
 *
 * So: a path is the point forecast plus u times the band's path part (the band's half-width in
 * standard deviations, less the day scatter in quadrature; the upper half for u > 0, the lower for
 * u < 0), with the same u on every day. Around it, days scatter in spells of `spellDays` days that
 * rise and fall together: each spell is one chance, as good as its best day so far. For each path,
 * the chance that no spell up to step i has reached the threshold multiplies up; the chance of a
 * crossing by step i is its complement, weighted over the paths. Likely is the first step where that
 * reaches one half; earliest and latest where it reaches the band's tails ((1 − level) / 2 and its
 * complement). As the day scatter shrinks, these become the crossings of the upper bound, the point
 * and the lower bound.
 */
function firstPassage(points: readonly ForecastPoint[], threshold: number, { levelPercent, dayScatter, spellDays }: CrossingNoise): Crossing {
  const z = zForLevel(levelPercent);
  const spell = Math.max(1, Math.round(spellDays));
  const tail = (1 - levelPercent / 100) / 2;
  // Per path: the chance that no spell before this one reached the threshold, and this spell's best day.
  const notBefore = PATHS.map(() => 1);
  const best = PATHS.map(() => 0);
  const out: Crossing = { earliest: null, likely: null, latest: null };
  for (let i = 0; i < points.length; i++) {
    const p = points[i]!;
    const day = Math.max(0, dayScatter(i, p.value));
    const pathSd = (halfWidth: number): number => Math.sqrt(Math.max(0, (halfWidth / z) ** 2 - day * day));
    const up = pathSd(Math.max(0, p.upper - p.value));
    // Most steps of most series are far below: no path nor day there comes near the threshold.
    if (p.value + PATHS.at(-1)! * up + FAR * day >= threshold) {
      const down = pathSd(Math.max(0, p.value - p.lower));
      let crossed = 0;
      for (let k = 0; k < PATHS.length; k++) {
        const u = PATHS[k]!;
        const path = p.value + u * (u >= 0 ? up : down);
        const reaches = day > 0 ? 1 - normalCdf((threshold - path) / day) : path >= threshold ? 1 : 0;
        best[k] = Math.max(best[k]!, reaches);
        crossed += WEIGHTS[k]! * (1 - notBefore[k]! * (1 - best[k]!));
      }
      if (out.earliest === null && crossed >= tail) out.earliest = p.timeMs;
      if (out.likely === null && crossed >= 0.5) out.likely = p.timeMs;
      if (crossed >= 1 - tail) {
        out.latest = p.timeMs;
        break;
      }
    }
    if ((i + 1) % spell === 0) {
      for (let k = 0; k < PATHS.length; k++) notBefore[k] = notBefore[k]! * (1 - best[k]!);
      best.fill(0);
    }
  }
  return out;
}
