import type { FastifyInstance } from 'fastify';
import type { Authenticate } from '../ingest/auth/authenticate.ts';
import { mayRead } from '../ingest/auth/principal.ts';
import type { OcoMonitor } from '../ingest/oco/oco-monitor.ts';

/** GET /api/v1/status: OK / OK-but / KO per host (OCO answers and data liveness), for the token's customers. */
export async function statusApi(app: FastifyInstance, opts: { monitor: OcoMonitor; authenticate: Authenticate }): Promise<void> {
  app.get('/api/v1/status', async (req) => {
    const principal = opts.authenticate(req);
    return opts.monitor.latest.filter((s) => mayRead(principal, s.customer));
  });
}
