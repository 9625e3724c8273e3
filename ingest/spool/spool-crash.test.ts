import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InfluxHttpStore } from '../../core/impl/influx-http-store.ts';
import { InfluxdProcess } from '../../scripts/test-support/influxd-process.ts';
import { tempDir } from '../../scripts/test-support/temp-dir.ts';
import { LIVE_START_NS, startRunway } from '../drop-in/runway-process.ts';

// `runway serve` as a real child process, killed with SIGKILL in the middle of ingest and started
// again on the same spool: every write it acknowledged must reach InfluxDB. Its InfluxDB is frozen
// half-way, so that at the kill the spool surely holds acknowledged writes InfluxDB does not have.
const CLIENTS = 4;
const POINTS_PER_WRITE = 50;
const ACKS_BEFORE_FREEZE = 30;
const ACKS_BEFORE_KILL = 60;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));


/** Clients writing numbered batches, each its own `batch` tag, until the server dies under them. */
async function writeUntilKilled(url: string, freeze: () => void, kill: () => void) {
  const acknowledged: string[] = [];
  let sent = 0;
  let frozen = false;
  let killed = false;
  const client = async (c: number) => {
    for (let k = 0; ; k++) {
      const batch = `c${c}-${k}`;
      const base = LIVE_START_NS + BigInt(c) * 10n ** 13n + BigInt(k * POINTS_PER_WRITE) * 1_000_000_000n;
      const body = Array.from({ length: POINTS_PER_WRITE }, (_, j) => `system,customer=crash,host=c${c},batch=${batch} load1=${j} ${base + BigInt(j) * 1_000_000_000n}`).join('\n');
      sent++;
      try {
        const res = await fetch(`${url}/write?db=telegraf`, { method: 'POST', body });
        await res.arrayBuffer();
        if (res.status === 204) acknowledged.push(batch);
      } catch {
        return; // the server is gone: this write may or may not have been acknowledged, but it was not to us
      }
      if (!frozen && acknowledged.length >= ACKS_BEFORE_FREEZE) {
        frozen = true;
        freeze();
      }
      if (!killed && acknowledged.length >= ACKS_BEFORE_KILL) {
        killed = true;
        kill();
      }
    }
  };
  await Promise.all(Array.from({ length: CLIENTS }, (_, c) => client(c)));
  return { acknowledged, sent };
}

describe('runway serve killed with SIGKILL in the middle of ingest', () => {
  const spoolDir = tempDir('test-crash-spool');
  const stateDir = tempDir('test-crash-state');
  const running: ChildProcess[] = [];
  let influxd: InfluxdProcess;
  beforeAll(async () => {
    influxd = await InfluxdProcess.start('test-crash-influxd');
  });
  afterAll(async () => {
    for (const child of running) child.kill('SIGKILL');
    await influxd?.dispose();
    spoolDir.remove();
    stateDir.remove();
  });

  it('replays on restart every write it acknowledged before it died', async () => {
    const database = `test_crash_${randomBytes(4).toString('hex')}`;
    const env = {
      INFLUX_URL: influxd.url, INFLUX_DB: database, RUNWAY_HOST: '127.0.0.1', RUNWAY_PORT: '0',
      RUNWAY_SPOOL_DIR: spoolDir.path, RUNWAY_FORECAST_INTERVAL_MS: '0', LOG_LEVEL: 'info',
      RUNWAY_ROLLUP_STATE_FILE: join(stateDir.path, 'rollup-state.json'), RUNWAY_FIT_MEMORY_FILE: join(stateDir.path, 'fit-memory.ndjson'),
    };
    const first = await startRunway(env);
    running.push(first.child);
    const exited = new Promise((r) => first.child.once('exit', r));
    const { acknowledged, sent } = await writeUntilKilled(first.url, () => influxd.pause(), () => first.child.kill('SIGKILL'));
    await exited;
    influxd.resume();

    const second = await startRunway(env);
    running.push(second.child);
    const store = new InfluxHttpStore({ url: influxd.url, database, timeoutMs: 10_000, batchPoints: 5000 });
    const counts = new Map<string, number>();
    const complete = () => acknowledged.every((b) => counts.get(b) === POINTS_PER_WRITE);
    for (const deadline = Date.now() + 60_000; !complete() && Date.now() < deadline; await sleep(200)) {
      for (const series of await store.query(`SELECT count("load1") FROM "system" WHERE "customer" = 'crash' GROUP BY "batch"`)) {
        counts.set(series.tags?.batch ?? '', Number(series.values[0]?.[1]));
      }
    }
    const opened = /"pendingPoints":(\d+)[^\n]*spool: opened/.exec(second.stderr());
    const stored = [...counts.values()].reduce((a, b) => a + b, 0);
    console.info(`crash test: ${sent} writes sent, ${acknowledged.length} acknowledged (${acknowledged.length * POINTS_PER_WRITE} points) before SIGKILL; ` +
      `the restarted spool had ${opened?.[1] ?? '?'} points to replay; InfluxDB holds ${stored} points`);
    expect(acknowledged.length).toBeGreaterThanOrEqual(ACKS_BEFORE_KILL);
    // Everything acknowledged after the freeze was only in the spool when the process died.
    expect(Number(opened?.[1])).toBeGreaterThanOrEqual((ACKS_BEFORE_KILL - ACKS_BEFORE_FREEZE) * POINTS_PER_WRITE);
    expect(acknowledged.filter((b) => counts.get(b) !== POINTS_PER_WRITE)).toEqual([]);
    // Writes in flight when the process died were not acknowledged; whatever of them InfluxDB got came whole.
    expect(stored).toBeGreaterThanOrEqual(acknowledged.length * POINTS_PER_WRITE);
    expect(stored % POINTS_PER_WRITE).toBe(0);
    second.child.kill('SIGTERM');
  });
});
