import { forecastRecordPoints, trendBreakMsOf } from '../../core/forecast-record.ts';
import type { MetricPoint } from '../../core/schema.ts';
import { concerns, type EventRange } from '../events.ts';
import { bandKey, dayBands, type DayBand } from './day-check.ts';
import { holidayRanges } from '../holidays.ts';
import type { HolidayRange } from '../model.ts';
import { diskEvidence } from './disk-evidence.ts';
import { memEvidence } from './mem-evidence.ts';
import { seriesKey, type ChunkDailySeries, type TaggedDailySeries } from './fleet-queries.ts';
import { forecastOne, type ForecastOneOptions, type SeriesForecast } from './forecast-one.ts';
import type { RunwayMetric, RunwayRow } from '../../core/runway-row.ts';

const DAY_MS = 86_400_000;

/**
 * One chunk of the fleet's series and everything needed to forecast them, as plain data: it is
 * sent to a worker thread (or a queue worker on another machine) and must survive structured clone.
 */
export interface ChunkInput extends ChunkDailySeries {
  run: string;
  nowMs: number;
  fromMs: number;
  toMs: number;
  horizonDays: number;
  levelPercent: number;
  diskThresholdPercent: number;
  memoryThresholdPercent: number;
  cpuThresholdPercent: number;
  /** seriesKey(customer, host) → cores. */
  cores: [string, number][];
  /** seriesKey(customer, host, mount) → disk size in bytes. */
  diskBytes: [string, number][];
  /** seriesKey(customer, host) → RAM in bytes. */
  memBytes: [string, number][];
  /** seriesKey(customer, host, mount) → inodes of the filesystem. */
  inodesTotal: [string, number][];
  /** Customer → country of its holidays, for the customers of this chunk. */
  countryOf: [string, string][];
  /** Country of customers countryOf does not name. */
  country: string;
  events: EventRange[];
}

export interface ChunkOutput {
  rows: RunwayRow[];
  /** Series that could not be forecast, and the host they belong to. */
  failures: { series: string; host: string; error: string }[];
  points: MetricPoint[];
  /** Forecast points already written by whoever ran the chunk (a queue worker), in place of `points`. */
  written?: number;
  /**
   * The forecast points as line protocol, in place of `points`: a worker thread formats them, so the
   * event loop neither copies tens of thousands of point objects out of the thread nor formats them.
   */
  lines?: { text: string; count: number };
  /** Where the chunk's time went, in ms, when whoever ran it read and wrote it too (runChunkTask). */
  phases?: ChunkPhases;
  /** Per series fitted (bandKey), the bands its next days are checked against (day-check.ts). */
  bands?: [string, DayBand[]][];
  /** Each host's hash over the run's days (chunk-plan.ts), when whoever ran the chunk planned it. */
  hashes?: [string, string][];
  /** The hosts fitted; the chunk's others keep their last fits. Absent: all were fitted. */
  refitted?: string[];
}

/**
 * Time spent reading a chunk's series, fitting them and writing their forecast points, in ms, and
 * the CPU time of the fits (0 where unknown): on a busy machine the wall times say mostly how long
 * a thread waited for a core or for InfluxDB, and a fit's CPU time is its own cost.
 */
export interface ChunkPhases {
  readMs: number;
  fitMs: number;
  writeMs: number;
  fitCpuMs: number;
}

/** Phases of nothing yet. */
export const noPhases = (): ChunkPhases => ({ readMs: 0, fitMs: 0, writeMs: 0, fitCpuMs: 0 });

const calendars = new Map<string, HolidayRange[]>();

/**
 * Metrics whose daily peaks follow the traffic: fitted multiplicatively with the customer's
 * holiday calendar, so a Christmas rush can drive their crossing. Disks and inodes are stores
 * that fill, driven by their trend.
 */
export const TRAFFIC_METRICS: ReadonlySet<RunwayMetric> = new Set<RunwayMetric>(['load_daily_max', 'mem_used_percent', 'cpu_p95_percent']);

const HOST_KEY = ['customer', 'host'] as const;
/** What a row says its resource holds: disk or RAM bytes, inodes, cores. */
type Capacity = Partial<Pick<RunwayRow, 'totalBytes' | 'inodesTotal' | 'cores'>>;
const MOUNT_KEY = ['customer', 'host', 'mount'] as const;

/** Forecasts every series of a chunk: pure computation, no I/O. */
export function forecastChunk(input: ChunkInput): ChunkOutput {
  const out: ChunkOutput = { rows: [], failures: [], points: [], bands: [] };
  const countries = new Map(input.countryOf);
  const cores = new Map(input.cores);
  const diskBytes = new Map(input.diskBytes);
  const memBytes = new Map(input.memBytes);
  const inodesTotal = new Map(input.inodesTotal);
  const countryOf = (customer: string | undefined): string => (customer !== undefined ? countries.get(customer) : undefined) ?? input.country;
  const eventsOf = (tags: Record<string, string>): EventRange[] => input.events.filter((e) => concerns(e, tags));
  const common = { horizonDays: input.horizonDays, levelPercent: input.levelPercent };
  const minOf = new Map(input.minima.map((m) => [seriesKey(m.tags, MOUNT_KEY), m.samples]));
  const loadOf = new Map(input.loads.map((l) => [seriesKey(l.tags, HOST_KEY), l.samples]));
  const forecast = (s: TaggedDailySeries, metric: RunwayMetric, o: Parameters<typeof forecastOne>[1], capacity: Capacity = {}): SeriesForecast | null => {
    const label = `${metric} ${Object.values(s.tags).join('/')}`;
    try {
      const f = forecastOne(s.samples, o);
      if (!f) {
        out.failures.push({ series: label, host: s.tags.host ?? '', error: 'fewer than 14 days of history' });
        return null;
      }
      const row = toRow(s.tags, metric, f, o.threshold, input.run, input.nowMs, capacity);
      const load = loadOf.get(seriesKey(s.tags, HOST_KEY));
      if (metric === 'disk_used_percent') row.diskEvidence = diskEvidence(s.samples, minOf.get(seriesKey(s.tags, MOUNT_KEY)) ?? [], load, input.toMs);
      if (metric === 'mem_used_percent') {
        row.memEvidence = memEvidence(s.samples, load, input.toMs);
        // Memory that rises while the load stays flat, and whose own rise reaches the threshold within the
        // four weeks a season's run-up is given (forecast-one.ts driverOf), is not that season's doing:
        // a leak before Christmas is a leak. Memory rising with the load in the run-up keeps its season.
        const { memSlopePerDay: slope, loadSlopePerDay } = row.memEvidence;
        const flatLoad = loadSlopePerDay === null || Math.abs(loadSlopePerDay * 90) < 0.1;
        if (flatLoad && row.crossing.likely !== null && slope > 0 && input.nowMs + ((row.threshold - row.current) / slope) * DAY_MS <= row.crossing.likely + 28 * DAY_MS) row.driver = 'trend';
      }
      out.rows.push(row);
      out.bands!.push([bandKey(metric, s.tags), dayBands(f.points, input.levelPercent, input.toMs, s.samples)]);
      for (const p of forecastPoints(s.tags, metric, f, input.run, input.levelPercent)) out.points.push(p);
      return f;
    } catch (e) {
      out.failures.push({ series: label, host: s.tags.host ?? '', error: (e as Error).message });
      return null;
    }
  };
  // A store (a disk, a filesystem's inodes) fills: a holiday changes how fast, not its level, so
  // the calendar's level effects would only fit noise. Steps and changes in growth are the trend's job.
  const store = (tags: Record<string, string>, threshold: number) => ({ ...common, holidays: eventsOf(tags), threshold, bounds: { min: 0, max: 100 }, seasonality: 'additive' as const });
  // Traffic shapes load, memory and CPU peaks: the customer's calendar and its own events, on a log scale.
  const traffic = (tags: Record<string, string>, threshold: number, bounds: { min: number; max?: number }) => ({
    ...common, holidays: [...calendarOf(countryOf(tags.customer), input), ...eventsOf(tags)], threshold, bounds, seasonality: 'multiplicative' as const,
  });
  for (const disk of input.disks) {
    const totalBytes = diskBytes.get(seriesKey(disk.tags, MOUNT_KEY));
    forecast(disk, 'disk_used_percent', store(disk.tags, input.diskThresholdPercent), totalBytes === undefined ? {} : { totalBytes });
  }
  for (const fs of input.inodes) {
    const total = inodesTotal.get(seriesKey(fs.tags, MOUNT_KEY));
    forecast(fs, 'inodes_used_percent', store(fs.tags, input.diskThresholdPercent), total === undefined ? {} : { inodesTotal: total });
  }
  // Each host's load forecast, for its memory to follow where it does (through-load.ts).
  const loadForecasts = new Map<string, NonNullable<ForecastOneOptions['load']>>();
  for (const load of input.loads) {
    const threshold = cores.get(seriesKey(load.tags, HOST_KEY));
    if (threshold === undefined) {
      out.failures.push({ series: `load ${load.tags.host}`, host: load.tags.host ?? '', error: 'no n_cpus reported in the last 30 days: capacity unknown' });
      continue;
    }
    const options = traffic(load.tags, threshold, { min: 0 });
    const f = forecast(load, 'load_daily_max', options);
    if (f) loadForecasts.set(seriesKey(load.tags, HOST_KEY), { samples: load.samples, points: f.points, holidays: options.holidays });
  }
  for (const mem of input.mems) {
    const totalBytes = memBytes.get(seriesKey(mem.tags, HOST_KEY));
    const load = loadForecasts.get(seriesKey(mem.tags, HOST_KEY));
    // Memory that follows the load is forecast through it; what is left to its own forecast is an
    // offset and a drift (a leak adds the same amount a day): additive, so a leak stays a line, and
    // with a load to follow, without the calendar, whose effects it would only fit to noise (a
    // backup host's memory "rising" at Whitsun). Without a load, memory keeps the traffic calendar.
    const own = traffic(mem.tags, input.memoryThresholdPercent, { min: 0, max: 100 });
    const options = { ...own, seasonality: 'additive' as const, ...(load ? { load, holidays: eventsOf(mem.tags) } : {}) };
    forecast(mem, 'mem_used_percent', options, totalBytes === undefined ? {} : { totalBytes });
  }
  for (const cpu of input.cpus) {
    const n = cores.get(seriesKey(cpu.tags, HOST_KEY));
    forecast(cpu, 'cpu_p95_percent', traffic(cpu.tags, input.cpuThresholdPercent, { min: 0, max: 100 }), n === undefined ? {} : { cores: n });
  }
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

/** The runway table's label of a resource: "disk /var", "inodes /var/mail", "load", "memory", "cpu". */
export function resourceLabel(metric: RunwayMetric, mount: string | undefined): string {
  switch (metric) {
    case 'disk_used_percent': return `disk ${mount ?? ''}`.trim();
    case 'inodes_used_percent': return `inodes ${mount ?? ''}`.trim();
    case 'load_daily_max': return 'load';
    case 'mem_used_percent': return 'memory';
    case 'cpu_p95_percent': return 'cpu';
  }
}

const daysLeftOf = (likelyMs: number | null, nowMs: number): number | null => (likelyMs === null ? null : Math.max(0, (likelyMs - nowMs) / DAY_MS));

/**
 * A row of an earlier cycle's fit, as of `nowMs`: the days left count down, the forecast (and the
 * run that made it, which its stored points carry) stay.
 */
export function rowAsOf(row: RunwayRow, nowMs: number): RunwayRow {
  return { ...row, daysLeft: daysLeftOf(row.crossing.likely, nowMs), computedAtMs: nowMs };
}

function toRow(tags: Record<string, string>, metric: RunwayMetric, f: SeriesForecast, threshold: number, run: string, nowMs: number, capacity: Capacity): RunwayRow {
  const mount = tags.mount;
  const row: RunwayRow = {
    customer: tags.customer ?? '',
    host: tags.host ?? '',
    resource: resourceLabel(metric, mount),
    metric,
    current: f.current,
    threshold,
    crossing: f.crossing,
    daysLeft: daysLeftOf(f.crossing.likely, nowMs),
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
  if (capacity.totalBytes !== undefined) row.totalBytes = capacity.totalBytes;
  if (capacity.inodesTotal !== undefined) row.inodesTotal = capacity.inodesTotal;
  if (capacity.cores !== undefined) row.cores = capacity.cores;
  return row;
}

function forecastPoints(tags: Record<string, string>, metric: RunwayMetric, f: SeriesForecast, run: string, level: number): MetricPoint[] {
  return forecastRecordPoints({ tags, metric }, f.points, { model: f.model, combination: f.combination, choiceReason: f.choiceReason, backtest: f.backtest, levelPercent: level }, run);
}
