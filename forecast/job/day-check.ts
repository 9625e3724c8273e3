import type { RunwayMetric } from '../../core/runway-row.ts';
import { zForLevel } from '../normal-quantile.ts';
import type { ForecastPoint } from '../series.ts';
import type { ChunkDailySeries, TaggedDailySeries } from './fleet-queries.ts';

const DAY_MS = 86_400_000;
/** Days after a fit's last day that its band covers: a host is refitted at least daily, and this leaves a margin. */
export const CHECKED_DAYS = 3;
/** How sure a forecast must have been that a day would not happen, for that day to refit its host at once. */
export const SURPRISE_LEVEL_PERCENT = 99;

/** A series of a run, by its metric and tags: what a new day is checked against. */
export const bandKey = (metric: RunwayMetric, tags: Record<string, string>): string => [metric, tags.customer ?? '', tags.host ?? '', tags.mount ?? ''].join('\u0000');

/** One day's range a forecast gave 99 % to: [day start, lowest, highest]. */
export type DayBand = [number, number, number];

/**
 * The days just after a fit's data ends, each with the range the forecast gave SURPRISE_LEVEL_PERCENT
 * to: its interval at `levelPercent`, widened on each side by the ratio of the normal quantiles (an
 * interval calibrated from backtest errors may be lopsided; each side keeps its own width).
 */
export function dayBands(points: readonly ForecastPoint[], levelPercent: number, afterMs: number): DayBand[] {
  const widen = zForLevel(SURPRISE_LEVEL_PERCENT) / zForLevel(levelPercent);
  return points
    .filter((p) => p.timeMs >= afterMs && p.timeMs < afterMs + CHECKED_DAYS * DAY_MS)
    .map((p) => [p.timeMs, p.value - (p.value - p.lower) * widen, p.value + (p.upper - p.value) * widen]);
}

const METRIC_OF: [keyof ChunkDailySeries, RunwayMetric][] = [
  ['disks', 'disk_used_percent'],
  ['inodes', 'inodes_used_percent'],
  ['loads', 'load_daily_max'],
  ['mems', 'mem_used_percent'],
  ['cpus', 'cpu_p95_percent'],
];

/**
 * Hosts whose new days the forecasts they have did not expect: a day outside its band, or a series
 * without one (new, or its band has run out). Their forecasts are out of date now, not at their
 * next refit: a disk that jumped overnight moves its alert today.
 */
export function surprisedHosts(newDays: ChunkDailySeries, bands: ReadonlyMap<string, readonly DayBand[]>): Set<string> {
  const out = new Set<string>();
  for (const [list, metric] of METRIC_OF) {
    for (const s of newDays[list] as TaggedDailySeries[]) {
      if (surprises(s, bands.get(bandKey(metric, s.tags)))) out.add(s.tags.host ?? '');
    }
  }
  return out;
}

function surprises(s: TaggedDailySeries, band: readonly DayBand[] | undefined): boolean {
  return s.samples.some((x) => {
    const day = band?.find(([dayMs]) => dayMs === Math.floor(x.timeMs / DAY_MS) * DAY_MS);
    return !day || x.value < day[1] || x.value > day[2];
  });
}
