import { describe, expect, it } from 'vitest';
import { float, FORECAST_MEASUREMENT, msToNs, str, type MetricPoint } from '../../core/schema.ts';
import { storeFor, testConfig } from '../../scripts/test-support/influx.ts';
import { runwayRow } from '../../alerting/test-rows.ts';
import { poolHeadroom, spareOf } from './pool-headroom.ts';

const DAY_MS = 86_400_000;
const GiB = 1024 ** 3;

describe('pool headroom (real InfluxDB)', () => {
  it('sums the hosts\' daily forecasts, so peaks on different days are not added up', async () => {
    const store = storeFor(testConfig());
    await store.ensureDatabase();
    const nowMs = Date.UTC(2026, 10, 21, 9);
    const today = Date.UTC(2026, 10, 21);
    const points: MetricPoint[] = [];
    const forecast = (host: string, metric: string, f: (day: number) => number) => {
      for (let d = 0; d < 30; d++) points.push({ measurement: FORECAST_MEASUREMENT, tags: { customer: 'acme', host, metric }, fields: { value: float(f(d)), run: str('r') }, timeNs: msToNs(today + d * DAY_MS) });
    };
    // shop1 peaks at 10 on day 20, shop2 at 6 on day 5: the pool's peak is 10 + 3, not 10 + 6.
    forecast('shop1', 'load_daily_max', (d) => (d === 20 ? 10 : 4));
    forecast('shop2', 'load_daily_max', (d) => (d === 5 ? 6 : 3));
    forecast('db1', 'load_daily_max', () => 50); // in no pool
    // Memory in percent of each host's RAM: 50 % of 32 GiB + 80 % of 16 GiB = 28.8 GiB.
    forecast('shop1', 'mem_used_percent', () => 50);
    forecast('shop2', 'mem_used_percent', () => 80);
    // An earlier run's point for yesterday is not this run's.
    points.push({ measurement: FORECAST_MEASUREMENT, tags: { customer: 'acme', host: 'shop1', metric: 'load_daily_max' }, fields: { value: float(99) }, timeNs: msToNs(today - DAY_MS) });
    await store.write(points);
    const load = (host: string, cores: number, daysLeft: number | null) => runwayRow({ host, daysLeft, metric: 'load_daily_max', resource: 'load', mount: undefined, threshold: cores, totalBytes: undefined });
    const mem = (host: string, gib: number) => runwayRow({ host, daysLeft: null, metric: 'mem_used_percent', resource: 'memory', mount: undefined, threshold: 90, totalBytes: gib * GiB });
    const rows = [load('shop1', 8, 20), load('shop2', 8, null), load('db1', 32, null), mem('shop1', 32), mem('shop2', 16)];
    const pools = await poolHeadroom(store, rows, (h) => (h.startsWith('shop') ? 'web' : undefined), nowMs);
    expect(pools.map((p) => [p.resource, p.pool, p.hosts, p.capacity, p.usable, p.peakForecast, p.peakAtMs, p.shortHosts])).toEqual([
      ['load', 'web', ['shop1', 'shop2'], 16, 16, 13, today + 20 * DAY_MS, ['shop1']],
      ['memory', 'web', ['shop1', 'shop2'], 48 * GiB, 0.9 * 48 * GiB, 28.8 * GiB, today, []],
    ]);
    expect(spareOf(pools[0]!)).toBe(3);
    // Neither sum exceeds what the pool has; both forecasts reach 29 days ahead.
    expect(pools.map((p) => [p.crossingMs, p.lastDayMs])).toEqual([[null, today + 29 * DAY_MS], [null, today + 29 * DAY_MS]]);
    // With 4 cores on shop2 the pool has 12: its summed forecast first exceeds them on day 20, not on day 5 (6 + 4 = 10).
    const smaller = await poolHeadroom(store, [load('shop1', 8, 20), load('shop2', 4, null)], (h) => (h.startsWith('shop') ? 'web' : undefined), nowMs);
    expect(smaller.map((p) => [p.usable, p.peakForecast, p.crossingMs])).toEqual([[12, 13, today + 20 * DAY_MS]]);
  });
});
