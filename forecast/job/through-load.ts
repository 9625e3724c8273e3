import { linearRegression, linearRegressionLine, mean, sampleCorrelation, standardDeviation } from 'simple-statistics';
import { zForLevel } from '../normal-quantile.ts';
import type { ForecastPoint } from '../series.ts';
import { byDay } from './disk-evidence.ts';

type Samples = { timeMs: number; value: number }[];

/** Days of shared history the relation is measured on: a year, so every season is in it. */
const FIT_DAYS = 365;
/** Fewer days with both figures than this say nothing about how one follows the other. */
const MIN_DAYS = 90;
/** Load must explain at least this share of the daily peak's variance. */
const MIN_R2 = 0.8;
/** Days at the end on which the memory's own drift (a leak on a busy host) is measured. */
const DRIFT_DAYS = 90;

/** The model name a forecast made through the load's carries. */
export const THROUGH_LOAD = 'through-load';

export interface ThroughLoad {
  points: ForecastPoint[];
  /** memory = intercept + slope × load, fitted on the daily peaks. */
  intercept: number;
  slope: number;
  r2: number;
  /** Memory's own scatter around the relation, in its unit. */
  sd: number;
}

/**
 * Memory that rises and falls with the host's traffic (workers, sessions, caches sized by the
 * requests) is forecast through the load's forecast: its Christmas peak is the load's Christmas
 * peak, scaled. A forecast of its own would put the season on a log scale of a quantity that is
 * an offset plus a share of the load, and miss the peak's height. Null when load does not explain
 * the daily peaks well (R² below 0.8), when memory falls as load rises, or when memory drifts on
 * its own besides (the relation's residuals climb over the last 90 days: a leak on a busy host),
 * which memory's own forecast then carries.
 */
export function throughLoad(memory: Samples, load: Samples, loadForecast: readonly ForecastPoint[], opts: { levelPercent: number; bounds: { min: number; max: number } }): ThroughLoad | null {
  const mem = byDay(memory);
  const loads = byDay(load);
  const days = [...mem.keys()].filter((d) => loads.has(d)).sort((a, b) => a - b).slice(-FIT_DAYS);
  if (days.length < MIN_DAYS || loadForecast.length === 0) return null;
  const xs = days.map((d) => loads.get(d)!);
  const ys = days.map((d) => mem.get(d)!);
  const r = sampleCorrelation(xs, ys);
  if (!(r > 0) || !(r * r >= MIN_R2)) return null;
  // Load's daily peak is measured with its own noise, which flattens a least-squares slope (the
  // regression dilution): extrapolated to a Christmas peak higher than any before, it would come
  // out low. The reduced major axis line treats both figures' noise alike.
  const m = standardDeviation(ys) / standardDeviation(xs);
  const fit = { m, b: mean(ys) - m * mean(xs) };
  const line = linearRegressionLine(fit);
  const residuals = xs.map((x, i) => ys[i]! - line(x));
  const sd = standardDeviation(residuals);
  const recent = residuals.slice(-DRIFT_DAYS);
  const drift = linearRegression(recent.map((r, i) => [i, r])).m;
  // Over the drift window the residuals move by less than their own spread: nothing of its own.
  if (Math.abs(drift * recent.length) > sd) return null;
  const z = zForLevel(opts.levelPercent);
  const clamp = (v: number): number => Math.min(opts.bounds.max, Math.max(opts.bounds.min, v));
  const points = loadForecast.map((p) => ({
    timeMs: p.timeMs,
    value: clamp(line(p.value)),
    // The load's own band, scaled, and memory's scatter around the relation on top.
    lower: clamp(line(p.lower) - z * sd),
    upper: clamp(line(p.upper) + z * sd),
  }));
  return { points, intercept: fit.b, slope: fit.m, r2: r * r, sd };
}
