import { unlink } from 'node:fs/promises';
import pRetry, { AbortError } from 'p-retry';
import { isRunwayError } from '../../core/errors.ts';
import type { BackoffOptions } from './backoff.ts';
import type { DeadLetterFile } from './dead-letters.ts';
import { SegmentReader, type Batch } from './segment-reader.ts';
import type { CursorFile, Cursor, SegmentFile } from './spool-files.ts';
import type { LineSink, SpoolLog, SpoolObserver } from './spool-types.ts';

export type ReplayOutcome = 'replayed' | 'dead-lettered' | 'dropped' | 'skipped';

/** What the spool learns from replay, to keep its counts. */
export interface ReplayHooks {
  settled(batch: Batch, outcome: ReplayOutcome): void;
  failed(reason: string): void;
  recovered(): void;
  segmentDeleted(bytes: number): void;
}

export interface ReplayerOptions {
  dir: string;
  /** Shared with the appender, oldest first; replay deletes from the front. */
  segments: SegmentFile[];
  cursor: Cursor;
  /** Where the cursor is persisted. */
  cursorFile: CursorFile;
  sink: LineSink;
  batchPoints: number;
  /** Batches in flight to InfluxDB at once (see README: ordering). */
  concurrency: number;
  backoff: BackoffOptions;
  deadLetters: DeadLetterFile;
  log: SpoolLog;
  observer: SpoolObserver | undefined;
  hooks: ReplayHooks;
}

/** InfluxDB refused the batch itself (400: type conflict, parse error, beyond retention; 413): a retry fails the same way. */
export function isPermanentRejection(e: unknown): boolean {
  if (!isRunwayError(e, 'RUNWAY_ERR_STORE_REJECTED')) return false;
  const status = e.details.status;
  // 401/403/404 are InfluxDB's configuration, not the data: wait for someone to fix it, lose nothing.
  return typeof status === 'number' && status >= 400 && status < 500 && ![401, 403, 404, 408].includes(status);
}

/**
 * Sends the spool to InfluxDB in the background: batches are read and started in spool order,
 * and the persisted cursor only ever moves over a contiguous prefix of settled batches, so after
 * a crash replay resumes at the oldest batch not known to be in InfluxDB (at least once).
 * A batch is retried while InfluxDB is unavailable, forever in count (the data must not be lost)
 * but with bounded, jittered delays; a batch refused for good goes to the dead-letter file.
 */
export class Replayer {
  readonly #o: ReplayerOptions;
  readonly #reader: SegmentReader;
  readonly #abort = new AbortController();
  #wake: (() => void) | null = null;
  /** Set by notify(), so a notification that comes while the loop is busy is not lost. */
  #signalled = false;
  #loop: Promise<void> = Promise.resolve();
  #deleting: Promise<void> = Promise.resolve();

  constructor(opts: ReplayerOptions) {
    this.#o = opts;
    this.#reader = new SegmentReader(opts.dir, opts.segments, opts.cursor, opts.batchPoints);
  }

  start(): void {
    this.#loop = this.#run().catch((e: unknown) => {
      this.#o.log.error({ err: e }, 'spool: replay stopped by an unexpected error; restart Runway to resume it');
    });
  }

  /** New records are durable: wake the loop if it waits for data. */
  notify(): void {
    this.#signalled = true;
    this.#wake?.();
  }

  /** Stops after the batches in flight settle or give up; unsent batches stay in the spool. */
  async stop(): Promise<void> {
    this.#abort.abort();
    this.notify();
    await this.#loop;
    await this.#reader.close();
  }

  get #stopped(): boolean {
    return this.#abort.signal.aborted;
  }

  async #run(): Promise<void> {
    const inFlight: { batch: Batch; outcome: Promise<ReplayOutcome | null> }[] = [];
    try {
      while (!this.#stopped) {
        while (inFlight.length < this.#o.concurrency) {
          const batch = await this.#reader.next();
          if (!batch) break;
          inFlight.push({ batch, outcome: this.#deliver(batch) });
        }
        const head = inFlight.shift();
        if (!head) {
          await this.deleteReplayedSegments();
          await this.#idle();
          continue;
        }
        const outcome = await head.outcome;
        if (outcome === null) break; // stopping: the batch stays in the spool
        await this.#commit(head.batch, outcome);
      }
    } finally {
      await Promise.all(inFlight.map((f) => f.outcome));
    }
  }

  #idle(): Promise<void> {
    return new Promise((resolve) => {
      this.#wake = () => {
        this.#wake = null;
        this.#signalled = false;
        resolve();
      };
      if (this.#stopped || this.#signalled) this.#wake();
    });
  }

  /** Sends one batch until InfluxDB takes it or refuses it for good; null if the spool closes first. */
  async #deliver(batch: Batch): Promise<ReplayOutcome | null> {
    if (batch.skipped !== undefined) {
      this.#o.log.error({ segment: batch.segment.path, offset: batch.start, bytes: batch.end - batch.start, reason: batch.skipped, lostPoints: batch.points }, 'spool: a damaged record (acknowledged, not yet in InfluxDB) was skipped: its points are LOST; its bytes are kept aside in a corrupt-*.bin file, the records after it are replayed');
      return 'skipped';
    }
    const { baseDelayMs, maxDelayMs } = this.#o.backoff;
    const send = async (): Promise<void> => {
      const started = performance.now();
      try {
        await this.#o.sink.writeLines(batch.body);
      } catch (e) {
        if (isPermanentRejection(e)) throw new AbortError(e as Error);
        this.#o.observer?.replayFailed((performance.now() - started) / 1000);
        // p-retry gives up at once on a TypeError it does not take for a network error; here every failure is worth another try.
        throw e instanceof TypeError ? new Error(e.message, { cause: e }) : e;
      }
      this.#o.observer?.replayed(batch.points, (performance.now() - started) / 1000);
    };
    try {
      // Without limit: the batch is on disk, acknowledged, and waits for InfluxDB however long it takes, until the spool closes.
      // p-retry's delays: base/2 × 2^n, × 1 to 2 as jitter, capped at maxDelayMs.
      await pRetry(send, {
        retries: Infinity, factor: 2, minTimeout: baseDelayMs / 2, maxTimeout: maxDelayMs, randomize: true, signal: this.#abort.signal,
        onFailedAttempt: ({ error, attemptNumber, retryDelay }) => {
          this.#o.hooks.failed(error.message);
          this.#o.log.warn({ reason: error.message, attempt: attemptNumber, retryInMs: retryDelay, points: batch.points }, 'spool: InfluxDB write failed; the batch stays spooled and will be retried');
        },
      });
    } catch (e) {
      if (this.#stopped) return null;
      if (isPermanentRejection(e)) return this.#deadLetter(batch, e as Error);
      throw e;
    }
    this.#o.hooks.recovered();
    return 'replayed';
  }

  async #deadLetter(batch: Batch, error: Error): Promise<ReplayOutcome> {
    // A partial write ("… dropped=3") stored every other point of the batch: only those count.
    const dropped = /\bdropped=(\d+)/.exec(error.message);
    batch.refused = dropped ? Math.min(batch.points, Number(dropped[1])) : batch.points;
    const outcome = await this.#o.deadLetters.add(batch.body, batch.points, batch.refused, error.message);
    const fields = { reason: error.message, points: batch.refused, ofBatch: batch.points, file: this.#o.deadLetters.path };
    if (outcome === 'kept') {
      this.#o.observer?.deadLettered(batch.refused);
      this.#o.log.error(fields, 'spool: InfluxDB refused points for good; their batch is kept in the dead-letter file');
      return 'dead-lettered';
    }
    this.#o.observer?.dropped(batch.refused);
    this.#o.log.error(fields, 'spool: InfluxDB refused points for good and the dead-letter file is full; they are DROPPED');
    return 'dropped';
  }

  async #commit(batch: Batch, outcome: ReplayOutcome): Promise<void> {
    this.#o.cursor.segment = batch.segment.seq;
    this.#o.cursor.offset = batch.end;
    this.#o.hooks.settled(batch, outcome);
    await this.#o.cursorFile.write(this.#o.cursor);
    await this.deleteReplayedSegments();
  }

  /**
   * Deletes the oldest segments once replay is past their end (never the one being written).
   * Also called by the spool when appending moved on from a replayed segment, while replay may be
   * stuck retrying a later batch: runs one at a time, so no file is deleted twice.
   */
  deleteReplayedSegments(): Promise<void> {
    const run = this.#deleting.then(() => this.#deleteNow());
    this.#deleting = run.catch(() => undefined);
    return run;
  }

  async #deleteNow(): Promise<void> {
    const { segments, cursor } = this.#o;
    while (segments.length > 1) {
      const oldest = segments[0]!;
      const replayed = cursor.segment > oldest.seq || (cursor.segment === oldest.seq && cursor.offset >= oldest.size);
      if (!replayed) return;
      if (cursor.segment === oldest.seq) {
        cursor.segment = segments[1]!.seq;
        cursor.offset = 0;
        // The cursor must move on before the file goes: a crash in between then only re-deletes it.
        await this.#o.cursorFile.write(cursor);
      }
      await unlink(oldest.path);
      segments.shift(); // the reader is past it: its next segment is then segments[0] (indexOf -1, plus 1)
      this.#o.hooks.segmentDeleted(oldest.size);
    }
  }
}
