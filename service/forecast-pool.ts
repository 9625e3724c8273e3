import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import type { InfluxHttpStoreOptions } from '../core/impl/influx-http-store.ts';
import type { ChunkTask } from '../forecast/job/chunk-task.ts';
import type { ChunkInput, ChunkOutput } from '../forecast/job/forecast-chunk.ts';

/** What a thread needs to read and write whole chunks itself: the InfluxDB to reach, and each customer's holiday country. */
export interface ThreadContext {
  store: InfluxHttpStoreOptions;
  countries: [string, string][];
}

/**
 * Chunks on one thread at once when threads read and write their own: while one waits for
 * InfluxDB, the other is fitted, so a thread's core does not idle through the I/O.
 */
const TASKS_PER_THREAD = 2;

/**
 * Fits forecasts on worker threads, one per core, so that the event loop only acknowledges
 * writes while a cycle runs (DESIGN convention 12). The threads run at a lower priority (nice),
 * so that on a machine with as many busy threads as cores, ingest still gets the CPU first.
 * Given a ThreadContext, a thread also reads its chunk's series and writes its forecast points
 * (runTask): the answers are parsed, and the points formatted, off the event loop.
 */
export class ForecastPool {
  readonly threads: number;
  /** Chunks to keep in flight to keep every thread busy. */
  readonly concurrency: number;
  readonly #pool: Piscina<ChunkInput | ChunkTask, ChunkOutput>;
  readonly #io: boolean;

  constructor(threads: number = availableParallelism(), context?: ThreadContext) {
    this.threads = Math.max(1, threads);
    this.#io = context !== undefined;
    this.concurrency = context ? this.threads * TASKS_PER_THREAD : this.threads + 1;
    this.#pool = new Piscina({
      filename: new URL('./forecast-thread.ts', import.meta.url).href,
      minThreads: 0,
      maxThreads: this.threads,
      // Threads end when idle between cycles: a cycle an hour need not keep their heaps alive.
      idleTimeout: 60_000,
      niceIncrement: 10,
      ...(context ? { workerData: context, concurrentTasksPerWorker: TASKS_PER_THREAD } : {}),
    });
  }

  run = (input: ChunkInput): Promise<ChunkOutput> => this.#pool.run(input);

  /** Reads, fits and writes a whole chunk on a thread; only for a pool given a ThreadContext. */
  get runTask(): ((task: ChunkTask) => Promise<ChunkOutput>) | undefined {
    return this.#io ? (task) => this.#pool.run(task, { name: 'task' }) : undefined;
  }

  close(): Promise<void> {
    return this.#pool.destroy();
  }
}
