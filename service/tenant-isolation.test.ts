import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { parseInventory } from '../core/inventory/load-inventory.ts';
import { storeFor, testConfig } from '../scripts/test-support/influx.ts';
import { composeRuntime, type Runtime } from './runtime.ts';

const INVENTORY = `
customers:
  - { id: alpha, country: DK, language: da, hosts: [ { name: alpha-web, cores: 4 } ] }
  - { id: beta, country: SE, language: sv, hosts: [ { name: beta-web, cores: 4 } ] }
tokens:
  - { token: write-alpha-0123456789, role: write, customer: alpha }
  - { token: write-beta-01234567890, role: write, customer: beta }
  - { token: read-alpha-012345678901, role: read, customers: [alpha] }
  - { token: planner-0123456789abcd, role: read, customers: "*" }
  - { token: admin-0123456789abcdef, role: admin }
`;
const TOKENS = { writeAlpha: 'write-alpha-0123456789', writeBeta: 'write-beta-01234567890', readAlpha: 'read-alpha-012345678901', admin: 'admin-0123456789abcdef' };

const nowS = Math.floor(Date.now() / 1000);
/** Every write endpoint, with a payload shaped as its collector sends it, for a given host. */
const WRITES: { name: string; url: (host: string) => string; body: (host: string) => string }[] = [
  { name: 'InfluxDB 1.x /write', url: () => '/write?db=telegraf', body: (h) => `system,host=${h} load1=1,n_cpus=4i ${nowS}000000000` },
  { name: 'InfluxDB 2.x /api/v2/write', url: () => '/api/v2/write?org=o&bucket=b', body: (h) => `system,host=${h} load1=1 ${nowS}000000000` },
  { name: 'Telegraf outputs.http', url: () => '/api/v1/telegraf', body: (h) => `system,host=${h} load1=1 ${nowS}000000000` },
  { name: 'canonical import', url: () => '/api/v1/import', body: (h) => `system,host=${h} load1=1 ${nowS}000000000` },
  { name: 'Prometheus text', url: (h) => `/api/v1/prometheus?host=${h}`, body: () => 'node_load1 0.5\n' },
  { name: 'RTM probes', url: (h) => `/api/v1/rtm?host=${h}`, body: () => `{"metric":"rtm.hw.cpu.number","timestamp":${nowS},"value":"4"}\n` },
  { name: 'Nagios perfdata', url: () => '/api/v1/nagios', body: (h) => `[SERVICEPERFDATA]\t${nowS}\t${h}\tLoad\t0.01\t0.0\tOK - load\tload1=0.5;5;10;0;\n` },
  { name: 'noderig Sensision', url: () => '/api/v0/update', body: (h) => `${nowS}000000// os.load1{host=${h}} 0.5\n` },
];

describe('tenant isolation: every endpoint × every kind of token × another customer\'s host', () => {
  let runtime: Runtime;
  let app: FastifyInstance;

  beforeAll(async () => {
    const config = testConfig();
    runtime = await composeRuntime(config, { inventory: parseInventory(INVENTORY, 'test.yaml'), logger: false, spool: false });
    app = runtime.app;
  });
  afterAll(() => runtime.close());

  const post = (url: string, body: string, token?: string) =>
    app.inject({ method: 'POST', url, payload: body, headers: { 'content-type': 'text/plain', ...(token ? { authorization: `Token ${token}` } : {}) } });

  for (const w of WRITES) {
    it(`${w.name}: own host stored, other customer's host refused with nothing stored, readers and strangers refused`, async () => {
      const own = await post(w.url('alpha-web'), w.body('alpha-web'), TOKENS.writeAlpha);
      expect(own.statusCode, own.body).toBeLessThan(300);
      const foreign = await post(w.url('beta-web'), w.body('beta-web'), TOKENS.writeAlpha);
      expect(foreign.statusCode, foreign.body).toBe(403);
      expect(foreign.body).toContain('beta-web');
      const unknown = await post(w.url('mallory-1'), w.body('mallory-1'), TOKENS.writeAlpha);
      expect(unknown.statusCode).toBe(403);
      expect((await post(w.url('alpha-web'), w.body('alpha-web'), TOKENS.readAlpha)).statusCode).toBe(403);
      expect((await post(w.url('alpha-web'), w.body('alpha-web'))).statusCode).toBe(401);
      expect((await post(w.url('alpha-web'), w.body('alpha-web'), 'not-a-token-at-all')).statusCode).toBe(401);
    });
  }

  it('stored nothing under another customer, whatever the payload claimed', async () => {
    await post('/write?db=x', `system,host=alpha-web,customer=beta load1=9 ${nowS}000000000`, TOKENS.writeAlpha);
    const store = storeFor(runtime.config);
    const series = await store.query(`SELECT count(*) FROM /.*/ WHERE "host" = 'beta-web' OR "customer" = 'beta' OR "host" = 'mallory-1'`);
    expect(series).toEqual([]);
    const alpha = await store.query(`SELECT "load1" FROM "system" WHERE "customer" = 'alpha' AND "load1" = 9`);
    expect(alpha[0]?.values).toHaveLength(1);
  });

  it('read endpoints show a token only its own customers', async () => {
    await runtime.cycle.run();
    await runtime.ocoMonitor?.checkAll();
    const get = (url: string, token?: string) => app.inject({ method: 'GET', url, headers: token ? { authorization: `Token ${token}` } : {} });
    for (const url of ['/api/v1/runway', '/api/v1/status', '/api/v1/alerts']) {
      expect((await get(url)).statusCode, url).toBe(401);
      for (const token of [TOKENS.readAlpha, TOKENS.writeAlpha]) {
        const res = await get(url, token);
        expect(res.statusCode, url).toBe(200);
        expect(res.body, url).not.toContain('beta');
      }
      const admin = await get(url, TOKENS.admin);
      expect(admin.statusCode).toBe(200);
    }
    expect((await get('/api/v1/status', TOKENS.admin)).body).toContain('beta-web');
    expect((await get('/api/v1/notices/beta/preview', TOKENS.readAlpha)).statusCode).toBe(403);
    expect((await get('/api/v1/notices/alpha/preview', TOKENS.readAlpha)).statusCode).toBe(200);
    expect((await get('/metrics', TOKENS.writeAlpha)).statusCode).toBe(403);
    expect((await get('/metrics', TOKENS.admin)).statusCode).toBe(200);
    expect((await app.inject({ method: 'POST', url: '/api/v1/silences', payload: '{}', headers: { authorization: `Token ${TOKENS.readAlpha}` } })).statusCode).toBe(403);
  });
});
