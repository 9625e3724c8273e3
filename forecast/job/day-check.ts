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

/** One day's range: [day start, lowest, highest]; a day outside it surprises its forecast. */
export type DayBand = [number, number, number];

/**
 * How many typical day-to-day changes a day must be from its forecast to surprise it. The day-ahead
 * intervals alone are too narrow for this: on the real series of bench/forecast, 21 % of next days
 * fell outside the range the 80 % interval widened to 99 % gives. Five mean absolute day-to-day
 * changes (of the last 90 days) were passed by 2.7 % of next days on the tuning half and 2.6 % on
 * the other.
 */
export const TYPICAL_CHANGES = 5;

/**
 * The days just after a fit's data ends, each with its range: as far from the forecast as the wider
 * of its interval at `levelPercent` widened to SURPRISE_LEVEL_PERCENT (each side keeps its own width:
 * an interval calibrated from backtest errors may be lopsided) and TYPICAL_CHANGES typical changes.
 */
export function dayBands(points: readonly ForecastPoint[], levelPercent: number, afterMs: number, samples: readonly { value: number }[]): DayBand[] {
  const widen = zForLevel(SURPRISE_LEVEL_PERCENT) / zForLevel(levelPercent);
  const floor = TYPICAL_CHANGES * typicalDailyChange(samples);
  return points
    .filter((p) => p.timeMs >= afterMs && p.timeMs < afterMs + CHECKED_DAYS * DAY_MS)
    .map((p) => [p.timeMs, p.value - Math.max((p.value - p.lower) * widen, floor), p.value + Math.max((p.upper - p.value) * widen, floor)]);
}

/** The mean absolute change from one day to the next over the last 90 days: how much a day usually moves. */
export function typicalDailyChange(samples: readonly { value: number }[]): number {
  const recent = samples.slice(-91);
  let sum = 0;
  for (let i = 1; i < recent.length; i++) sum += Math.abs(recent[i]!.value - recent[i - 1]!.value);
  return recent.length > 1 ? sum / (recent.length - 1) : 0;
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
