import { tagEquals } from '../influxql.ts';
import { DAILY_PERCENTILES, OUTPUT_MEASUREMENTS, percentileField, ROLLUP_RP, ROLLUP_STATS, type RollupGrain } from '../rollups.ts';
import type { StoreAdmin } from '../store.ts';

export interface RollUpRange {
  /** Start of the first day, epoch ms (UTC midnight). */
  fromMs: number;
  /** End of the last day, exclusive, epoch ms (UTC midnight). */
  toMs: number;
  /** Retention policy the points are read from. */
  source: string;
  /** Grains to (re)compute; both by default. */
  grains?: readonly RollupGrain[];
  /** Only these hosts' series (a backfill of a few hosts in a large fleet); every series by default. */
  hosts?: readonly string[];
}

/**
 * A rollup statement reads and writes a bounded but large range: InfluxDB's INTO writes a few
 * thousand points a second on a busy machine, far past the timeout of an ordinary query.
 */
const ROLLUP_TIMEOUT_MS = 10 * 60_000;

const GROUP: Readonly<Record<RollupGrain, string>> = { hour: '1h', day: '1d' };

/**
 * (Re)computes the hourly and daily max, min and mean of every numeric field of every metric
 * measurement in a bounded range of whole days, with InfluxDB's own `SELECT … INTO`. Rerunning it
 * overwrites the same points, so a range may be rolled up as often as it receives points.
 * Returns the number of rollup points written.
 */
export async function rollUp(admin: StoreAdmin, range: RollUpRange): Promise<number> {
  const measurements = await metricMeasurements(admin);
  if (measurements.length === 0) return 0;
  const db = admin.database;
  const from = measurements.map((m) => `"${db}"."${range.source}".${ident(m)}`).join(', ');
  const select = ROLLUP_STATS.map((stat) => `${stat}(*)`).join(', ');
  let written = 0;
  for (const grain of range.grains ?? (['hour', 'day'] as const)) {
    const series = await admin.execute(
      `SELECT ${select} INTO "${db}"."${ROLLUP_RP[grain]}".:MEASUREMENT FROM ${from} ` +
        `WHERE ${whereOf(range)} GROUP BY time(${GROUP[grain]}), *`,
      ROLLUP_TIMEOUT_MS,
    );
    written += Number(series[0]?.values[0]?.[1] ?? 0);
  }
  if ((range.grains ?? ['day']).includes('day')) written += await rollUpPercentiles(admin, range, measurements);
  return written;
}

/**
 * The daily rollup of whole days from their hourly rollup: the max of the hourly maxima, the min of
 * the minima and the mean of the means, which is the day's mean when its hours hold as many points
 * each (a collector's steady interval). 24 points a series instead of a day of raw points (8,640 at
 * Telegraf's 10 s). The daily percentiles need the raw points, and are taken from `source`.
 */
export async function rollUpDaysFromHours(admin: StoreAdmin, range: Omit<RollUpRange, 'grains' | 'hosts'>): Promise<number> {
  const measurements = await metricMeasurements(admin);
  const db = admin.database;
  let written = 0;
  for (const m of measurements) {
    const keys = await admin.query(`SHOW FIELD KEYS ON "${db}" FROM "${ROLLUP_RP.hour}".${ident(m)}`);
    // Each rolled field by its own statistic, under its own name: max_x is the max of the hourly max_x.
    const select = (keys[0]?.values ?? []).flatMap(([key]) => {
      const field = String(key);
      const stat = ROLLUP_STATS.find((s) => field.startsWith(`${s}_`));
      return stat ? [`${stat}(${ident(field)}) AS ${ident(field)}`] : [];
    });
    if (select.length === 0) continue;
    const series = await admin.execute(
      `SELECT ${select.join(', ')} INTO "${db}"."${ROLLUP_RP.day}".:MEASUREMENT FROM "${db}"."${ROLLUP_RP.hour}".${ident(m)} ` +
        `WHERE ${whereOf(range)} GROUP BY time(1d), *`,
      ROLLUP_TIMEOUT_MS,
    );
    written += Number(series[0]?.values[0]?.[1] ?? 0);
  }
  return written + (await rollUpPercentiles(admin, range, measurements));
}

/**
 * The daily percentiles (DAILY_PERCENTILES) into the same daily points: InfluxDB merges fields of
 * one series and time, so max, min and mean stay. One statement per field, over the same days.
 */
async function rollUpPercentiles(admin: StoreAdmin, range: Omit<RollUpRange, 'grains'>, measurements: readonly string[]): Promise<number> {
  const db = admin.database;
  let written = 0;
  for (const p of DAILY_PERCENTILES.filter((d) => measurements.includes(d.measurement))) {
    const series = await admin.execute(
      `SELECT percentile("${p.field}", ${p.percentile}) AS "${percentileField(p.percentile, p.field)}" INTO "${db}"."${ROLLUP_RP.day}".:MEASUREMENT ` +
        `FROM "${db}"."${range.source}"."${p.measurement}" WHERE ${whereOf(range)} GROUP BY time(1d), *`,
      ROLLUP_TIMEOUT_MS,
    );
    written += Number(series[0]?.values[0]?.[1] ?? 0);
  }
  return written;
}

/** A measurement or field name as InfluxQL quotes it. */
const ident = (name: string): string => `"${name.replace(/"/g, '\\"')}"`;

/** The range's days, and its hosts when it names them. */
function whereOf(range: Pick<RollUpRange, 'fromMs' | 'toMs' | 'hosts'>): string {
  const time = `time >= ${range.fromMs}ms AND time < ${range.toMs}ms`;
  return range.hosts ? `(${range.hosts.map((h) => tagEquals('host', h)).join(' OR ')}) AND ${time}` : time;
}

/** Every measurement of the database but Runway's own outputs. */
async function metricMeasurements(admin: StoreAdmin): Promise<string[]> {
  const series = await admin.query(`SHOW MEASUREMENTS ON "${admin.database}"`);
  const names = (series[0]?.values ?? []).map((row) => String(row[0]));
  return names.filter((m) => !OUTPUT_MEASUREMENTS.includes(m));
}
