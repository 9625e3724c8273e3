import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { isRunwayError, type ErrorCode } from '../core/errors.ts';
import type { SpoolObserver } from './spool/spool-types.ts';

/** What the ingest path reports as it happens (ingest-pipeline.ts). */
export interface IngestCounters {
  /** Points acknowledged to a collector: durable in the spool (or, without one, in InfluxDB). */
  accepted(points: number): void;
  /** Lines refused as bad line protocol. */
  rejectedLines(lines: number): void;
}

/** Retryable refusals of a write, by the reason a collector is told to come back later. */
const REFUSAL_REASONS: Partial<Record<ErrorCode, string>> = {
  RUNWAY_ERR_SPOOL_FULL: 'spool_full',
  RUNWAY_ERR_SPOOL_WRITE: 'spool_error',
  RUNWAY_ERR_INGEST_OVERLOADED: 'overloaded',
  RUNWAY_ERR_STORE_UNAVAILABLE: 'influxdb_unavailable',
};

/** Seconds, from a fast fsync to InfluxDB's default write timeout. */
const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * The service's own metrics in a registry of its own (not prom-client's global one), so every
 * app instance, and every test, counts for itself. Served as Prometheus text on GET /metrics.
 */
export class IngestMetrics implements IngestCounters, SpoolObserver {
  readonly registry = new Registry();
  readonly #accepted = this.#counter('runway_ingest_points_accepted_total', 'Points acknowledged to collectors (durable in the spool, or in InfluxDB without a spool).');
  readonly #rejected = this.#counter('runway_ingest_lines_rejected_total', 'Lines refused as bad line protocol (reported to the collector, not stored).');
  readonly #refusedRequests = new Counter({
    name: 'runway_ingest_requests_refused_total',
    help: 'Write requests answered "retry later" (503, or 429 on the v2 API); nothing of them was acknowledged.',
    labelNames: ['reason'],
    registers: [this.registry],
  });
  readonly #spooled = this.#counter('runway_spool_points_spooled_total', 'Points made durable in the spool.');
  readonly #replayed = this.#counter('runway_spool_points_replayed_total', 'Points replayed from the spool into InfluxDB.');
  readonly #deadLettered = this.#counter('runway_spool_points_dead_lettered_total', 'Points InfluxDB refused for good, kept in the spool\'s dead-letter file.');
  readonly #dropped = this.#counter('runway_spool_points_dropped_total', 'Points InfluxDB refused for good that the full dead-letter file could not take: lost, and logged.');
  readonly #lost = this.#counter('runway_spool_points_lost_total', 'Acknowledged points of damaged spool records that could not be replayed (their bytes are kept in corrupt-*.bin files).');
  readonly #spoolRefused = this.#counter('runway_spool_points_refused_total', 'Points refused because the spool was full.');
  readonly #replayFailures = this.#counter('runway_spool_replay_failures_total', 'Replay writes to InfluxDB that failed and will be retried.');
  readonly #influxWrite = new Histogram({
    name: 'runway_influxdb_write_duration_seconds',
    help: 'Duration of one replay write to InfluxDB, by outcome.',
    labelNames: ['outcome'],
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  readonly #append = new Histogram({
    name: 'runway_spool_append_duration_seconds',
    help: 'Duration of one group commit to the spool: write and fsync.',
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  readonly #spoolBytes = new Gauge({ name: 'runway_spool_bytes', help: 'Bytes of spool segment files on disk.', registers: [this.registry] });
  readonly #spoolRecords = new Gauge({ name: 'runway_spool_records', help: 'Records (batches) in the spool not yet in InfluxDB.', registers: [this.registry] });

  constructor(opts: { processMetrics?: boolean } = {}) {
    if (opts.processMetrics ?? true) collectDefaultMetrics({ register: this.registry });
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }

  accepted(points: number): void {
    this.#accepted.inc(points);
  }

  rejectedLines(lines: number): void {
    if (lines > 0) this.#rejected.inc(lines);
  }

  /** Counts a write request refused with "retry later"; other errors are not refusals. */
  refusedRequest(error: unknown): void {
    const reason = isRunwayError(error) ? REFUSAL_REASONS[error.code] : undefined;
    if (reason) this.#refusedRequests.inc({ reason });
  }

  spooled(points: number, seconds: number): void {
    this.#spooled.inc(points);
    this.#append.observe(seconds);
  }

  replayed(points: number, seconds: number): void {
    this.#replayed.inc(points);
    this.#influxWrite.observe({ outcome: 'ok' }, seconds);
  }

  replayFailed(seconds: number): void {
    this.#replayFailures.inc();
    this.#influxWrite.observe({ outcome: 'error' }, seconds);
  }

  deadLettered(points: number): void {
    this.#deadLettered.inc(points);
  }

  dropped(points: number): void {
    this.#dropped.inc(points);
  }

  lost(points: number): void {
    this.#lost.inc(points);
  }

  refused(points: number): void {
    this.#spoolRefused.inc(points);
  }

  size(bytes: number, records: number): void {
    this.#spoolBytes.set(bytes);
    this.#spoolRecords.set(records);
  }

  #counter(name: string, help: string): Counter {
    return new Counter({ name, help, registers: [this.registry] });
  }
}
