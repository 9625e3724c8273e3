/**
 * A regularly spaced series: value i covers the bucket [startMs + i·stepMs, startMs + (i+1)·stepMs).
 * Times are milliseconds since the Unix epoch (UTC).
 */
export interface Series {
  /** Start of the first bucket, ms since the epoch. */
  startMs: number;
  /** Bucket width in ms (86_400_000 for daily). */
  stepMs: number;
  /** One value per bucket; NaN marks a bucket without data. */
  values: number[];
}

/** One forecast step: the point forecast and its prediction interval, all in the series' unit. */
export interface ForecastPoint {
  /** Start of the forecast bucket, ms since the epoch. */
  timeMs: number;
  value: number;
  lower: number;
  upper: number;
}

/** One raw observation before bucketing. */
export interface Sample {
  /** ms since the epoch. */
  timeMs: number;
  value: number;
}

/** How the samples falling into one bucket become its value. */
export type Aggregation = 'mean' | 'max' | 'last';

export const AGGREGATIONS: readonly Aggregation[] = ['mean', 'max', 'last'];

export const DAY_MS = 86_400_000;
export const HOUR_MS = 3_600_000;

