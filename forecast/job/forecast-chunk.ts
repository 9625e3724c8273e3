import { forecastRecordPoints, trendBreakMsOf } from '../../core/forecast-record.ts';
import type { MetricPoint } from '../../core/schema.ts';
import { concerns, type EventRange } from '../events.ts';
import { holidayRanges } from '../holidays.ts';
import type { HolidayRange } from '../model.ts';
import { diskEvidence } from './disk-evidence.ts';
import { seriesKey, type TaggedDailySeries } from './fleet-queries.ts';
import { forecastOne, type SeriesForecast } from './forecast-one.ts';
import type { RunwayMetric, RunwayRow } from '../../core/runway-row.ts';

const DAY_MS = 86_400_000;

/**
 * One chunk of the fleet's series and everything needed to forecast them, as plain data: it is
 * sent to a worker thread (or a queue worker on another machine) and must survive structured clone.
 */
export interface ChunkInput {
  run: string;
  nowMs: number;
  fromMs: number;
  toMs: number;
  horizonDays: number;
  levelPercent: number;
  diskThresholdPercent: number;
  disks: TaggedDailySeries[];
  /** Daily minima of the disks (the last four months), for the proposal's evidence. */
  minima: TaggedDailySeries[];
  loads: TaggedDailySeries[];
  /** seriesKey(customer, host) → cores. */
  cores: [string, number][];
  /** seriesKey(customer, host, mount) → disk size in bytes. */
  diskBytes: [string, number][];
  /** Customer → country of its holidays, for the customers of this chunk. */
  countryOf: [string, string][];
  /** Country of customers countryOf does not name. */
  country: string;
  events: EventRange[];
}

export interface ChunkOutput {
  rows: RunwayRow[];
  failures: { series: string; error: string }[];
  points: MetricPoint[];
  /** Forecast points already written by whoever ran the chunk (a queue worker), in place of `points`. */
  written?: number;
  /**
   * The forecast points as line protocol, in place of `points`: a worker thread formats them, so the
   * event loop neither copies tens of thousands of point objects out of the thread nor formats them.
   */
  lines?: { text: string; count: number };
  /** Per customer, the custom events its series used, to annotate that customer's charts. */
  eventsUsed: [string, EventRange[]][];
}

const calendars = new Map<string, HolidayRange[]>();

/** Forecasts every series of a chunk: pure computation, no I/O. */
export function forecastChunk(input: ChunkInput): ChunkOutput {
  const out: ChunkOutput = { rows: [], failures: [], points: [], eventsUsed: [] };
  const countries = new Map(input.countryOf);
  const cores = new Map(input.cores);
  const diskBytes = new Map(input.diskBytes);
  const countryOf = (customer: string | undefined): string => (customer !== undefined ? countries.get(customer) : undefined) ?? input.country;
  const used = new Map<string, Set<EventRange>>();
  const eventsOf = (tags: Record<string, string>): EventRange[] => {
    const events = input.events.filter((e) => concerns(e, tags));
    const customer = tags.customer ?? '';
    const set = used.get(customer) ?? new Set();
    used.set(customer, set);
    for (const e of events) set.add(e);
    return events;
  };
  const common = { horizonDays: input.horizonDays, levelPercent: input.levelPercent };
  const minOf = new Map(input.minima.map((m) => [seriesKey(m.tags, ['customer', 'host', 'mount']), m.samples]));
  const loadOf = new Map(input.loads.map((l) => [seriesKey(l.tags, ['customer', 'host']), l.samples]));
  const forecast = (s: TaggedDailySeries, metric: RunwayMetric, o: Parameters<typeof forecastOne>[1], totalBytes?: number): void => {
    const label = `${metric} ${Object.values(s.tags).join('/')}`;
    try {
      const f = forecastOne(s.samples, o);
      if (!f) {
        out.failures.push({ series: label, error: 'fewer than 14 days of history' });
        return;
      }
      const row = toRow(s.tags, metric, f, o.threshold, input.run, input.nowMs, totalBytes);
      if (metric === 'disk_used_percent') {
        const min = minOf.get(seriesKey(s.tags, ['customer', 'host', 'mount'])) ?? [];
        row.diskEvidence = diskEvidence(s.samples, min, loadOf.get(seriesKey(s.tags, ['customer', 'host'])), input.toMs);
      }
      out.rows.push(row);
      for (const p of forecastPoints(s.tags, metric, f, input.run, input.levelPercent)) out.points.push(p);
    } catch (e) {
      out.failures.push({ series: label, error: (e as Error).message });
    }
  };
  for (const disk of input.disks) {
    // A disk is a stock: a holiday changes how fast it fills, not its level, so the calendar's
    // level effects would only fit noise. Steps and changes in growth are the trend's job.
    const o = { ...common, holidays: eventsOf(disk.tags), threshold: input.diskThresholdPercent, bounds: { min: 0, max: 100 }, seasonality: 'additive' as const };
    forecast(disk, 'disk_used_percent', o, diskBytes.get(seriesKey(disk.tags, ['customer', 'host', 'mount'])));
  }
  for (const load of input.loads) {
    const threshold = cores.get(seriesKey(load.tags, ['customer', 'host']));
    if (threshold === undefined) {
      out.failures.push({ series: `load ${load.tags.host}`, error: 'no n_cpus reported in the last 30 days: capacity unknown' });
      continue;
    }
    const holidays = [...calendarOf(countryOf(load.tags.customer), input), ...eventsOf(load.tags)];
    forecast(load, 'load_daily_max', { ...common, holidays, threshold, bounds: { min: 0 }, seasonality: 'multiplicative' });
  }
  out.eventsUsed = [...used].map(([customer, events]) => [customer, [...events]]);
  return out;
}

/** The holiday calendar of a country over the history and the horizon; the same for every chunk of a run. */
export function calendarOf(country: string, range: { fromMs: number; toMs: number; horizonDays: number }): HolidayRange[] {
  const key = `${country} ${range.fromMs} ${range.toMs} ${range.horizonDays}`;
  let ranges = calendars.get(key);
  if (!ranges) {
    ranges = holidayRanges(country, range.fromMs - 366 * DAY_MS, range.toMs + (range.horizonDays + 60) * DAY_MS);
    if (calendars.size > 64) calendars.clear(); // bounded: one entry per country and run
    calendars.set(key, ranges);
  }
  return ranges;
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
    trendBreakMs: trendBreakMsOf(f.model),
    peakForecast: f.peakForecast,
    model: f.model.name,
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
  return forecastRecordPoints({ tags, metric }, f.points, { model: f.model, combination: f.combination, choiceReason: f.choiceReason, backtest: f.backtest, levelPercent: level }, run);
}
