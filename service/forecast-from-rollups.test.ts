import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RollupMaintainer } from '../core/impl/rollup-maintainer.ts';
import { prepareRollups } from '../core/impl/rollup-schema.ts';
import { float, msToNs, type MetricPoint } from '../core/schema.ts';
import type { MetricWriter } from '../core/store.ts';
import { runForecastJob, type ForecastJobOptions } from '../forecast/job/forecast-job.ts';
import type { RunwayRow } from '../forecast/job/runway-row.ts';
import { storeFor, testConfig } from '../scripts/test-support/influx.ts';
import { ForecastPool } from './forecast-pool.ts';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const HOSTS = ['shop1', 'shop2', 'db1', 'mail1', 'web1'];

/** Hourly disk use and load of a few hosts over 400 days: growth, a weekly rhythm and a daily swing. */
function fleetPoints(nowMs: number): MetricPoint[] {
  const points: MetricPoint[] = [];
  const start = Math.floor(nowMs / DAY_MS) * DAY_MS - 400 * DAY_MS;
  HOSTS.forEach((host, h) => {
    for (let t = start, i = 0; t < nowMs; t += HOUR_MS, i++) {
      const day = i / 24;
      const tags = { customer: h % 2 ? 'acme' : 'hygge', host };
      const disk = 30 + day * (0.03 + h * 0.015) + 2 * Math.sin((2 * Math.PI * i) / 24) + (h === 2 && day > 300 ? 8 : 0);
      const load = (1 + h) * (1 + 0.4 * Math.sin((2 * Math.PI * day) / 7)) * (1 + 0.3 * Math.sin((2 * Math.PI * i) / 24)) * (1 + day / 800);
      points.push({ measurement: 'disk', tags: { ...tags, mount: '/', device: 'sda1' }, fields: { used_percent: float(disk), total_bytes: float(1e11) }, timeNs: msToNs(t) });
      points.push({ measurement: 'system', tags, fields: { load1: float(load), n_cpus: float(4 + h) }, timeNs: msToNs(t) });
    }
  });
  return points;
}

/** Collects what the job writes, so two runs can be compared point by point. */
function collector(): MetricWriter & { points: MetricPoint[] } {
  const points: MetricPoint[] = [];
  return { points, write: async (batch) => void points.push(...batch) };
}

const byRow = (rows: readonly RunwayRow[]) => [...rows].sort((a, b) => `${a.host} ${a.resource}`.localeCompare(`${b.host} ${b.resource}`));
const byKey = (points: readonly MetricPoint[]) => [...points].sort((a, b) => JSON.stringify(a.tags).localeCompare(JSON.stringify(b.tags)) || Number(a.timeNs - b.timeNs));

describe('forecasts read from rollups (real InfluxDB)', () => {
  const config = testConfig();
  const store = storeFor(config);
  const nowMs = Date.now();
  const pool = new ForecastPool(2);
  let common: Omit<ForecastJobOptions, 'writer'>;

  beforeAll(async () => {
    await store.ensureDatabase();
    // Raw points kept forever here, so that both sources hold every day of the history.
    expect(await prepareRollups(store, { rawRetentionDays: 0, rollupRetentionDays: 0, log: { info() {}, warn() {} } })).toBe('rollup');
    await store.write(fleetPoints(nowMs));
    const rollups = new RollupMaintainer({ admin: store, rawRetentionDays: 0 });
    rollups.touched(nowMs - 401 * DAY_MS, nowMs);
    await rollups.run(nowMs);
    common = { reader: store, historyDays: 400, horizonDays: 60, levelPercent: 80, country: 'DK', diskThresholdPercent: 90, nowMs };
  });
  afterAll(() => pool.close());

  it('equal one from raw points: same rows, same forecast points', async () => {
    const [fromRaw, fromRollups] = [collector(), collector()];
    const raw = await runForecastJob({ ...common, writer: fromRaw, source: 'raw' });
    const rolled = await runForecastJob({ ...common, writer: fromRollups, source: 'rollup', chunkHosts: 2 });
    expect(raw.rows).toHaveLength(2 * HOSTS.length);
    expect(raw.failures).toEqual([]);
    expect(byRow(rolled.rows)).toEqual(byRow(raw.rows));
    expect(byKey(fromRollups.points)).toEqual(byKey(fromRaw.points));
  });

  it('are the same when fitted on worker threads, a chunk at a time', async () => {
    const [inline, threaded] = [collector(), collector()];
    const here = await runForecastJob({ ...common, writer: inline, source: 'rollup', chunkHosts: 2 });
    const there = await runForecastJob({ ...common, writer: threaded, source: 'rollup', chunkHosts: 2, runChunk: pool.run, concurrency: 3 });
    expect(byRow(there.rows)).toEqual(byRow(here.rows));
    expect(byKey(threaded.points)).toEqual(byKey(inline.points));
  });
});
