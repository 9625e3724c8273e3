import type { FastifyInstance } from 'fastify';
import type { IngestMetrics } from '../metrics.ts';

/**
 * GET /metrics: the service's own metrics in Prometheus text format. Its counters span every
 * customer, so with an inventory it takes an admin token (single-tenant mode keeps it open).
 */
export async function metricsRoutes(app: FastifyInstance, opts: { metrics: IngestMetrics }): Promise<void> {
  app.get('/metrics', { config: { auth: 'admin' } }, async (_req, reply) => {
    const text = await opts.metrics.text();
    return reply.type(opts.metrics.contentType).send(text);
  });
}
