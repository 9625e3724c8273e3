import { spawn, type ChildProcess } from 'node:child_process';
import { hostname } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChunkTask } from '../../forecast/job/chunk-task.ts';
import { runForecastJob, type ForecastJobOptions } from '../../forecast/job/forecast-job.ts';
import { countPoints, storeFor, testConfig } from '../../scripts/test-support/influx.ts';
import { RedisProcess } from '../../scripts/test-support/redis-process.ts';
import { byRow, collector, loadSyntheticFleet, SYNTHETIC_HOSTS } from '../../scripts/test-support/synthetic-fleet.ts';
import { ForecastQueue, QUEUE_PREFIX, queueName, redisClient } from './forecast-queue.ts';

const RUNWAY = fileURLToPath(new URL('../../bin/runway.js', import.meta.url));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value !== undefined) return value;
    await sleep(20);
  }
  throw new Error(`gave up waiting for ${what}`);
}

describe('forecast jobs on BullMQ through a real Redis, taken by runway worker processes', () => {
  const config = testConfig();
  const store = storeFor(config);
  const nowMs = Date.now();
  let redis: RedisProcess;
  let queue: ForecastQueue;
  let inspect: Queue;
  let inspectRedis: ReturnType<typeof redisClient>;
  const workers: ChildProcess[] = [];
  let common: Omit<ForecastJobOptions, 'writer'>;

  /** A `runway worker` process; its short lock lets a killed worker's job go to another within seconds. */
  function startWorker(): ChildProcess {
    const env = { ...process.env, REDIS_URL: redis.url, INFLUX_URL: config.influxUrl, INFLUX_DB: config.influxDb, RUNWAY_QUEUE_LOCK_MS: '2000', LOG_LEVEL: 'silent' };
    const child = spawn(process.execPath, [RUNWAY, 'worker'], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    workers.push(child);
    return child;
  }

  beforeAll(async () => {
    redis = await RedisProcess.start();
    await loadSyntheticFleet(store, nowMs);
    queue = new ForecastQueue({ redisUrl: redis.url, database: config.influxDb });
    inspect = new Queue(queueName(config.influxDb), { connection: (inspectRedis = redisClient(redis.url)), prefix: QUEUE_PREFIX });
    common = { reader: store, historyDays: 400, horizonDays: 60, levelPercent: 80, country: 'DK', diskThresholdPercent: 90, memoryThresholdPercent: 90, cpuThresholdPercent: 85, nowMs, source: 'rollup', chunkHosts: 1 };
  });
  afterAll(async () => {
    for (const w of workers) w.kill('SIGKILL');
    await inspect?.close();
    inspectRedis?.disconnect();
    await queue?.close();
    await redis?.stop();
  });

  it('closing the scheduler\'s queue ends the waits in progress: their hosts come back as failures', async () => {
    const closing = new ForecastQueue({ redisUrl: redis.url, database: `${config.influxDb}_closing` }); // a queue no worker takes from
    const task = { index: 0, hosts: ['web1'], run: new Date(nowMs).toISOString() } as ChunkTask;
    const queued = new Queue(queueName(`${config.influxDb}_closing`), { connection: inspectRedis, prefix: QUEUE_PREFIX });
    const waiting = closing.runTask(task);
    await until('the job queued', async () => ((await queued.getWaitingCount()) > 0 ? true : undefined));
    await queued.close();
    await closing.close();
    const out = await Promise.race([waiting, sleep(5000).then(() => null)]);
    expect(out?.failures).toEqual([{ series: 'host web1', host: 'web1', error: expect.stringMatching(/the scheduler closed before a worker finished it/) }]);
  });

  it('a worker killed in the middle of a job loses nothing: the job goes to the other worker, and every series is forecast', async () => {
    const reference = await runForecastJob({ ...common, writer: collector() });
    const [doomed] = [startWorker(), startWorker()];
    await until('two workers', async () => ((await inspect.getWorkersCount()) >= 2 ? true : undefined));

    const cycle = runForecastJob({ ...common, writer: collector(), runTask: queue.runTask, concurrency: SYNTHETIC_HOSTS.length });
    const name = `${hostname()}:${doomed.pid}`;
    const held = await until('a job in the doomed worker\'s hands', async () => (await inspect.getActive()).find((j) => j.processedBy === name));
    doomed.kill('SIGKILL');
    const run = await cycle;

    expect(run.failures).toEqual([]);
    expect(byRow(run.rows)).toEqual(byRow(reference.rows));
    const retried = await inspect.getJob(held.id!);
    expect(await retried?.getState()).toBe('completed');
    expect(retried?.processedBy).not.toBe(name);
    // The workers wrote the forecasts: as many points as the run made, none twice.
    expect(run.forecastPoints).toBe(reference.forecastPoints);
    expect(await countPoints(store, 'forecast', 'value')).toBe(reference.forecastPoints);
  });

  it('waits on as many chunks as a cycle queues at once without a listener-leak warning', async () => {
    // A queue no worker takes from: every chunk waits (and is left waiting when the test ends).
    const idleDb = `${config.influxDb}_idle`;
    const idle = new ForecastQueue({ redisUrl: redis.url, database: idleDb });
    const idleInspect = new Queue(queueName(idleDb), { connection: inspectRedis, prefix: QUEUE_PREFIX });
    const warnings: Error[] = [];
    const onWarning = (w: Error) => warnings.push(w);
    process.on('warning', onWarning);
    try {
      const task = (index: number): ChunkTask => ({
        index, hosts: [`host-${index}`], run: new Date(nowMs).toISOString(), nowMs, fromMs: nowMs - 400 * 86_400_000, toMs: nowMs, source: 'rollup',
        horizonDays: 60, levelPercent: 80, diskThresholdPercent: 90, memoryThresholdPercent: 90, cpuThresholdPercent: 85, country: 'DK', events: [],
      });
      for (let i = 0; i < 32; i++) void idle.runTask(task(i));
      await until('32 waiting chunks', async () => ((await idleInspect.getWaitingCount()) === 32 ? true : undefined));
      await sleep(300); // each one's wait is set up right after it is added; warnings come on a later tick
      expect(warnings.filter((w) => w.name === 'MaxListenersExceededWarning')).toEqual([]);
    } finally {
      process.off('warning', onWarning);
      await idleInspect.close();
      await idle.close();
    }
  });

  it('lets one scheduler run a cycle at a time', async () => {
    const other = new ForecastQueue({ redisUrl: redis.url, database: config.influxDb });
    try {
      let inner: string | null | undefined;
      const outer = await queue.exclusive(async () => {
        inner = await other.exclusive(async () => 'second');
        return 'first';
      });
      expect([outer, inner]).toEqual(['first', null]);
      expect(await other.exclusive(async () => 'after')).toBe('after');
    } finally {
      await other.close();
    }
  });
});
