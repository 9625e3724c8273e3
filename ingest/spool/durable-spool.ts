import { resolve as resolvePath } from 'node:path';
import { RunwayError } from '../../core/errors.ts';
import type { MetricPoint } from '../../core/schema.ts';
import type { MetricWriter } from '../../core/store.ts';
import { DEFAULT_BACKOFF, type BackoffOptions } from './backoff.ts';
import { DeadLetterFile } from './dead-letters.ts';
import type { BatchWriter, PointBatch } from '../point-batch.ts';
import { RecordEncoder, type EncodedRecords } from './record-encoder.ts';
import { Replayer, type ReplayOutcome } from './replayer.ts';
import { SegmentAppender } from './segment-appender.ts';
import type { Batch } from './segment-reader.ts';
import { CursorFile, type Cursor, type SegmentFile } from './spool-files.ts';
import { recoverSpool, type RecoveredSpool } from './spool-recovery.ts';
import { SILENT_LOG, type LineSink, type SpoolLog, type SpoolObserver, type SpoolStats } from './spool-types.ts';

export interface DurableSpoolOptions {
  dir: string;
  /** Most bytes of segment and dead-letter files on disk; past it write() throws RUNWAY_ERR_SPOOL_FULL. */
  maxBytes: number;
  /** Where replay sends the records: the store. */
  sink: LineSink;
  /** Most points in one record and in one InfluxDB write. */
  batchPoints: number;
  /** A new segment file starts past this size; default maxBytes / 8, between 4 KiB and 64 MiB. */
  segmentBytes?: number;
  /** InfluxDB writes in flight during replay (default 2: InfluxDB parses each request on one core). */
  replayConcurrency?: number;
  backoff?: Partial<BackoffOptions>;
  /** Most bytes of the dead-letter file (default maxBytes / 8); they count against maxBytes. */
  deadLetterMaxBytes?: number;
  log?: SpoolLog;
  observer?: SpoolObserver;
}

interface QueuedWrite {
  /** Whole records, back to back. */
  data: Buffer;
  backing: Buffer;
  records: number;
  points: number;
  resolve: () => void;
  reject: (e: Error) => void;
}

/** The running counts behind stats(): its fields, less those read off the disk, plus the bytes awaiting replay. */
type Counts = Omit<SpoolStats, 'bytes' | 'lastError' | 'tornBytes' | 'deadLetterBytes'> & { pendingBytes: number };

/** Encoding buffers kept for reuse, and the largest kept: fewer large allocations, fewer GCs. */
const POOLED_BUFFERS = 8;
const POOLED_BUFFER_MAX_BYTES = 4 * 1024 * 1024;
const MIN_SEGMENT_BYTES = 4096;
const MAX_SEGMENT_BYTES = 64 * 1024 * 1024;

/**
 * The durable spool between the ingest routes and InfluxDB: write() resolves once the points are
 * on disk (fsync'd), so a write can be acknowledged while InfluxDB is slow or down, and a
 * background replay sends them on in order (replayer.ts). Concurrent writes share one fsync
 * (group commit): while one append is being synced, the next ones queue and go together.
 */
export class DurableSpool implements MetricWriter, BatchWriter {
  readonly dir: string;
  readonly #opts: DurableSpoolOptions;
  readonly #log: SpoolLog;
  readonly #segments: SegmentFile[];
  readonly #cursor: Cursor;
  readonly #appender: SegmentAppender;
  readonly #replayer: Replayer;
  readonly #deadLetters: DeadLetterFile;
  readonly #recovered: RecoveredSpool;
  readonly #c: Counts;
  #diskBytes: number;
  #queue: QueuedWrite[] = [];
  #pool: Buffer[] = [];
  #queuedBytes = 0;
  #flushing: Promise<void> | null = null;
  /** Settles after the newest write so far settles (groups commit in order). */
  #lastWrite: Promise<unknown> = Promise.resolve();
  #waiters: { target: Cursor; resolve: () => void; reject: (e: Error) => void }[] = [];
  #lastError: string | null = null;
  #closing: Promise<void> | null = null;
  readonly #cursorFile: CursorFile;

  private constructor(opts: DurableSpoolOptions, dir: string, recovered: RecoveredSpool, deadLetters: DeadLetterFile, cursorFile: CursorFile) {
    this.dir = dir;
    this.#opts = opts;
    this.#log = opts.log ?? SILENT_LOG;
    this.#recovered = recovered;
    this.#segments = recovered.segments;
    this.#cursor = recovered.cursor;
    this.#deadLetters = deadLetters;
    this.#cursorFile = cursorFile;
    this.#diskBytes = this.#segments.reduce((n, s) => n + s.size, 0);
    this.#c = {
      pendingBytes: this.#diskBytes - this.#cursor.offset,
      pendingRecords: recovered.pendingRecords,
      pendingPoints: recovered.pendingLines,
      spooledPoints: 0, replayedRecords: 0, replayedPoints: 0, deadLetteredPoints: 0, droppedPoints: 0,
      corruptBytes: recovered.corruptBytes, lostPoints: recovered.lostPoints, failures: 0, consecutiveFailures: 0,
    };
    const segmentBytes = opts.segmentBytes ?? Math.min(MAX_SEGMENT_BYTES, Math.max(MIN_SEGMENT_BYTES, Math.floor(opts.maxBytes / 8)));
    this.#appender = new SegmentAppender(dir, this.#segments, segmentBytes, this.#cursor.segment, (s) => reached(this.#cursor, { segment: s.seq, offset: s.size }));
    this.#replayer = new Replayer({
      dir, segments: this.#segments, cursor: this.#cursor, cursorFile, sink: opts.sink, batchPoints: opts.batchPoints,
      concurrency: opts.replayConcurrency ?? 2, backoff: { ...DEFAULT_BACKOFF, ...opts.backoff }, deadLetters,
      log: this.#log, observer: opts.observer,
      hooks: {
        settled: (batch, outcome) => this.#settled(batch, outcome),
        failed: (reason) => this.#failed(reason),
        recovered: () => this.#recoveredFromFailure(),
        segmentDeleted: (bytes) => this.#segmentDeleted(bytes),
      },
    });
  }

  /** Recovers the spool directory (cutting a torn last record), then starts replaying what it holds. */
  static async open(opts: DurableSpoolOptions): Promise<DurableSpool> {
    const dir = resolvePath(opts.dir);
    const log = opts.log ?? SILENT_LOG;
    const recovered = await recoverSpool(dir, log);
    const cursorFile = await CursorFile.open(dir, recovered.cursor);
    const deadLetters = await DeadLetterFile.open(dir, opts.deadLetterMaxBytes ?? Math.floor(opts.maxBytes / 8));
    const spool = new DurableSpool(opts, dir, recovered, deadLetters, cursorFile);
    spool.#observeSize();
    spool.#replayer.start();
    const { pendingRecords, pendingLines, tornBytes, corruptBytes, lostPoints } = recovered;
    if (lostPoints > 0) opts.observer?.lost(lostPoints);
    log.info({ dir, pendingRecords, pendingPoints: pendingLines, tornBytes, corruptBytes, lostPoints }, 'spool: opened');
    return spool;
  }

  /**
   * Makes the points durable; resolves after fsync. Throws RUNWAY_ERR_SPOOL_FULL when the spool
   * holds maxBytes not yet in InfluxDB, RUNWAY_ERR_SPOOL_WRITE when the disk fails us.
   */
  write(points: readonly MetricPoint[]): Promise<void> {
    return this.#enqueue(RecordEncoder.encode(points, this.#opts.batchPoints));
  }

  /**
   * One write taken in pieces: each piece is encoded as it is added, so the caller's point
   * objects die young; commit() then behaves as write() would with all of them.
   */
  startBatch(sizeHintBytes: number): PointBatch {
    const pooled = this.#pool.findIndex((b) => b.length >= sizeHintBytes);
    const encoder = new RecordEncoder(this.#opts.batchPoints, pooled >= 0 ? this.#pool.splice(pooled, 1)[0]! : sizeHintBytes);
    return { add: (points) => encoder.add(points), commit: () => this.#enqueue(encoder.finish()) };
  }

  #enqueue({ data, backing, records, points }: EncodedRecords): Promise<void> {
    if (this.#closing) return Promise.reject(new RunwayError('RUNWAY_ERR_SPOOL_WRITE', { dir: this.dir, reason: 'the spool is closing' }));
    if (points === 0) {
      this.#recycle(backing);
      return Promise.resolve();
    }
    if (this.#bytesHeld() + this.#queuedBytes + data.length > this.#opts.maxBytes) {
      this.#recycle(backing);
      this.#opts.observer?.refused(points);
      return Promise.reject(new RunwayError('RUNWAY_ERR_SPOOL_FULL', { bytes: this.#opts.maxBytes }));
    }
    this.#queuedBytes += data.length;
    const written = new Promise<void>((resolve, reject) => this.#queue.push({ data, backing, records, points, resolve, reject }));
    this.#lastWrite = written.catch(() => undefined);
    this.#flushing ??= this.#flush();
    return written;
  }

  /**
   * What counts against maxBytes: the segment files and the dead-letter file on disk, less
   * segments replay is wholly past (deleted as soon as replay commits, and never appended to).
   */
  #bytesHeld(): number {
    let bytes = this.#diskBytes + this.#deadLetters.bytes;
    for (const s of this.#segments) {
      if (!reached(this.#cursor, { segment: s.seq, offset: s.size })) break;
      bytes -= s.size;
    }
    return bytes;
  }

  /** Resolves once everything written so far is in InfluxDB (or dead-lettered); rejects if the spool closes first. */
  async drained(): Promise<void> {
    await this.#lastWrite;
    const newest = this.#segments.at(-1);
    if (!newest) return;
    const target = { segment: newest.seq, offset: newest.size };
    if (reached(this.#cursor, target)) return;
    await new Promise<void>((resolve, reject) => this.#waiters.push({ target, resolve, reject }));
  }

  stats(): SpoolStats {
    const { pendingBytes: _pendingBytes, ...counts } = this.#c;
    return { ...counts, bytes: this.#diskBytes, lastError: this.#lastError, tornBytes: this.#recovered.tornBytes, deadLetterBytes: this.#deadLetters.bytes };
  }

  /** Refuses new writes, finishes those queued, stops replay (unsent records stay for the next open). */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      await this.#lastWrite;
      await this.#replayer.stop();
      await this.#appender.close();
      await this.#deadLetters.close();
      await this.#cursorFile.close();
      for (const w of this.#waiters.splice(0)) w.reject(new Error('the spool closed before draining'));
    })();
    return this.#closing;
  }

  /**
   * Commits groups until the queue is empty. It clears #flushing itself, in the same turn as it
   * finds the queue empty: cleared a promise hop later, a write queued in between would find a
   * flush "running" that has already looked for the last time, and wait forever.
   */
  async #flush(): Promise<void> {
    try {
      while (this.#queue.length > 0) {
        const group = this.#queue;
        this.#queue = [];
        await this.#commitGroup(group);
        for (const w of group) this.#recycle(w.backing);
      }
    } finally {
      this.#flushing = null;
    }
  }

  #recycle(buffer: Buffer): void {
    if (this.#pool.length < POOLED_BUFFERS && buffer.length <= POOLED_BUFFER_MAX_BYTES) this.#pool.push(buffer);
  }

  /** One append and one fsync for every write queued while the previous group was syncing. */
  async #commitGroup(group: QueuedWrite[]): Promise<void> {
    let bytes = 0;
    let points = 0;
    let records = 0;
    for (const w of group) {
      bytes += w.data.length;
      points += w.points;
      records += w.records;
    }
    const started = performance.now();
    try {
      await this.#appender.append(group.map((w) => w.data), bytes);
    } catch (cause) {
      this.#queuedBytes -= bytes;
      const reason = (cause as Error).message;
      this.#log.error({ dir: this.dir, reason, points }, 'spool: append failed; the writes were refused (not acknowledged)');
      for (const w of group) w.reject(new RunwayError('RUNWAY_ERR_SPOOL_WRITE', { dir: this.dir, reason }, { cause }));
      return;
    }
    this.#queuedBytes -= bytes;
    this.#diskBytes += bytes;
    // Appending moved on from a segment replay is past: delete it now, not when replay next commits
    // (which may be long while InfluxDB is down), so the files stay within maxBytes.
    const oldest = this.#segments[0];
    if (this.#segments.length > 1 && oldest && reached(this.#cursor, { segment: oldest.seq, offset: oldest.size })) {
      await this.#replayer.deleteReplayedSegments().catch((e: Error) => this.#log.warn({ reason: e.message }, 'spool: cannot delete a replayed segment yet'));
    }
    this.#c.pendingBytes += bytes;
    this.#c.pendingRecords += records;
    this.#c.pendingPoints += points;
    this.#c.spooledPoints += points;
    this.#opts.observer?.spooled(points, (performance.now() - started) / 1000);
    this.#observeSize();
    for (const w of group) w.resolve();
    this.#replayer.notify();
  }

  #settled(batch: Batch, outcome: ReplayOutcome): void {
    const c = this.#c;
    c.pendingBytes -= batch.end - batch.start;
    c.pendingRecords -= batch.records;
    c.pendingPoints -= batch.points;
    // An undecodable range held records nobody can count any more: resynchronise when caught up.
    if (c.pendingBytes <= 0) [c.pendingBytes, c.pendingRecords, c.pendingPoints] = [0, 0, 0];
    const refused = batch.refused ?? batch.points;
    if (outcome === 'replayed') {
      c.replayedRecords += batch.records;
      c.replayedPoints += batch.points;
    } else if (outcome === 'dead-lettered') c.deadLetteredPoints += refused;
    else if (outcome === 'dropped') c.droppedPoints += refused;
    else {
      c.corruptBytes += batch.end - batch.start;
      c.lostPoints += batch.points;
      this.#opts.observer?.lost(batch.points);
    }
    this.#observeSize();
    this.#wakeWaiters();
  }

  #failed(reason: string): void {
    this.#c.failures++;
    this.#c.consecutiveFailures++;
    this.#lastError = reason;
  }

  #recoveredFromFailure(): void {
    if (this.#c.consecutiveFailures === 0) return;
    this.#log.info({ failures: this.#c.consecutiveFailures }, 'spool: InfluxDB takes writes again; replay goes on');
    this.#c.consecutiveFailures = 0;
  }

  #segmentDeleted(bytes: number): void {
    this.#diskBytes -= bytes;
    this.#observeSize();
    this.#wakeWaiters();
  }

  #wakeWaiters(): void {
    if (this.#waiters.length === 0) return;
    this.#waiters = this.#waiters.filter((w) => (reached(this.#cursor, w.target) ? (w.resolve(), false) : true));
  }

  #observeSize(): void {
    this.#opts.observer?.size(this.#diskBytes, this.#c.pendingRecords);
  }
}

const reached = (cursor: Cursor, target: Cursor): boolean =>
  cursor.segment > target.segment || (cursor.segment === target.segment && cursor.offset >= target.offset);
