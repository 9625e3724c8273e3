import { RUNWAY_MEASUREMENT, float, str, type MetricPoint } from '../core/schema.ts';
import type { QuerySeries, SeriesReader } from '../core/store.ts';
import { runwayPoint } from '../forecast/job/forecast-job.ts';
import type { RunwayMetric, RunwayRow } from '../forecast/job/runway-row.ts';
import { RUNWAY_METRICS } from '../core/runway-row.ts';
import { newestRun, storedFields } from './stored-fields.ts';

const isRunwayMetric = (m: string | undefined): m is RunwayMetric => (RUNWAY_METRICS as readonly (string | undefined)[]).includes(m);

/**
 * The runway row as the capacity cycle stores it: the forecast job's point, plus what notices and
 * proposals need to be written later from the store alone (growth, peak, disk size, mount), so
 * `runway notices` never has to forecast again.
 */
export function storedRunwayPoint(row: RunwayRow, severity: string): MetricPoint {
  const point = runwayPoint(row, severity);
  const fields: MetricPoint['fields'] = { ...point.fields, growth_per_day: float(row.growthPerDay), peak_forecast: float(row.peakForecast) };
  if (row.totalBytes !== undefined) fields.total_bytes = float(row.totalBytes);
  if (row.trendBreakMs) fields.trend_break_ms = float(row.trendBreakMs);
  if (row.mount !== undefined) fields.mount = str(row.mount);
  if (row.inodesTotal !== undefined) fields.inodes_total = float(row.inodesTotal);
  if (row.cores !== undefined) fields.cores = float(row.cores);
  const mem = row.memEvidence;
  if (mem) {
    fields.mem_slope_per_day = float(mem.memSlopePerDay);
    if (mem.loadSlopePerDay !== null) fields.load_slope_per_day = float(mem.loadSlopePerDay);
    if (mem.loadCorrelation !== null) fields.load_correlation = float(mem.loadCorrelation);
  }
  return { ...point, fields };
}

/**
 * The rows of the newest run stored in InfluxDB (one per resource), as the capacity cycle of
 * `runway serve` wrote them. Empty when no run has been stored yet.
 */
export async function readLatestRunwayRows(reader: SeriesReader): Promise<RunwayRow[]> {
  const series = await reader.query(`SELECT * FROM "${RUNWAY_MEASUREMENT}" GROUP BY "customer", "host", "resource", "metric" ORDER BY time DESC LIMIT 1`);
  return newestRun(series.flatMap((s) => rowOf(s) ?? []));
}

function rowOf(s: QuerySeries): RunwayRow | null {
  const stored = storedFields(s);
  if (!stored) return null;
  const { num, text } = stored;
  const { customer = '', host = '', resource = '', metric } = stored.tags;
  const computedAtMs = num('time');
  if (computedAtMs === null || !isRunwayMetric(metric)) return null;
  const current = num('current') ?? 0;
  const row: RunwayRow = {
    customer, host, resource, metric: metric as RunwayMetric,
    current,
    threshold: num('threshold') ?? 0,
    crossing: { earliest: num('earliest_ms'), likely: num('likely_ms'), latest: num('latest_ms') },
    daysLeft: num('days_left'),
    driver: text('driver') || null,
    trendBreakMs: num('trend_break_ms'),
    // Rows stored before these fields existed: no growth and the current value as peak, never invented numbers.
    growthPerDay: num('growth_per_day') ?? 0,
    peakForecast: num('peak_forecast') ?? current,
    model: text('model') ?? 'unknown',
    mase: num('mase'),
    coverage: num('coverage'),
    run: text('run') ?? '',
    computedAtMs,
  };
  const mount = text('mount') ?? (metric === 'disk_used_percent' ? resource.replace(/^disk /, '') : null);
  if (mount !== null) row.mount = mount;
  const totalBytes = num('total_bytes');
  if (totalBytes !== null) row.totalBytes = totalBytes;
  const inodesTotal = num('inodes_total');
  if (inodesTotal !== null) row.inodesTotal = inodesTotal;
  const cores = num('cores');
  if (cores !== null) row.cores = cores;
  const memSlope = num('mem_slope_per_day');
  if (memSlope !== null) row.memEvidence = { memSlopePerDay: memSlope, loadSlopePerDay: num('load_slope_per_day'), loadCorrelation: num('load_correlation') };
  return row;
}
