import type { ForecastPoint } from './series.ts';

/** When a forecast first reaches a threshold, in ms since the epoch; null: not within the forecast. */
export interface Crossing {
  /** Pessimistic: first step whose upper bound reaches the threshold. */
  earliest: number | null;
  /** First step whose point forecast reaches the threshold. */
  likely: number | null;
  /** Optimistic: first step whose lower bound reaches the threshold. */
  latest: number | null;
}

/**
 * First upward crossings of `threshold` by the upper, point and lower forecasts ("reaches" means ≥).
 * Points must be in time order. Only the forecast is searched: a series already above the
 * threshold crosses at its first forecast step.
 */
export function findCrossing(points: readonly ForecastPoint[], threshold: number): Crossing {
  const first = (pick: (p: ForecastPoint) => number): number | null =>
    points.find((p) => pick(p) >= threshold)?.timeMs ?? null;
  return { earliest: first((p) => p.upper), likely: first((p) => p.value), latest: first((p) => p.lower) };
}
