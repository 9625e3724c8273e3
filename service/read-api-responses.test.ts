import type { RouteOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../ingest/server.ts';
import { demoInventory } from '../scripts/demo-fleet/demo-inventory.ts';
import { sendFleet } from '../scripts/demo-fleet/send.ts';
import { DEMO_NOW_MS } from '../scripts/test-support/global-setup.ts';
import { storeFor, testConfig } from '../scripts/test-support/influx.ts';
import { tempDir } from '../scripts/test-support/temp-dir.ts';
import { composeRuntime, type Runtime } from './runtime.ts';

const ADMIN = { authorization: 'Token admin-0123456789abcdef' };
const HOSTS = 2;

/**
 * fastify serialises each answer with its route's response schema, which drops a field the schema
 * does not name and coerces a value of another type. So each read route's answer, from a real
 * forecast run on the demo fleet in the real InfluxDB, must equal what its handler returned.
 */
describe('the read APIs answer with every field their handlers return', () => {
  const state = tempDir('test-read-api-responses');
  const config = testConfig({ alertStateFile: `${state.path}/alert-state.json` });
  /** What each handler returned, by "METHOD /route", before fastify serialised it. */
  const returned = new Map<string, unknown>();
  let runtime: Runtime;

  const capture = (route: RouteOptions): void => {
    const own = route.preSerialization === undefined ? [] : [route.preSerialization].flat();
    route.preSerialization = [...own, async (req, _reply, payload) => (returned.set(`${req.method} ${req.routeOptions.url}`, payload), payload)];
  };

  beforeAll(async () => {
    // Two hosts of the demo fleet, sent through the ingest API into this file's own database, as the test setup does.
    const store = storeFor(config);
    await store.ensureDatabase();
    const ingest = await buildServer({ config, store, logger: false });
    try {
      await sendFleet(await ingest.listen({ host: '127.0.0.1', port: 0 }), { endMs: DEMO_NOW_MS, hosts: HOSTS });
    } finally {
      await ingest.close();
    }
    const inventory = { ...demoInventory({ endMs: DEMO_NOW_MS, hosts: HOSTS }), tokens: [{ token: 'admin-0123456789abcdef', role: 'admin' as const }] };
    runtime = await composeRuntime(config, { inventory, logger: false, spool: false, onRoute: capture });
    await runtime.app.ready();
    await runtime.cycle.run(DEMO_NOW_MS);
    await runtime.ocoMonitor!.checkAll(DEMO_NOW_MS);
  }, 300_000);
  afterAll(async () => {
    await runtime.close();
    state.remove();
  });

  const call = async (method: 'GET' | 'POST' | 'DELETE', url: string, route: string, payload?: object) => {
    const res = await runtime.app.inject({ method, url, headers: ADMIN, ...(payload ? { payload } : {}) });
    expect(res.statusCode, `${method} ${url}: ${res.body}`).toBeLessThan(300);
    const handed = returned.get(`${method} ${route}`);
    expect(res.json()).toEqual(JSON.parse(JSON.stringify(handed)));
    return res.json();
  };

  it('GET /api/v1/runway, with rows and alerts', async () => {
    const body = await call('GET', '/api/v1/runway', '/api/v1/runway');
    expect(body.rows.length).toBeGreaterThan(2);
    expect(body.alerts.length).toBeGreaterThan(0);
    expect(body.rows.some((r: { daysLeft: unknown }) => r.daysLeft === null)).toBe(true);
  });

  it('GET /api/v1/alerts and POST an acknowledgement, which carries the runway row behind it', async () => {
    const alerts = await call('GET', '/api/v1/alerts?state=all', '/api/v1/alerts');
    expect(alerts.length).toBeGreaterThan(0);
    const acked = await call('POST', `/api/v1/alerts/${alerts[0].id}/ack`, '/api/v1/alerts/:id/ack', { by: 'ops', comment: 'on it' });
    expect(acked.ack).toMatchObject({ by: 'ops', comment: 'on it' });
    expect(Object.keys(acked.evidence).length).toBeGreaterThan(10);
  });

  it('silences: POST, GET, and DELETE with no body', async () => {
    const added = await call('POST', '/api/v1/silences', '/api/v1/silences', { matchers: { host: 'web-1' }, endsAt: new Date(Date.now() + 3_600_000).toISOString(), comment: 'maintenance' });
    expect(await call('GET', '/api/v1/silences', '/api/v1/silences')).toEqual([added]);
    const removed = await runtime.app.inject({ method: 'DELETE', url: `/api/v1/silences/${added.id}`, headers: ADMIN });
    expect([removed.statusCode, removed.body]).toEqual([204, '']);
  });

  it('GET /api/v1/status and GET /health', async () => {
    const status = await call('GET', '/api/v1/status', '/api/v1/status');
    expect(status.length).toBe(HOSTS);
    expect((await call('GET', '/health', '/health')).influxdb).toMatchObject({ reachable: true, version: expect.any(String) });
  });
});
