import type { RollupMaintainer } from '../core/impl/rollup-maintainer.ts';
import { StreamingRollups } from '../core/impl/streaming-rollups.ts';
import type { RollupGrain } from '../core/rollups.ts';
import type { MetricPoint } from '../core/schema.ts';
import type { MetricWriter } from '../core/store.ts';
import { startBatch, writeAsBatch, type BatchWriter, type PointBatch } from './point-batch.ts';

export interface StreamingRollupWriterOptions {
  /** Where the points go, unchanged (the retention router). */
  inner: MetricWriter;
  /** Writers to the hourly and daily rollup policies. */
  rollups: Record<RollupGrain, MetricWriter>;
  /** Points before it get daily rollups only: they go to the history policy. */
  hourlyFromMs: number;
}

/**
 * Passes every point on and rolls it up on the way (StreamingRollups), writing the finished
 * rollups as each batch commits: for a load that sends years of history once, in time order per
 * series (the demo fleet), instead of rolling those years up with `SELECT … INTO` afterwards.
 */
export class StreamingRollupWriter implements BatchWriter {
  readonly #opts: StreamingRollupWriterOptions;
  readonly #stream: StreamingRollups;
  /** Once the load is over, points pass through: live writes are the rollup maintainer's. */
  #finished = false;

  constructor(opts: StreamingRollupWriterOptions) {
    this.#opts = opts;
    this.#stream = new StreamingRollups(opts.hourlyFromMs);
  }

  write(points: readonly MetricPoint[]): Promise<void> {
    return writeAsBatch(this, points);
  }

  startBatch(sizeHintBytes: number): PointBatch {
    const inner = startBatch(this.#opts.inner, sizeHintBytes);
    return {
      add: (points) => {
        if (!this.#finished) this.#stream.add(points);
        inner.add(points);
      },
      commit: async () => {
        await inner.commit();
        await this.#write(this.#stream.take());
      },
    };
  }

  /**
   * Ends the load: writes the buckets still open and tells the maintainer that the days the load
   * covered need no rolling up; false (and the maintainer rolls them up) when the points came out of order.
   */
  async finish(maintainer: RollupMaintainer): Promise<boolean> {
    this.#finished = true;
    await this.#write(this.#stream.finish());
    if (!this.#stream.valid) return false;
    const { fromMs, toMs } = this.#stream.span;
    if (fromMs <= toMs) maintainer.rolledUp(fromMs, toMs);
    return true;
  }

  async #write(done: Record<RollupGrain, MetricPoint[]>): Promise<void> {
    await Promise.all([this.#opts.rollups.hour.write(done.hour), this.#opts.rollups.day.write(done.day)]);
  }
}
