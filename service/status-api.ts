import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { mayRead } from '../ingest/auth/principal.ts';
import { principalOf } from '../ingest/auth/route-auth.ts';
import type { OcoMonitor } from '../ingest/oco/oco-monitor.ts';
import { HostStatusList } from './read-api-schemas.ts';

/** GET /api/v1/status: OK / OK-but / KO per host (OCO answers and data liveness), for the token's customers. */
export const statusApi: FastifyPluginAsyncTypebox<{ monitor: OcoMonitor }> = async (app, opts) => {
  app.get('/api/v1/status', { config: { auth: 'any' }, schema: { summary: 'OK, OK-but or KO per host', tags: ['status'], response: { 200: HostStatusList } } }, async (req) => {
    const principal = principalOf(req);
    return opts.monitor.latest.filter((s) => mayRead(principal, s.customer));
  });
};
