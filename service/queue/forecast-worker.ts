import { hostname } from 'node:os';
import { Worker, type Job } from 'bullmq';
import type { Config } from '../../core/config.ts';
import type { MetricStore } from '../../core/store.ts';
import { writeChunkPoints } from '../../forecast/job/chunk-points.ts';
import { readChunkInput, type ChunkTask } from '../../forecast/job/chunk-task.ts';
import type { ChunkOutput } from '../../forecast/job/forecast-chunk.ts';
import { ForecastPool } from '../forecast-pool.ts';
import { QUEUE_PREFIX, queueName, redisClient } from './forecast-queue.ts';

export interface ForecastWorkerOptions {
  config: Config;
  store: MetricStore;
  /** The country whose holidays shape a customer's traffic (from the inventory). */
  countryOf: (customer: string) => string | undefined;
  /** Worker threads fitting forecasts; one per core by default. */
  threads?: number;
}

/**
 * `runway worker`: takes chunks from the forecast queue, reads their series from InfluxDB, fits them
 * on worker threads (so the event loop keeps renewing the job's lock), writes the forecast points
 * and returns the runway rows to the scheduler. Writing a chunk twice overwrites the same points,
 * so a job retried after its worker died leaves nothing doubled.
 */
export function startForecastWorker(opts: ForecastWorkerOptions): { name: string; close(): Promise<void> } {
  const pool = new ForecastPool(opts.threads);
  const name = `${hostname()}:${process.pid}`;
  const process_ = async (job: Job<ChunkTask>): Promise<ChunkOutput> => {
    const input = await readChunkInput(opts.store, job.data, opts.countryOf);
    const out = await pool.run(input);
    const written = await writeChunkPoints(opts.store, out);
    return { rows: out.rows, failures: out.failures, eventsUsed: out.eventsUsed, points: [], written };
  };
  const lockMs = opts.config.queueLockMs;
  const redis = redisClient(opts.config.redisUrl);
  const worker = new Worker<ChunkTask, ChunkOutput>(queueName(opts.config.influxDb), process_, {
    connection: redis,
    prefix: QUEUE_PREFIX,
    name,
    concurrency: pool.threads,
    lockDuration: lockMs,
    stalledInterval: Math.max(1000, Math.floor(lockMs / 2)),
    // A job whose worker died is given to another this many times before it counts as failed.
    maxStalledCount: 3,
  });
  return {
    name,
    async close() {
      await worker.close();
      await pool.close();
      redis.disconnect();
    },
  };
}
