import type { FastifyInstance } from 'fastify';
import type { IngestMetrics } from '../metrics.ts';

/** GET /metrics: the service's own metrics in Prometheus text format. Open, like /ping and /health. */
export async function metricsRoutes(app: FastifyInstance, opts: { metrics: IngestMetrics }): Promise<void> {
  app.get('/metrics', async (_req, reply) => {
    const text = await opts.metrics.text();
    return reply.type(opts.metrics.contentType).send(text);
  });
}
