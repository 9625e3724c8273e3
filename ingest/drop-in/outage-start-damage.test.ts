import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InfluxHttpStore } from '../../core/impl/influx-http-store.ts';
import { InfluxdProcess } from '../../scripts/test-support/influxd-process.ts';
import { tempDir } from '../../scripts/test-support/temp-dir.ts';
import { decodeRecord } from '../spool/record-codec.ts';
import { listSegments } from '../spool/spool-files.ts';
import { LIVE_START_NS, startRunway } from './runway-process.ts';

// `runway serve` started while InfluxDB is down, killed with SIGKILL, one byte of its newest
// spool segment damaged, started again while InfluxDB is still down, then InfluxDB back: every
// acknowledged point must reach InfluxDB except those of the one damaged record, and the log must
// count exactly those.
const POINTS_PER_WRITE = 50;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Writes `count` batches, each its own `batch` tag, one after the other; the batches acknowledged. */
async function writeBatches(url: string, prefix: string, count: number): Promise<string[]> {
  const acknowledged: string[] = [];
  for (let k = 0; k < count; k++) {
    const batch = `${prefix}-${k}`;
    const base = LIVE_START_NS + BigInt(k * POINTS_PER_WRITE) * 1_000_000_000n;
    const body = Array.from({ length: POINTS_PER_WRITE }, (_, j) => `system,customer=outage,host=${prefix},batch=${batch} load1=${j} ${base + BigInt(j) * 1_000_000_000n}`).join('\n');
    const res = await fetch(`${url}/write?db=telegraf`, { method: 'POST', body });
    await res.arrayBuffer();
    if (res.status === 204) acknowledged.push(batch);
  }
  return acknowledged;
}

/** Flips one byte in the payload of the newest segment's `index`-th record; returns the batch tag it held. */
function damageRecord(segmentPath: string, index: number): string {
  const bytes = readFileSync(segmentPath);
  let at = 0;
  for (let k = 0; k < index; k++) {
    const decoded = decodeRecord(bytes, at);
    if (decoded.kind !== 'record') throw new Error(`record ${k} does not decode`);
    at = decoded.record.end;
  }
  const decoded = decodeRecord(bytes, at);
  if (decoded.kind !== 'record') throw new Error(`record ${index} does not decode`);
  const batch = /batch=(\S+?)[ ,]/.exec(decoded.record.payload.toString('utf8'))![1]!;
  bytes[at + 12 + 30]! ^= 0x20; // inside the payload, 30 bytes in
  writeFileSync(segmentPath, bytes);
  return batch;
}

describe('runway serve through an InfluxDB outage, a SIGKILL and a damaged spool', () => {
  const spoolDir = tempDir('test-outage-spool');
  const stateDir = tempDir('test-outage-state');
  const running: ChildProcess[] = [];
  let influxd: InfluxdProcess;
  beforeAll(async () => {
    influxd = await InfluxdProcess.start('test-outage-influxd');
  });
  afterAll(async () => {
    for (const child of running) child.kill('SIGKILL');
    await influxd?.dispose();
    spoolDir.remove();
    stateDir.remove();
  });

  it('starts without InfluxDB, and InfluxDB ends with every acknowledged point but the damaged record\'s', async () => {
    const database = `test_outage_${randomBytes(4).toString('hex')}`;
    const env = {
      INFLUX_URL: influxd.url, INFLUX_DB: database, INFLUX_TIMEOUT_MS: '2000', RUNWAY_HOST: '127.0.0.1', RUNWAY_PORT: '0',
      RUNWAY_SPOOL_DIR: spoolDir.path, RUNWAY_FORECAST_INTERVAL_MS: '0', LOG_LEVEL: 'info',
      RUNWAY_ROLLUP_STATE_FILE: join(stateDir.path, 'rollup-state.json'), RUNWAY_FIT_MEMORY_FILE: join(stateDir.path, 'fit-memory.ndjson'),
    };
    await influxd.stop();

    const first = await startRunway(env);
    running.push(first.child);
    const health = await fetch(`${first.url}/health`);
    expect(health.status).toBe(503);
    expect(await health.json()).toMatchObject({ status: 'degraded', influxdb: { reachable: false } });
    const before = await writeBatches(first.url, 'a', 30);
    expect(before).toHaveLength(30);
    const exited = new Promise((r) => first.child.once('exit', r));
    first.child.kill('SIGKILL');
    await exited;

    const segments = await listSegments(spoolDir.path);
    const damaged = damageRecord(segments.at(-1)!.path, 12);

    const second = await startRunway(env);
    running.push(second.child);
    const after = await writeBatches(second.url, 'b', 10);
    expect(after).toHaveLength(10);
    await influxd.restart();

    const acknowledged = [...before, ...after];
    const expected = new Map(acknowledged.map((b) => [b, b === damaged ? 0 : POINTS_PER_WRITE]));
    const store = new InfluxHttpStore({ url: influxd.url, database, timeoutMs: 10_000, batchPoints: 5000 });
    const counts = new Map<string, number>();
    const complete = () => acknowledged.every((b) => (counts.get(b) ?? 0) === expected.get(b));
    for (const deadline = Date.now() + 60_000; !complete() && Date.now() < deadline; await sleep(250)) {
      const series = await store.query(`SELECT count("load1") FROM "system" WHERE "customer" = 'outage' GROUP BY "batch"`).catch(() => []);
      for (const s of series) counts.set(s.tags?.batch ?? '', Number(s.values[0]?.[1]));
    }
    expect(acknowledged.filter((b) => (counts.get(b) ?? 0) !== expected.get(b))).toEqual([]);
    expect(counts.get(damaged) ?? 0).toBe(0);
    // The log counts exactly the damaged record's points, and its bytes are kept aside.
    expect(second.stderr()).toMatch(new RegExp(`"lostPoints":${POINTS_PER_WRITE}[,}].*points are LOST`));
    expect(second.stderr()).toMatch(new RegExp(`"lostPoints":${POINTS_PER_WRITE}[,}].*spool: opened`));
    expect(readdirSync(spoolDir.path).filter((f) => f.startsWith('corrupt-'))).toHaveLength(1);
    second.child.kill('SIGTERM');
  });
});
