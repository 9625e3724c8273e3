import type { QuerySeries, SeriesReader } from '../../core/store.ts';

/** One daily series read from InfluxDB, with the tags that identify it. */
export interface TaggedDailySeries {
  tags: Record<string, string>;
  samples: { timeMs: number; value: number }[];
}

const DAY_MS = 86_400_000;

/** Daily maximum of disk usage per (customer, host, mount): the upper envelope, so log rotation and clean-ups do not bend the trend down. */
export function readDiskDailyMax(reader: SeriesReader, fromMs: number, toMs: number): Promise<TaggedDailySeries[]> {
  return readDaily(reader, `SELECT max("used_percent") FROM "disk" WHERE time >= ${fromMs}ms AND time < ${toMs}ms GROUP BY time(1d), "customer", "host", "mount" fill(none)`);
}

/** Daily minimum of disk usage: with the maximum it shows the daily swing of log rotation and clean-ups. */
export function readDiskDailyMin(reader: SeriesReader, fromMs: number, toMs: number): Promise<TaggedDailySeries[]> {
  return readDaily(reader, `SELECT min("used_percent") FROM "disk" WHERE time >= ${fromMs}ms AND time < ${toMs}ms GROUP BY time(1d), "customer", "host", "mount" fill(none)`);
}

/** Daily peak of the 1-minute load per (customer, host): overload is about peaks. */
export function readLoadDailyMax(reader: SeriesReader, fromMs: number, toMs: number): Promise<TaggedDailySeries[]> {
  return readDaily(reader, `SELECT max("load1") FROM "system" WHERE time >= ${fromMs}ms AND time < ${toMs}ms GROUP BY time(1d), "customer", "host" fill(none)`);
}

/** Latest known capacity per host or disk: cores from n_cpus, disk size from total_bytes. */
export async function readCapacities(reader: SeriesReader, toMs: number): Promise<{ cores: Map<string, number>; diskBytes: Map<string, number> }> {
  const since = toMs - 30 * DAY_MS;
  const cores = await reader.query(`SELECT last("n_cpus") FROM "system" WHERE time >= ${since}ms AND time < ${toMs}ms GROUP BY "customer", "host"`);
  const disks = await reader.query(`SELECT last("total_bytes") FROM "disk" WHERE time >= ${since}ms AND time < ${toMs}ms GROUP BY "customer", "host", "mount"`);
  return { cores: lastValues(cores, ['customer', 'host']), diskBytes: lastValues(disks, ['customer', 'host', 'mount']) };
}

export const seriesKey = (tags: Record<string, string>, keys: readonly string[]): string => keys.map((k) => tags[k] ?? '').join('\u0000');

async function readDaily(reader: SeriesReader, influxql: string): Promise<TaggedDailySeries[]> {
  const series = await reader.query(influxql);
  return series.map((s) => ({
    tags: s.tags ?? {},
    samples: s.values.filter((row) => typeof row[1] === 'number').map((row) => ({ timeMs: row[0] as number, value: row[1] as number })),
  }));
}

function lastValues(series: QuerySeries[], keys: readonly string[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const s of series) {
    const value = s.values[0]?.[1];
    if (typeof value === 'number') out.set(seriesKey(s.tags ?? {}, keys), value);
  }
  return out;
}
