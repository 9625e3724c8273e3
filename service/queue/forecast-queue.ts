import { randomUUID } from 'node:crypto';
import { Queue, QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import type { ChunkTask } from '../../forecast/job/chunk-task.ts';
import type { ChunkOutput } from '../../forecast/job/forecast-chunk.ts';

/** Redis key prefix of everything Runway keeps in Redis. */
export const QUEUE_PREFIX = 'runway';
/** One queue per InfluxDB database, so that two Runways may share a Redis. */
export const queueName = (database: string): string => `forecast-${database}`;

/**
 * A Redis client for BullMQ from a redis:// URL (user, password and database included). BullMQ
 * loads ioredis itself only from CommonJS; under ES modules it takes a client built here.
 */
export function redisClient(url: string): Redis {
  // Workers block on Redis; BullMQ requires ioredis not to give up on those commands.
  return new Redis(url, { maxRetriesPerRequest: null });
}

/** A failed job is retried this many times in all, with exponential backoff, before its hosts are reported as failed. */
const ATTEMPTS = 3;

// Only ever renews or releases the lease it holds: another scheduler may have taken it since.
const RENEW_IF_MINE = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end";
const RELEASE_IF_MINE = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";

/**
 * The scheduler's side of the forecast queue (BullMQ on Redis): each chunk of a run becomes a job,
 * taken by any `runway worker`. A job's id is its run and chunk, so adding it twice queues it once;
 * a worker that dies holding a job lets its lock lapse, and BullMQ gives the job to another.
 */
export class ForecastQueue {
  readonly #queue: Queue;
  readonly #events: QueueEvents;
  readonly #leaseKey: string;
  readonly #redis: Redis;
  /** Ends each wait in progress: BullMQ's waitUntilFinished does not end when its queue closes. */
  readonly #waits = new Set<(reason: Error) => void>();

  constructor(opts: { redisUrl: string; database: string }) {
    const connection = (this.#redis = redisClient(opts.redisUrl));
    const name = queueName(opts.database);
    this.#queue = new Queue(name, { connection, prefix: QUEUE_PREFIX });
    // BullMQ's waitUntilFinished adds a 'closing' listener per job waited on, until it ends; the
    // capacity cycle waits on 32 chunks at once (QUEUED_CHUNKS), past Node's warning at 10.
    this.#queue.setMaxListeners(64);
    this.#events = new QueueEvents(name, { connection, prefix: QUEUE_PREFIX });
    this.#leaseKey = `${QUEUE_PREFIX}:${name}:scheduler`;
  }

  /** Queues one chunk and waits until a worker has forecast it; after the last attempt, its hosts are reported as failures. */
  runTask = async (task: ChunkTask): Promise<ChunkOutput> => {
    await this.#events.waitUntilReady(); // listening before the job can finish
    const jobId = `${Date.parse(task.run)}-${task.index}`;
    const job = await this.#queue.add('chunk', task, {
      jobId,
      attempts: ATTEMPTS,
      backoff: { type: 'exponential', delay: 1000 },
      removeOnComplete: { age: 3600 },
      removeOnFail: { age: 7 * 86_400 },
    });
    let end!: (reason: Error) => void;
    const closed = new Promise<never>((_, reject) => (end = reject));
    this.#waits.add(end);
    try {
      return (await Promise.race([job.waitUntilFinished(this.#events), closed])) as ChunkOutput;
    } catch (e) {
      const error = e instanceof SchedulerClosed ? `forecast job ${jobId}: ${e.message}` : `forecast job ${jobId} failed ${ATTEMPTS} times: ${(e as Error).message}`;
      return { rows: [], failures: task.hosts.map((host) => ({ series: `host ${host}`, host, error })), points: [] };
    } finally {
      this.#waits.delete(end);
    }
  };

  /**
   * Runs `fn` if no other scheduler holds the lease (a Redis key with an expiry, renewed while `fn`
   * runs), so that one cycle, and one alert evaluation, runs at a time; null when another holds it.
   */
  async exclusive<T>(fn: () => Promise<T>, leaseMs = 60_000): Promise<T | null> {
    const client = this.#redis;
    const me = randomUUID();
    if ((await client.set(this.#leaseKey, me, 'PX', leaseMs, 'NX')) !== 'OK') return null;
    const renew = setInterval(() => void client.eval(RENEW_IF_MINE, 1, this.#leaseKey, me, String(leaseMs)).catch(() => undefined), leaseMs / 3);
    try {
      return await fn();
    } finally {
      clearInterval(renew);
      await client.eval(RELEASE_IF_MINE, 1, this.#leaseKey, me).catch(() => undefined);
    }
  }

  /** Closes the connections; a cycle waiting on jobs gets their hosts back as failures, and the jobs stay queued for the workers. */
  async close(): Promise<void> {
    for (const end of this.#waits) end(new SchedulerClosed());
    await this.#events.close();
    await this.#queue.close();
    this.#redis.disconnect();
  }
}

class SchedulerClosed extends Error {
  constructor() {
    super('the scheduler closed before a worker finished it');
  }
}
