import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { alertingFromConfig } from '../alerting/alerting-from-config.ts';
import { forecastChunk, type ChunkInput } from '../forecast/job/forecast-chunk.ts';
import { buildServer } from '../ingest/server.ts';
import { storeFor, testConfig } from '../scripts/test-support/influx.ts';
import { CapacityCycle } from './capacity-cycle.ts';
import { runwayApi } from './runway-api.ts';

const DAY_MS = 86_400_000;
const NOW_MS = Date.UTC(2026, 10, 21, 6);
const HOSTS = ['web1', 'web2', 'web3'];

/** 60 days of hourly load on a 4-core host. */
function loadHistory(host: string): string {
  const lines: string[] = [];
  for (let t = NOW_MS - 60 * DAY_MS; t < NOW_MS; t += 3_600_000) lines.push(`system,customer=acme,host=${host} load1=${(1 + 0.5 * Math.sin((2 * Math.PI * t) / DAY_MS)).toFixed(3)},n_cpus=4 ${t}000000`);
  return lines.join('\n');
}

describe('a capacity cycle under way', () => {
  it('tells the runway API how many hosts are forecast so far, until its first run is in', async () => {
    const config = testConfig({ alertStateFile: join(mkdtempSync(join(tmpdir(), 'progress-')), 'alerts.json') });
    const store = storeFor(config);
    await store.ensureDatabase();
    await store.writeLines(HOSTS.map(loadHistory).join('\n'));
    const alerting = await alertingFromConfig(config, { info() {}, warn() {}, error() {} }, {});
    // A pool whose chunk waits for the test: the cycle is held with its hosts listed and none done.
    let release = (): void => {};
    const held = new Promise<void>((r) => (release = r));
    const pool = { threads: 1, run: async (input: ChunkInput) => (await held, forecastChunk(input)) };
    const cycle = new CapacityCycle({ config, store, alerting, log: { info() {}, error() {} }, pool });
    const app = await buildServer({ config, store, logger: false, plugins: [{ plugin: runwayApi, options: { cycle } }] });
    try {
      expect(cycle.progress).toBeNull();
      const running = cycle.run(NOW_MS);
      while (cycle.progress?.hosts == null) await new Promise((r) => setTimeout(r, 10));
      const during = await app.inject({ method: 'GET', url: '/api/v1/runway' });
      expect(during.statusCode).toBe(503);
      expect(during.json().error).toMatch(/^the first forecast run has not finished yet: 0 of 3 hosts forecast, started \d+ s ago$/);
      release();
      await running;
      expect(cycle.progress).toBeNull();
      const after = await app.inject({ method: 'GET', url: '/api/v1/runway' });
      expect(after.statusCode).toBe(200);
      expect(after.json().rows.map((r: { host: string }) => r.host).sort()).toEqual(HOSTS);
    } finally {
      release();
      await app.close();
      await alerting.close();
    }
  });
});
