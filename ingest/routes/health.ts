import type { FastifyInstance } from 'fastify';
import type { MetricStore } from '../../core/store.ts';

/** GET /health: 200 when InfluxDB answers, 503 when it does not; the body says which. */
export async function healthRoutes(app: FastifyInstance, opts: { store: Pick<MetricStore, 'ping'> }): Promise<void> {
  app.get('/health', async (_req, reply) => {
    const influxdb = await opts.store.ping();
    return reply.code(influxdb.reachable ? 200 : 503).send({ status: influxdb.reachable ? 'ok' : 'degraded', influxdb });
  });
}
