import { dailyStat, type SeriesSource } from '../../core/rollups.ts';
import { FORECAST_FIELD, FORECAST_TAG } from '../../core/forecast-record.ts';
import { DISK_MEASUREMENT, FIELD, FORECAST_MEASUREMENT, SYSTEM_MEASUREMENT, TAG_CUSTOMER, TAG_HOST, TAG_MOUNT } from '../../core/schema.ts';
import type { QuerySeries, SeriesReader } from '../../core/store.ts';
import type { RunwayRow } from '../../forecast/job/runway-row.ts';
import { noticeRowKey, type ForecastPoint, type HistoryPoint, type NoticeSeries } from './notice-types.ts';

const DAY_MS = 86_400_000;

/**
 * Reads what each row's chart shows from InfluxDB: the daily history (disk: max used_percent per
 * day; load: max load1 per day, as the forecast job fits them, from the daily rollup where InfluxDB
 * keeps rollups, `source`) and the stored forecast
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
      reader.query(historyQuery(row, source, fromMs, Math.min(toMs, runDayMs))),
      reader.query(forecastQuery(row, Math.max(fromMs, runDayMs), toMs)),
    ]);
    out.set(key, { history: historyPoints(history), forecast: forecastPoints(forecast) });
  }
  return out;
}

function historyQuery(row: RunwayRow, source: SeriesSource, fromMs: number, toMs: number): string {
  const where = [tag(TAG_CUSTOMER, row.customer), tag(TAG_HOST, row.host)];
  const disk = row.metric === 'disk_used_percent';
  if (disk) where.push(tag(TAG_MOUNT, row.mount ?? ''));
  const { select, from } = disk ? dailyStat(source, 'max', DISK_MEASUREMENT, FIELD.diskUsedPercent) : dailyStat(source, 'max', SYSTEM_MEASUREMENT, FIELD.load1);
  return `SELECT ${select} FROM ${from} WHERE ${where.join(' AND ')} AND time >= ${fromMs}ms AND time < ${toMs}ms GROUP BY time(1d) fill(none)`;
}

function forecastQuery(row: RunwayRow, fromMs: number, toMs: number): string {
  const where = [tag(FORECAST_TAG.customer, row.customer), tag(FORECAST_TAG.host, row.host), tag(FORECAST_TAG.metric, row.metric)];
  if (row.metric === 'disk_used_percent') where.push(tag(FORECAST_TAG.mount, row.mount ?? ''));
  const { value, lower, upper } = FORECAST_FIELD;
  return `SELECT "${value}", "${lower}", "${upper}" FROM "${FORECAST_MEASUREMENT}" WHERE ${where.join(' AND ')} AND time >= ${fromMs}ms AND time < ${toMs}ms`;
}

/** An InfluxQL tag comparison; the value quoted as InfluxQL string literals are (backslash, quote). */
function tag(name: string, value: string): string {
  return `"${name}" = '${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

function historyPoints(series: QuerySeries[]): HistoryPoint[] {
  const out: HistoryPoint[] = [];
  for (const s of series) for (const [t, v] of s.values) if (typeof t === 'number' && typeof v === 'number') out.push({ timeMs: t, value: v });
  return out.sort((a, b) => a.timeMs - b.timeMs);
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
