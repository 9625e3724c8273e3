import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { InfluxHttpStore } from '../../core/impl/influx-http-store.ts';
import { countPoints, testConfig } from '../../scripts/test-support/influx.ts';
import { InfluxdProcess } from '../../scripts/test-support/influxd-process.ts';
import { tempDir } from '../../scripts/test-support/temp-dir.ts';
import { buildServer } from '../server.ts';
import { DurableSpool } from './durable-spool.ts';

// This test stops and starts InfluxDB, so it runs its own influxd, not the one the suite shares.
const POINTS_PER_WRITE = 100;
const WRITES_PER_PHASE = 15;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits for a condition with a deadline; the test fails on the deadline, it never measures time. */
async function until(what: string, condition: () => boolean, deadlineMs = 60_000): Promise<void> {
  for (const deadline = Date.now() + deadlineMs; !condition(); await sleep(20)) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
  }
}

/** Two concurrent clients writing numbered batches until stopped; counts what was acknowledged. */
function streamWrites(url: string) {
  const state = { sent: 0, acknowledged: 0, refused: 0, stop: false };
  const client = async () => {
    while (!state.stop) {
      const n = state.sent++;
      const body = Array.from({ length: POINTS_PER_WRITE }, (_, k) => {
        const i = n * POINTS_PER_WRITE + k;
        return `system,customer=outage,host=h${n % 4} load1=${i} ${1_700_000_000_000_000_000n + BigInt(i) * 1_000_000_000n}`;
      }).join('\n');
      const res = await fetch(`${url}/write?db=telegraf`, { method: 'POST', body });
      if (res.status === 204) state.acknowledged++;
      else state.refused++;
      await res.arrayBuffer();
    }
  };
  const done = Promise.all([client(), client()]);
  return { state, stop: () => ((state.stop = true), done) };
}

describe('an InfluxDB outage in the middle of ingest', () => {
  let influxd: InfluxdProcess;
  let app: FastifyInstance | undefined;
  let spool: DurableSpool | undefined;
  const dir = tempDir('test-outage-spool');

  beforeAll(async () => {
    influxd = await InfluxdProcess.start('test-outage-influxd');
  });
  afterAll(async () => {
    await app?.close();
    await spool?.close();
    await influxd?.dispose();
    dir.remove();
  });

  it('keeps acknowledging into the spool while InfluxDB is frozen, then down, and InfluxDB ends with every acknowledged point', async () => {
    const config = testConfig({ influxUrl: influxd.url });
    // A short timeout, so that writes to the frozen InfluxDB fail and are retried rather than hang.
    const store = new InfluxHttpStore({ url: influxd.url, database: config.influxDb, timeoutMs: 1000, batchPoints: config.writeBatchPoints });
    await store.ensureDatabase();
    spool = await DurableSpool.open({ dir: dir.path, maxBytes: 256 * 1024 * 1024, sink: store, batchPoints: config.writeBatchPoints, backoff: { baseDelayMs: 50, maxDelayMs: 1000 } });
    app = await buildServer({ config, store, writer: spool, logger: false });
    const stream = streamWrites(await app.listen({ host: '127.0.0.1', port: 0 }));
    const s = stream.state;
    const after = (writes: number) => until(`${writes} more acknowledged writes`, ((target) => () => s.acknowledged >= target)(s.acknowledged + writes));

    await after(WRITES_PER_PHASE); // InfluxDB up
    influxd.pause(); // frozen: connections hang until the store's timeout
    const failuresBefore = spool.stats().failures;
    await after(WRITES_PER_PHASE);
    await until('a replay failure against the frozen InfluxDB', () => spool!.stats().failures > failuresBefore);
    await influxd.stop(); // down: connections refused
    const failuresFrozen = spool.stats().failures;
    await after(WRITES_PER_PHASE);
    await until('a replay failure against the stopped InfluxDB', () => spool!.stats().failures > failuresFrozen);
    const pendingWhileDown = spool.stats().pendingPoints;
    await influxd.restart(); // same port, same data
    await after(WRITES_PER_PHASE);
    await stream.stop();
    await spool.drained();

    const acknowledgedPoints = s.acknowledged * POINTS_PER_WRITE;
    const stored = await countPoints(store, 'system', 'load1', `"customer" = 'outage'`);
    const stats = spool.stats();
    console.info(`outage test: ${s.acknowledged} writes acknowledged (${acknowledgedPoints} points), ${s.refused} refused, ` +
      `${pendingWhileDown} points spooled while InfluxDB was down, ${stats.failures} replay failures, ${stored} points in InfluxDB`);
    expect(s.refused).toBe(0);
    expect(pendingWhileDown).toBeGreaterThan(0);
    expect(stored).toBe(acknowledgedPoints);
    expect(stats).toMatchObject({ pendingPoints: 0, spooledPoints: acknowledgedPoints, deadLetteredPoints: 0, consecutiveFailures: 0 });
  });
});
