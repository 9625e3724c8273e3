import { beforeAll, describe, expect, it } from 'vitest';
import { float, msToNs } from '../../core/schema.ts';
import { storeFor, testConfig } from '../../scripts/test-support/influx.ts';
import { hostFilter } from './fleet-chunks.ts';

describe('hostFilter (real InfluxDB)', () => {
  const store = storeFor(testConfig());
  // Quotes, backslashes and regex metacharacters, which a host name may hold and a filter must take literally.
  const hosts = ["web'1", 'db\\2', 'a.b', 'axb', 'shop(1)', 'shop1'];

  beforeAll(async () => {
    await store.ensureDatabase();
    await store.write(hosts.map((host, i) => ({ measurement: 'm', tags: { host }, fields: { v: float(i) }, timeNs: msToNs(Date.UTC(2026, 0, 1)) })));
  });

  it('matches exactly the hosts named, each taken literally', async () => {
    for (const chosen of [["web'1", 'a.b'], ['db\\2', 'shop(1)'], ['shop1']]) {
      const series = await store.query(`SELECT count("v") FROM "m" WHERE ${hostFilter(chosen)} GROUP BY "host"`);
      expect(series.map((s) => s.tags!.host).sort()).toEqual([...chosen].sort());
    }
  });
});
