import { POOL_MEASUREMENT, RUNWAY_MEASUREMENT, float, msToNs, str, type MetricPoint } from '../core/schema.ts';
import type { QuerySeries, SeriesReader } from '../core/store.ts';
import { runwayPoint } from '../forecast/job/forecast-job.ts';
import type { RunwayMetric, RunwayRow } from '../forecast/job/runway-row.ts';
import { POOL_FIELD, POOL_TAG, RUNWAY_METRICS, type PoolHeadroom } from '../core/runway-row.ts';

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

/** A pool's headroom as stored for Grafana: one point per pool and resource per run. */
export function poolPoint(p: PoolHeadroom): MetricPoint {
  const fields: MetricPoint['fields'] = {
    [POOL_FIELD.capacity]: float(p.capacity),
    [POOL_FIELD.usable]: float(p.usable),
    [POOL_FIELD.hosts]: float(p.hosts.length),
    [POOL_FIELD.hostList]: str(p.hosts.join(',')),
    [POOL_FIELD.shortHosts]: str(p.shortHosts.join(',')),
    [POOL_FIELD.run]: str(p.run),
  };
  if (Number.isFinite(p.peakForecast)) {
    fields[POOL_FIELD.peakForecast] = float(p.peakForecast);
    fields[POOL_FIELD.headroom] = float(p.usable - p.peakForecast);
    fields[POOL_FIELD.headroomPercent] = float((100 * (p.usable - p.peakForecast)) / p.usable);
  }
  if (p.peakAtMs !== null) fields[POOL_FIELD.peakAtMs] = float(p.peakAtMs);
  const tags = { [POOL_TAG.customer]: p.customer, [POOL_TAG.pool]: p.pool, [POOL_TAG.resource]: p.resource };
  return { measurement: POOL_MEASUREMENT, tags, fields, timeNs: msToNs(p.computedAtMs) };
}

/**
 * The rows of the newest run stored in InfluxDB (one per resource), as the capacity cycle of
 * `runway serve` wrote them. Empty when no run has been stored yet.
 */
export async function readLatestRunwayRows(reader: SeriesReader): Promise<RunwayRow[]> {
  const series = await reader.query(`SELECT * FROM "${RUNWAY_MEASUREMENT}" GROUP BY "customer", "host", "resource", "metric" ORDER BY time DESC LIMIT 1`);
  const rows = series.flatMap((s) => rowOf(s) ?? []);
  const newest = Math.max(...rows.map((r) => r.computedAtMs));
  // A resource missing from the newest run (a host gone, a failed fit) keeps no stale row.
  return rows.filter((r) => r.computedAtMs === newest);
}

function rowOf(s: QuerySeries): RunwayRow | null {
  const values = s.values[0];
  if (!values || !s.tags) return null;
  const field = (name: string): unknown => values[s.columns.indexOf(name)];
  const num = (name: string): number | null => {
    const v = field(name);
    return typeof v === 'number' && Number.isFinite(v) ? v : null;
  };
  const text = (name: string): string | null => {
    const v = field(name);
    return typeof v === 'string' ? v : null;
  };
  const { customer = '', host = '', resource = '', metric } = s.tags;
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
