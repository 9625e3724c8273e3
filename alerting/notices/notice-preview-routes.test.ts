import Fastify from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { replyWithError } from '../../ingest/error-replies.ts';
import { fixtureInput } from './notice-fixtures.ts';
import { noticePreviewRoutes } from './notice-preview-routes.ts';

const apps: ReturnType<typeof Fastify>[] = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map((a) => a.close()));
});

async function app() {
  const asked: [string, number][] = [];
  const a = Fastify({ logger: false });
  apps.push(a);
  // The service's own error handler, as in runway serve: registry errors keep their status.
  a.setErrorHandler(replyWithError);
  await a.register(noticePreviewRoutes, {
    inputsFor: async (customer, days) => {
      asked.push([customer, days]);
      return customer === 'acme' ? fixtureInput('de', { withinDays: days }) : null;
    },
  });
  return { a, asked };
}

describe('GET /api/v1/notices/:customer/preview', () => {
  it('answers the notice as an HTML document for the window asked', async () => {
    const { a, asked } = await app();
    const res = await a.inject({ method: 'GET', url: '/api/v1/notices/acme/preview?days=45' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body).toMatch(/^<!DOCTYPE html>\n<html lang="de">/);
    expect(res.body).toContain('in den nächsten 45 Tagen');
    expect(asked).toEqual([['acme', 45]]);
  });

  it('defaults to 30 days, and refuses a bad window or an unknown customer', async () => {
    const { a, asked } = await app();
    expect((await a.inject({ method: 'GET', url: '/api/v1/notices/acme/preview' })).statusCode).toBe(200);
    expect(asked).toEqual([['acme', 30]]);
    for (const days of ['0', '2.5', 'abc', '366']) {
      const res = await a.inject({ method: 'GET', url: `/api/v1/notices/acme/preview?days=${days}` });
      expect(res.statusCode, days).toBe(400);
      expect(res.json()).toMatchObject({ error: expect.stringMatching(/^invalid query\.days: /), runwayCode: 'RUNWAY_ERR_API_INVALID_FIELD' });
    }
    const unknown = await a.inject({ method: 'GET', url: '/api/v1/notices/nobody/preview?days=10' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toEqual({ error: 'no customer "nobody" in the inventory', runwayCode: 'RUNWAY_ERR_NOTICE_CUSTOMER' });
  });
});
