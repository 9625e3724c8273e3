import { hostname } from 'node:os';
import { Worker, type Job } from 'bullmq';
import type { Config } from '../../core/config.ts';
import { storeOptions } from '../../core/store-from-config.ts';
import type { ChunkTask } from '../../forecast/job/chunk-task.ts';
import type { ChunkOutput } from '../../forecast/job/forecast-chunk.ts';
import { ForecastPool } from '../forecast-pool.ts';
import { QUEUE_PREFIX, queueName, redisClient } from './forecast-queue.ts';

export interface ForecastWorkerOptions {
  config: Config;
  /** Customer → the country whose holidays shape its traffic (from the inventory). */
  countries: ReadonlyMap<string, string>;
  /** Worker threads fitting forecasts; one per core by default. */
  threads?: number;
}

/**
 * `runway worker`: takes chunks from the forecast queue; its worker threads read their series from
 * InfluxDB, fit them and write the forecast points (so the event loop keeps renewing the job's lock),
 * and it returns the runway rows to the scheduler. Writing a chunk twice overwrites the same points,
 * so a job retried after its worker died leaves nothing doubled.
 */
export function startForecastWorker(opts: ForecastWorkerOptions): { name: string; close(): Promise<void> } {
  const pool = new ForecastPool(opts.threads, { store: storeOptions(opts.config), countries: [...opts.countries] });
  const runTask = pool.runTask!;
  const name = `${hostname()}:${process.pid}`;
  const process_ = (job: Job<ChunkTask>): Promise<ChunkOutput> => runTask(job.data);
  const lockMs = opts.config.queueLockMs;
  const redis = redisClient(opts.config.redisUrl);
  const worker = new Worker<ChunkTask, ChunkOutput>(queueName(opts.config.influxDb), process_, {
    connection: redis,
    prefix: QUEUE_PREFIX,
    name,
    concurrency: pool.concurrency,
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
