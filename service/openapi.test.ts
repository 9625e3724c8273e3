import SwaggerParser from '@apidevtools/swagger-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseInventory } from '../core/inventory/load-inventory.ts';
import { testConfig } from '../scripts/test-support/influx.ts';
import { tempDir } from '../scripts/test-support/temp-dir.ts';
import { OPENAPI_PATH } from '../ingest/openapi.ts';
import { composeRuntime, type Runtime } from './runtime.ts';

const INVENTORY = `
customers:
  - { id: alpha, country: DK, language: da, hosts: [ { name: alpha-web, cores: 4 } ] }
tokens:
  - { token: admin-0123456789abcdef, role: admin }
`;

describe('the OpenAPI document', () => {
  let runtime: Runtime;
  const routes: { method: string; url: string }[] = [];

  // Silences are kept in the alert state file: this file's own.
  const state = tempDir('test-read-api');
  beforeAll(async () => {
    runtime = await composeRuntime(testConfig({ alertStateFile: `${state.path}/alert-state.json` }), {
      inventory: parseInventory(INVENTORY, 'test.yaml'),
      logger: false,
      spool: false,
      onRoute: (route) => {
        for (const method of [route.method].flat()) routes.push({ method, url: route.url });
      },
    });
    await runtime.app.ready();
  });
  afterAll(async () => {
    await runtime.close();
    state.remove();
  });

  const document = async () => {
    const res = await runtime.app.inject({ method: 'GET', url: OPENAPI_PATH });
    expect(res.statusCode).toBe(200);
    return res.json();
  };

  it('is served without a token and validates as OpenAPI 3.1', async () => {
    const doc = await document();
    expect(doc.openapi).toBe('3.1.0');
    await expect(SwaggerParser.validate(doc)).resolves.toMatchObject({ openapi: '3.1.0' });
  });

  it('lists every registered route (HEAD aside, which fastify adds for each GET)', async () => {
    const paths = (await document()).paths as Record<string, Record<string, unknown>>;
    const served = routes.filter((r) => r.method !== 'HEAD');
    expect(served.length).toBeGreaterThan(15);
    for (const { method, url } of served) {
      const path = url.replace(/:(\w+)/g, '{$1}');
      expect(paths[path]?.[method.toLowerCase()], `${method} ${url}`).toBeDefined();
    }
  });

  it('documents the success answer of every read route with its schema', async () => {
    type Operation = { tags?: string[]; responses?: Record<string, { content?: Record<string, { schema?: unknown }> }> };
    const paths = (await document()).paths as Record<string, Record<string, Operation>>;
    const readTags = new Set(['runway', 'alerts', 'silences', 'status', 'notices']);
    const read = Object.entries(paths).flatMap(([path, operations]) =>
      Object.entries(operations).filter(([, op]) => op.tags?.some((t) => readTags.has(t))).map(([method, op]) => ({ where: `${method} ${path}`, op })),
    );
    read.push({ where: 'get /health', op: paths['/health']!.get! });
    expect(read.length).toBe(9);
    for (const { where, op } of read) {
      const success = Object.entries(op.responses ?? {}).filter(([code]) => /^2\d\d$/.test(code));
      expect(success.length, where).toBeGreaterThan(0);
      // 204 has no body; every other success names its media type and schema.
      for (const [code, response] of success) {
        if (code !== '204') expect(Object.values(response.content ?? {})[0]?.schema, `${where} ${code}`).toBeDefined();
      }
    }
  });

  it('states the token schemes, and which routes need a token', async () => {
    const doc = await document();
    expect(Object.keys(doc.components.securitySchemes).sort()).toEqual(['basic', 'queryPassword', 'token']);
    expect(doc.paths['/write'].post.security).toEqual([{ token: [] }, { basic: [] }, { queryPassword: [] }]);
    expect(doc.paths['/api/v1/silences'].post.security).toHaveLength(3);
    expect(doc.paths['/ping'].get.security).toBeUndefined();
    expect(doc.paths['/write'].post.requestBody.content['text/plain']).toBeDefined();
    // ?p= is the queryPassword scheme, so @fastify/swagger lists it there rather than as a parameter.
    expect(doc.paths['/write'].post.parameters.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['db', 'rp', 'precision', 'u']));
    expect(doc.paths['/api/v2/write'].post.parameters.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['org', 'bucket', 'precision']));
    expect(doc.paths['/api/v1/prometheus'].post.parameters).toContainEqual(expect.objectContaining({ name: 'host', in: 'query', required: true }));
    expect(doc.paths['/api/v1/silences'].post.requestBody.content['application/json'].schema.required).toEqual(['matchers', 'endsAt']);
  });
});
