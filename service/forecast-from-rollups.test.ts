import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatPoints } from '../core/line-protocol-format.ts';
import type { MetricPoint } from '../core/schema.ts';
import { runForecastJob, type ForecastJobOptions } from '../forecast/job/forecast-job.ts';
import { storeFor, testConfig } from '../scripts/test-support/influx.ts';
import { byRow, collector, loadSyntheticFleet, SYNTHETIC_HOSTS as HOSTS } from '../scripts/test-support/synthetic-fleet.ts';
import { ForecastPool } from './forecast-pool.ts';

const byKey = (points: readonly MetricPoint[]) => [...points].sort((a, b) => JSON.stringify(a.tags).localeCompare(JSON.stringify(b.tags)) || Number(a.timeNs - b.timeNs));

describe('forecasts read from rollups (real InfluxDB)', () => {
  const config = testConfig();
  const store = storeFor(config);
  const nowMs = Date.now();
  const pool = new ForecastPool(2);
  let common: Omit<ForecastJobOptions, 'writer'>;

  beforeAll(async () => {
    await loadSyntheticFleet(store, nowMs);
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
});
