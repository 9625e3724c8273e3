import { Type } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { MetricStore } from '../../core/store.ts';

const Health = Type.Object(
  {
    status: Type.Union([Type.Literal('ok'), Type.Literal('degraded')]),
    influxdb: Type.Object(
      { reachable: Type.Boolean(), version: Type.Optional(Type.String()), error: Type.Optional(Type.String()) },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);
const schema = { summary: 'Whether Runway and its InfluxDB answer', tags: ['meta'], response: { 200: Health, 503: Health } };

/** GET /health: 200 when InfluxDB answers, 503 when it does not; the body says which. */
export async function healthRoutes(app: FastifyInstance, opts: { store: Pick<MetricStore, 'ping'> }): Promise<void> {
  app.get('/health', { schema }, async (_req, reply) => {
    const influxdb = await opts.store.ping();
    return reply.code(influxdb.reachable ? 200 : 503).send({ status: influxdb.reachable ? 'ok' : 'degraded', influxdb });
  });
}
