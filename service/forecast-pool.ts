import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import type { ChunkInput, ChunkOutput } from '../forecast/job/forecast-chunk.ts';

/**
 * Fits forecasts on worker threads, one per core, so that the event loop only acknowledges
 * writes while a cycle runs (DESIGN convention 12). The threads run at a lower priority (nice),
 * so that on a machine with as many busy threads as cores, ingest still gets the CPU first.
 */
export class ForecastPool {
  readonly threads: number;
  readonly #pool: Piscina<ChunkInput, ChunkOutput>;

  constructor(threads: number = availableParallelism()) {
    this.threads = Math.max(1, threads);
    this.#pool = new Piscina({
      filename: new URL('./forecast-thread.ts', import.meta.url).href,
      minThreads: 0,
      maxThreads: this.threads,
      // Threads end when idle between cycles: a cycle an hour need not keep their heaps alive.
      idleTimeout: 60_000,
      niceIncrement: 10,
    });
  }

  run = (input: ChunkInput): Promise<ChunkOutput> => this.#pool.run(input);

  close(): Promise<void> {
    return this.#pool.destroy();
  }
}
