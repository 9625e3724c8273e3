import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { RunwayError } from '../../core/errors.ts';
import { CREDENTIALS, rawBody } from './raw-body-schema.ts';

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
export const influxCompatRoutes: FastifyPluginAsyncTypebox<CompatRouteOptions> = async (app, opts) => {
  // fastify answers HEAD for every GET route, as InfluxDB does for /ping.
  app.get('/ping', { schema: { summary: 'Health check, as InfluxDB answers it', tags: ['influxdb'] } }, async (_req, reply) => reply.header('x-influxdb-version', IMITATED_INFLUX_VERSION).header('x-influxdb-build', 'OSS').code(204).send());

  const querystring = Type.Object({ q: Type.Optional(Type.String({ description: 'the statement' })), db: Type.Optional(Type.String()), ...CREDENTIALS });
  const summary = 'CREATE DATABASE and SHOW DATABASES, as collectors send them at start-up; nothing is read';
  const answer = (statement: string) => {
    if (/^create\s+database\b/i.test(statement)) return { results: [{ statement_id: 0 }] };
    if (/^show\s+databases\b/i.test(statement)) {
      return { results: [{ statement_id: 0, series: [{ name: 'databases', columns: ['name'], values: [[opts.database]] }] }] };
    }
    throw new RunwayError('RUNWAY_ERR_QUERY_UNSUPPORTED', { statement: statement.slice(0, 200) });
  };
  const config = { auth: 'any' as const };
  app.get('/query', { config, schema: { summary, tags: ['influxdb'], querystring } }, async (req) => answer((req.query.q ?? '').trim()));
  // Without `q` in the query string, it is in a form-encoded body, as Telegraf sends it.
  const form = rawBody('q=<statement>, form-encoded, as Telegraf sends it', 'application/x-www-form-urlencoded');
  app.post('/query', { config, schema: { summary, tags: ['influxdb'], querystring, ...form } }, async (req) => {
    const fromBody = Buffer.isBuffer(req.body) ? new URLSearchParams(req.body.toString('utf8')).get('q') : null;
    return answer((req.query.q ?? fromBody ?? '').trim());
  });
};
