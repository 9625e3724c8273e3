import type { FastifyInstance } from 'fastify';
import type { Config } from '../core/config.ts';
import type { MetricStore } from '../core/store.ts';
import { replyWithError } from './error-replies.ts';
import { healthRoutes } from './routes/health.ts';
import { influxCompatRoutes } from './routes/influx-compat.ts';
import { writeRoutes } from './routes/write.ts';

export interface IngestAppOptions {
  config: Config;
  store: MetricStore;
}

/**
 * The ingest service as a fastify plugin: body parsing and error handling first, then routes.
 * The server entry point and the tests (through inject) both register it.
 */
export async function ingestApp(app: FastifyInstance, opts: IngestAppOptions): Promise<void> {
  const { config, store } = opts;
  const tokens = config.ingestTokens.split(',').map((t) => t.trim()).filter(Boolean);

  // Bodies stay raw: line protocol is parsed by our own parser after gzip decoding,
  // and whatever Content-Type a collector sends (or none), the body is taken as it is.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: config.bodyLimitBytes }, (_req, body, done) => done(null, body));
  app.setErrorHandler(replyWithError);

  await app.register(writeRoutes, { writer: store, defaultCustomer: config.defaultCustomer, tokens, bodyLimitBytes: config.bodyLimitBytes });
  await app.register(influxCompatRoutes, { tokens, database: config.influxDb });
  await app.register(healthRoutes, { store });
}
