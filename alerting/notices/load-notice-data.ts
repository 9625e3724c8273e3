import type { SeriesSource } from '../../core/rollups.ts';
import { FORECAST_FIELD, FORECAST_TAG } from '../../core/forecast-record.ts';
import { FORECAST_MEASUREMENT, TAG_CUSTOMER, TAG_HOST, TAG_MOUNT } from '../../core/schema.ts';
import type { QuerySeries, SeriesReader } from '../../core/store.ts';
import { tagEquals } from '../../core/influxql.ts';
import { readCpuDailyP95, readDiskDailyMax, readInodesDailyMax, readLoadDailyMax, readMemDailyMax, type TaggedDailySeries } from '../../forecast/job/fleet-queries.ts';
import type { RunwayMetric, RunwayRow } from '../../forecast/job/runway-row.ts';
import { noticeRowKey, type ForecastPoint, type HistoryPoint, type NoticeSeries } from './notice-types.ts';

const DAY_MS = 86_400_000;

type DailyReader = (reader: SeriesReader, fromMs: number, toMs: number, source: SeriesSource, where: string) => Promise<TaggedDailySeries[]>;

/** Each resource's daily history, read as the forecast job reads it to fit it. */
const HISTORY: Record<RunwayMetric, DailyReader> = {
  disk_used_percent: readDiskDailyMax,
  load_daily_max: readLoadDailyMax,
  mem_used_percent: readMemDailyMax,
  cpu_p95_percent: readCpuDailyP95,
  inodes_used_percent: readInodesDailyMax,
};

/** Resources of one filesystem: their series carry its mount. */
const PER_MOUNT: ReadonlySet<RunwayMetric> = new Set<RunwayMetric>(['disk_used_percent', 'inodes_used_percent']);

/**
 * Reads what each row's chart shows from InfluxDB: the daily history (disk and inodes: the day's
 * peak use; load: its peak load1; memory: its peak use; CPU: its 95th percentile), read as the
 * forecast job reads it to fit it (forecast/job/fleet-queries.ts, from the daily rollup where
 * InfluxDB keeps rollups, `source`), and the stored forecast
 * (value, lower, upper), both within [fromMs, toMs). History stops and the forecast starts at the
 * day the row was computed, so forecasts of earlier runs for days now past are not drawn as the
 * current one.
 */
export async function loadNoticeData(reader: SeriesReader, source: SeriesSource, rows: readonly RunwayRow[], fromMs: number, toMs: number): Promise<Map<string, NoticeSeries>> {
  const out = new Map<string, NoticeSeries>();
  for (const row of rows) {
    const key = noticeRowKey(row);
    if (out.has(key)) continue;
    const runDayMs = Math.floor(row.computedAtMs / DAY_MS) * DAY_MS;
    const [history, forecast] = await Promise.all([
      HISTORY[row.metric](reader, fromMs, Math.min(toMs, runDayMs), source, seriesWhere(row)),
      reader.query(forecastQuery(row, Math.max(fromMs, runDayMs), toMs)),
    ]);
    out.set(key, { history: historyPoints(history), forecast: forecastPoints(forecast) });
  }
  return out;
}

/** The row's own series: its customer and host, and for a filesystem its mount. */
function seriesWhere(row: RunwayRow): string {
  const where = [tagEquals(TAG_CUSTOMER, row.customer), tagEquals(TAG_HOST, row.host)];
  if (PER_MOUNT.has(row.metric)) where.push(tagEquals(TAG_MOUNT, row.mount ?? ''));
  return where.join(' AND ');
}

function forecastQuery(row: RunwayRow, fromMs: number, toMs: number): string {
  const where = [tagEquals(FORECAST_TAG.customer, row.customer), tagEquals(FORECAST_TAG.host, row.host), tagEquals(FORECAST_TAG.metric, row.metric)];
  if (PER_MOUNT.has(row.metric)) where.push(tagEquals(FORECAST_TAG.mount, row.mount ?? ''));
  const { value, lower, upper } = FORECAST_FIELD;
  return `SELECT "${value}", "${lower}", "${upper}" FROM "${FORECAST_MEASUREMENT}" WHERE ${where.join(' AND ')} AND time >= ${fromMs}ms AND time < ${toMs}ms`;
}

function historyPoints(series: TaggedDailySeries[]): HistoryPoint[] {
  return series.flatMap((s) => s.samples.map((p) => ({ timeMs: p.timeMs, value: p.value }))).sort((a, b) => a.timeMs - b.timeMs);
}

function forecastPoints(series: QuerySeries[]): ForecastPoint[] {
  const out: ForecastPoint[] = [];
  for (const s of series) {
    const col = (name: string) => s.columns.indexOf(name);
    const [it, iv, il, iu] = [col('time'), col(FORECAST_FIELD.value), col(FORECAST_FIELD.lower), col(FORECAST_FIELD.upper)];
    for (const r of s.values) {
      const [t, value, lower, upper] = [r[it], r[iv], r[il], r[iu]];
      if (typeof t === 'number' && typeof value === 'number') {
        out.push({ timeMs: t, value, lower: typeof lower === 'number' ? lower : value, upper: typeof upper === 'number' ? upper : value });
      }
    }
  }
  return out.sort((a, b) => a.timeMs - b.timeMs);
}
