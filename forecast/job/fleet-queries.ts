import { dailyPercentile, dailyStat, rollupField, type SeriesSource } from '../../core/rollups.ts';
import { CPU_MEASUREMENT, DISK_MEASUREMENT, FIELD, MEM_MEASUREMENT, SYSTEM_MEASUREMENT } from '../../core/schema.ts';
import type { QuerySeries, SeriesReader } from '../../core/store.ts';

/** One daily series read from InfluxDB, with the tags that identify it. */
export interface TaggedDailySeries {
  tags: Record<string, string>;
  samples: { timeMs: number; value: number }[];
}

const DAY_MS = 86_400_000;

/** Daily maximum of disk usage per (customer, host, mount): the upper envelope, so log rotation and clean-ups do not bend the trend down. */
export function readDiskDailyMax(reader: SeriesReader, fromMs: number, toMs: number, source: SeriesSource = 'raw', where = ''): Promise<TaggedDailySeries[]> {
  return readDaily(reader, dailyQuery(source, 'max', DISK_MEASUREMENT, FIELD.diskUsedPercent, fromMs, toMs, ['customer', 'host', 'mount'], where), Math.max);
}

/** Daily minimum of disk usage: with the maximum it shows the daily swing of log rotation and clean-ups. */
export function readDiskDailyMin(reader: SeriesReader, fromMs: number, toMs: number, source: SeriesSource = 'raw', where = ''): Promise<TaggedDailySeries[]> {
  return readDaily(reader, dailyQuery(source, 'min', DISK_MEASUREMENT, FIELD.diskUsedPercent, fromMs, toMs, ['customer', 'host', 'mount'], where), Math.min);
}

/** Daily peak of the 1-minute load per (customer, host): overload is about peaks. */
export function readLoadDailyMax(reader: SeriesReader, fromMs: number, toMs: number, source: SeriesSource = 'raw', where = ''): Promise<TaggedDailySeries[]> {
  return readDaily(reader, dailyQuery(source, 'max', SYSTEM_MEASUREMENT, FIELD.load1, fromMs, toMs, ['customer', 'host'], where), Math.max);
}

/** Daily peak memory use per (customer, host), in percent of RAM: running out is about the busiest moment. */
export function readMemDailyMax(reader: SeriesReader, fromMs: number, toMs: number, source: SeriesSource = 'raw', where = ''): Promise<TaggedDailySeries[]> {
  return readDaily(reader, dailyQuery(source, 'max', MEM_MEASUREMENT, FIELD.memUsedPercent, fromMs, toMs, ['customer', 'host'], where), Math.max);
}

/**
 * Daily 95th percentile of CPU use per (customer, host): the daily rollup keeps it (core/rollups.ts
 * DAILY_PERCENTILES), one point a day, so years of it cost what a daily max costs.
 */
export function readCpuDailyP95(reader: SeriesReader, fromMs: number, toMs: number, source: SeriesSource = 'raw', where = ''): Promise<TaggedDailySeries[]> {
  const { select, from } = dailyPercentile(source, CPU_MEASUREMENT, FIELD.cpuUsagePercent, 95);
  return readDaily(reader, groupedDaily(select, from, fromMs, toMs, ['customer', 'host'], where), Math.max);
}

/**
 * Daily peak inode use per (customer, host, mount), in percent: the day's highest inodes_used over
 * its highest inodes_total (a filesystem's inode count changes only when it is grown or rebuilt).
 * Filesystems without inode counts (some collectors send none; btrfs reports 0) are left out.
 */
export async function readInodesDailyMax(reader: SeriesReader, fromMs: number, toMs: number, source: SeriesSource = 'raw', where = ''): Promise<TaggedDailySeries[]> {
  const used = dailyStat(source, 'max', DISK_MEASUREMENT, FIELD.inodesUsed);
  const total = dailyStat(source, 'max', DISK_MEASUREMENT, FIELD.inodesTotal);
  const series = await reader.query(groupedDaily(`${used.select}, ${total.select}`, used.from, fromMs, toMs, ['customer', 'host', 'mount'], where));
  return series.map((s) => ({
    tags: s.tags ?? {},
    samples: s.values.flatMap((row) => {
      const [t, u, n] = row;
      return typeof u === 'number' && typeof n === 'number' && n > 0 ? [{ timeMs: t as number, value: (100 * u) / n }] : [];
    }),
  })).filter((s) => s.samples.length > 0);
}

/**
 * A daily max or min per series, from the daily rollup or from raw points; `where` narrows the series
 * (a chunk of hosts). The daily rollup already holds one point per series and day, at the day's start:
 * it is read as it is, without InfluxDB bucketing three years into days again (a third of the read's
 * time), and readDaily folds the few days where several series share the grouping tags (a disk that
 * changed device) as InfluxDB's max or min would.
 */
function dailyQuery(source: SeriesSource, stat: 'max' | 'min', measurement: string, field: string, fromMs: number, toMs: number, by: readonly string[], where: string): string {
  const { select, from } = dailyStat(source, stat, measurement, field);
  if (source === 'rollup') return `SELECT "${rollupField(stat, field)}" FROM ${from} WHERE ${timeRange(fromMs, toMs, where)} GROUP BY ${groupsOf(by)}`;
  return groupedDaily(select, from, fromMs, toMs, by, where);
}

/** One value per series and day, bucketed by InfluxDB (raw points, or rollup fields read through an aggregate). */
function groupedDaily(select: string, from: string, fromMs: number, toMs: number, by: readonly string[], where: string): string {
  return `SELECT ${select} FROM ${from} WHERE ${timeRange(fromMs, toMs, where)} GROUP BY time(1d), ${groupsOf(by)} fill(none)`;
}

const timeRange = (fromMs: number, toMs: number, where: string): string => `time >= ${fromMs}ms AND time < ${toMs}ms${where ? ` AND (${where})` : ''}`;
const groupsOf = (by: readonly string[]): string => by.map((t) => `"${t}"`).join(', ');

/** Capacities the forecasts need, keyed by seriesKey of the tags named in each. */
export interface Capacities {
  /** (customer, host) → cores. */
  cores: Map<string, number>;
  /** (customer, host, mount) → disk size in bytes. */
  diskBytes: Map<string, number>;
  /** (customer, host) → RAM in bytes. */
  memBytes: Map<string, number>;
  /** (customer, host, mount) → inodes of the filesystem. */
  inodes: Map<string, number>;
}

/** Latest known capacity per host or disk: cores from n_cpus, disk size from total_bytes, RAM from mem total_bytes, inodes from inodes_total. */
export async function readCapacities(reader: SeriesReader, toMs: number, where = ''): Promise<Capacities> {
  // Raw points: the raw retention keeps at least the last day, and capacities are read from the newest.
  const since = toMs - 30 * DAY_MS;
  const narrow = where ? ` AND (${where})` : '';
  const cores = await reader.query(`SELECT last("${FIELD.cores}") FROM "${SYSTEM_MEASUREMENT}" WHERE time >= ${since}ms AND time < ${toMs}ms${narrow} GROUP BY "customer", "host"`);
  const disks = await reader.query(`SELECT last("${FIELD.diskTotalBytes}") FROM "${DISK_MEASUREMENT}" WHERE time >= ${since}ms AND time < ${toMs}ms${narrow} GROUP BY "customer", "host", "mount"`);
  const mem = await reader.query(`SELECT last("${FIELD.memTotalBytes}") FROM "${MEM_MEASUREMENT}" WHERE time >= ${since}ms AND time < ${toMs}ms${narrow} GROUP BY "customer", "host"`);
  const inodes = await reader.query(`SELECT last("${FIELD.inodesTotal}") FROM "${DISK_MEASUREMENT}" WHERE time >= ${since}ms AND time < ${toMs}ms${narrow} GROUP BY "customer", "host", "mount"`);
  return {
    cores: lastValues(cores, ['customer', 'host']),
    diskBytes: lastValues(disks, ['customer', 'host', 'mount']),
    memBytes: lastValues(mem, ['customer', 'host']),
    inodes: lastValues(inodes, ['customer', 'host', 'mount']),
  };
}

export const seriesKey = (tags: Record<string, string>, keys: readonly string[]): string => keys.map((k) => tags[k] ?? '').join('\u0000');

/** The series of a daily query; rows of one day (several series under the same tags) folded by `fold`. */
async function readDaily(reader: SeriesReader, influxql: string, fold: (a: number, b: number) => number): Promise<TaggedDailySeries[]> {
  const series = await reader.query(influxql);
  return series.map((s) => {
    const samples: TaggedDailySeries['samples'] = [];
    for (const [time, value] of s.values) {
      if (typeof value !== 'number') continue;
      const last = samples.at(-1);
      if (last && last.timeMs === time) last.value = fold(last.value, value);
      else samples.push({ timeMs: time as number, value });
    }
    return { tags: s.tags ?? {}, samples };
  });
}

function lastValues(series: QuerySeries[], keys: readonly string[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const s of series) {
    const value = s.values[0]?.[1];
    if (typeof value === 'number') out.set(seriesKey(s.tags ?? {}, keys), value);
  }
  return out;
}
