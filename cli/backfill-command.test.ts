import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { collectorRoutes } from '../ingest/routes/collectors.ts';
import { NodeExporterMapper } from '../ingest/collectors/node-exporter-mapping.ts';
import { HostActivity } from '../ingest/host-activity.ts';
import { openAuthenticator } from '../ingest/auth/authenticate.ts';
import { buildServer } from '../ingest/server.ts';
import { countPoints, storeFor, testConfig } from '../scripts/test-support/influx.ts';
import { runBackfillCommand } from './backfill-command.ts';

const HOUR_S = 3600;
const silent = { stdout: () => {}, stderr: () => {} };

describe('runway backfill through the real API into the real InfluxDB', () => {
  const config = testConfig();
  const store = storeFor(config);
  const dir = mkdtempSync(join(tmpdir(), 'backfill-'));
  const csv = join(dir, 'cacti.csv');
  let app: FastifyInstance;
  let url: string;
  let flaky: Server;
  let flakyUrl: string;

  beforeAll(async () => {
    // 1000 hourly rows of load and disk, as an export from an old monitoring system would hold them.
    const start = Date.UTC(2024, 0, 1) / 1000;
    const rows = Array.from({ length: 1000 }, (_, i) => `${start + i * HOUR_S},web-1,${(0.5 + (i % 24) / 10).toFixed(2)},${(40 + i / 100).toFixed(2)}`);
    writeFileSync(csv, ['time,host,system.load1,disk:/var.used_percent', ...rows].join('\n'));
    const authenticate = openAuthenticator([]);
    const pipeline = { writer: store, rules: { defaultCustomer: 'acme' }, activity: new HostActivity() };
    app = await buildServer({ config, store, logger: false, plugins: [{ plugin: collectorRoutes, options: { authenticate, pipeline, bodyLimitBytes: config.bodyLimitBytes, nodeExporter: new NodeExporterMapper() } }] });
    url = await app.listen({ host: '127.0.0.1', port: 0 });
    // A Runway that takes two requests and then refuses: a backfill cut off half-way.
    let seen = 0;
    flaky = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      if (++seen > 2) return res.writeHead(400).end('{"error":"maintenance"}');
      const forwarded = await fetch(url + req.url, { method: 'POST', headers: req.headers as Record<string, string>, body: Buffer.concat(chunks) });
      res.writeHead(forwarded.status).end(await forwarded.text());
    });
    await new Promise<void>((r) => flaky.listen(0, '127.0.0.1', () => r()));
    flakyUrl = `http://127.0.0.1:${(flaky.address() as { port: number }).port}`;
  });
  afterAll(async () => {
    await app.close();
    await new Promise<void>((r) => flaky.close(() => r()));
  });

  it('resumes after an interruption and stores nothing twice when run again', async () => {
    const args = ['--file', csv, '--chunk', '500'];
    // 2000 points in chunks of 500: the flaky server takes two chunks, then refuses.
    await expect(runBackfillCommand([...args, '--url', flakyUrl], silent)).rejects.toThrow(/maintenance/);
    expect(await countPoints(store, 'system', 'load1')).toBe(500);

    let progress = '';
    let said = '';
    expect(await runBackfillCommand([...args, '--url', url], { stdout: (s) => (said += s), stderr: (s) => (progress += s), terminal: true })).toBe(0);
    expect(progress).toContain('resuming after 2 of 4 chunks');
    expect(progress).toMatch(/\[#{30}\] 100 %/);
    expect(said).toMatch(/^backfilled 1000 points from .* \(the other 1000 were sent by an earlier run\)/);

    // Finished: a third run says it sent nothing, and draws no bar where stderr is no terminal.
    let again = '';
    let bar = '';
    expect(await runBackfillCommand([...args, '--url', url], { stdout: (s) => (again += s), stderr: (s) => (bar += s), terminal: false })).toBe(0);
    expect(again).toMatch(/^nothing sent: all 2000 points of .* were sent by an earlier run/);
    expect(bar).toBe('');
    expect(await countPoints(store, 'system', 'load1')).toBe(1000);
    expect(await countPoints(store, 'disk', 'used_percent')).toBe(1000);

    // Run again from scratch (no checkpoint): the same points land on the same timestamps.
    expect(await runBackfillCommand([...args, '--url', url, '--checkpoint', join(dir, 'fresh.json')], silent)).toBe(0);
    expect(await countPoints(store, 'system', 'load1')).toBe(1000);
    const disk = await store.query(`SELECT "used_percent" FROM "disk" WHERE "mount" = '/var' AND "customer" = 'acme' LIMIT 1`);
    expect(disk[0]?.values[0]).toEqual([Date.UTC(2024, 0, 1), 40]);
  });

  it('takes the unit of an rrdtool export\'s byte-valued data sources from --unit (default kB, as Cacti stores them)', async () => {
    const xport = join(dir, 'hdd.xml');
    writeFileSync(xport, `<xport><meta><start>1700000000</start><step>300</step><end>1700000000</end><rows>1</rows><columns>2</columns>
<legend><entry>hdd_used</entry><entry>hdd_total</entry></legend></meta>
<data><row><t>1700000000</t><v>2.5e+09</v><v>1.0e+10</v></row></data></xport>`);
    const used = async (host: string) => (await store.query(`SELECT "used_bytes" FROM "disk" WHERE "host" = '${host}'`))[0]?.values[0]?.[1];
    const rrd = (host: string, ...more: string[]) => runBackfillCommand(['--file', xport, '--format', 'rrd', '--host', host, '--mount', '/data', '--url', url, '--checkpoint', join(dir, `${host}.json`), ...more], silent);
    expect(await rrd('rrd-bytes', '--unit', 'bytes')).toBe(0);
    expect(await used('rrd-bytes')).toBe(2.5e9);
    expect(await rrd('rrd-default')).toBe(0);
    expect(await used('rrd-default')).toBe(2.5e9 * 1024);
    let err = '';
    expect(await runBackfillCommand(['--file', xport, '--unit', 'furlongs'], { stdout: () => {}, stderr: (s) => (err += s) })).toBe(2);
    expect(err).toMatch(/--unit must be one of bytes, B, kB/);
  });

  it('exits 2 naming the bad lines, sending nothing', async () => {
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'time,host,system.load1\n1700000000,web-2,1\nyesterday,web-2,2\n');
    let err = '';
    expect(await runBackfillCommand(['--file', bad, '--url', url], { stdout: () => {}, stderr: (s) => (err += s) })).toBe(2);
    expect(err).toMatch(/bad\.csv line 3/);
    expect(await countPoints(store, 'system', 'load1', `"host" = 'web-2'`)).toBe(0);
  });
});
