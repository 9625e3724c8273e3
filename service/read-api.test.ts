import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { parseInventory } from '../core/inventory/load-inventory.ts';
import { testConfig } from '../scripts/test-support/influx.ts';
import { tempDir } from '../scripts/test-support/temp-dir.ts';
import { composeRuntime, type Runtime } from './runtime.ts';

const INVENTORY = `
customers:
  - { id: alpha, country: DK, language: da, hosts: [ { name: alpha-web, cores: 4 } ] }
tokens:
  - { token: write-alpha-0123456789, role: write, customer: alpha }
  - { token: admin-0123456789abcdef, role: admin }
`;
const ADMIN = { authorization: 'Token admin-0123456789abcdef' };
const WRITER = { authorization: 'Token write-alpha-0123456789' };
const inAnHour = new Date(Date.now() + 3_600_000).toISOString();

describe('the read APIs check their input against their schemas', () => {
  let runtime: Runtime;
  let app: FastifyInstance;
  // Silences are kept in the alert state file: this file's own.
  const state = tempDir('test-read-api');
  beforeAll(async () => {
    runtime = await composeRuntime(testConfig({ alertStateFile: `${state.path}/alert-state.json` }), { inventory: parseInventory(INVENTORY, 'test.yaml'), logger: false, spool: false });
    app = runtime.app;
  });
  afterAll(async () => {
    await runtime.close();
    state.remove();
  });

  const silence = (payload: object) => app.inject({ method: 'POST', url: '/api/v1/silences', headers: ADMIN, payload });

  it('refuses a silence with an invalid or missing time, naming the field, and stores nothing', async () => {
    const bad = await silence({ matchers: { host: 'alpha-web' }, startsAt: 'yesterday', endsAt: inAnHour });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toEqual({ error: 'invalid body.startsAt: must match format "date-time"', runwayCode: 'RUNWAY_ERR_API_INVALID_FIELD' });
    expect((await silence({ matchers: { host: 'alpha-web' } })).json().error).toBe('invalid body.endsAt: is required');
    expect((await silence({ matchers: {}, endsAt: inAnHour })).json().error).toMatch(/^invalid body\.matchers: /);
    expect((await silence({ matchers: { host: 3 }, endsAt: inAnHour })).statusCode).toBe(201); // coerced to "3", as before
    expect(runwayCount(await app.inject({ method: 'GET', url: '/api/v1/silences', headers: ADMIN }))).toBe(1);
  });

  it('adds and removes a silence with valid times', async () => {
    const startsAt = new Date().toISOString();
    const added = await silence({ matchers: { host: 'alpha-web' }, startsAt, endsAt: inAnHour, comment: 'maintenance' });
    expect(added.statusCode).toBe(201);
    expect(added.json()).toMatchObject({ matchers: { host: 'alpha-web' }, startsAtMs: Date.parse(startsAt), endsAtMs: Date.parse(inAnHour), comment: 'maintenance' });
    const del = (id: string) => app.inject({ method: 'DELETE', url: `/api/v1/silences/${id}`, headers: ADMIN });
    expect((await del(added.json().id)).statusCode).toBe(204);
    expect((await del(added.json().id)).statusCode).toBe(404);
  });

  it('checks tokens before bodies, and takes an acknowledgement without a body', async () => {
    expect((await app.inject({ method: 'POST', url: '/api/v1/silences', headers: WRITER, payload: { nonsense: true } })).statusCode).toBe(403);
    const ack = await app.inject({ method: 'POST', url: '/api/v1/alerts/nope/ack', headers: ADMIN });
    expect(ack.statusCode).toBe(404);
    expect(ack.json()).toEqual({ error: 'no active alert nope' });
  });

  it('names a bad query parameter, and answers the ingest routes in their own shapes', async () => {
    const state = await app.inject({ method: 'GET', url: '/api/v1/alerts?state=some', headers: ADMIN });
    expect(state.statusCode).toBe(400);
    expect(state.json().error).toMatch(/^invalid query\.state: /);
    const noHost = await app.inject({ method: 'POST', url: '/api/v1/prometheus', headers: WRITER, payload: 'node_load1 0.5\n' });
    expect(noHost.json()).toEqual({ error: 'missing query parameter "host"', runwayCode: 'RUNWAY_ERR_INGEST_MISSING_PARAM' });
    const v2 = await app.inject({ method: 'POST', url: '/api/v2/write?bucket=', headers: WRITER, payload: 'm v=1' });
    expect(v2.json()).toMatchObject({ code: 'invalid', message: expect.stringMatching(/^invalid query\.bucket: /) });
  });
});

const runwayCount = (res: { json(): unknown }): number => (res.json() as unknown[]).length;
