import { readFileSync } from 'node:fs';
import { ALERT_MEASUREMENT, float, msToNs, str, type MetricPoint } from '../core/schema.ts';
import { firstRawDayMs, type SeriesSource } from '../core/rollups.ts';
import type { MetricStore } from '../core/store.ts';
import type { Config } from '../core/config.ts';
import { parseEventsCsv } from '../forecast/events.ts';
import type { ChunkTask } from '../forecast/job/chunk-task.ts';
import type { ChunkInput, ChunkOutput, ChunkPhases } from '../forecast/job/forecast-chunk.ts';
import { runForecastJob, emptyFitMemory, type ForecastRun } from '../forecast/job/forecast-job.ts';
import { forecastCodeVersion, loadFitMemory, saveFitMemory } from '../forecast/job/fit-memory-file.ts';
import { storedRunwayPoint } from './stored-runway.ts';
import { poolPoint } from './stored-pools.ts';
import { poolHeadroom } from '../forecast/job/pool-headroom.ts';
import type { PoolHeadroom } from '../core/runway-row.ts';
import type { HolidayRange } from '../forecast/model.ts';
import type { RunwayRow } from '../forecast/job/runway-row.ts';
import type { AlertingService } from '../alerting/alerting-service.ts';
import { alertCandidates, rowKey } from '../alerting/early-warning.ts';
import type { AlertRecord, Transition } from '../alerting/lifecycle/alert-machine.ts';
import { mapInSlices } from '../core/event-loop.ts';

export interface CycleResult {
  forecast: ForecastRun;
  /** Alerts pending or firing after this run. */
  active: AlertRecord[];
  /** What changed this run (fired, escalated, de-escalated, resolved). */
  transitions: Transition[];
  /** Messages queued for the delivery loop (one per channel and recipient); it sends them on its own clock. */
  enqueued: number;
  /** The runway row behind each alert key, for job bundles and notices. */
  rows: Map<string, RunwayRow>;
  /** Headroom of every pool (two or more hosts of the inventory sharing a pool), for load and memory. */
  pools: PoolHeadroom[];
  /** Where the cycle's time went, in ms: rolling up, the forecast job's phases, alert evaluation with storing rows and alert changes. */
  phases: { rollupMs: number; alertMs: number } & ChunkPhases;
}

interface Logger {
  info(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface CapacityCycleDeps {
  config: Config;
  store: MetricStore;
  alerting: AlertingService;
  log: Logger;
  /** The country whose holidays shape a customer's traffic (from the inventory). */
  countryOf?: (customer: string) => string | undefined;
  /** The pool a host shares resources with (from the inventory), for proposals to move cores. */
  poolOf?: (host: string) => string | undefined;
  /** Where the forecasts read daily series (default: raw points). */
  source?: SeriesSource;
  /** Brings the daily rollups the forecasts read up to date before they read them. */
  rollups?: { runForForecast(nowMs: number): Promise<number> };
  /** Fits the chunks off the event loop (worker threads); in this thread when omitted. */
  pool?: { threads: number; concurrency?: number; run(input: ChunkInput): Promise<ChunkOutput>; runTask?: ((task: ChunkTask) => Promise<ChunkOutput>) | undefined };
  /** Hands whole chunks to `runway worker` processes through Redis (REDIS_URL); replaces the pool. */
  queue?: { runTask(task: ChunkTask): Promise<ChunkOutput> };
  /** Where the fit memory is kept across restarts (fit-memory-file.ts); in memory only without it. */
  fitMemoryFile?: string;
}

/** How far the cycle under way has got: hosts is null until the forecast job has listed them. */
export interface CycleProgress {
  startedAtMs: number;
  hosts: number | null;
  hostsDone: number;
}

/** A long cycle (the first of a large fleet fits every host) says how far it has got this often. */
const PROGRESS_LOG_MS = 30_000;

/** Chunks queued at once: enough to keep many workers busy; each waiting chunk is only a promise here. */
const QUEUED_CHUNKS = 32;

/**
 * One pass of the pipeline after ingest: forecast every series, run the alert lifecycle over the
 * runway rows, store rows with their severity and alert changes for Grafana, queue what changed
 * for the delivery loop (which sends on its own clock, so delivery never waits for this).
 */
export class CapacityCycle {
  #latest: CycleResult | null = null;
  #running: Promise<CycleResult> | null = null;
  #progress: CycleProgress | null = null;
  /** Each host's last fit: a host is refitted once a day in its own hour, or at once when its days surprise its forecast. */
  readonly #lastFits = emptyFitMemory();
  /** The code fingerprint the fit memory file is written with; read before the first run. */
  #code: Promise<string | null> | null = null;

  readonly deps: CapacityCycleDeps;

  constructor(deps: CapacityCycleDeps) {
    this.deps = deps;
  }

  get latest(): CycleResult | null {
    return this.#latest;
  }

  /** The cycle under way, or null between cycles. */
  get progress(): CycleProgress | null {
    return this.#progress && { ...this.#progress };
  }

  /** Runs a cycle; a call while one is running waits for that one instead of starting a second. */
  run(nowMs: number = Date.now()): Promise<CycleResult> {
    this.#running ??= this.#runOnce(nowMs).finally(() => {
      this.#running = null;
      this.#progress = null;
    });
    return this.#running;
  }

  /**
   * The custom events file, read at every run so edits apply without a restart. A file that cannot
   * be read or parsed is logged with its line and the run goes on without events: forecasts
   * without a campaign beat no forecasts.
   */
  #events(): HolidayRange[] {
    const path = this.deps.config.forecastEventsFile;
    if (!path) return [];
    try {
      return parseEventsCsv(readFileSync(path, 'utf8'), path);
    } catch (e) {
      this.deps.log.error({ err: e, path }, 'custom events file ignored this run');
      return [];
    }
  }

  /** The fit memory the last process left, read once before the first run; null when it cannot be kept. */
  async #restoreFits(file: string): Promise<string | null> {
    try {
      const code = await forecastCodeVersion();
      const restored = await loadFitMemory(file, code, this.deps.log);
      this.#lastFits.days = restored.days;
      this.#lastFits.hosts = restored.hosts;
      return code;
    } catch (e) {
      this.deps.log.error({ err: e, file }, 'fit memory file unusable: this process keeps its fits in memory only, and fits every host in its first cycle');
      return null;
    }
  }

  async #runOnce(nowMs: number): Promise<CycleResult> {
    const { config, store, alerting, log, rollups, pool, queue, fitMemoryFile } = this.deps;
    const started = performance.now();
    const progress: CycleProgress = { startedAtMs: Date.now(), hosts: null, hostsDone: 0 };
    this.#progress = progress;
    let loggedAt = performance.now();
    const onProgress = (hostsDone: number, hosts: number): void => {
      Object.assign(progress, { hostsDone, hosts });
      if (hostsDone < hosts && performance.now() - loggedAt >= PROGRESS_LOG_MS) {
        loggedAt = performance.now();
        log.info({ hostsDone, hosts, seconds: Math.round((Date.now() - progress.startedAtMs) / 1000) }, 'capacity cycle under way');
      }
    };
    const code = fitMemoryFile ? await (this.#code ??= this.#restoreFits(fitMemoryFile)) : null;
    // Yesterday must be rolled up before it is read; a failure leaves the last rollups, and the run goes on.
    if (rollups) await rollups.runForForecast(nowMs).catch((e: unknown) => log.error({ err: e }, 'rollup before the capacity cycle failed; forecasting from the rollups as they are'));
    const rolledUp = performance.now();
    const forecast = await runForecastJob({
      ...(this.deps.source ? { source: this.deps.source } : {}),
      // Threads that read and write their own chunks take whole tasks; others are handed the series read here.
      ...(pool ? (pool.runTask ? { runTask: pool.runTask } : { runChunk: pool.run }) : {}),
      ...(pool ? { concurrency: pool.concurrency ?? pool.threads + 1 } : {}),
      ...(queue ? { runTask: queue.runTask, concurrency: QUEUED_CHUNKS } : {}),
      // With rollups on, InfluxDB refuses points past the raw retention (old holidays among them).
      ...(rollups ? { oldestWritableMs: firstRawDayMs(Date.now(), config.rawRetentionDays) } : {}),
      reader: store,
      writer: store,
      historyDays: config.forecastHistoryDays,
      horizonDays: config.forecastHorizonDays,
      levelPercent: config.forecastLevelPercent,
      country: config.forecastCountry,
      diskThresholdPercent: config.diskThresholdPercent,
      memoryThresholdPercent: config.memoryThresholdPercent,
      cpuThresholdPercent: config.cpuThresholdPercent,
      nowMs,
      lastFits: this.#lastFits,
      onProgress,
      ...(this.deps.countryOf ? { countryOf: this.deps.countryOf } : {}),
      events: this.#events(),
    });
    // Kept for the next start; a failure to keep it costs that start a full fit, not this cycle.
    if (fitMemoryFile && code) await saveFitMemory(fitMemoryFile, this.#lastFits, code).catch((e: unknown) => log.error({ err: e, file: fitMemoryFile }, 'fit memory not saved; the next start fits every host'));
    const forecasted = performance.now();
    const poolOf = this.deps.poolOf;
    const pools = poolOf ? await poolHeadroom(store, forecast.rows, poolOf, nowMs) : [];
    const processed = await alerting.process(alertCandidates(forecast.rows, { ...(poolOf ? { poolOf } : {}), pools }), nowMs);
    const active = alerting.records().filter((r) => r.state !== 'resolved');
    const severity = new Map(active.map((r) => [r.key, r.severity]));
    await store.write(await mapInSlices(forecast.rows, (row) => storedRunwayPoint(row, severity.get(rowKey(row)) ?? 'ok')));
    await store.write(pools.map(poolPoint));
    if (processed.transitions.length > 0) await store.write(processed.transitions.map((t) => alertPoint(t, nowMs)));
    const phases = { rollupMs: rolledUp - started, ...forecast.phases, alertMs: performance.now() - forecasted };
    log.info(
      { run: forecast.run, series: forecast.rows.length, kept: forecast.keptSeries, failures: forecast.failures.length, active: active.length, transitions: processed.transitions.length, enqueued: processed.enqueued, ms: forecast.durationMs, phases },
      'capacity cycle done',
    );
    const rows = new Map(forecast.rows.map((r) => [rowKey(r), r]));
    this.#latest = { forecast, active, transitions: processed.transitions, enqueued: processed.enqueued, rows, pools, phases };
    return this.#latest;
  }
}

/** Alert state changes, stored so Grafana can show an alert list and timeline. */
function alertPoint(t: Transition, nowMs: number): MetricPoint {
  const r = t.record;
  return {
    measurement: ALERT_MEASUREMENT,
    tags: { ...r.labels, severity: r.severity },
    fields: {
      state: str(t.kind === 'resolved' ? 'resolved' : 'firing'),
      transition: str(t.kind),
      summary: str(r.summary),
      remediation: str(r.remediation),
      fingerprint: str(r.key),
      firing: float(t.kind === 'resolved' ? 0 : 1),
    },
    timeNs: msToNs(nowMs),
  };
}
