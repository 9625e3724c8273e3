import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatPoints } from '../core/line-protocol-format.ts';
import type { MetricPoint } from '../core/schema.ts';
import { runForecastJob, type ForecastJobOptions } from '../forecast/job/forecast-job.ts';
import { storeFor, testConfig } from '../scripts/test-support/influx.ts';
import { byRow, collector, loadSyntheticFleet, SYNTHETIC_HOSTS as HOSTS } from '../scripts/test-support/synthetic-fleet.ts';
import { storeOptions } from '../core/store-from-config.ts';
import { ForecastPool } from './forecast-pool.ts';

const byKey = (points: readonly MetricPoint[]) => [...points].sort((a, b) => JSON.stringify(a.tags).localeCompare(JSON.stringify(b.tags)) || Number(a.timeNs - b.timeNs));

describe('forecasts read from rollups (real InfluxDB)', () => {
  const config = testConfig();
  const store = storeFor(config);
  const nowMs = Date.now();
  const pool = new ForecastPool(2);
  // Threads that read their chunks from this InfluxDB and write the forecasts back themselves.
  const ioPool = new ForecastPool(2, { store: storeOptions(config), countries: [['acme', 'DE']] });
  let common: Omit<ForecastJobOptions, 'writer'>;

  beforeAll(async () => {
    await loadSyntheticFleet(store, nowMs);
    common = { reader: store, historyDays: 400, horizonDays: 60, levelPercent: 80, country: 'DK', diskThresholdPercent: 90, memoryThresholdPercent: 90, cpuThresholdPercent: 85, nowMs };
  });
  afterAll(() => Promise.all([pool.close(), ioPool.close()]));

  it('equal one from raw points: same rows, same forecast points', async () => {
    const [fromRaw, fromRollups] = [collector(), collector()];
    const raw = await runForecastJob({ ...common, writer: fromRaw, source: 'raw' });
    const rolled = await runForecastJob({ ...common, writer: fromRollups, source: 'rollup', chunkHosts: 2 });
    // Per host: disk, inodes, load, memory and CPU.
    expect(raw.rows).toHaveLength(5 * HOSTS.length);
    expect(new Set(raw.rows.map((r) => r.metric))).toEqual(new Set(['disk_used_percent', 'inodes_used_percent', 'load_daily_max', 'mem_used_percent', 'cpu_p95_percent']));
    expect(raw.failures).toEqual([]);
    expect(byRow(rolled.rows)).toEqual(byRow(raw.rows));
    expect(byKey(fromRollups.points)).toEqual(byKey(fromRaw.points));
  });

  it('are the same when fitted on worker threads, a chunk at a time, which hand the points over as line protocol', async () => {
    const inline = collector();
    const lines: string[] = [];
    const asPoints = collector(); // holidays only: the forecast points arrive as lines
    const threaded = { write: asPoints.write, writeLines: async (text: string) => void lines.push(...text.split('\n')) };
    const here = await runForecastJob({ ...common, writer: inline, source: 'rollup', chunkHosts: 2 });
    const there = await runForecastJob({ ...common, writer: threaded, source: 'rollup', chunkHosts: 2, runChunk: pool.run, concurrency: 3 });
    expect(byRow(there.rows)).toEqual(byRow(here.rows));
    expect(asPoints.points.filter((p) => p.measurement === 'forecast')).toEqual([]);
    const forecasts = inline.points.filter((p) => p.measurement === 'forecast');
    expect(there.forecastPoints).toBe(forecasts.length);
    expect(lines.sort()).toEqual(formatPoints(forecasts).split('\n').sort());
  });

  it('are the same when the threads read the chunks and write the forecasts themselves', async () => {
    const inline = collector();
    const countryOf = (c: string) => (c === 'acme' ? 'DE' : undefined);
    const here = await runForecastJob({ ...common, countryOf, writer: inline, source: 'rollup', chunkHosts: 2 });
    const there = await runForecastJob({ ...common, countryOf, writer: store, source: 'rollup', chunkHosts: 2, runTask: ioPool.runTask!, concurrency: 4 });
    expect(byRow(there.rows)).toEqual(byRow(here.rows));
    const forecasts = inline.points.filter((p) => p.measurement === 'forecast');
    expect(there.forecastPoints).toBe(forecasts.length);
    const stored = await store.query(`SELECT "value", "lower", "upper" FROM "forecast" WHERE "run" = '${there.run}' GROUP BY "host", "metric", "mount"`);
    const values = (p: MetricPoint) => [p.tags.host, p.tags.metric, p.tags.mount ?? '', Number(p.timeNs / 1_000_000n), p.fields.value!.value, p.fields.lower!.value, p.fields.upper!.value].join(' ');
    const back = stored.flatMap((s) => s.values.map((v) => [s.tags!.host, s.tags!.metric, s.tags!.mount ?? '', ...v].join(' ')));
    expect(back.sort()).toEqual(forecasts.map(values).sort());
    expect(Object.values(there.phases).every((ms) => ms > 0)).toBe(true);
  });

  it('forecast memory, CPU and inodes against their own thresholds, with the capacities behind them', async () => {
    const run = await runForecastJob({ ...common, writer: collector(), source: 'rollup' });
    const row = (host: string, metric: string) => run.rows.find((r) => r.host === host && r.metric === metric)!;
    const mem = row('web1', 'mem_used_percent');
    expect(mem).toMatchObject({ resource: 'memory', threshold: 90, totalBytes: 16 * 2 ** 30 });
    // web1's memory rises 0.08 points a day with a flat weekly load pattern: the slope is measured.
    expect(mem.memEvidence!.memSlopePerDay).toBeGreaterThan(0.06);
    expect(mem.memEvidence!.memSlopePerDay).toBeLessThan(0.1);
    const cpu = row('web1', 'cpu_p95_percent');
    expect(cpu).toMatchObject({ resource: 'cpu', threshold: 85, cores: 8 });
    // The busy hour (+40 points) is the daily maximum; the 95th percentile of 24 hours is the second highest.
    const busiest = await store.query(`SELECT max("max_usage_percent") FROM "rollup_1d"."cpu" WHERE "host" = 'web1' AND time < ${Math.floor(nowMs / 86_400_000) * 86_400_000}ms GROUP BY time(1d) fill(none) ORDER BY time DESC LIMIT 1`);
    expect(cpu.current).toBeLessThan((busiest[0]!.values[0]![1] as number) - 20);
    const inodes = row('web1', 'inodes_used_percent');
    expect(inodes).toMatchObject({ resource: 'inodes /', mount: '/', threshold: 90, inodesTotal: 2e6 });
    // 0.2 + 399 days × 0.0012 of 2 million inodes, at the day's peak (+1 %).
    expect(inodes.current).toBeCloseTo(100 * (0.2 + 399.96 * 0.0012) * 1.01, 0);
    expect(inodes.growthPerDay).toBeGreaterThan(0.1);
  });
});
