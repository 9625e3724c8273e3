import type { FastifyInstance } from 'fastify';
import { RunwayError } from '../../core/errors.ts';

/** The version collectors see in X-Influxdb-Version: the 1.x API this service imitates. */
export const IMITATED_INFLUX_VERSION = '1.8.10';

export interface CompatRouteOptions {
  database: string;
}

/**
 * The parts of InfluxDB's API collectors call besides writing: /ping for health checks and
 * /query for Telegraf's `CREATE DATABASE` at start-up. Reads are not served here: they would
 * bypass customer isolation.
 */
export async function influxCompatRoutes(app: FastifyInstance, opts: CompatRouteOptions): Promise<void> {
  // fastify answers HEAD for every GET route, as InfluxDB does for /ping.
  app.get('/ping', async (_req, reply) => reply.header('x-influxdb-version', IMITATED_INFLUX_VERSION).header('x-influxdb-build', 'OSS').code(204).send());

  app.route({
    method: ['GET', 'POST'],
    url: '/query',
    config: { auth: 'any' },
    handler: async (req) => {
      const statement = queryStatement(req.query, req.body).trim();
      if (/^create\s+database\b/i.test(statement)) return { results: [{ statement_id: 0 }] };
      if (/^show\s+databases\b/i.test(statement)) {
        return { results: [{ statement_id: 0, series: [{ name: 'databases', columns: ['name'], values: [[opts.database]] }] }] };
      }
      throw new RunwayError('RUNWAY_ERR_QUERY_UNSUPPORTED', { statement: statement.slice(0, 200) });
    },
  });
}

/** `q` may come in the query string or, as Telegraf sends it, in a form-encoded body. */
function queryStatement(query: unknown, body: unknown): string {
  const fromQuery = (query as Record<string, unknown> | undefined)?.q;
  if (typeof fromQuery === 'string') return fromQuery;
  if (Buffer.isBuffer(body)) return new URLSearchParams(body.toString('utf8')).get('q') ?? '';
  return '';
}
