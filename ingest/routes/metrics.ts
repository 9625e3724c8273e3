import type { FastifyInstance } from 'fastify';
import { RunwayError } from '../../core/errors.ts';
import type { Authenticate } from '../auth/authenticate.ts';
import type { IngestMetrics } from '../metrics.ts';

/**
 * GET /metrics: the service's own metrics in Prometheus text format. Its counters span every
 * customer, so with an inventory it takes an admin token (single-tenant mode keeps it open).
 */
export async function metricsRoutes(app: FastifyInstance, opts: { metrics: IngestMetrics; authenticate: Authenticate }): Promise<void> {
  app.get('/metrics', async (req, reply) => {
    const principal = opts.authenticate(req);
    if (principal.role !== 'admin' && principal.role !== 'open') throw new RunwayError('RUNWAY_ERR_AUTH_FORBIDDEN', { reason: '/metrics takes an admin token' });
    const text = await opts.metrics.text();
    return reply.type(opts.metrics.contentType).send(text);
  });
}
