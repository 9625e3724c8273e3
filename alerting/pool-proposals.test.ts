import { describe, expect, it } from 'vitest';
import type { PoolHeadroom } from '../core/runway-row.ts';
import { alertCandidates } from './early-warning.ts';
import { NOW_MS, runwayRow } from './test-rows.ts';

const GiB = 1024 ** 3;
const pool = (over: Partial<PoolHeadroom>): PoolHeadroom => ({
  customer: 'acme', pool: 'web', hosts: ['shop1', 'shop2'], resource: 'load', capacity: 24, usable: 24, peakForecast: 14.5,
  peakAtMs: Date.UTC(2026, 11, 20), crossingMs: null, lastDayMs: Date.UTC(2027, 4, 20), shortHosts: ['shop1'], run: 'r', computedAtMs: NOW_MS, ...over,
});
const loadRow = runwayRow({ host: 'shop1', daysLeft: 20, metric: 'load_daily_max', resource: 'load', mount: undefined, threshold: 8, current: 6.5, peakForecast: 10.2, driver: 'christmas 2026' });
const memRow = runwayRow({ host: 'shop2', daysLeft: 20, metric: 'mem_used_percent', resource: 'memory', mount: undefined, threshold: 90, current: 85, peakForecast: 95, totalBytes: 16 * GiB });

describe('proposals that know the pool', () => {
  it('say moving work within the pool is enough when its summed forecast peak fits', () => {
    const [c] = alertCandidates([loadRow], { pools: [pool({})] });
    expect(c?.remediation).toContain('As a whole, pool web (2 hosts): forecast peak load 14.5 of 24 cores on 2026-12-20, 9.5 cores to spare: moving work within the pool is enough; no more cores are needed');
  });

  it('say the pool itself needs more when its summed peak does not fit', () => {
    const [c] = alertCandidates([loadRow], { pools: [pool({ peakForecast: 26.2 })] });
    expect(c?.remediation).toContain('2.2 cores short: moving work within the pool only moves the shortage; the pool itself needs 3 more cores');
    const [m] = alertCandidates([memRow], { pools: [pool({ resource: 'memory', capacity: 48 * GiB, usable: 43.2 * GiB, peakForecast: 50 * GiB })] });
    expect(m?.remediation).toContain('forecast peak memory 50 GiB of 43 GiB usable (48 GiB RAM) on 2026-12-20, 7 GiB short');
    expect(m?.remediation).toContain('the pool itself needs 7 GiB more RAM');
  });

  it('leave hosts outside every pool alone', () => {
    const [c] = alertCandidates([{ ...loadRow, host: 'db1' }], { pools: [pool({})] });
    expect(c?.remediation).not.toContain('As a whole');
  });
});
