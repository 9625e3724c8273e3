import { createServer, type Server } from 'node:http';
import { afterAll, describe, expect, it } from 'vitest';
import type { HostEntry } from '../../core/inventory/inventory.ts';
import { storeFor, testConfig } from '../../scripts/test-support/influx.ts';
import { NodeExporterMapper } from '../collectors/node-exporter-mapping.ts';
import { HostActivity } from '../host-activity.ts';
import { NodeExporterScraper } from './node-exporter-scraper.ts';

/** node_exporter's page as a target serves it: two CPUs whose idle seconds advance between scrapes. */
function page(scrape: number): string {
  const idle = (cpu: number) => 1000 + scrape * (cpu === 0 ? 7.5 : 5); // per 10 s of wall time
  return [
    '# HELP node_load1 1m load average.',
    '# TYPE node_load1 gauge',
    `node_load1 ${0.5 + scrape}`,
    '# TYPE node_cpu_seconds_total counter',
    ...[0, 1].flatMap((cpu) => [`node_cpu_seconds_total{cpu="${cpu}",mode="idle"} ${idle(cpu)}`, `node_cpu_seconds_total{cpu="${cpu}",mode="user"} ${100 + scrape * (10 - (cpu === 0 ? 7.5 : 5))}`]),
    'node_filesystem_size_bytes{device="/dev/sda1",fstype="ext4",mountpoint="/"} 1e11',
    'node_filesystem_free_bytes{device="/dev/sda1",fstype="ext4",mountpoint="/"} 4e10',
    'node_filesystem_avail_bytes{device="/dev/sda1",fstype="ext4",mountpoint="/"} 4e10',
    'node_filesystem_size_bytes{device="tmpfs",fstype="tmpfs",mountpoint="/run"} 1e9',
    'node_memory_MemTotal_bytes 8e9',
    'node_memory_MemAvailable_bytes 2e9',
    '',
  ].join('\n');
}

describe('NodeExporterScraper against a real HTTP target and the real InfluxDB', () => {
  let server: Server;
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('scrapes the inventory targets into the canonical schema, CPU as a rate between scrapes', async () => {
    let scrapes = 0;
    server = createServer((_req, res) => res.end(page(scrapes++)));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/metrics`;
    const config = testConfig();
    const store = storeFor(config);
    const entry: HostEntry = { customer: { id: 'acme', name: 'acme', country: 'DK', language: 'da', contacts: [], hosts: [] }, host: { name: 'web-1', disks: [], nodeExporterUrl: url } };
    const activity = new HostActivity();
    const scraper = new NodeExporterScraper({ hosts: [entry], mapper: new NodeExporterMapper(), pipeline: { writer: store, rules: { hosts: new Map([['web-1', entry]]), defaultCustomer: 'x' }, activity } });
    const first = await scraper.scrapeAll();
    expect(first[0]?.error).toBeUndefined();
    await new Promise((r) => setTimeout(r, 20)); // distinct timestamps for the two scrapes
    await scraper.scrapeAll();

    const disk = await store.query(`SELECT "used_percent", "total_bytes" FROM "disk" WHERE "customer" = 'acme' AND "host" = 'web-1' GROUP BY "mount"`);
    expect(disk.map((s) => s.tags?.mount)).toEqual(['/']); // tmpfs is not a disk that fills
    expect(disk[0]?.values[0]?.slice(1)).toEqual([60, 1e11]);
    const cpu = await store.query(`SELECT "usage_percent" FROM "cpu" WHERE "host" = 'web-1'`);
    expect(cpu[0]?.values).toHaveLength(1); // the first scrape only primes the counters
    expect(cpu[0]?.values[0]?.[1]).toBeCloseTo(37.5, 6); // (2.5 + 5) busy of 20 CPU-seconds
    const mem = await store.query(`SELECT "used_percent" FROM "mem" WHERE "host" = 'web-1'`);
    expect(mem[0]?.values[0]?.[1]).toBe(75);
    expect(activity.lastSeen('web-1')).not.toBeNull();
  });
});
