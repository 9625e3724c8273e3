import { ALERT_MEASUREMENT, CPU_MEASUREMENT, FIELD, FORECAST_MEASUREMENT, HOLIDAY_MEASUREMENT, POOL_MEASUREMENT, RUNWAY_MEASUREMENT } from './schema.ts';

/**
 * Where series live in InfluxDB once rollups are on (see README "Rollups and retention").
 * Raw points stay in the default retention policy, so every query without one still reads them;
 * their retention is short. Rollups keep each numeric field's max, min and mean per hour and per
 * day, for years, under the same measurement names.
 */
export const RAW_RP = 'autogen';
/** Points kept as they arrived, past the raw retention: imported history, and Runway's own records from before the migration. */
export const HISTORY_RP = 'history';
export const ROLLUP_RP = { hour: 'rollup_1h', day: 'rollup_1d' } as const;
export type RollupGrain = keyof typeof ROLLUP_RP;
export const GRAIN_MS: Readonly<Record<RollupGrain, number>> = { hour: 3_600_000, day: 86_400_000 };

export const ROLLUP_STATS = ['max', 'min', 'mean'] as const;
export type RollupStat = (typeof ROLLUP_STATS)[number];

/** The rollup field of a raw field: InfluxDB names `max(*)`'s columns `max_<field>`, and so does Runway. */
export const rollupField = (stat: RollupStat, field: string): string => `${stat}_${field}`;

/**
 * Daily percentiles the daily rollup keeps beside max, min and mean, for fields whose daily peak
 * says little: one busy minute (a cron job, a backup's compression) puts a CPU's daily maximum at
 * 100 % every day, while its 95th percentile moves with the work it has to do.
 */
export const DAILY_PERCENTILES: readonly { measurement: string; field: string; percentile: number }[] = [
  { measurement: CPU_MEASUREMENT, field: FIELD.cpuUsagePercent, percentile: 95 },
];

/** The rollup field of a daily percentile: `p95_usage_percent`. */
export const percentileField = (percentile: number, field: string): string => `p${percentile}_${field}`;
/** `"rollup_1d"."disk"`: a measurement in the rollup of one grain, as InfluxQL names it. */
export const rollupFrom = (grain: RollupGrain, measurement: string): string => `"${ROLLUP_RP[grain]}"."${measurement}"`;

/**
 * One point per host whose days before yesterday were written and rolled up again (a backfill, a
 * collector's late buffer), at the time the rollups were rewritten, in the raw policy: field
 * `from_ms`, the first day rewritten; tag `host`. The forecast cycle checks only the last day it
 * read for changes and refits the hosts these points name (forecast/job/rewritten-hosts.ts). They
 * are in InfluxDB, not in a process, so the rewrites of every ingest process reach the scheduler.
 */
export const REWRITE_MEASUREMENT = 'rollup_rewrite';
export const REWRITE_FROM_FIELD = 'from_ms';

/** Runway's own outputs: they are results, not metrics, and are never rolled up. */
export const OUTPUT_MEASUREMENTS: readonly string[] = [FORECAST_MEASUREMENT, RUNWAY_MEASUREMENT, POOL_MEASUREMENT, HOLIDAY_MEASUREMENT, ALERT_MEASUREMENT, REWRITE_MEASUREMENT];

/**
 * How a daily statistic of a field is read: from the daily rollup, or (InfluxDB without retention
 * policies or INTO, e.g. 2.x/3.x through their v1 API) aggregated from raw points at query time.
 */
export type SeriesSource = 'rollup' | 'raw';

/** The InfluxQL select expression and source of a daily statistic, to be grouped by time(1d). */
export function dailyStat(source: SeriesSource, stat: Exclude<RollupStat, 'mean'>, measurement: string, field: string): { select: string; from: string } {
  // A rollup day may hold several series of one (customer, host, mount) (a disk that changed
  // device): the max of their maxima is the raw max of the day, and the min of minima its min.
  if (source === 'rollup') return { select: `${stat}("${rollupField(stat, field)}")`, from: rollupFrom('day', measurement) };
  return { select: `${stat}("${field}")`, from: `"${measurement}"` };
}

/**
 * How late a collector's point may arrive and still be live: an hour is rolled up once, this long
 * after it ends, and a day once its last hour is. A point for an earlier hour arrives late, and its
 * day is rolled up again for its host (RetentionRouter tells the maintainer).
 */
export const ROLLUP_GRACE_MS = 5 * 60_000;

/** Start (epoch ms) of the first hour that is not over yet, the grace included: every hour before it is closed. */
export const firstOpenHourMs = (nowMs: number): number => Math.floor((nowMs - ROLLUP_GRACE_MS) / GRAIN_MS.hour) * GRAIN_MS.hour;

/** The duration InfluxQL expects for a retention period in days; 0 keeps forever. */
export const retentionDuration = (days: number): string => (days === 0 ? 'INF' : `${days * 24}h`);

/**
 * Start (epoch ms, UTC midnight) of the first whole day the raw policy keeps: points before it go
 * to the history policy (InfluxDB would refuse them in the raw one), and days before it are rolled
 * up from there. -Infinity when raw points are kept forever.
 */
export function firstRawDayMs(nowMs: number, rawRetentionDays: number): number {
  if (rawRetentionDays === 0) return -Infinity;
  return (Math.floor(nowMs / GRAIN_MS.day) - rawRetentionDays + 1) * GRAIN_MS.day;
}
