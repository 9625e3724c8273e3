import pLimit from 'p-limit';
import type { SeriesSource } from '../../core/rollups.ts';
import { float, HOLIDAY_MEASUREMENT, msToNs, RUNWAY_MEASUREMENT, str, type MetricPoint } from '../../core/schema.ts';
import type { MetricWriter, SeriesReader } from '../../core/store.ts';
import { concerns, type EventRange } from '../events.ts';
import { planChunk, type ChunkBaseline } from './chunk-plan.ts';
import { writeChunkPoints, type LineWriter } from './chunk-points.ts';
import { keptChunk, readChunkInput, type ChunkTask } from './chunk-task.ts';
import type { DayBand } from './day-check.ts';
import { refitDue } from './refit-schedule.ts';
import { lastRewriteMarks, MARK_SLACK_MS, rewrittenSince } from './rewritten-hosts.ts';
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
   * Each host's last fit, kept by the caller from run to run and updated by the job: a host whose
   * days are as they were, or whose new days its forecast expected, keeps its fit until its own
   * hour of the day (chunk-plan.ts). Without it, every host is read and fitted.
   */
  lastFits?: FitMemory;
  /** Told the hosts done so far and of how many: once they are listed, then after each chunk. */
  onProgress?: (hostsDone: number, hosts: number) => void;
}

/** What the job remembers of each host's last fit. */
export interface FitMemory {
  /** The days the last run covered: each host's hash is over them. */
  days: { fromMs: number; toMs: number } | null;
  hosts: Map<string, HostFit>;
}

export interface HostFit {
  /** hostFingerprints over `FitMemory.days`. */
  hash: string;
  /** The end of the days the fit read (exclusive). */
  fitToMs: number;
  /** When the run that fitted it began, by the wall clock: rewrites marked after it are news to it (rewritten-hosts.ts). */
  fittedAtMs: number;
  /** The host's last rewrite mark that run knew of (-Infinity: none), which is no news to the fit. */
  markSeenMs: number;
  rows: RunwayRow[];
  failures: ForecastRun['failures'];
  bands: [string, DayBand[]][];
}

export const emptyFitMemory = (): FitMemory => ({ days: null, hosts: new Map() });

export interface ForecastRun {
  run: string;
  rows: RunwayRow[];
  /** Series that could not be forecast, with the reason: recorded, never thrown out of the job. */
  failures: { series: string; error: string }[];
  forecastPoints: number;
  /** Series of hosts that kept their last fit (FitMemory): their rows stand, not fitted again. */
  keptSeries: number;
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
  const startedMs = Date.now();
  const toMs = Math.floor(opts.nowMs / DAY_MS) * DAY_MS; // whole days only: today's maximum is not final yet
  const fromMs = toMs - opts.historyDays * DAY_MS;
  const run = new Date(opts.nowMs).toISOString();
  const source = opts.source ?? 'raw';
  const countryOf = (customer: string): string => opts.countryOf?.(customer) ?? opts.country;
  const runChunk = opts.runChunk ?? ((input: ChunkInput) => Promise.resolve(forecastChunk(input)));
  const out: ForecastRun = { run, rows: [], failures: [], forecastPoints: 0, keptSeries: 0, durationMs: 0, phases: noPhases() };
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
  // In this thread: planned (with a memory of the last fits), then its hosts that need it read and fitted.
  const readAndFit = async (task: ChunkTask): Promise<ChunkOutput> => {
    const countryOfChunk = (c: string) => opts.countryOf?.(c);
    const plan = opts.lastFits ? await timed('readMs', () => planChunk(opts.reader, task, countryOfChunk)) : undefined;
    if (plan?.refit.length === 0) return keptChunk(plan);
    const input = await timed('readMs', () => readChunkInput(opts.reader, { ...task, hosts: plan?.refit ?? task.hosts }, countryOfChunk));
    const out = await timed('fitMs', () => runChunk(input));
    return plan ? { ...out, hashes: [...plan.hashes], refitted: plan.refit } : out;
  };
  const hosts = await listHosts(opts.reader, source);
  const chunks = chunksOf(hosts, opts.chunkHosts ?? DEFAULT_CHUNK_HOSTS);
  const memory = opts.lastFits;
  // Days before the last one read change through the rollup maintainer, which marks the hosts it rewrote.
  let oldestFitMs = startedMs;
  for (const fit of memory?.hosts.values() ?? []) oldestFitMs = Math.min(oldestFitMs, fit.fittedAtMs);
  const marks = memory && source === 'rollup' ? await lastRewriteMarks(opts.reader, oldestFitMs - MARK_SLACK_MS) : new Map<string, number>();
  const rewritten = new Set([...(memory?.hosts ?? [])].filter(([h, fit]) => rewrittenSince(marks.get(h), fit)).map(([h]) => h));
  const remembered = new Map<string, HostFit>();
  let hostsDone = 0;
  opts.onProgress?.(hostsDone, hosts.length);
  await pLimit(Math.max(1, opts.concurrency ?? 1)).map(chunks.keys(), async (index) => {
    const chunkHosts = chunks[index]!;
    const baseline = memory ? baselineOf(memory, chunkHosts, toMs, opts.nowMs, rewritten) : undefined;
    const task: ChunkTask = {
      index, hosts: chunkHosts, run, nowMs: opts.nowMs, fromMs, toMs, source,
      horizonDays: opts.horizonDays, levelPercent: opts.levelPercent, diskThresholdPercent: opts.diskThresholdPercent,
      memoryThresholdPercent: opts.memoryThresholdPercent, cpuThresholdPercent: opts.cpuThresholdPercent,
      country: opts.country, events: opts.events ?? [], ...(baseline ? { baseline } : {}),
    };
    const result = opts.runTask ? await runTask(opts.runTask, task) : await readAndFit(task);
    // Awaited before the sum: `a += await b` reads `a` first and loses concurrent chunks' counts.
    const written = result.written ?? (await timed('writeMs', () => writeChunkPoints(opts.writer, result)));
    out.forecastPoints += written;
    for (const r of result.rows) out.rows.push(r);
    for (const f of result.failures) out.failures.push(f);
    const refitted = new Set(result.refitted ?? chunkHosts);
    for (const host of chunkHosts) {
      const kept = refitted.has(host) ? undefined : memory?.hosts.get(host);
      if (!kept) continue;
      for (const r of kept.rows) out.rows.push(rowAsOf(r, opts.nowMs));
      for (const f of kept.failures) out.failures.push(f);
      out.keptSeries += kept.rows.length;
    }
    // Remembered once its points are written: a chunk whose write failed is fitted again.
    const bands = bandsByHost(result.bands ?? []);
    for (const [host, hash] of result.hashes ?? []) {
      const last = memory?.hosts.get(host);
      if (!refitted.has(host)) {
        if (last) remembered.set(host, { ...last, hash });
        continue;
      }
      remembered.set(host, { hash, fitToMs: toMs, fittedAtMs: startedMs, markSeenMs: marks.get(host) ?? last?.markSeenMs ?? -Infinity, rows: result.rows.filter((r) => r.host === host), failures: result.failures.filter((f) => f.host === host), bands: bands.get(host) ?? [] });
    }
    hostsDone += chunkHosts.length;
    opts.onProgress?.(hostsDone, hosts.length);
  });
  if (memory) {
    // Hosts of this run only: a host gone from the fleet leaves nothing behind.
    memory.days = { fromMs, toMs };
    memory.hosts = remembered;
  }
  const eventsUsed = new Map<string, Map<string, EventRange>>(); // by customer
  for (const e of opts.events ?? []) {
    for (const r of out.rows) {
      if (!concerns(e, r)) continue;
      const used = eventsUsed.get(r.customer) ?? new Map();
      eventsUsed.set(r.customer, used);
      used.set(`${e.name} ${e.startMs} ${e.endMs} ${e.scope ?? ''}`, e);
    }
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
  out.durationMs = Date.now() - startedMs;
  return out;
}

/** What the last run saw of a chunk's hosts, for the chunk's plan; undefined when it saw none of them. Rewritten hosts are due. */
function baselineOf(memory: FitMemory, hosts: readonly string[], toMs: number, nowMs: number, rewritten: ReadonlySet<string>): ChunkBaseline | undefined {
  if (!memory.days) return undefined;
  const known = hosts.flatMap((h) => {
    const fit = memory.hosts.get(h);
    return fit ? [[h, fit] as const] : [];
  });
  if (known.length === 0) return undefined;
  return {
    ...memory.days,
    hashes: known.map(([h, fit]) => [h, fit.hash]),
    bands: known.flatMap(([, fit]) => fit.bands),
    due: known.filter(([h, fit]) => rewritten.has(h) || refitDue(h, fit.fitToMs, toMs, nowMs)).map(([h]) => h),
  };
}

/** Bands by the host of their series (bandKey's third part). */
function bandsByHost(bands: readonly [string, DayBand[]][]): Map<string, [string, DayBand[]][]> {
  const out = new Map<string, [string, DayBand[]][]>();
  for (const band of bands) {
    const host = band[0].split('\u0000')[2] ?? '';
    const list = out.get(host);
    if (list) list.push(band);
    else out.set(host, [band]);
  }
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
