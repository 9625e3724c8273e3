import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildServer } from '../server.ts';
import { countPoints, storeFor, testConfig } from '../../scripts/test-support/influx.ts';
import type { InfluxHttpStore } from '../../core/impl/influx-http-store.ts';

// Lines exactly as Telegraf's inputs emit them (their READMEs), plus a customer global tag.
const TELEGRAF_BATCH = [
  'cpu,cpu=cpu-total,customer=acme,host=web-1 usage_active=17.61,usage_guest=1.03,usage_guest_nice=0,usage_idle=82.38,usage_iowait=0,usage_irq=0,usage_nice=0,usage_softirq=1.03,usage_steal=0,usage_system=4.14,usage_user=11.39 1568760922000000000',
  'mem,customer=acme,host=web-1 active=9299595264i,available=16818249728i,available_percent=80.41,buffered=2383761408i,cached=13316689920i,free=1877688320i,total=20913917952i,used=3335778304i,used_percent=15.95 1568760922000000000',
  'disk,customer=acme,device=dm-1,fstype=xfs,host=web-1,label=lvg-lv,mode=rw,path=/mnt free=16959598592i,inodes_free=8388605i,inodes_total=8388608i,inodes_used=3i,total=17112760320i,used=153161728i,used_percent=0.895 1568760922000000000',
  'system,customer=acme,host=web-1 load1=3.72,load5=2.4,load15=2.1,n_users=3i,n_cpus=4i 1568760922000000000',
  'system,customer=acme,host=web-1 uptime=1249632i 1568760922000000000',
  'system,customer=acme,host=web-1 uptime_format="14 days, 11:07" 1568760922000000000',
].join('\n');

const TELEGRAF_HEADERS = { 'content-type': 'text/plain; charset=utf-8', 'content-encoding': 'gzip', 'user-agent': 'Telegraf/1.36.1 Go/1.24.4' };

describe('write endpoints against the real InfluxDB', () => {
  let app: FastifyInstance;
  let store: InfluxHttpStore;

  beforeAll(async () => {
    const config = testConfig();
    store = storeFor(config);
    app = await buildServer({ config, store, logger: false });
  });
  afterAll(() => app.close());

  it('takes Telegraf outputs.influxdb: CREATE DATABASE, then a gzip batch without precision', async () => {
    const create = await app.inject({ method: 'POST', url: '/query', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'q=CREATE+DATABASE+%22telegraf%22' });
    expect(create.statusCode).toBe(200);
    expect(create.json()).toEqual({ results: [{ statement_id: 0 }] });

    const res = await app.inject({ method: 'POST', url: '/write?db=telegraf', headers: TELEGRAF_HEADERS, payload: gzipSync(TELEGRAF_BATCH) });
    expect(res.statusCode).toBe(204);

    const disk = await store.query(`SELECT "used_percent", "total_bytes", "used_bytes" FROM "disk" WHERE "host" = 'web-1' AND "mount" = '/mnt'`);
    expect(disk[0]?.values).toEqual([[1568760922000, 0.895, 17112760320, 153161728]]);
    const cpu = await store.query(`SELECT "usage_percent" FROM "cpu" WHERE "customer" = 'acme'`);
    expect(cpu[0]?.values[0]?.[1]).toBeCloseTo(17.62, 6);
    const load = await store.query(`SELECT "load1", "n_cpus", "uptime", "uptime_format" FROM "system" WHERE "host" = 'web-1'`);
    expect(load[0]?.values).toEqual([[1568760922000, 3.72, 4, 1249632, '14 days, 11:07']]);
    const mem = await store.query(`SELECT "used_percent", "total_bytes" FROM "mem" WHERE "host" = 'web-1'`);
    expect(mem[0]?.values).toEqual([[1568760922000, 15.95, 20913917952]]);
  });

  it('takes Telegraf outputs.influxdb_v2: org, bucket, Token auth, gzip', async () => {
    const body = 'system,customer=beta,host=db-2 load1=0.5,load5=0.4,load15=0.3,n_cpus=8i 1700000000000000000\n';
    const res = await app.inject({
      method: 'POST',
      url: '/api/v2/write?org=hosting&bucket=telegraf',
      headers: { ...TELEGRAF_HEADERS, authorization: 'Token any-token' },
      payload: gzipSync(body),
    });
    expect(res.statusCode).toBe(204);
    const rows = await store.query(`SELECT "load1", "n_cpus" FROM "system" WHERE "host" = 'db-2' AND "customer" = 'beta'`);
    expect(rows[0]?.values).toEqual([[1700000000000, 0.5, 8]]);
  });

  it('stores the good lines of a batch and reports every bad line by number', async () => {
    const batch = [
      'system,customer=mix,host=h1 load1=1 1700000000000000000',
      'system,customer=mix,host=h1 load1= 1700000001000000000',
      '# a comment line',
      'system,customer=mix,host=h1 load1=2 1700000002000000000',
      'system,customer=mix,host=h1 load1=3 notatime',
      'system,customer=mix,host=h1 load1=4 1700000004000000000',
    ].join('\n');
    const res = await app.inject({ method: 'POST', url: '/write?db=telegraf', payload: batch, headers: { 'content-type': 'text/plain' } });
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.error).toMatch(/^partial write: 2 of 5 lines rejected, 3 points stored: line 2: .+; line 5: .+/);
    expect(body.lines.map((l: { line: number }) => l.line)).toEqual([2, 5]);
    expect(await countPoints(store, 'system', 'load1', `"customer" = 'mix'`)).toBe(3);
  });

  it('answers the v2 endpoint with its own error shape', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/v2/write?org=o&bucket=b', payload: 'bad line' });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'invalid', lines: [{ line: 1 }] });
    const noBucket = await app.inject({ method: 'POST', url: '/api/v2/write?org=o', payload: 'm v=1' });
    expect(noBucket.json()).toMatchObject({ code: 'invalid', message: 'missing query parameter "bucket"' });
  });

  it('scales timestamps by the precision parameter', async () => {
    const res = await app.inject({ method: 'POST', url: '/write?db=x&precision=s', payload: 'system,customer=prec,host=h load1=1 1700000000' });
    expect(res.statusCode).toBe(204);
    const rows = await store.query(`SELECT "load1" FROM "system" WHERE "customer" = 'prec'`);
    expect(rows[0]?.values[0]?.[0]).toBe(1700000000000);
    const bad = await app.inject({ method: 'POST', url: '/api/v2/write?bucket=b&precision=h', payload: 'm v=1' });
    expect(bad.statusCode).toBe(400);
  });

  it('rejects a body that is not valid gzip, and a missing db', async () => {
    const res = await app.inject({ method: 'POST', url: '/write?db=x', headers: { 'content-encoding': 'gzip' }, payload: Buffer.from('not gzip') });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatch(/Content-Encoding "gzip"/);
    expect((await app.inject({ method: 'POST', url: '/write', payload: 'm v=1' })).json().error).toBe('missing query parameter "db"');
  });

  it('answers /ping like InfluxDB and /health with InfluxDB reachability', async () => {
    const ping = await app.inject({ method: 'GET', url: '/ping' });
    expect(ping.statusCode).toBe(204);
    expect(ping.headers['x-influxdb-version']).toMatch(/^1\./);
    const health = await app.inject({ method: 'GET', url: '/health' });
    expect(health.statusCode).toBe(200);
    expect(health.json()).toMatchObject({ status: 'ok', influxdb: { reachable: true } });
  });
});

describe('limits and failures', () => {
  it('refuses a body over the limit with 413', async () => {
    const config = testConfig({ bodyLimitBytes: 1000 });
    const app = await buildServer({ config, store: storeFor(config), logger: false });
    const res = await app.inject({ method: 'POST', url: '/write?db=x', payload: 'm v=1\n'.repeat(500) });
    expect(res.statusCode).toBe(413);
    const bomb = await app.inject({ method: 'POST', url: '/write?db=x', headers: { 'content-encoding': 'gzip' }, payload: gzipSync('m v=1\n'.repeat(10_000)) });
    expect(bomb.statusCode).toBe(400);
    expect(bomb.json().error).toMatch(/exceeds 1000 bytes/);
    await app.close();
  });

  it('answers 503 with Retry-After and acknowledges nothing while InfluxDB is unreachable', async () => {
    const config = testConfig({ influxUrl: 'http://127.0.0.1:9' });
    const app = await buildServer({ config, store: storeFor(config), logger: false });
    const res = await app.inject({ method: 'POST', url: '/write?db=x', payload: 'system,host=h load1=1' });
    expect(res.statusCode).toBe(503);
    expect(res.headers['retry-after']).toBeDefined();
    expect(res.json().error).toMatch(/nothing of this request was acknowledged/);
    const health = await app.inject({ method: 'GET', url: '/health' });
    expect(health.statusCode).toBe(503);
    await app.close();
  });

  it('checks tokens in every form InfluxDB clients send them', async () => {
    const config = testConfig({ ingestTokens: 's3cret,other' });
    const app = await buildServer({ config, store: storeFor(config), logger: false });
    const write = (headers: Record<string, string>, query = '') => app.inject({ method: 'POST', url: `/write?db=x${query}`, headers, payload: 'system,host=h load1=1' });
    expect((await write({})).statusCode).toBe(401);
    expect((await write({ authorization: 'Token wrong' })).statusCode).toBe(401);
    expect((await write({ authorization: 'Token s3cret' })).statusCode).toBe(204);
    expect((await write({ authorization: 'Token telegraf:s3cret' })).statusCode).toBe(204);
    expect((await write({ authorization: 'Basic ' + Buffer.from('telegraf:other').toString('base64') })).statusCode).toBe(204);
    expect((await write({}, '&u=telegraf&p=s3cret')).statusCode).toBe(204);
    expect((await app.inject({ method: 'GET', url: '/ping' })).statusCode).toBe(204); // health checks stay open
    await app.close();
  });
});
