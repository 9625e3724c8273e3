import { describe, expect, it } from 'vitest';
import type { PoolHeadroom } from '../core/runway-row.ts';
import { storeFor, testConfig } from '../scripts/test-support/influx.ts';
import { poolPoint, readPoolsOfRun } from './stored-pools.ts';

const DAY_MS = 86_400_000;
const GiB = 1024 ** 3;
const RUN_MS = Date.UTC(2026, 10, 21, 3);

const pool = (over: Partial<PoolHeadroom>): PoolHeadroom => ({
  customer: 'acme', pool: 'web', hosts: ['shop1', 'shop2'], resource: 'load', capacity: 24, usable: 24, peakForecast: 14.5,
  peakAtMs: Date.UTC(2026, 11, 20), crossingMs: null, lastDayMs: Date.UTC(2027, 4, 20), shortHosts: ['shop1'],
  run: new Date(RUN_MS).toISOString(), computedAtMs: RUN_MS, ...over,
});

describe('stored pools (real InfluxDB)', () => {
  it('reads back the pools of one run as the capacity cycle stored them', async () => {
    const store = storeFor(testConfig());
    await store.ensureDatabase();
    const load = pool({});
    const memory = pool({ resource: 'memory', capacity: 48 * GiB, usable: 43.2 * GiB, peakForecast: 50 * GiB, crossingMs: Date.UTC(2026, 11, 2), shortHosts: [] });
    // A pool whose hosts share no forecast day has no peak: stored without one, read back as NaN.
    const unknown = pool({ pool: 'db', hosts: ['db1', 'db2'], peakForecast: NaN, peakAtMs: null, lastDayMs: null, shortHosts: [] });
    // An earlier run's pool is not this run's.
    const earlier = pool({ pool: 'old', computedAtMs: RUN_MS - DAY_MS, run: 'yesterday' });
    await store.write([load, memory, unknown, earlier].map(poolPoint));
    const read = await readPoolsOfRun(store, RUN_MS);
    const byKey = (p: PoolHeadroom) => `${p.pool} ${p.resource}`;
    expect(read.sort((a, b) => byKey(a).localeCompare(byKey(b)))).toEqual([unknown, load, memory]);
  });

  it('reads nothing when no pool was ever stored', async () => {
    const store = storeFor(testConfig());
    await store.ensureDatabase();
    expect(await readPoolsOfRun(store, RUN_MS)).toEqual([]);
  });
});
