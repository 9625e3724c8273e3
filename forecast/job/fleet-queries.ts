import type { SeriesSource } from '../../core/rollups.ts';
import { CPU_MEASUREMENT, DISK_MEASUREMENT, FIELD, MEM_MEASUREMENT, SYSTEM_MEASUREMENT } from '../../core/schema.ts';
import type { QuerySeries, SeriesReader } from '../../core/store.ts';
import { dailyColumnsProbeQuery, latestOf, readDailyColumns, samplesOf, type DailyRows, type DailyStat } from './daily-columns.ts';

/** One daily series read from InfluxDB, with the tags that identify it. */
export interface TaggedDailySeries {
  tags: Record<string, string>;
  samples: { timeMs: number; value: number }[];
}

const DAY_MS = 86_400_000;
/** A capacity not reported for this long is unknown (a host's cores decide its load threshold). */
const CAPACITY_MS = 30 * DAY_MS;
/** The disks' daily minima only feed the proposal's evidence, which needs the last four months. */
const MINIMA_MS = 130 * DAY_MS;

const HOST_TAGS = ['customer', 'host'] as const;
const MOUNT_TAGS = ['customer', 'host', 'mount'] as const;

/**
 * Disks over the history: the daily maximum of use (the upper envelope, so log rotation and clean-ups
 * do not bend the trend down) and of inode use, with the inode count.
 */
const DISK_COLUMNS: readonly DailyStat[] = [
  { stat: 'max', field: FIELD.diskUsedPercent },
  { stat: 'max', field: FIELD.inodesUsed },
  { stat: 'max', field: FIELD.inodesTotal },
];
/** Disks over the last four months: the daily minimum (with the maximum, the daily swing) and the size. */
const RECENT_DISK_COLUMNS: readonly DailyStat[] = [{ stat: 'min', field: FIELD.diskUsedPercent }, { stat: 'capacity', field: FIELD.diskTotalBytes }];
/** The daily peak of the 1-minute load (overload is about peaks) and the cores. */
const SYSTEM_COLUMNS: readonly DailyStat[] = [{ stat: 'max', field: FIELD.load1 }, { stat: 'capacity', field: FIELD.cores }];
/** The daily peak memory use in percent of RAM (running out is about the busiest moment) and the RAM. */
const MEM_COLUMNS: readonly DailyStat[] = [{ stat: 'max', field: FIELD.memUsedPercent }, { stat: 'capacity', field: FIELD.memTotalBytes }];
/**
 * The daily 95th percentile of CPU use: the daily rollup keeps it (core/rollups.ts DAILY_PERCENTILES),
 * one point a day, so years of it cost what a daily max costs.
 */
const CPU_COLUMNS: readonly DailyStat[] = [{ stat: 'percentile', field: FIELD.cpuUsagePercent, percentile: 95 }];

/** The daily series of a chunk of hosts. */
export interface ChunkDailySeries {
  /** Daily maximum of disk use per filesystem, percent. */
  disks: TaggedDailySeries[];
  /** Daily minima of the disks over the last four months, for the proposal's evidence. */
  minima: TaggedDailySeries[];
  /** Daily peak load per host. */
  loads: TaggedDailySeries[];
  /** Daily peak memory use per host, percent of RAM. */
  mems: TaggedDailySeries[];
  /** Daily 95th percentile of CPU use per host, percent. */
  cpus: TaggedDailySeries[];
  /** Daily peak inode use per filesystem, percent; filesystems without inode counts are left out. */
  inodes: TaggedDailySeries[];
}

/** The daily series of a chunk of hosts and their capacities, keyed by seriesKey of the tags named in each. */
export interface ChunkSeries extends ChunkDailySeries {
  /** (customer, host) → cores. */
  cores: Map<string, number>;
  /** (customer, host, mount) → disk size in bytes. */
  diskBytes: Map<string, number>;
  /** (customer, host) → RAM in bytes. */
  memBytes: Map<string, number>;
  /** (customer, host, mount) → inodes of the filesystem. */
  inodesTotal: Map<string, number>;
}

/**
 * Reads what the forecasts of some series need, one query per measurement (two for disks, whose
 * minima and sizes are needed for the last months only): daily statistics over the history and,
 * from the same rows, the newest capacities (cores, disk and RAM sizes, inodes) of the last 30
 * days. From the daily rollup, capacities are the largest of their day; the inode count is too.
 */
export async function readChunkSeries(reader: SeriesReader, range: { fromMs: number; toMs: number; source: SeriesSource }, where: string): Promise<ChunkSeries> {
  const { source, toMs } = range;
  const [disks, recentDisks, systems, mems, cpus] = await Promise.all(
    chunkReads(range).map((r) => readDailyColumns(reader, source, r.measurement, r.columns, r.range, r.by, where)),
  );
  const since = toMs - CAPACITY_MS;
  return {
    disks: seriesOf(disks!, 0),
    minima: seriesOf(recentDisks!, 0),
    inodes: inodesOf(disks!),
    loads: seriesOf(systems!, 0),
    mems: seriesOf(mems!, 0),
    cpus: seriesOf(cpus!, 0),
    cores: latestBy(systems!, 1, HOST_TAGS, since),
    diskBytes: latestBy(recentDisks!, 1, MOUNT_TAGS, since),
    memBytes: latestBy(mems!, 1, HOST_TAGS, since),
    inodesTotal: latestBy(disks!, 2, MOUNT_TAGS, since),
  };
}

/** The queries readChunkSeries makes: disks, their recent minima and sizes, load, memory, CPU. */
function chunkReads(range: { fromMs: number; toMs: number }): { measurement: string; columns: readonly DailyStat[]; by: readonly string[]; range: { fromMs: number; toMs: number } }[] {
  const { fromMs, toMs } = range;
  return [
    { measurement: DISK_MEASUREMENT, columns: DISK_COLUMNS, by: MOUNT_TAGS, range },
    { measurement: DISK_MEASUREMENT, columns: RECENT_DISK_COLUMNS, by: MOUNT_TAGS, range: { fromMs: Math.max(fromMs, toMs - MINIMA_MS), toMs } },
    { measurement: SYSTEM_MEASUREMENT, columns: SYSTEM_COLUMNS, by: HOST_TAGS, range },
    { measurement: MEM_MEASUREMENT, columns: MEM_COLUMNS, by: HOST_TAGS, range },
    { measurement: CPU_MEASUREMENT, columns: CPU_COLUMNS, by: HOST_TAGS, range },
  ];
}

/**
 * What readChunkSeries would read, summed: per series and column the sum of what it reads, and the
 * count of its days. Equal answers say (short of values that change and cancel out) that the same
 * days would be read. InfluxDB sums where it stores, so this costs a fraction of reading the days.
 */
export function probeChunkSeries(reader: SeriesReader, range: { fromMs: number; toMs: number; source: SeriesSource }, where: string): Promise<QuerySeries[][]> {
  return Promise.all(chunkReads(range).map((r) => reader.query(dailyColumnsProbeQuery(range.source, r.measurement, r.columns, r.range, r.by, where))));
}

/** One resource's daily series alone, read as readChunkSeries reads it (a customer notice's chart). */
type DailyReader = (reader: SeriesReader, fromMs: number, toMs: number, source: SeriesSource, where: string) => Promise<TaggedDailySeries[]>;

const oneResource = (measurement: string, columns: readonly DailyStat[], by: readonly string[], toSeries: (rows: DailyRows[]) => TaggedDailySeries[]): DailyReader =>
  async (reader, fromMs, toMs, source, where) => toSeries(await readDailyColumns(reader, source, measurement, columns, { fromMs, toMs }, by, where));

export const readDiskDailyMax = oneResource(DISK_MEASUREMENT, DISK_COLUMNS.slice(0, 1), MOUNT_TAGS, (rows) => seriesOf(rows, 0));
export const readInodesDailyMax = oneResource(DISK_MEASUREMENT, DISK_COLUMNS, MOUNT_TAGS, (rows) => inodesOf(rows));
export const readLoadDailyMax = oneResource(SYSTEM_MEASUREMENT, SYSTEM_COLUMNS.slice(0, 1), HOST_TAGS, (rows) => seriesOf(rows, 0));
export const readMemDailyMax = oneResource(MEM_MEASUREMENT, MEM_COLUMNS.slice(0, 1), HOST_TAGS, (rows) => seriesOf(rows, 0));
export const readCpuDailyP95 = oneResource(CPU_MEASUREMENT, CPU_COLUMNS, HOST_TAGS, (rows) => seriesOf(rows, 0));

export const seriesKey = (tags: Record<string, string>, keys: readonly string[]): string => keys.map((k) => tags[k] ?? '').join('\u0000');

/** One column as daily series; series without a value in it are left out, as InfluxDB leaves them out of a query of that field alone. */
function seriesOf(rows: readonly DailyRows[], column: number): TaggedDailySeries[] {
  return rows.map((r) => ({ tags: r.tags, samples: samplesOf(r, column) })).filter((s) => s.samples.length > 0);
}

const inodesOf = (disks: readonly DailyRows[]): TaggedDailySeries[] => disks.map((d) => ({ tags: d.tags, samples: inodeSamples(d) })).filter((s) => s.samples.length > 0);

/**
 * Daily peak inode use in percent: the day's highest inodes_used over its highest inodes_total (a
 * filesystem's inode count changes only when it is grown or rebuilt). Days without inode counts
 * (some collectors send none; btrfs reports 0) are left out.
 */
function inodeSamples(d: DailyRows): TaggedDailySeries['samples'] {
  const [used, total] = [d.columns[1]!, d.columns[2]!];
  const out: TaggedDailySeries['samples'] = [];
  for (let i = 0; i < d.times.length; i++) {
    const u = used[i];
    const n = total[i];
    if (typeof u === 'number' && typeof n === 'number' && n > 0) out.push({ timeMs: d.times[i]!, value: (100 * u) / n });
  }
  return out;
}

function latestBy(rows: readonly DailyRows[], column: number, keys: readonly string[], sinceMs: number): Map<string, number> {
  const out = new Map<string, number>();
  for (const r of rows) {
    const value = latestOf(r, column, sinceMs);
    if (value !== undefined) out.set(seriesKey(r.tags, keys), value);
  }
  return out;
}
