import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildServer } from './server.ts';
import { IngestMetrics } from './metrics.ts';
import { DurableSpool } from './spool/durable-spool.ts';
import { storeFor, testConfig } from '../scripts/test-support/influx.ts';
import { tempDir } from '../scripts/test-support/temp-dir.ts';
import type { LoadSheddingOptions } from './app.ts';

// Nothing listens on port 9 of the loopback: InfluxDB is unreachable for every test here.
const UNREACHABLE = 'http://127.0.0.1:9';
const body = (from: number, n = 10) =>
  Array.from({ length: n }, (_, k) => `system,customer=bp,host=h1 load1=${from + k} ${1_700_000_000_000_000_000n + BigInt(from + k) * 1_000_000_000n}`).join('\n');

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function serverWithSpool(maxBytes: number, loadShedding: Partial<LoadSheddingOptions> = {}, settings: Parameters<typeof testConfig>[0] = {}) {
  const config = testConfig({ influxUrl: UNREACHABLE, ...settings });
  const store = storeFor(config);
  const dir = tempDir('test-backpressure');
  const metrics = new IngestMetrics();
  const spool = await DurableSpool.open({ dir: dir.path, maxBytes, sink: store, batchPoints: 5000, observer: metrics, backoff: { baseDelayMs: 5, maxDelayMs: 50 } });
  const app = await buildServer({ config, store, writer: spool, metrics, logger: false, loadShedding });
  cleanups.push(dir.remove, () => spool.close(), () => app.close());
  return { app, spool };
}

/** The value of one sample line of the Prometheus text, e.g. `runway_spool_bytes`. */
async function sample(app: FastifyInstance, name: string): Promise<number> {
  const text = (await app.inject({ method: 'GET', url: '/metrics' })).body;
  const line = text.split('\n').find((l) => l.startsWith(name + ' '));
  return line === undefined ? Number.NaN : Number(line.slice(name.length + 1));
}

describe('backpressure while InfluxDB is unreachable', () => {
  it('acknowledges into the spool until it is full, then answers v1 503 and v2 429 with Retry-After', async () => {
    const { app, spool } = await serverWithSpool(4000);
    let acknowledged = 0;
    let refused = await app.inject({ method: 'POST', url: '/write?db=telegraf', payload: body(0) });
    for (let i = 1; refused.statusCode === 204 && i < 100; i++) {
      acknowledged += 10;
      refused = await app.inject({ method: 'POST', url: '/write?db=telegraf', payload: body(i * 10) });
    }
    expect(acknowledged).toBeGreaterThan(0);
    expect(refused.statusCode).toBe(503);
    expect(refused.headers['retry-after']).toMatch(/^\d+$/);
    expect(refused.json()).toMatchObject({ error: expect.stringMatching(/spool is full/), runwayCode: 'RUNWAY_ERR_SPOOL_FULL' });

    const v2 = await app.inject({ method: 'POST', url: '/api/v2/write?org=o&bucket=b', headers: { authorization: 'Token t' }, payload: body(5000) });
    expect(v2.statusCode).toBe(429);
    expect(v2.headers['retry-after']).toMatch(/^\d+$/);
    expect(v2.json()).toMatchObject({ code: 'too many requests', message: expect.stringMatching(/spool is full/) });

    const bad = await app.inject({ method: 'POST', url: '/write?db=telegraf', payload: 'system,host=h1 load1=' });
    expect(bad.statusCode).toBe(400);

    // Replay keeps trying in the background; wait until it has failed at least once.
    for (const deadline = Date.now() + 30_000; spool.stats().failures === 0 && Date.now() < deadline; ) await new Promise((r) => setTimeout(r, 10));
    const metrics = await app.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.statusCode).toBe(200);
    expect(metrics.headers['content-type']).toMatch(/^text\/plain/);
    expect(await sample(app, 'runway_ingest_points_accepted_total')).toBe(acknowledged);
    expect(await sample(app, 'runway_spool_points_spooled_total')).toBe(acknowledged);
    expect(await sample(app, 'runway_spool_points_replayed_total')).toBe(0);
    expect(await sample(app, 'runway_spool_points_refused_total')).toBe(20);
    expect(await sample(app, 'runway_ingest_lines_rejected_total')).toBe(1);
    expect(await sample(app, 'runway_ingest_requests_refused_total{reason="spool_full"}')).toBe(2);
    expect(await sample(app, 'runway_spool_records')).toBe(acknowledged / 10);
    expect(await sample(app, 'runway_spool_bytes')).toBeGreaterThan(0);
    expect(await sample(app, 'runway_spool_replay_failures_total')).toBeGreaterThan(0);
    expect(await sample(app, 'runway_influxdb_write_duration_seconds_count{outcome="error"}')).toBeGreaterThan(0);
    expect(metrics.body).toMatch(/^process_cpu_user_seconds_total /m);
    expect(spool.stats()).toMatchObject({ pendingPoints: acknowledged, lastError: expect.stringMatching(/unavailable/) });
  });

  it('queues writes past the body budget, and answers 503 with Retry-After only to one that waited too long', async () => {
    const BUDGET = 65_536; // the smallest budget the setting allows
    const { app } = await serverWithSpool(1 << 20, {}, { ingestQueueBytes: BUDGET, ingestQueueWaitMs: 50 });
    // A body that is still arriving holds its place in the budget.
    const slow = new PassThrough();
    slow.write('system,customer=bp,host=h1 load1=1');
    const holding = app.inject({ method: 'POST', url: '/write?db=telegraf', headers: { 'content-length': String(BUDGET) }, payload: slow });
    await new Promise((r) => setTimeout(r, 20));
    const res = await app.inject({ method: 'POST', url: '/write?db=telegraf', payload: body(0) });
    expect(res.statusCode).toBe(503);
    expect(Number(res.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(res.json().error).toMatch(/overloaded .*writes queued for 50 ms/);
    expect((await app.inject({ method: 'GET', url: '/ping' })).statusCode).toBe(204);
    expect(await sample(app, 'runway_ingest_requests_refused_total{reason="overloaded"}')).toBe(1);
    slow.end(' '.repeat(BUDGET - 'system,customer=bp,host=h1 load1=1'.length));
    expect((await holding).statusCode).toBe(204);
    // The budget is free again: the next write is taken at once.
    expect((await app.inject({ method: 'POST', url: '/write?db=telegraf', payload: body(20) })).statusCode).toBe(204);
  });

  it('sheds writes with 503 and Retry-After under memory pressure (under-pressure)', async () => {
    const { app } = await serverWithSpool(1 << 20, { maxHeapUsedBytes: 1, maxEventLoopDelayMs: 0, sampleIntervalMs: 20 });
    // under-pressure samples the heap on a timer: writes pass until its first sample.
    let v2 = await app.inject({ method: 'POST', url: '/api/v2/write?org=o&bucket=b', payload: body(0) });
    for (let i = 1, deadline = Date.now() + 30_000; v2.statusCode === 204 && Date.now() < deadline; i++) {
      await new Promise((r) => setTimeout(r, 10));
      v2 = await app.inject({ method: 'POST', url: '/api/v2/write?org=o&bucket=b', payload: body(i * 10) });
    }
    expect(v2.statusCode).toBe(503);
    expect(v2.headers['retry-after']).toMatch(/^\d+$/);
    expect(v2.json()).toMatchObject({ code: 'unavailable', message: expect.stringMatching(/overloaded \(heapUsedBytes/) });
    expect((await app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(200);
  });
});
