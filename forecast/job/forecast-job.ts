import { float, FORECAST_MEASUREMENT, HOLIDAY_MEASUREMENT, msToNs, RUNWAY_MEASUREMENT, str, type MetricPoint } from '../../core/schema.ts';
import type { MetricWriter, SeriesReader } from '../../core/store.ts';
import { concerns, type EventRange } from '../events.ts';
import { holidayRanges } from '../holidays.ts';
import type { HolidayRange } from '../model.ts';
import { diskEvidence } from './disk-evidence.ts';
import { readCapacities, readDiskDailyMax, readDiskDailyMin, readLoadDailyMax, seriesKey, type TaggedDailySeries } from './fleet-queries.ts';
import { forecastOne, type SeriesForecast } from './forecast-one.ts';
import type { RunwayMetric, RunwayRow } from './runway-row.ts';

const DAY_MS = 86_400_000;

export interface ForecastJobOptions {
  reader: SeriesReader;
  writer: MetricWriter;
  historyDays: number;
  horizonDays: number;
  levelPercent: number;
  /** Holiday calendar of customers whose country countryOf does not give. */
  country: string;
  /** ISO 3166-1 alpha-2 country of a customer, for its holidays (e.g. from the inventory). */
  countryOf?: (customer: string) => string | undefined;
  /** Custom events (campaigns, migrations) learnt and forecast like holidays, by the series they concern. */
  events?: EventRange[];
  diskThresholdPercent: number;
  nowMs: number;
}

export interface ForecastRun {
  run: string;
  rows: RunwayRow[];
  /** Series that could not be forecast, with the reason: recorded, never thrown out of the job. */
  failures: { series: string; error: string }[];
  forecastPoints: number;
  durationMs: number;
}

/**
 * Forecasts every disk and every host's peak load from InfluxDB and writes the forecasts back.
 * The runway rows are returned rather than written: their severity is the alerting stage's call.
 */
export async function runForecastJob(opts: ForecastJobOptions): Promise<ForecastRun> {
  const started = Date.now();
  const toMs = Math.floor(opts.nowMs / DAY_MS) * DAY_MS; // whole days only: today's maximum is not final yet
  const fromMs = toMs - opts.historyDays * DAY_MS;
  const run = new Date(opts.nowMs).toISOString();
  const countryOf = (customer: string | undefined): string => (customer !== undefined ? opts.countryOf?.(customer) : undefined) ?? opts.country;
  const calendars = new Map<string, HolidayRange[]>();
  const calendarOf = (country: string): HolidayRange[] => {
    let ranges = calendars.get(country);
    if (!ranges) {
      ranges = holidayRanges(country, fromMs - 366 * DAY_MS, toMs + (opts.horizonDays + 60) * DAY_MS);
      calendars.set(country, ranges);
    }
    return ranges;
  };
  // The events each country's series used, to annotate that country's charts with them.
  const eventsUsed = new Map<string, Set<EventRange>>();
  const eventsOf = (tags: Record<string, string>): EventRange[] => {
    const events = (opts.events ?? []).filter((e) => concerns(e, tags));
    const country = countryOf(tags.customer);
    if (!eventsUsed.has(country)) eventsUsed.set(country, new Set());
    for (const e of events) eventsUsed.get(country)!.add(e);
    return events;
  };
  // The minima only feed the proposal's evidence, which needs the last four months.
  const [disks, minima, loads, capacities] = await Promise.all([
    readDiskDailyMax(opts.reader, fromMs, toMs),
    readDiskDailyMin(opts.reader, Math.max(fromMs, toMs - 130 * DAY_MS), toMs),
    readLoadDailyMax(opts.reader, fromMs, toMs),
    readCapacities(opts.reader, toMs),
  ]);

  const out: ForecastRun = { run, rows: [], failures: [], forecastPoints: 0, durationMs: 0 };
  const points: MetricPoint[] = [];
  const common = { horizonDays: opts.horizonDays, levelPercent: opts.levelPercent };
  const minOf = new Map(minima.map((m) => [seriesKey(m.tags, ['customer', 'host', 'mount']), m.samples]));
  const loadOf = new Map(loads.map((l) => [seriesKey(l.tags, ['customer', 'host']), l.samples]));
  for (const disk of disks) {
    const threshold = opts.diskThresholdPercent;
    const totalBytes = capacities.diskBytes.get(seriesKey(disk.tags, ['customer', 'host', 'mount']));
    // A disk is a stock: a holiday changes how fast it fills, not its level, so the calendar's
    // level effects would only fit noise. Steps and changes in growth are the trend's job.
    const holidays = eventsOf(disk.tags);
    forecastSeries(disk, 'disk_used_percent', { ...common, holidays, threshold, bounds: { min: 0, max: 100 }, seasonality: 'additive' }, totalBytes);
  }
  for (const load of loads) {
    const cores = capacities.cores.get(seriesKey(load.tags, ['customer', 'host']));
    if (cores === undefined) {
      out.failures.push({ series: `load ${load.tags.host}`, error: 'no n_cpus reported in the last 30 days: capacity unknown' });
      continue;
    }
    const holidays = [...calendarOf(countryOf(load.tags.customer)), ...eventsOf(load.tags)];
    forecastSeries(load, 'load_daily_max', { ...common, holidays, threshold: cores, bounds: { min: 0 }, seasonality: 'multiplicative' });
  }
  out.forecastPoints = points.length;
  // The calendars the forecasts used, so Grafana can annotate charts with the seasons behind them.
  for (const [country, ranges] of calendars) points.push(...holidayPoints(country, ranges));
  for (const [country, events] of eventsUsed) points.push(...holidayPoints(country, [...events]));
  await opts.writer.write(points);
  out.durationMs = Date.now() - started;
  return out;

  function forecastSeries(s: TaggedDailySeries, metric: RunwayMetric, o: Parameters<typeof forecastOne>[1], totalBytes?: number): void {
    const label = `${metric} ${Object.values(s.tags).join('/')}`;
    try {
      const f = forecastOne(s.samples, o);
      if (!f) {
        out.failures.push({ series: label, error: 'fewer than 14 days of history' });
        return;
      }
      const row = toRow(s.tags, metric, f, o.threshold, run, opts.nowMs, totalBytes);
      if (metric === 'disk_used_percent') {
        const min = minOf.get(seriesKey(s.tags, ['customer', 'host', 'mount'])) ?? [];
        row.diskEvidence = diskEvidence(s.samples, min, loadOf.get(seriesKey(s.tags, ['customer', 'host'])), toMs);
      }
      out.rows.push(row);
      points.push(...forecastPoints(s.tags, metric, f, run, opts.levelPercent));
    } catch (e) {
      out.failures.push({ series: label, error: (e as Error).message });
    }
  }
}

function toRow(tags: Record<string, string>, metric: RunwayMetric, f: SeriesForecast, threshold: number, run: string, nowMs: number, totalBytes?: number): RunwayRow {
  const mount = tags.mount;
  const row: RunwayRow = {
    customer: tags.customer ?? '',
    host: tags.host ?? '',
    resource: metric === 'disk_used_percent' ? `disk ${mount ?? ''}`.trim() : 'load',
    metric,
    current: f.current,
    threshold,
    crossing: f.crossing,
    daysLeft: f.crossing.likely === null ? null : Math.max(0, (f.crossing.likely - nowMs) / DAY_MS),
    driver: f.driver,
    growthPerDay: f.growthPerDay,
    trendBreakMs: trendBreakOf(f.model),
    peakForecast: f.peakForecast,
    model: String(f.model.name ?? 'unknown'),
    combination: f.combination,
    choiceReason: f.choiceReason,
    mase: Number.isFinite(f.backtest.mase) ? f.backtest.mase : null,
    coverage: Number.isFinite(f.backtest.coverage) ? f.backtest.coverage : null,
    run,
    computedAtMs: nowMs,
  };
  if (mount !== undefined) row.mount = mount;
  if (totalBytes !== undefined) row.totalBytes = totalBytes;
  return row;
}

function forecastPoints(tags: Record<string, string>, metric: RunwayMetric, f: SeriesForecast, run: string, level: number): MetricPoint[] {
  // The run is a field, not a tag: the latest run overwrites the same future timestamps,
  // so Grafana shows the current forecast without filtering and series do not multiply per run.
  const pointTags = { ...pick(tags, ['customer', 'host', 'mount']), metric };
  const model = str(String(f.model.name ?? 'unknown'));
  // How far to trust the forecast, on every point so a Grafana panel can show it beside the band.
  // What was combined and why, so a forecast on a chart can be traced to the models behind it.
  const trust: MetricPoint['fields'] = { backtest_origins: float(f.backtest.origins), combination: str(f.combination), choice_reason: str(f.choiceReason) };
  if (Number.isFinite(f.backtest.mase)) trust.mase = float(f.backtest.mase);
  if (Number.isFinite(f.backtest.coverage)) trust.coverage = float(f.backtest.coverage);
  return f.points.map((p) => ({
    measurement: FORECAST_MEASUREMENT,
    tags: pointTags,
    fields: { value: float(p.value), lower: float(p.lower), upper: float(p.upper), level: float(level), model, run: str(run), ...trust },
    timeNs: msToNs(p.timeMs),
  }));
}

/** The runway table row as stored for Grafana, one point per resource per run. */
export function runwayPoint(row: RunwayRow, severity: string): MetricPoint {
  const fields: MetricPoint['fields'] = {
    current: float(row.current),
    threshold: float(row.threshold),
    severity: str(severity),
    model: str(row.model),
    combination: str(row.combination ?? row.model),
    choice_reason: str(row.choiceReason ?? ''),
    run: str(row.run),
    driver: str(row.driver ?? ''),
  };
  if (row.daysLeft !== null) fields.days_left = float(row.daysLeft);
  if (row.mase !== undefined && row.mase !== null) fields.mase = float(row.mase);
  if (row.coverage !== undefined && row.coverage !== null) fields.coverage = float(row.coverage);
  for (const [k, v] of Object.entries(row.crossing)) if (v !== null) fields[`${k}_ms`] = float(v);
  const tags = { customer: row.customer, host: row.host, resource: row.resource, metric: row.metric };
  return { measurement: RUNWAY_MEASUREMENT, tags, fields, timeNs: msToNs(row.computedAtMs) };
}

function pick(tags: Record<string, string>, keys: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of keys) if (tags[k] !== undefined) out[k] = tags[k];
  return out;
}

/** One `holiday` point per occurrence, at its start, with its end in epoch ms (Grafana's region annotations). */
function holidayPoints(country: string, ranges: readonly EventRange[]): MetricPoint[] {
  return ranges.map((h) => ({
    measurement: HOLIDAY_MEASUREMENT,
    // Two customers' campaigns of one name and day stay two points.
    tags: { country, name: h.name, ...(h.scope ? { scope: h.scope } : {}) },
    fields: { text: str(`${h.name.replace(/-/g, ' ')} (${h.scope ? `${h.scope}, ` : ''}${country})`), time_end: float(h.endMs) },
    timeNs: msToNs(h.startMs),
  }));
}

/** The trend break the chosen model reports in its description (Runway's model does; the baselines have none). */
function trendBreakOf(model: Record<string, unknown>): number | null {
  const at = (model.trend as { trendBreak?: unknown } | undefined)?.trendBreak;
  return typeof at === 'string' ? Date.parse(at) : null;
}
