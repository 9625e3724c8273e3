import pLimit from 'p-limit';
import type { SeriesSource } from '../../core/rollups.ts';
import { float, HOLIDAY_MEASUREMENT, msToNs, RUNWAY_MEASUREMENT, str, type MetricPoint } from '../../core/schema.ts';
import type { MetricWriter, SeriesReader } from '../../core/store.ts';
import type { EventRange } from '../events.ts';
import { writeChunkPoints, type LineWriter } from './chunk-points.ts';
import { chunkFingerprint } from './chunk-fingerprint.ts';
import { readChunkInput, unchangedChunk, type ChunkTask } from './chunk-task.ts';
import { chunksOf, DEFAULT_CHUNK_HOSTS, listHosts } from './fleet-chunks.ts';
import { calendarOf, forecastChunk, noPhases, rowAsOf, TRAFFIC_METRICS, type ChunkInput, type ChunkOutput, type ChunkPhases } from './forecast-chunk.ts';
import type { RunwayRow } from '../../core/runway-row.ts';

const DAY_MS = 86_400_000;

export interface ForecastJobOptions {
  reader: SeriesReader;
  /** Where forecasts go; a store that takes line protocol (InfluxHttpStore) takes a pool's formatted chunks as they are. */
  writer: MetricWriter & Partial<LineWriter>;
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
  /** Daily peak memory use (percent of RAM) that counts as running out. */
  memoryThresholdPercent: number;
  /** Daily 95th percentile of CPU use (percent) that counts as saturated. */
  cpuThresholdPercent: number;
  nowMs: number;
  /** Where daily series are read: the daily rollup, or raw points aggregated at query time (default). */
  source?: SeriesSource;
  /** Hosts read and forecast together; memory grows with this, not with the fleet. */
  chunkHosts?: number;
  /** Runs the forecasts of one chunk (in a worker pool, or on a queue); in this thread by default. */
  runChunk?: (input: ChunkInput) => Promise<ChunkOutput>;
  /**
   * Hands a whole chunk, reading included, to someone else (a queue worker), who writes its
   * forecast points and returns the rest; replaces reading here and runChunk.
   */
  runTask?: (task: ChunkTask) => Promise<ChunkOutput>;
  /** Chunks in flight at once: reading the next while the pool fits the current. */
  concurrency?: number;
  /** Holiday points before this time (epoch ms) are not written: InfluxDB would refuse them past the raw retention. */
  oldestWritableMs?: number;
  /**
   * Each chunk's last fit, by its hosts, kept by the caller from run to run: a chunk whose
   * fingerprint (chunkFingerprint) is as it was then is not read, fitted or written again, and its
   * rows stand. The job updates it. Without it, every chunk is read and fitted.
   */
  lastFits?: Map<string, ChunkFit>;
}

/** What a chunk's fit left for the runs after it, as long as its input stays the same. */
export interface ChunkFit {
  fingerprint: string;
  rows: RunwayRow[];
  failures: ChunkOutput['failures'];
  eventsUsed: ChunkOutput['eventsUsed'];
}

export interface ForecastRun {
  run: string;
  rows: RunwayRow[];
  /** Series that could not be forecast, with the reason: recorded, never thrown out of the job. */
  failures: { series: string; error: string }[];
  forecastPoints: number;
  /** Series of chunks whose input had not changed since their last fit: their rows were kept, not fitted. */
  unchangedSeries: number;
  durationMs: number;
  /**
   * Where the run's time went, in ms summed over chunks (chunks overlap, so the sum may exceed
   * the run): reading series, fitting (on the pool or queue, transfer included), writing forecasts.
   */
  phases: ChunkPhases;
}

/**
 * Forecasts every disk and every host's peak load from InfluxDB and writes the forecasts back,
 * a chunk of hosts at a time, so memory is bounded by the chunk and not by the fleet.
 * The runway rows are returned rather than written: their severity is the alerting stage's call.
 */
export async function runForecastJob(opts: ForecastJobOptions): Promise<ForecastRun> {
  const started = Date.now();
  const toMs = Math.floor(opts.nowMs / DAY_MS) * DAY_MS; // whole days only: today's maximum is not final yet
  const fromMs = toMs - opts.historyDays * DAY_MS;
  const run = new Date(opts.nowMs).toISOString();
  const source = opts.source ?? 'raw';
  const countryOf = (customer: string): string => opts.countryOf?.(customer) ?? opts.country;
  const runChunk = opts.runChunk ?? ((input: ChunkInput) => Promise.resolve(forecastChunk(input)));
  const out: ForecastRun = { run, rows: [], failures: [], forecastPoints: 0, unchangedSeries: 0, durationMs: 0, phases: noPhases() };
  const timed = async <T>(phase: keyof ForecastRun['phases'], work: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    try {
      return await work();
    } finally {
      out.phases[phase] += performance.now() - started;
    }
  };
  // A chunk run elsewhere says where its time went; one that does not (an older worker) counts as fitting, queueing included.
  const runTask = async (run: (task: ChunkTask) => Promise<ChunkOutput>, task: ChunkTask): Promise<ChunkOutput> => {
    const started = performance.now();
    const result = await run(task);
    const phases = result.phases ?? { ...noPhases(), fitMs: performance.now() - started };
    for (const phase of Object.keys(out.phases) as (keyof ChunkPhases)[]) out.phases[phase] += phases[phase];
    return result;
  };
  // In this thread: read and fitted, unless its fingerprint is the last fit's.
  const readAndFit = async (task: ChunkTask): Promise<ChunkOutput> => {
    const countryOfChunk = (c: string) => opts.countryOf?.(c);
    const fingerprint = opts.lastFits ? await timed('readMs', () => chunkFingerprint(opts.reader, task, countryOfChunk)) : undefined;
    if (fingerprint !== undefined && fingerprint === task.unchangedIf) return unchangedChunk(fingerprint);
    const input = await timed('readMs', () => readChunkInput(opts.reader, task, countryOfChunk));
    const out = await timed('fitMs', () => runChunk(input));
    return fingerprint === undefined ? out : { ...out, fingerprint };
  };
  const eventsUsed = new Map<string, Map<string, EventRange>>(); // by customer
  const hosts = await listHosts(opts.reader, source);
  const chunks = chunksOf(hosts, opts.chunkHosts ?? DEFAULT_CHUNK_HOSTS);
  const fits = new Map<string, ChunkFit>();
  await pLimit(Math.max(1, opts.concurrency ?? 1)).map(chunks.keys(), async (index) => {
    const key = chunks[index]!.join('\n');
    const last = opts.lastFits?.get(key);
    const task: ChunkTask = {
      index, hosts: chunks[index]!, run, nowMs: opts.nowMs, fromMs, toMs, source,
      horizonDays: opts.horizonDays, levelPercent: opts.levelPercent, diskThresholdPercent: opts.diskThresholdPercent,
      memoryThresholdPercent: opts.memoryThresholdPercent, cpuThresholdPercent: opts.cpuThresholdPercent,
      country: opts.country, events: opts.events ?? [], ...(last ? { unchangedIf: last.fingerprint } : {}),
    };
    const result = opts.runTask ? await runTask(opts.runTask, task) : await readAndFit(task);
    const kept = result.unchanged ? last : undefined;
    if (kept) {
      fits.set(key, kept);
      out.unchangedSeries += kept.rows.length;
    } else {
      // Awaited before the sum: `a += await b` reads `a` first and loses concurrent chunks' counts.
      const written = result.written ?? (await timed('writeMs', () => writeChunkPoints(opts.writer, result)));
      out.forecastPoints += written;
      // Remembered once its points are written: a chunk whose write failed is fitted again.
      if (result.fingerprint !== undefined) fits.set(key, { fingerprint: result.fingerprint, rows: result.rows, failures: result.failures, eventsUsed: result.eventsUsed });
    }
    const done = kept ?? result;
    for (const r of done.rows) out.rows.push(kept ? rowAsOf(r, opts.nowMs) : r);
    for (const f of done.failures) out.failures.push(f);
    for (const [customer, events] of done.eventsUsed) {
      const used = eventsUsed.get(customer) ?? new Map();
      eventsUsed.set(customer, used);
      for (const e of events) used.set(`${e.name} ${e.startMs} ${e.endMs} ${e.scope ?? ''}`, e);
    }
  });
  if (opts.lastFits) {
    // Chunks of this run only: a fleet that changed leaves no stale chunks behind.
    opts.lastFits.clear();
    for (const [key, fit] of fits) opts.lastFits.set(key, fit);
  }
  // The calendars the forecasts used, so Grafana can annotate charts with the seasons behind them:
  // written per customer, so that one customer's charts never show another's country or campaign.
  const loadCustomers = new Set(out.rows.filter((r) => TRAFFIC_METRICS.has(r.metric)).map((r) => r.customer));
  const points: MetricPoint[] = [];
  for (const customer of loadCustomers) {
    const country = countryOf(customer);
    points.push(...holidayPoints(customer, country, calendarOf(country, { fromMs, toMs, horizonDays: opts.horizonDays })));
  }
  for (const [customer, events] of eventsUsed) points.push(...holidayPoints(customer, countryOf(customer), [...events.values()]));
  const oldest = opts.oldestWritableMs ?? -Infinity;
  await opts.writer.write(points.filter((p) => Number(p.timeNs / 1_000_000n) >= oldest));
  out.durationMs = Date.now() - started;
  return out;
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

/**
 * One `holiday` point per occurrence for one customer, at its start, with its end in epoch ms
 * (Grafana's region annotations). The customer tag scopes it as the customer tag scopes metrics.
 */
function holidayPoints(customer: string, country: string, ranges: readonly EventRange[]): MetricPoint[] {
  return ranges.map((h) => ({
    measurement: HOLIDAY_MEASUREMENT,
    // A customer's campaign and a host's migration of one name and day stay two points.
    tags: { customer, country, name: h.name, ...(h.scope ? { scope: h.scope } : {}) },
    fields: { text: str(`${h.name.replace(/-/g, ' ')} (${h.scope ? `${h.scope}, ` : ''}${country})`), time_end: float(h.endMs) },
    timeNs: msToNs(h.startMs),
  }));
}
