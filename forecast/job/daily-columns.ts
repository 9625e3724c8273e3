import { percentileField, rollupField, rollupFrom, type SeriesSource } from '../../core/rollups.ts';
import type { QuerySeries, SeriesReader } from '../../core/store.ts';

/**
 * One daily statistic of a field: a maximum, a minimum, a percentile (the daily rollup keeps it),
 * or a capacity (the day's newest value from raw points; the rollup keeps the day's largest).
 */
export type DailyStat = { stat: 'max' | 'min' | 'capacity'; field: string } | { stat: 'percentile'; field: string; percentile: number };

/** Days of one series (one combination of the grouping tags), each with a value per column or null. */
export interface DailyRows {
  tags: Record<string, string>;
  /** Epoch ms of each day's start, ascending and distinct. */
  times: number[];
  /** columns[c][i]: column c's value on day times[i], null where that day has none. */
  columns: (number | null)[][];
}

/**
 * Every column of one measurement for a set of series over a time range, in one query. From the
 * daily rollup the fields are read as stored (one point per series and day, at the day's start),
 * without InfluxDB bucketing years into days again; from raw points (InfluxDB without rollups),
 * aggregated with GROUP BY time(1d). `where` narrows the series (a chunk of hosts).
 */
export function dailyColumnsQuery(source: SeriesSource, measurement: string, columns: readonly DailyStat[], range: { fromMs: number; toMs: number }, by: readonly string[], where: string): string {
  const select = columns.map((c, i) => `${source === 'rollup' ? rollupColumn(c) : rawColumn(c)} AS "c${i}"`).join(', ');
  const time = timeAndWhere(range, where);
  const groups = by.map((t) => `"${t}"`).join(', ');
  if (source === 'rollup') return `SELECT ${select} FROM ${rollupFrom('day', measurement)} WHERE ${time} GROUP BY ${groups}`;
  return `SELECT ${select} FROM "${measurement}" WHERE ${time} GROUP BY time(1d), ${groups} fill(none)`;
}

/**
 * The sums of what dailyColumnsQuery reads, per series, and the count of the first column's days:
 * from the daily rollup, of the fields it reads; from raw points, of the raw fields.
 */
export function dailyColumnsProbeQuery(source: SeriesSource, measurement: string, columns: readonly DailyStat[], range: { fromMs: number; toMs: number }, by: readonly string[], where: string): string {
  const fields = columns.map((c) => (source === 'rollup' ? rollupColumn(c) : `"${c.field}"`));
  const select = [...fields.map((f, i) => `sum(${f}) AS "s${i}"`), `count(${fields[0]}) AS "n"`].join(', ');
  const time = timeAndWhere(range, where);
  const from = source === 'rollup' ? rollupFrom('day', measurement) : `"${measurement}"`;
  return `SELECT ${select} FROM ${from} WHERE ${time} GROUP BY ${by.map((t) => `"${t}"`).join(', ')}`;
}

const timeAndWhere = (range: { fromMs: number; toMs: number }, where: string): string => `time >= ${range.fromMs}ms AND time < ${range.toMs}ms${where ? ` AND (${where})` : ''}`;

function rollupColumn(c: DailyStat): string {
  if (c.stat === 'percentile') return `"${percentileField(c.percentile, c.field)}"`;
  // A capacity is the day's largest: a disk grown during the day has its new size.
  return `"${rollupField(c.stat === 'min' ? 'min' : 'max', c.field)}"`;
}

function rawColumn(c: DailyStat): string {
  if (c.stat === 'percentile') return `percentile("${c.field}", ${c.percentile})`;
  return `${c.stat === 'capacity' ? 'last' : c.stat}("${c.field}")`;
}

/** Runs a dailyColumnsQuery and folds its rows into DailyRows per series. */
export async function readDailyColumns(reader: SeriesReader, source: SeriesSource, measurement: string, columns: readonly DailyStat[], range: { fromMs: number; toMs: number }, by: readonly string[], where: string): Promise<DailyRows[]> {
  const series = await reader.query(dailyColumnsQuery(source, measurement, columns, range, by, where));
  return series.map((s) => foldDays(s, columns));
}

/**
 * One row per day: several series may share the grouping tags (a disk that changed device), and
 * their rows of one day are folded as InfluxDB's own aggregate would (the max of maxima is the
 * day's raw max, the min of minima its min); a percentile or a capacity takes the larger.
 */
export function foldDays(s: QuerySeries, columns: readonly DailyStat[]): DailyRows {
  const out: DailyRows = { tags: s.tags ?? {}, times: [], columns: columns.map(() => []) };
  for (const row of s.values) {
    const time = row[0] as number;
    const same = out.times.at(-1) === time;
    if (!same) out.times.push(time);
    for (let c = 0; c < columns.length; c++) {
      const raw = row[c + 1];
      const value = typeof raw === 'number' ? raw : null;
      const values = out.columns[c]!;
      if (!same) values.push(value);
      else if (value !== null) {
        const was = values[values.length - 1] ?? null;
        values[values.length - 1] = was === null ? value : columns[c]!.stat === 'min' ? Math.min(was, value) : Math.max(was, value);
      }
    }
  }
  return out;
}

/** The days of one column that have a value. */
export function samplesOf(rows: DailyRows, column: number): { timeMs: number; value: number }[] {
  const values = rows.columns[column]!;
  const out: { timeMs: number; value: number }[] = [];
  for (let i = 0; i < rows.times.length; i++) {
    const v = values[i];
    if (v !== null && v !== undefined) out.push({ timeMs: rows.times[i]!, value: v });
  }
  return out;
}

/** The newest value of one column from `sinceMs` on, or undefined. */
export function latestOf(rows: DailyRows, column: number, sinceMs: number): number | undefined {
  const values = rows.columns[column]!;
  for (let i = rows.times.length - 1; i >= 0 && rows.times[i]! >= sinceMs; i--) {
    const v = values[i];
    if (v !== null && v !== undefined) return v;
  }
  return undefined;
}
