import type { MemEvidence } from '../../core/runway-row.ts';
import { DAY_MS } from '../series.ts';
import { byDay, days, pearson } from './disk-evidence.ts';

type Samples = { timeMs: number; value: number }[];

/** Days of history the evidence looks at: recent enough to be today's cause, long enough to see a trend. */
const WINDOW_DAYS = 90;

/**
 * Whether a host's memory grows with its traffic or on its own. Over the last 90 days: the daily
 * peak's slope (percentage points a day), the daily peak load's relative slope (a share of its
 * mean a day), and how closely memory follows load day by day. Memory that climbs while load stays
 * flat is a leak (or a cache without a bound); memory that rises and falls with load is capacity.
 */
export function memEvidence(dailyMax: Samples, load: Samples | undefined, endMs: number): MemEvidence {
  const mem = byDay(dailyMax);
  const window = days(endMs, WINDOW_DAYS, 0);
  const memSlopePerDay = slope(window.flatMap((d) => (mem.has(d) ? [[d / DAY_MS, mem.get(d)!] as const] : []))) ?? 0;
  if (!load) return { memSlopePerDay, loadSlopePerDay: null, loadCorrelation: null };
  const l = byDay(load);
  const loads = window.flatMap((d) => (l.has(d) ? [[d / DAY_MS, l.get(d)!] as const] : []));
  const meanLoad = loads.reduce((a, [, v]) => a + v, 0) / Math.max(1, loads.length);
  const loadSlope = slope(loads);
  const both = window.filter((d) => mem.has(d) && l.has(d));
  return {
    memSlopePerDay,
    loadSlopePerDay: loadSlope === null || !(meanLoad > 0) ? null : loadSlope / meanLoad,
    loadCorrelation: both.length >= 30 ? pearson(both.map((d) => mem.get(d)!), both.map((d) => l.get(d)!)) : null,
  };
}

/** Least-squares slope of y over x; null with fewer than 30 points. */
function slope(points: readonly (readonly [number, number])[]): number | null {
  if (points.length < 30) return null;
  const n = points.length;
  const mx = points.reduce((a, [x]) => a + x, 0) / n;
  const my = points.reduce((a, [, y]) => a + y, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (const [x, y] of points) {
    sxy += (x - mx) * (y - my);
    sxx += (x - mx) ** 2;
  }
  return sxx > 0 ? sxy / sxx : null;
}
